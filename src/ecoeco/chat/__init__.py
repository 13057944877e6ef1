"""Chat: a disposal assistant over the knowledge base."""

from ecoeco.chat.asyncapi import asyncapi_router
from ecoeco.chat.endpoints import router
from ecoeco.chat.handlers import on_user_deleted
from ecoeco.chat.runtime import ChatRuntime, build
from ecoeco.chat.ws import ws_router
from ecoeco.contracts.events import UserDeleted
from ecoeco.core.container import ServiceModule

router.include_router(ws_router)

SERVICE = ServiceModule(
    name="chat",
    runtime=ChatRuntime,
    router=router,
    docs_router=asyncapi_router,  # beside /openapi.json, and only where it is served
    handlers={UserDeleted.TYPE: on_user_deleted},
)

__all__ = ["SERVICE", "ChatRuntime", "build"]
