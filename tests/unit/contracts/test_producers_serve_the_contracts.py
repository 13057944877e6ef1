"""Every internal call a typed client makes is served by its producer with the same model."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from pydantic import BaseModel

from ecoeco import auth, character, chat, location, scan, users
from ecoeco.contracts.clients import ENDPOINTS, Endpoint
from ecoeco.core.container import ServiceModule

PRODUCERS: dict[str, ServiceModule[object]] = {
    m.name: m  # type: ignore[misc]
    for m in (
        scan.SERVICE,
        users.SERVICE,
        location.SERVICE,
        character.SERVICE,
        auth.SERVICE,
        chat.SERVICE,
    )
}


def _routes(module: ServiceModule[object]) -> list[APIRoute]:
    assert module.router is not None
    return [r for r in module.router.routes if isinstance(r, APIRoute)]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.path}")
def test_the_producer_serves_the_model_the_client_reads(endpoint: Endpoint[BaseModel]) -> None:
    served = [
        r
        for r in _routes(PRODUCERS[endpoint.service])
        if r.path == endpoint.path and endpoint.method in r.methods
    ]
    assert len(served) == 1, f"{endpoint.service} serves no {endpoint.method} {endpoint.path}"
    assert served[0].response_model is endpoint.answer
