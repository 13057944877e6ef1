"""Chat: a disposal assistant over the knowledge base."""

from ecoeco.chat.endpoints import router
from ecoeco.chat.handlers import on_user_deleted
from ecoeco.chat.runtime import save_embeddings, start_assistant
from ecoeco.chat.ws import ws_router
from ecoeco.core.container import ServiceModule
from ecoeco.core.contracts import UserDeleted

router.include_router(ws_router)

SERVICE = ServiceModule(
    name="chat",
    router=router,
    handlers={UserDeleted.TYPE: on_user_deleted},
    on_startup=[start_assistant],
    on_shutdown=[save_embeddings],
)
