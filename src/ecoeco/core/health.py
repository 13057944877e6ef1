"""`/livez` (the process is alive) and `/readyz` (its dependencies answer).

`/metrics` has a port of its own: `ecoeco.core.observability.exporter`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request

from ecoeco.core.deps import container_of
from ecoeco.core.responses import JsonResponse


def health_router() -> APIRouter:
    """The operational endpoints every process serves."""
    router = APIRouter(tags=["operations"])

    @router.get("/livez")
    async def livez() -> dict[str, str]:
        """Liveness: answers while the event loop runs; touches no dependency."""
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz(request: Request) -> JsonResponse:
        """Readiness: every dependency of this process answers within 2 s."""
        container = container_of(request)
        checks: dict[str, Callable[[], Awaitable[None]]] = {
            "database": container.db.ping,
            "cache": container.cache.ping,
            "events": container.hub.ping,
            "broker": container.broker.ping,
            "storage": container.storage.ping,
        }
        results: dict[str, str] = {}
        for name, check in checks.items():
            try:
                await asyncio.wait_for(check(), timeout=2.0)
                results[name] = "ok"
            except Exception as exc:
                results[name] = f"error: {type(exc).__name__}"
        ok = all(value == "ok" for value in results.values())
        return JsonResponse(
            {"status": "ok" if ok else "unavailable", "checks": results},
            status_code=200 if ok else 503,
        )

    return router
