"""The scan-only bench's two requests on the event loop's thread: what parts cost, whole.

    .venv/bin/python bench/profile/request_prices.py parts [--rounds 7] [--count 2000]
    .venv/bin/python bench/profile/request_prices.py requests [--rounds 5] [--count 400]
        [--profile FILE]

The app runs embedded in this process (SQLite, in-process bus and hub, like
`bench/scan/end_to_end.py`). Everything is priced in CPU time of this thread
(`time.thread_time`, system calls included) per request, in alternated rounds; a line
gives the median and every round's figure. Best on a quiet machine.

`parts` prices three parts both ways in the same process (less exposed to a busy machine
than whole requests: no pipeline):

- `routing`: the route lookup of GET /api/v1/scan/{id}/events and POST /api/v1/scan
  in the composed app (the router's loop over its routes, then the included router's
  own pass), with each included router's quick refusal (`core.route_guard`) and without.
- `sse`: a three-piece event stream sent to a client that stays (a `receive` that
  answers `http.disconnect` once the body has ended, as httpx's ASGI transport does):
  Starlette's `StreamingResponse` (a task group per response) against `EventStream`'s
  watcher (one task).
- `deps`: FastAPI's request handling of an endpoint with the stream endpoint's old
  parameters (the user, a session and the scan runtime as dependencies, a header)
  against the new ones (the user and the header; the session and the runtime taken in
  the body), both opening and committing one read session on SQLite.

`requests` prices whole requests through the middleware from a lean in-process ASGI
driver (`clients.AsgiClients`), after one scan has finished: GET of its event stream
read to the end, GET /scan/{id}, GET /livez, and a whole scan (POST, then its stream to
`done`; count/8 of them). It first counts, once, the route checks each makes (`matches`
calls); `--profile FILE` writes a cProfile of the two GETs instead of pricing. Run it
under two trees (PYTHONPATH) alternately to price a change.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import FastAPI, Header, Request, Response
from starlette.responses import StreamingResponse
from starlette.routing import Match

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.scan import clients as bench_clients  # noqa: E402
from bench.scan.end_to_end import BENCH_ENV, PHOTO, VECTORS  # noqa: E402
from ecoeco.composition import compose  # noqa: E402
from ecoeco.composition.shared import Shared  # noqa: E402
from ecoeco.core.deps import CurrentUser, SessionDep  # noqa: E402
from ecoeco.core.security.keys import SigningKey  # noqa: E402
from ecoeco.core.security.tokens import TokenSigner  # noqa: E402
from ecoeco.core.settings import CoreSettings  # noqa: E402
from ecoeco.migrations import upgrade  # noqa: E402
from ecoeco.scan.runtime import ScanDep, ScanRuntime  # noqa: E402

Part = Callable[[], Awaitable[None]]
LastEventId = Annotated[str | None, Header(alias="Last-Event-ID", max_length=64)]


def _count_route_checks() -> tuple[Callable[[], int], Callable[[], None]]:
    """Count every `matches` call of the routing classes (FastAPI's and Starlette's)."""
    from fastapi import routing as fastapi_routing
    from starlette import routing as starlette_routing

    calls = [0]
    patched: list[tuple[type, Any]] = []
    for name in ("APIRoute", "_EffectiveRouteContext", "APIWebSocketRoute"):
        patched.append((getattr(fastapi_routing, name), None))
    for name in ("Route", "Mount", "WebSocketRoute", "Host"):
        patched.append((getattr(starlette_routing, name), None))
    originals = []
    for cls, _ in patched:
        original = cls.__dict__.get("matches")
        if original is None:
            continue
        originals.append((cls, original))

        def counting(self: Any, scope: Any, _original: Any = original) -> Any:
            calls[0] += 1
            return _original(self, scope)

        cls.matches = counting  # type: ignore[method-assign]

    def undo() -> None:
        for cls, original in originals:
            cls.matches = original  # type: ignore[method-assign]

    return (lambda: calls[0]), undo


def _scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "headers": headers,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 123),
        "root_path": "",
    }


async def _call(app: Any, scope: dict[str, Any]) -> bytes:
    """One request through `app`; its body (a `receive` like httpx's ASGI transport)."""
    complete = asyncio.Event()
    pending = True
    parts: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": b"", "more_body": False}
        await complete.wait()
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        if message["type"] == "http.response.body":
            parts.append(message.get("body", b""))
            if not message.get("more_body", False):
                complete.set()

    await app(dict(scope), receive, send)
    return b"".join(parts)


def routing_parts(app: FastAPI) -> dict[str, Part]:
    """The lookup with the included routers' quick refusal, and with their own check."""
    routes = app.router.routes
    guarded = [route for route in routes if "matches" in vars(route)]
    scopes = [
        _scope("GET", "/api/v1/scan/0123456789abcdef/events", []),
        _scope("POST", "/api/v1/scan", []),
    ]

    def lookup() -> None:
        for template in scopes:
            scope = dict(template)
            for route in routes:
                match, child = route.matches(scope)
                if match == Match.FULL:
                    route._match(scope)  # type: ignore[attr-defined]  # the handle's pass
                    break

    async def with_guard() -> None:
        lookup()

    async def without_guard() -> None:
        saved = [(route, vars(route).pop("matches")) for route in guarded]
        try:
            lookup()
        finally:
            for route, matches in saved:
                route.matches = matches  # type: ignore[method-assign]

    return {"routing: each router's check": without_guard, "routing: quick refusal": with_guard}


def sse_parts() -> dict[str, Part]:
    from ecoeco.core.responses import EventStream  # this tree's (`requests` runs on others)

    async def body() -> AsyncIterator[bytes]:
        yield b"retry: 1000\n\n"
        await asyncio.sleep(0)
        yield b"id: 1\nevent: classifying\ndata: {}\n\n"
        await asyncio.sleep(0)
        yield b"id: 2\nevent: done\ndata: {}\n\n"

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    scope = _scope("GET", "/events", [])

    async def starlette() -> None:
        response = StreamingResponse(body(), media_type="text/event-stream", headers=headers)
        await _call(response, scope)

    async def lean() -> None:
        response = StreamingResponse(body(), media_type="text/event-stream", headers=headers)
        await _call(EventStream.taking_over(response), scope)

    return {"sse: Starlette's task group": starlette, "sse: EventStream's watcher": lean}


def deps_parts(app: FastAPI, auth: bytes) -> dict[str, Part]:
    from ecoeco.core.deps import request_session  # this tree's (`requests` runs on others)

    mini = FastAPI()
    mini.state.container = app.state.container
    mini.state.runtimes = app.state.runtimes

    @mini.get("/old/{scan_id}")
    async def old(
        scan_id: str,
        principal: CurrentUser,
        session: SessionDep,
        scan: ScanDep,
        last_event_id: LastEventId = None,
    ) -> Response:
        del scan_id, principal, session, scan, last_event_id  # what is priced is solving them
        return Response(b"")

    @mini.get("/new/{scan_id}")
    async def new(
        request: Request, scan_id: str, principal: CurrentUser, last_event_id: LastEventId = None
    ) -> Response:
        del scan_id, principal, last_event_id
        request.app.state.runtimes.get(ScanRuntime)
        async with request_session(request):
            pass
        return Response(b"")

    headers = [(b"authorization", auth)]
    old_scope = _scope("GET", "/old/0123456789abcdef", headers)
    new_scope = _scope("GET", "/new/0123456789abcdef", headers)

    async def old_part() -> None:
        await _call(mini, old_scope)

    async def new_part() -> None:
        await _call(mini, new_scope)

    return {
        "deps: session and runtime as dependencies": old_part,
        "deps: taken in the body": new_part,
    }


async def price(parts: dict[str, Part], count: int, rounds: int, **counts: int) -> None:
    """Alternated rounds of each part (`count` calls a round, or its own in `counts`)."""
    each = {name: counts.get(name, count) for name in parts}
    for name, part in parts.items():
        for _ in range(max(1, each[name] // 10)):
            await part()
    got: dict[str, list[float]] = {name: [] for name in parts}
    for _ in range(rounds):
        for name, part in parts.items():
            gc.collect()
            started = time.thread_time()
            for _ in range(each[name]):
                await part()
            got[name].append((time.thread_time() - started) * 1e6 / each[name])
    for name, figures in got.items():
        text = " ".join(f"{f:6.1f}" for f in figures)
        print(f"{name:<45} median {statistics.median(figures):7.1f} us  ({text})")


async def request_parts(
    app: FastAPI, auth: dict[str, str], count: int, rounds: int, profile: str | None
) -> None:
    """Whole requests (see the module's docstring)."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=bench_clients.BASE_URL
    ) as http:
        files = {"file": ("coffee.jpg", PHOTO.read_bytes(), "image/jpeg")}
        uploaded = await http.post("/api/v1/scan/uploads", headers=auth, files=files)
        uploaded.raise_for_status()
        image_key = uploaded.json()["image_key"]
        lean = bench_clients.AsgiClients(app, auth, image_key)
        status, body = await lean.call(lean.post_scope, None, lean.post_body)
        events = bench_clients.check_created(status, body)
        _, stream = await lean.call(lean.get_scope, events, b"")
        bench_clients.check_done(stream.decode())
        scan_path = events.rsplit("/", 1)[0]

        async def events_case() -> None:
            _, got = await lean.call(lean.get_scope, events, b"")
            assert b"event: done" in got, got[-200:]

        async def get_case() -> None:
            status, _ = await lean.call(lean.get_scope, scan_path, b"")
            assert status == 200, status

        async def livez_case() -> None:
            status, _ = await lean.call(lean.get_scope, "/livez", b"")
            assert status == 200, status

        async def scan_case() -> None:
            await lean.scan()

        cases: dict[str, Part] = {
            "events": events_case,
            "get": get_case,
            "livez": livez_case,
            "scan": scan_case,
        }
        total, undo = _count_route_checks()
        for name, case in cases.items():
            before = total()
            await case()
            print(f"route checks: {name:<7} {total() - before}")
        undo()
        if profile is not None:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
            for name in ("events", "get"):
                for _ in range(count):
                    await cases[name]()
            profiler.disable()
            profiler.dump_stats(profile)
            return
        await price(cases, count, rounds, scan=max(1, count // 8))


async def run(mode: str, count: int, rounds: int, profile: str | None) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="ecoeco-request-parts-"))
    url = f"sqlite+aiosqlite:///{data_dir / 'ecoeco.db'}"
    await asyncio.to_thread(upgrade, url)
    settings = CoreSettings(data_dir=data_dir, env="test", log_level="WARNING")
    key = SigningKey.generate()
    signer = TokenSigner([key], issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    auth = {"Authorization": f"Bearer {signer.issue('bench-user', ['user']).token}"}
    shared = Shared(VECTORS)
    shared.index.build()
    app = compose(settings, label="all", signing_keys=[key], scheduled=False, shared=shared)
    async with app.router.lifespan_context(app):
        if mode == "requests":
            await request_parts(app, auth, count, rounds, profile)
            return
        await price(routing_parts(app), count, rounds)
        await price(sse_parts(), count, rounds)
        await price(deps_parts(app, auth["Authorization"].encode()), count // 4, rounds)


def main() -> None:
    os.environ.update(BENCH_ENV)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("parts", "requests"), nargs="?", default="parts")
    parser.add_argument("--count", type=int, help="calls a round (parts 2000, requests 400)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--profile", help="`requests`: cProfile the two GETs into this file")
    args = parser.parse_args()
    count = args.count or (2000 if args.mode == "parts" else 400)
    asyncio.run(run(args.mode, count, args.rounds, args.profile))


if __name__ == "__main__":
    main()
