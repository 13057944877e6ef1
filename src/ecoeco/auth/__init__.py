"""Auth: identities, social links, tokens and signing keys."""

from ecoeco.auth.endpoints import root_router, router
from ecoeco.auth.handlers import on_user_deleted
from ecoeco.auth.service import start_auth, stop_auth
from ecoeco.core.container import ServiceModule
from ecoeco.core.contracts import UserDeleted

SERVICE = ServiceModule(
    name="auth",
    router=router,
    root_router=root_router,
    handlers={UserDeleted.TYPE: on_user_deleted},
    on_startup=[start_auth],
    on_shutdown=[stop_auth],
)
