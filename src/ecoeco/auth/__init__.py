"""Auth: identities, social links, tokens and signing keys."""

from ecoeco.auth.endpoints import root_router, router
from ecoeco.auth.service import start_auth
from ecoeco.core.container import ServiceModule

SERVICE = ServiceModule(
    name="auth", router=router, root_router=root_router, on_startup=[start_auth]
)
