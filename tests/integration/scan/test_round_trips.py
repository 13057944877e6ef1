"""What one distributed scan asks of Redis: every command and round trip, through HTTP, on
the real servers.

Each round trip to Redis is a socket write that wakes the server on the same cores and a
wait for its answer on the event loop. A scan (POST, its SSE stream to the final event,
and every consumer of its events) made 23 of them with the default two rate-limit
windows; the ai worker then wrote a round's progress and stage events together and
skipped the vision cache on a first delivery, and the windows were counted in one script
(12). Now the ai worker's looks at the person's erasure go in its two batches (one script
each: progress before the inference unless the account is gone; after it, the round's
cache entries and events, then the look), and a single event is published without
MULTI/EXEC (9). Counted both with the defaults and with the scan-only bench's settings
(one window), command by command as the client sends them (a script's own commands run
inside Redis: `tests/integration/test_batch.py`).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import pytest
import redis.asyncio.connection as redis_connection
from redis.asyncio import Redis

from ecoeco.auth.sessions import REVOCATIONS_LOADED
from ecoeco.scan.runtime import ScanRuntime
from tests.conftest import AppFactory
from tests.e2e.scan.conftest import login, upload
from tests.fixtures.images import photos
from tests.integration.scan.settle import settled_scan
from tests.servers import REDIS_URL

SCANS = 4
NOT_A_SCAN = {"HELLO", "CLIENT", "PING", "AUTH", "SELECT", "background"}
BENCH_LIMIT = "1000000/minute"  # bench/scan/end_to_end.py lifts the limit to one window

# Per scan. POST: the token's revocation (GET), the rate limit's windows (one script).
# SSE: the revocation (GET), two blocking reads (the stages arrive together, then the final
# event). ai worker: two batches (scripts). users: erasure (GET). scan service: the final
# event (XADD and EXPIRE in one trip). Before: 12 trips; GET 5, EVALSHA 1, SET 3, MULTI 2,
# XADD 5, EXPIRE 2, EXEC 2.
COMMANDS = {"GET": 3, "EVALSHA": 3, "XADD": 1, "EXPIRE": 1}
TRIPS = 9  # with two reads of the stream
READS = 2  # XREAD: fewer when the events are there before the stream asks
# Run by the scripts inside Redis, per scan: the ai worker's two batches (the erasure marker
# twice, the progress and then the vision result and the last stage, four events, the
# stream's expiry); the rate limit's INCR and PTTL per window (and a PEXPIRE when a
# window starts, not counted).
IN_SCRIPTS = {"EXISTS": 2, "SET": 3, "XADD": 4, "EXPIRE": 1}


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


@asynccontextmanager
async def served(namespace: str) -> AsyncIterator[tuple[Counter[str], Counter[str]]]:
    """What Redis itself executed on keys under `namespace` while the block runs (MONITOR):
    the commands clients sent, and those their scripts ran, by name; auth's periodic check
    of the revocations, every 2 s, left out as `redis_trips` leaves it out."""
    sent: Counter[str] = Counter()
    scripted: Counter[str] = Counter()
    end = f"{namespace}monitor:end"
    finished = asyncio.Event()
    client = Redis.from_url(REDIS_URL)
    async with client.monitor() as monitor:

        async def listen() -> None:
            async for seen in monitor.listen():
                command = seen["command"]
                if end in command:
                    finished.set()
                elif namespace in command and REVOCATIONS_LOADED not in command:
                    name = command.split(" ", 1)[0].upper()
                    (scripted if seen["client_type"] == "lua" else sent)[name] += 1

        listening = asyncio.create_task(listen())
        try:
            await asyncio.sleep(0.1)  # the listener is reading before the block starts
            yield sent, scripted
            async with Redis.from_url(REDIS_URL) as other:
                await other.get(end)  # the last line to wait for
            await asyncio.wait_for(finished.wait(), 10)
        finally:
            listening.cancel()
            await asyncio.gather(listening, return_exceptions=True)
    await client.aclose()


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
@pytest.mark.parametrize("limit", [None, BENCH_LIMIT], ids=["default-limits", "bench-limits"])
async def test_every_redis_command_of_a_scan_is_counted(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch, limit: str | None
) -> None:
    if limit is not None:
        monkeypatch.setenv("ECOECO_SCAN_LIMIT_PER_USER", limit)
    async with app_factory() as running:
        client, db = running.client, running.container.db
        windows = running.runtime(ScanRuntime).settings.scan_limits()
        assert len(windows) == (2 if limit is None else 1)  # minute and day; or the bench's
        auth = await login(client)
        stored = await upload(client, auth, photos.committed("coffee.jpg"))
        image_key = stored.json()["image_key"]

        await settled_scan(client, auth, db, image_key)  # opens the pool's connections
        namespace = running.container.settings.redis_namespace
        async with served(namespace) as (executed, scripted):
            with redis_trips(monkeypatch) as seen:
                for _ in range(SCANS):
                    await settled_scan(client, auth, db, image_key)
        per_scan = {name: n / SCANS for name, n in seen.items() if name not in NOT_A_SCAN}
        reads, trips = per_scan.pop("XREAD"), per_scan.pop("trips")
        assert per_scan == COMMANDS, seen
        assert 1 <= reads <= READS, seen
        assert trips == TRIPS - (READS - reads), seen  # every other command a trip as counted
        # Redis executed what the client counted (every one names a key of this app) ...
        assert executed == {name: n for name, n in seen.items() if name in (*COMMANDS, "XREAD")}
        # ... and its scripts ran the ai worker's writes and the windows' counters.
        inside = {name: n / SCANS for name, n in scripted.items() if name != "PEXPIRE"}
        assert inside == {**IN_SCRIPTS, "INCR": len(windows), "PTTL": len(windows)}, scripted
