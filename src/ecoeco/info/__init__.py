"""Info: disposal guides, item search, news and tips."""

from ecoeco.core.container import ServiceModule
from ecoeco.info.endpoints import router

SERVICE = ServiceModule(name="info", router=router)
