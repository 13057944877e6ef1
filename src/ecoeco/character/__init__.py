"""Characters: catalogue, ownership and grants for correct sorting."""

from ecoeco.character.endpoints import router
from ecoeco.core.container import ServiceModule

SERVICE = ServiceModule(name="character", router=router)
