"""Characters: catalogue, ownership and grants for correct sorting."""

from ecoeco.character.endpoints import router
from ecoeco.character.handlers import on_scan_completed, on_user_deleted, on_user_registered
from ecoeco.character.runtime import CharacterRuntime, build
from ecoeco.contracts.events import ScanCompleted, UserDeleted, UserRegistered
from ecoeco.core.container import ServiceModule

SERVICE = ServiceModule(
    name="character",
    runtime=CharacterRuntime,
    router=router,
    handlers={
        UserRegistered.TYPE: on_user_registered,
        ScanCompleted.TYPE: on_scan_completed,
        UserDeleted.TYPE: on_user_deleted,
    },
    together=frozenset({ScanCompleted.TYPE}),
    concurrency=8,
)

__all__ = ["SERVICE", "CharacterRuntime", "build"]
