"""Location: nearby collection points and shops."""

from ecoeco.core.container import ServiceModule
from ecoeco.location.endpoints import router
from ecoeco.location.runtime import LocationRuntime, build

SERVICE = ServiceModule(name="location", runtime=LocationRuntime, router=router)

__all__ = ["SERVICE", "LocationRuntime", "build"]
