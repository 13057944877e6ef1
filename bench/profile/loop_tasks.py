"""The event loop thread's py-spy samples by what it was serving, and in which library.

    python bench/profile/loop_tasks.py DIR/level-32.txt

For raw collapsed stacks taken with `--threads` (`bench/profile/scan_by_process.py
--py-spy DIR`): of the main thread's samples, the share under each kind of work (the
first rule a stack matches: a consumer's delivery, the app's requests, the bench's own
client, the broker's and Redis's own tasks, the relay), split by the innermost library
frame. Work SQLAlchemy runs in a greenlet (`greenlet_spawn`) has a stack of its own that
py-spy cannot tie to the task that awaited it: it shows as "SQLAlchemy in a greenlet".
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

WORK = [
    ("consumers' deliveries (apply_once)", r"apply_once"),
    ("consumers' deliveries (aio-pika, envelope, ack)", r"RabbitBroker\._handle|on_message"),
    ("the app's requests (ASGI)", r"ASGITransport\.handle_async_request"),
    ("the bench's client outside ASGI", r"level\.<locals>\.loop|httpx/_client"),
    ("the relay", r"core/bus/relay\.py"),
    ("aiormq / aio-pika tasks", r"aiormq/|aio_pika/"),
    ("redis-py tasks", r"redis/"),
]
GREENLET = "SQLAlchemy in a greenlet"
LIBRARIES = [
    ("socket writes", r"_SelectorSocketTransport\.write"),
    ("SQLAlchemy", r"sqlalchemy/"),
    ("asyncpg", r"asyncpg/"),
    ("redis-py", r"redis/"),
    ("pydantic", r"pydantic"),
    ("aiormq, aio-pika, pamqp", r"aiormq/|aio_pika/|pamqp/"),
    ("starlette, fastapi, anyio", r"starlette/|fastapi/|anyio/"),
    ("httpx", r"httpx/|httpcore/"),
    ("observability", r"opentelemetry|trace/|prometheus|logging/"),
    ("the app (ecoeco)", r"ecoeco/"),
    ("asyncio", r"asyncio/"),
]


def tally(path: Path, thread: str) -> tuple[int, dict[str, Counter[str]]]:
    """The thread's sample count, and its samples by kind of work and library."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not count.isdigit() or thread not in frames[0]:
            continue
        samples = int(count)
        total += samples
        joined = ";".join(frames[1:])
        work = next((name for name, rule in WORK if re.search(rule, joined)), None)
        if work is None and len(frames) > 1 and "sqlalchemy/" in frames[1]:
            work = GREENLET  # a greenlet's own stack starts in SQLAlchemy
        library = next(
            (
                name
                for frame in reversed(frames[1:])
                for name, rule in LIBRARIES
                if re.search(rule, frame)
            ),
            "other",
        )
        table[work or "other (the loop itself, SSE bodies, no Python frame)"][library] += samples
    return total, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("profile", type=Path)
    parser.add_argument("--thread", default="MainThread")
    args = parser.parse_args()
    total, table = tally(args.profile, args.thread)
    print(f"{args.thread}: {total} samples")
    for work, libraries in sorted(table.items(), key=lambda kv: -sum(kv[1].values())):
        share = 100 * sum(libraries.values()) / max(total, 1)
        parts = ", ".join(f"{name} {100 * n / total:.1f}" for name, n in libraries.most_common())
        print(f"{share:5.1f} %  {work}: {parts}")


if __name__ == "__main__":
    main()
