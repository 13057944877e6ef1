"""Users ("my"): profile, settings, points and per-category stats."""

from ecoeco.core.container import ServiceModule
from ecoeco.core.contracts import UserRegistered
from ecoeco.users.endpoints import router
from ecoeco.users.handlers import on_user_registered

SERVICE = ServiceModule(
    name="users", router=router, handlers={UserRegistered.TYPE: on_user_registered}
)
