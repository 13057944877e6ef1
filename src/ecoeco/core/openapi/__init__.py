"""The OpenAPI document and its self-hosted viewers."""

from ecoeco.core.openapi.docs import docs_router
from ecoeco.core.openapi.shape import (
    RATE_LIMITED,
    errors,
    event_stream,
    install_openapi,
    operation_id,
)

__all__ = [
    "RATE_LIMITED",
    "docs_router",
    "errors",
    "event_stream",
    "install_openapi",
    "operation_id",
]
