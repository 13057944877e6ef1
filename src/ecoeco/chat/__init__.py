"""Chat: a disposal assistant over the knowledge base."""

from ecoeco.chat.endpoints import router
from ecoeco.core.container import ServiceModule

SERVICE = ServiceModule(name="chat", router=router)
