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

from ecoeco.scan.repository import ScanRepository
from ecoeco.scan.settings import ScanSettings
from tests.conftest import AppFactory, Backend
from tests.e2e.scan.conftest import follow, login, upload
from tests.fixtures.images import photos
from tests.integration.scan.settle import counted_scans

SCANS = 4
# What is read or written when its time comes, not per scan, is put off for the counted
# app: the relay's fallback poll (a claim every 0.5 s) and its backlog gauges (a count
# every 5 s), and the scan backlog's shared count, read by a POST at most every 0.25 s
# (that read also turns the POST's one statement into a transaction of three). On a
# busy machine, where the scans take longer, they made the count grow with the time the
# scans took (8.75 statements a scan once). Each commit that writes to the outbox still
# wakes the relay, which claims its rows at once; the backlog is read by the first POST.
QUIET_RELAY = {"outbox_poll_seconds": 3600.0, "outbox_observe_seconds": 3600.0}
RARE_BACKLOG_READS = {"backlog_sample_seconds": 3600.0}
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
    app_factory: AppFactory, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = backend.settings.model_copy(update=QUIET_RELAY)
    async with app_factory(core=core, settings=[ScanSettings(**RARE_BACKLOG_READS)]) as running:
        seen = await counted_scans(running, postgres_trips(monkeypatch), SCANS)
        statements = seen["statements"] / SCANS
        transactions, ends = seen["transactions"] / SCANS, seen["ends"] / SCANS
        trips = statements + transactions + ends
        # Transactions: the relay's two claims (scan.requested; scan.finished with
        # scan.completed), each held until the broker confirms. The POST, the ai worker,
        # scan and users each end in one statement; character (nothing to grant for a
        # coffee cup) writes its inbox row alone.
        assert transactions <= 2.5, (transactions, seen)
        assert ends == transactions, seen
        assert statements <= 8.5, (statements, seen)
        assert trips <= 13.5, (trips, seen)


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_a_keyed_scan_post_reads_its_idempotency_key_once(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The endpoint looks for a replay before the rate limit; `start_scan` does not look
    again (the unique index still catches a concurrent request with the same key)."""
    reads: list[str] = []
    looked = ScanRepository.by_idempotency_key

    async def by_key(self: ScanRepository, user_id: str, key: str) -> Any:
        reads.append(key)
        return await looked(self, user_id, key)

    monkeypatch.setattr(ScanRepository, "by_idempotency_key", by_key)
    async with app_factory() as running:
        client = running.client
        auth = await login(client)
        stored = await upload(client, auth, photos.committed("coffee.jpg"))
        body, headers = {"image_key": stored.json()["image_key"]}, {**auth, "Idempotency-Key": "k"}
        created = await client.post("/api/v1/scan", json=body, headers=headers)
        assert created.status_code == 202, created.text
        assert reads == ["k"]
        again = await client.post("/api/v1/scan", json=body, headers=headers)
        assert again.json()["id"] == created.json()["id"]
        assert reads == ["k", "k"]
        await follow(client, auth, created.json()["id"])
