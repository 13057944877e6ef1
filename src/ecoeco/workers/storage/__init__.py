"""The storage worker: validates uploaded images and makes their derivatives."""

from ecoeco.contracts.events import UserDeleted
from ecoeco.core.container import ServiceModule
from ecoeco.workers.storage.endpoints import router
from ecoeco.workers.storage.handlers import on_user_deleted
from ecoeco.workers.storage.runtime import StorageRuntime, build, build_intake

WORKER = ServiceModule(
    name="storage",
    runtime=StorageRuntime,
    router=router,
    handlers={UserDeleted.TYPE: on_user_deleted},
)

__all__ = ["WORKER", "StorageRuntime", "build", "build_intake"]
