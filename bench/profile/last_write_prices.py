"""A consumer's unit of work with `write_last`, this tree's against another tree's, in one process.

    .venv/bin/python bench/profile/last_write_prices.py --base /path/to/other/checkout/src
        [--rounds 15] [--count 100]

The unit as `apply_once` runs a hot consumer's on PostgreSQL: a session, two events
published, the inbox row staged, the handler's own row and the outbox and inbox rows
in `write_last`'s one autocommitted statement, the commit and its hooks. "before" loads
`ecoeco/core/bus/last_write.py` from `--base` (under another module name; the rest is
this tree's), "after" is this tree's. Rounds alternate the two, `count` units each, and
give the calling thread's CPU (`time.thread_time`) per unit: short interleaved rounds so
that a busy machine's drift lands on both alike. Meaningful on a quiet machine only.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import statistics
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, insert

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.profile.scan_prices import POSTGRES, _admin, alternate  # noqa: E402
from ecoeco.contracts.events import UserDeleted  # noqa: E402
from ecoeco.core.bus import last_write as after  # noqa: E402
from ecoeco.core.bus import publish  # noqa: E402
from ecoeco.core.bus.models import DeadLetter  # noqa: E402
from ecoeco.core.db import Database  # noqa: E402
from ecoeco.core.db.session import run_after_commit  # noqa: E402
from ecoeco.migrations import upgrade  # noqa: E402

_WORK = insert(DeadLetter).values(
    consumer=bindparam("b_consumer"),
    message_id=bindparam("b_id"),
    body=bindparam("b_body"),
    created_at=func.now(),
)


def _load(src: Path) -> Any:
    """The other tree's `last_write` module, beside this tree's."""
    path = src / "ecoeco" / "core" / "bus" / "last_write.py"
    spec = importlib.util.spec_from_file_location("ecoeco_base_last_write", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _unit(db: Database, module: Any) -> Callable[[], Awaitable[None]]:
    async def unit() -> None:
        message_id = uuid.uuid4().hex
        async with db.session() as session:
            module.stage_inbox(session, "prices", message_id)
            publish(session, UserDeleted(user_id=uuid.uuid4().hex))
            publish(session, UserDeleted(user_id=uuid.uuid4().hex))
            params = {"b_consumer": "prices", "b_id": message_id, "b_body": "{}"}
            await module.write_last(session, _WORK, params)
            await session.commit()
            await run_after_commit(session)

    return unit


async def measure(base: Path, rounds: int, count: int) -> None:
    name = f"ecoeco_last_write_{uuid.uuid4().hex[:8]}"
    await _admin(f'CREATE DATABASE "{name}"')
    url = POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    db = Database(url)
    try:
        await asyncio.to_thread(upgrade, url)
        await db.start()
        parts = {"before": _unit(db, _load(base)), "after": _unit(db, after)}
        figures = await alternate(parts, rounds, count, warm=100)
        first = statistics.median(figures["before"])
        for label, each in figures.items():
            middle = statistics.median(each)
            low, high = min(each), max(each)
            print(
                f"{label:<7} median {middle:6.1f} µs a unit (min {low:6.1f}, max {high:6.1f},"
                f" {len(each)} rounds of {count}), {middle / first:4.2f} × before"
            )
    finally:
        await db.stop()
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", type=Path, required=True, help="the other tree's src/")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    asyncio.run(measure(args.base, args.rounds, args.count))


if __name__ == "__main__":
    main()
