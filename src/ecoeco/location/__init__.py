"""Location: nearby collection points and shops."""

from ecoeco.core.container import ServiceModule
from ecoeco.location.endpoints import router

SERVICE = ServiceModule(name="location", router=router)
