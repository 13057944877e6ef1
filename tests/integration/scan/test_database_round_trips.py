"""What one distributed scan asks of PostgreSQL: counted round trips, through HTTP.

Each statement, each BEGIN and each COMMIT is a round trip: a socket write that wakes the
server on the same cores, and a wait for its answer on the event loop. A unit of work that
ends in one write (the scan POST's job row, the ai worker's round, `scan.finished`, the
users tally) sends it with its outbox rows and its inbox row as one autocommitted
statement (`ecoeco.core.bus.last_write`): no BEGIN, no COMMIT, one statement instead of
two or three. Counted here at one client: 6 transactions, 12 statements and 24 round trips
per scan before; 2, 8 and 12 after.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy.dialects.postgresql import asyncpg as sa_asyncpg

from tests.conftest import AppFactory
from tests.integration.scan.settle import counted_scans

SCANS = 4
_COUNTING_READ = re.compile(r"SELECT count\(\*\) AS count_1\s+FROM bus\.inbox\s*$")


@contextmanager
def postgres_trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Statements, BEGINs and COMMITs (or ROLLBACKs) sent while the block runs.

    A statement is counted once whatever it prepares (asyncpg's statement cache is warm
    after the first scan); the test's own reads of the inbox's size are not.
    """
    seen: Counter[str] = Counter()
    cursor, connection = (
        sa_asyncpg.AsyncAdapt_asyncpg_cursor,
        sa_asyncpg.AsyncAdapt_asyncpg_connection,
    )
    execute, many = cursor._prepare_and_execute, cursor._executemany
    begin, end = connection._start_transaction, connection._call_and_discard

    async def executed(self: Any, operation: Any, parameters: Any) -> Any:
        seen["statements"] += not _COUNTING_READ.match(operation)
        return await execute(self, operation, parameters)

    async def executed_many(self: Any, operation: Any, parameters: Any) -> Any:
        seen["statements"] += 1
        return await many(self, operation, parameters)

    async def began(self: Any) -> Any:
        if self.isolation_level != "autocommit":
            seen["transactions"] += 1
        return await begin(self)

    async def ended(self: Any, fn: Any) -> Any:
        seen["ends"] += 1
        return await end(self, fn)

    with monkeypatch.context() as patch:
        patch.setattr(cursor, "_prepare_and_execute", executed)
        patch.setattr(cursor, "_executemany", executed_many)
        patch.setattr(connection, "_start_transaction", began)
        patch.setattr(connection, "_call_and_discard", ended)
        yield seen


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_a_scan_costs_two_transactions_and_a_dozen_postgres_round_trips(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app_factory() as running:
        seen = await counted_scans(running, postgres_trips(monkeypatch), SCANS)
        statements = seen["statements"] / SCANS
        transactions, ends = seen["transactions"] / SCANS, seen["ends"] / SCANS
        trips = statements + transactions + ends
        # Transactions: the relay's two claims (scan.requested; scan.finished with
        # scan.completed), each held until the broker confirms. The POST, the ai worker,
        # scan and users each end in one statement; character (nothing to grant for a
        # coffee cup) writes its inbox row alone.
        assert transactions <= 2.5, (transactions, seen)  # a stray relay poll at most
        assert ends == transactions, seen
        assert statements <= 8.5, (statements, seen)
        assert trips <= 13.5, (trips, seen)
