"""The web console: served at `/` from the same origin as the API, with cookie auth."""

from ecoeco.console.endpoints import router
from ecoeco.console.runtime import ConsoleRuntime, build
from ecoeco.core.container import ServiceModule

SERVICE = ServiceModule(name="console", runtime=ConsoleRuntime, root_router=router)

__all__ = ["SERVICE", "ConsoleRuntime", "build"]
