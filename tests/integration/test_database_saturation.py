"""Every pooled PostgreSQL connection busy: a request waits briefly, then gets 503 + Retry-After."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from ecoeco.core.db import Database
from ecoeco.core.handlers import install_error_handlers
from tests.servers import need

pytestmark = [pytest.mark.postgres]


async def test_an_exhausted_pool_answers_503_with_retry_after(postgres_url: str) -> None:
    need("postgres")
    db = Database(postgres_url, pool_size=1, max_overflow=1, pool_timeout=0.3)
    await db.start()
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/count")
    async def count() -> dict[str, int]:
        async with db.session() as session:
            return {"n": int((await session.execute(text("SELECT 1"))).scalar_one())}

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert (await client.get("/count")).json() == {"n": 1}
            async with db.engine.connect() as first, db.engine.connect() as second:
                await first.execute(text("SELECT 1"))
                await second.execute(text("SELECT 1"))
                busy = await client.get("/count")
            assert busy.status_code == 503, busy.text
            assert busy.json()["error"]["code"] == "service_unavailable"
            assert int(busy.headers["Retry-After"]) > 0
            assert (await client.get("/count")).status_code == 200  # free again
    finally:
        await db.stop()
