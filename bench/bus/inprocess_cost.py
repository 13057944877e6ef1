"""The embedded bus's own cost per event: loop-thread CPU, statements and commits.

A chain shaped like a scan's: a producer's transaction publishes `user.deleted` to one
consumer ("first"), whose handler writes one row and publishes `scan.completed`, which
three consumers take together (two write one row each, the third nothing). `--chains`
such chains run at once, `--rounds` times each, on a fresh SQLite file. The handlers do
the least a real one does, so what is left is the broker's and the session's cost.

    .venv/bin/python bench/bus/inprocess_cost.py [--chains 32] [--rounds 20] [--profile out]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from ecoeco.contracts.events import ScanCompleted, UserDeleted
from ecoeco.core.bus import MessageContext, Subscription, publish
from ecoeco.core.bus.inprocess import InProcessBroker
from ecoeco.core.db import Database
from ecoeco.migrations import upgrade


class TaskCpu:
    """The loop thread's CPU by task (its coroutine's name), from each callback it ran."""

    def __init__(self) -> None:
        self.by_task: collections.Counter[str] = collections.Counter()
        self._run = asyncio.events.Handle._run

    def __enter__(self) -> TaskCpu:
        original, by_task = self._run, self.by_task

        def timed(handle: asyncio.events.Handle) -> None:
            started = time.thread_time()
            try:
                original(handle)
            finally:
                owner = getattr(handle._callback, "__self__", None)  # type: ignore[attr-defined]
                if isinstance(owner, asyncio.Task):
                    name = getattr(owner.get_coro(), "__qualname__", "?")
                else:
                    name = "(other callbacks)"
                by_task[name] += time.thread_time() - started

        asyncio.events.Handle._run = timed  # type: ignore[method-assign]
        return self

    def __exit__(self, *_exc: object) -> None:
        asyncio.events.Handle._run = self._run  # type: ignore[method-assign]


_WRITE = text("INSERT INTO bench_effects (consumer, message_id) VALUES (:c, :m)")


class Chains:
    """Counts finished chains and wakes the waiter when all are done."""

    def __init__(self, expected: int, at_once: int) -> None:
        self.expected = expected
        self.done = 0
        self.finished = asyncio.Event()
        self.slots = asyncio.Semaphore(at_once)  # a closed loop: a chain in flight per producer

    def one(self) -> None:
        self.done += 1
        self.slots.release()
        if self.done >= self.expected:
            self.finished.set()


def handlers(chains: Chains) -> list[Subscription]:
    async def first(ctx: MessageContext) -> None:
        await ctx.session.execute(_WRITE, {"c": "first", "m": ctx.envelope.id})
        publish(
            ctx.session,
            ScanCompleted(
                scan_id=ctx.envelope.id,
                user_id="u",
                item="cup",
                category="paper",
                recyclable=True,
                confirmed=False,
            ),
        )

    def writer(name: str) -> Any:
        async def write(ctx: MessageContext) -> None:
            await ctx.session.execute(_WRITE, {"c": name, "m": ctx.envelope.id})

        return write

    async def last(ctx: MessageContext) -> None:
        async def count() -> None:
            chains.one()

        ctx.after_commit(count)

    together = frozenset({ScanCompleted.TYPE})
    return [
        Subscription("first", {UserDeleted.TYPE: first}, concurrency=16),
        Subscription("scan", {ScanCompleted.TYPE: writer("scan")}, together=together),
        Subscription("users", {ScanCompleted.TYPE: writer("users")}, together=together),
        Subscription("character", {ScanCompleted.TYPE: last}, together=together),
    ]


async def run(chains: int, rounds: int, profile: str | None) -> None:
    path = Path(tempfile.mkdtemp(prefix="ecoeco-bus-bench-")) / "bus.db"
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    await db.start()
    async with db.transaction() as session:
        await session.execute(
            text("CREATE TABLE bench_effects (consumer VARCHAR(50), message_id VARCHAR(32))")
        )
    statements = {"n": 0, "commits": 0}

    def count(*_args: Any) -> None:
        statements["n"] += 1

    def commit(*_args: Any) -> None:
        statements["commits"] += 1

    event.listen(Engine, "before_cursor_execute", count)
    event.listen(Engine, "commit", commit)
    for label, n in (("warm-up", max(chains // 4, 1)), ("measured", chains * rounds)):
        done = Chains(n, chains)
        broker = InProcessBroker(db, poll_seconds=3600)
        subs = handlers(done)
        await broker.start(subs)
        for sub in subs:
            await broker.consume(sub)
        statements.update(n=0, commits=0)
        profiler = cProfile.Profile() if profile and label == "measured" else None
        tasks = TaskCpu()
        started, cpu = time.perf_counter(), time.thread_time()
        if profiler is not None:
            profiler.enable()
        with tasks:
            await _produce(db, done, chains, n)
            await done.finished.wait()
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)
        elapsed, cpu = time.perf_counter() - started, time.thread_time() - cpu
        await broker.stop()
        if label == "measured":
            print(
                f"{n} chains ({chains} at once): {n / elapsed:7.1f} chains/s, "
                f"loop thread {cpu * 1000 / n:6.3f} ms per chain, "
                f"{statements['n'] / n:5.2f} statements and {statements['commits'] / n:4.2f} "
                "commits per chain"
            )
            for name, seconds in tasks.by_task.most_common(6):
                print(f"  {seconds * 1000 / n:6.3f} ms per chain in {name}")
    await db.stop()


async def _produce(db: Database, done: Chains, chains: int, total: int) -> None:
    left = [total]

    async def producer() -> None:
        while left[0] > 0:
            left[0] -= 1
            await done.slots.acquire()
            async with db.transaction() as session:
                publish(session, UserDeleted(user_id="bench"))
            await asyncio.sleep(0)

    await asyncio.gather(*(producer() for _ in range(chains)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chains", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", default=None, help="write cProfile stats here")
    args = parser.parse_args()
    asyncio.run(run(args.chains, args.rounds, args.profile))


if __name__ == "__main__":
    main()
