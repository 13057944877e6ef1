"""Cost of rewarding one scan.completed, against a bare exactly-once apply.

Applies `--messages` scan.completed envelopes for 50 users through the bus's real
apply step (`apply_once`: inbox check, handler, inbox row, commit) with
`--concurrency` at once. The baseline, measured in the same run on the same
database, applies the same envelopes with a handler that does nothing, so the
ratio is what the character rules (per-user lock, ledger, tally, grant, outbox)
add to the bus's own exactly-once cost.

    .venv/bin/python bench/character/bench_grants.py [--postgres URL] [--messages 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ecoeco.character.catalogue import RECYCLABLE_CATEGORIES
from ecoeco.character.handlers import on_scan_completed
from ecoeco.character.runtime import CharacterRuntime, build
from ecoeco.character.settings import CharacterSettings
from ecoeco.composition import build_container
from ecoeco.contracts.events import ScanCompleted
from ecoeco.core.bus import Envelope, Handler, MessageContext
from ecoeco.core.bus.apply import apply_once
from ecoeco.core.container import Container
from ecoeco.core.db import new_id
from ecoeco.core.settings import CoreSettings
from ecoeco.migrations import upgrade


def traffic(count: int) -> list[Envelope]:
    """Correct scans for 50 users over a few categories (so the cap bites)."""
    rng = random.Random(7)
    users = [new_id() for _ in range(50)]
    return [
        Envelope.wrap(
            ScanCompleted(
                scan_id=new_id(),
                user_id=rng.choice(users),
                item=None,
                category=rng.choice(RECYCLABLE_CATEGORIES[:4]),
                recyclable=True,
                confirmed=True,
            )
        )
        for _ in range(count)
    ]


async def nothing(_ctx: MessageContext) -> None:
    """The baseline handler."""


async def run(url: str, messages: int, concurrency: int) -> None:
    container = build_container(CoreSettings(database_url=url), "bench")
    await container.db.start()
    async with build(container, CharacterSettings()) as runtime:
        baseline, rules = await _measure(container, runtime, messages, concurrency)
    await container.db.stop()
    _report(url, messages, concurrency, baseline, rules)


async def _measure(
    container: Container, runtime: CharacterRuntime, messages: int, concurrency: int
) -> tuple[float, float]:
    slots = asyncio.Semaphore(concurrency)

    async def on_scan(ctx: MessageContext) -> None:
        await on_scan_completed(ctx, runtime)

    async def apply_all(consumer: str, handler: Handler, envelopes: list[Envelope]) -> float:
        async def one(envelope: Envelope) -> None:
            async with slots:
                await apply_once(container.db, consumer, handler, envelope)

        started = time.perf_counter()
        await asyncio.gather(*(one(e) for e in envelopes))
        return time.perf_counter() - started

    await apply_all("bench-warmup", nothing, traffic(50))
    baseline = await apply_all("bench-baseline", nothing, traffic(messages))
    rules = await apply_all("character", on_scan, traffic(messages))
    return baseline, rules


def _report(url: str, messages: int, concurrency: int, baseline: float, rules: float) -> None:
    kind = "postgresql" if url.startswith("postgresql") else "sqlite"
    print(f"{kind}: {messages} messages, concurrency {concurrency}")
    print(f"  baseline (inbox only): {messages / baseline:8.0f} msg/s")
    print(f"  character rules:       {messages / rules:8.0f} msg/s")
    print(f"  ratio rules/baseline time: {rules / baseline:.2f}x")


async def fresh_postgres(admin: str) -> tuple[str, str]:
    name = f"ecoeco_bench_{uuid.uuid4().hex[:8]}"
    engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()
    return admin.rsplit("/", 1)[0] + f"/{name}", name


async def drop_postgres(admin: str, name: str) -> None:
    engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--postgres", help="admin URL; a scratch database is created in it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        asyncio.run(run(url, args.messages, args.concurrency))
    if args.postgres:
        url, name = asyncio.run(fresh_postgres(args.postgres))
        try:
            upgrade(url)
            asyncio.run(run(url, args.messages, args.concurrency))
        finally:
            asyncio.run(drop_postgres(args.postgres, name))


if __name__ == "__main__":
    main()
