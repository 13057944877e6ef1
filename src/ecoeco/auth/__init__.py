"""Auth: identities, social links, tokens and signing keys."""

from ecoeco.auth.endpoints import root_router, router
from ecoeco.auth.handlers import on_user_deleted
from ecoeco.auth.retention import purge_forever
from ecoeco.auth.runtime import AuthRuntime, build
from ecoeco.contracts.events import UserDeleted
from ecoeco.core.container import ServiceModule

SERVICE = ServiceModule(
    name="auth",
    runtime=AuthRuntime,
    router=router,
    root_router=root_router,
    handlers={UserDeleted.TYPE: on_user_deleted},
    scheduled=[purge_forever],
)

__all__ = ["SERVICE", "AuthRuntime", "build"]
