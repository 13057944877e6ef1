"""What one distributed scan asks of Redis: counted round trips, through HTTP, on the real servers.

Each round trip to Redis is a socket write that wakes the server on the same cores and a
wait for its answer on the event loop. A scan (POST, its SSE stream to the final event,
and every consumer of its events) made 23 of them with the default two rate-limit
windows; the ai worker now writes a round's progress and stage events together and skips
the vision cache on a first delivery, and the windows are counted in one script.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis.asyncio.connection as redis_connection
from sqlalchemy import func, select

from ecoeco.auth.sessions import REVOCATIONS_LOADED
from ecoeco.core.bus.models import InboxRecord
from ecoeco.scan.runtime import ScanRuntime
from tests.conftest import AppFactory, eventually
from tests.e2e.scan.conftest import follow, login, upload
from tests.fixtures.images import photos

SCANS = 4
NOT_A_SCAN = {"HELLO", "CLIENT", "PING", "AUTH", "SELECT", "background"}
CONSUMERS = 4  # ai, scan (scan.finished), users and character (scan.completed)


@contextmanager
def redis_trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Round trips (`trips`) and commands by name sent to Redis while the block runs.

    Not counted: a new connection's handshake, and auth's periodic check that the
    revocations are loaded (neither belongs to a scan; both come when they come).
    """
    seen: Counter[str] = Counter()
    pending: list[str] = []  # the commands packed since the last send
    connection = redis_connection.AbstractConnection
    send, pack = connection.send_packed_command, connection.pack_command

    async def sent(self: Any, command: Any, check_health: bool = True) -> None:
        if pending and not set(pending) <= NOT_A_SCAN:
            seen["trips"] += 1
        pending.clear()
        await send(self, command, check_health)

    def packed(self: Any, *args: Any) -> Any:
        name = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        key = args[1] if len(args) > 1 else b""
        key = key.decode(errors="replace") if isinstance(key, bytes) else str(key)
        background = key.endswith(REVOCATIONS_LOADED)
        pending.append("background" if background else name)
        seen[name] += not background
        return pack(self, *args)

    with monkeypatch.context() as patch:
        patch.setattr(connection, "send_packed_command", sent)
        patch.setattr(connection, "pack_command", packed)
        yield seen


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_a_scan_costs_about_a_dozen_redis_round_trips(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app_factory() as running:
        client, db = running.client, running.container.db
        assert len(running.runtime(ScanRuntime).settings.scan_limits()) == 2  # minute, day
        auth = await login(client)
        stored = await upload(client, auth, photos.committed("coffee.jpg"))
        image_key = stored.json()["image_key"]

        async def applied() -> int:
            async with db.read_session() as session:
                found = await session.scalar(select(func.count()).select_from(InboxRecord))
            return int(found or 0)

        async def scan() -> None:
            done = await applied() + CONSUMERS
            created = await client.post("/api/v1/scan", json={"image_key": image_key}, headers=auth)
            assert created.status_code == 202, created.text
            events = await follow(client, auth, created.json()["id"])
            assert [e.event for e in events] == ["vision", "rule", "answer", "reward", "done"]

            async def settled() -> bool:
                return await applied() >= done

            await eventually(settled)  # every consumer of its events has run

        await scan()  # the first opens the pool's connections
        with redis_trips(monkeypatch) as seen:
            for _ in range(SCANS):
                await scan()
        trips = seen["trips"] / SCANS
        # POST: the token's revocation, the rate limit (both windows in one script); SSE:
        # the revocation, two reads; ai worker: erasure, progress, the round's cache
        # entries, its four events, erasure again; scan service: the final event; users:
        # erasure.
        assert trips <= 12, (trips, seen)
        assert seen["SET"] / SCANS <= 3  # progress at vision, then the rest in one trip
        assert seen["XADD"] / SCANS == 5  # four stages and the final status
        assert seen["XREAD"] / SCANS <= 3  # the stages arrive together
