"""Location: nearby collection points and shops."""

from ecoeco.core.container import ServiceModule
from ecoeco.location.demo import seed_demo_on_first_start
from ecoeco.location.endpoints import router

SERVICE = ServiceModule(name="location", router=router, on_startup=[seed_demo_on_first_start])
