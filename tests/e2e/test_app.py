"""The assembled app on both backends: health, OpenAPI, error shape, login to profile."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from sqlalchemy import select

from ecoeco.contracts.events import CharacterGranted, UserRegistered
from ecoeco.core.bus.models import InboxRecord, OutboxMessage
from ecoeco.core.collector import YOUNG_THRESHOLD
from ecoeco.core.container import Container
from ecoeco.core.observability import metrics
from tests.conftest import AppFactory, eventually

PREFIXES = ["auth", "users", "scan", "characters", "locations", "info", "chat"]


async def test_health_and_openapi_list_every_service(app_factory: AppFactory) -> None:
    async with app_factory() as running:
        client = running.client
        assert (await client.get("/livez")).json() == {"status": "ok"}
        ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
        paths = (await client.get("/openapi.json")).json()["paths"]
        for prefix in PREFIXES:
            assert any(p.startswith(f"/api/v1/{prefix}") for p in paths), prefix
        assert "/.well-known/jwks.json" in paths
        summary = paths["/livez"]["get"]["summary"]
        assert summary == "Liveness: answers while the event loop runs; touches no dependency"


async def test_errors_share_one_shape(app_factory: AppFactory) -> None:
    async with app_factory() as running:
        client = running.client
        cases: list[tuple[str, str, dict[str, Any] | None, int, str]] = [
            ("GET", "/api/v1/nothing-here", None, 404, "not_found"),
            ("GET", "/api/v1/users/me", None, 401, "unauthorized"),
            ("POST", "/api/v1/auth/dev/login", {"email": "not-an-email"}, 422, "validation_error"),
            ("DELETE", "/livez", None, 405, "method_not_allowed"),
        ]
        for method, path, body, status, code in cases:
            response = await client.request(method, path, json=body)
            assert response.status_code == status, (path, response.text)
            error = response.json()["error"]
            assert error["code"] == code
            assert error["message"]
        bad = await client.get("/api/v1/users/me", headers={"Authorization": "Bearer x.y.z"})
        assert bad.status_code == 401


async def test_a_first_login_reads_its_own_writes(app_factory: AppFactory) -> None:
    """Right after the first login the profile and the starter show; the event adds nothing."""
    async with app_factory() as running:
        client = running.client
        login = await client.post(
            "/api/v1/auth/dev/login", json={"email": "minji@example.com", "nickname": "민지"}
        )
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        me = await client.get("/api/v1/users/me", headers=headers)
        assert me.status_code == 200
        assert me.json()["nickname"] == "민지"
        mine = (await client.get("/api/v1/characters/me", headers=headers)).json()["items"]
        assert [c["source"] for c in mine] == ["starter"]
        db = running.container.db

        async def registration_applied() -> bool:
            async with db.session() as session:
                found = await session.execute(
                    select(InboxRecord.message_id)
                    .join(OutboxMessage, OutboxMessage.message_id == InboxRecord.message_id)
                    .where(
                        InboxRecord.consumer == "character",
                        OutboxMessage.type == UserRegistered.TYPE,
                    )
                )
                return found.first() is not None

        await eventually(registration_applied)
        async with db.session() as session:
            grants = await session.execute(
                select(OutboxMessage.payload).where(OutboxMessage.type == CharacterGranted.TYPE)
            )
            assert len(grants.all()) == 1, "the starter is granted once, by the read or the event"
        jwks = (await client.get("/.well-known/jwks.json")).json()
        assert jwks["keys"]
        assert jwks["keys"][0]["alg"] == "EdDSA"


async def test_metrics_count_requests_by_route(app_factory: AppFactory) -> None:
    async with app_factory() as running:
        await running.client.get("/livez")
        await running.client.get("/api/v1/info/guides/paper")
        assert (await running.client.get("/metrics")).status_code == 404  # a port of its own
        page = metrics.render()[0].decode()
        assert 'ecoeco_http_requests_total{method="GET",route="/livez"' in page
        assert 'route="/api/v1/info/guides/{slug}"' in page


async def test_what_start_up_built_is_left_out_of_collections(app_factory: AppFactory) -> None:
    """A started process freezes what start-up built (the collector's full passes skip
    it); stopping hands it back, so nothing of a stopped app stays pinned."""
    gc.unfreeze()
    async with app_factory(["info"]):
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


async def test_the_young_generation_is_collected_less_often_while_an_app_runs(
    app_factory: AppFactory,
) -> None:
    """Its threshold is raised while any app of the process runs; the last one to stop
    puts back the thresholds it found."""
    before = gc.get_threshold()
    assert before[0] != YOUNG_THRESHOLD
    async with app_factory(["info"]):
        assert gc.get_threshold() == (YOUNG_THRESHOLD, before[1], before[2])
        async with app_factory(["info"]):
            assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD  # the first app still runs
    assert gc.get_threshold() == before


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_a_failing_shutdown_still_puts_the_collector_back(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever of the shutdown raises (here its last step, closing the clients), the
    thresholds found at start-up are back and nothing stays frozen: a process that goes
    on (a test session, say) collects as it did before the app."""
    before = gc.get_threshold()
    close = Container.close

    async def failing(self: Container) -> None:
        await close(self)
        raise RuntimeError("a client would not close")

    monkeypatch.setattr(Container, "close", failing)
    with pytest.raises(RuntimeError, match="would not close"):
        async with app_factory(["info"]):
            assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
