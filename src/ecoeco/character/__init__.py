"""Characters: catalogue, ownership and grants for correct sorting."""

from ecoeco.character.endpoints import router
from ecoeco.character.handlers import on_scan_completed, on_user_deleted, on_user_registered
from ecoeco.character.service import start_character
from ecoeco.core.container import ServiceModule
from ecoeco.core.contracts import ScanCompleted, UserDeleted, UserRegistered

SERVICE = ServiceModule(
    name="character",
    router=router,
    handlers={
        UserRegistered.TYPE: on_user_registered,
        ScanCompleted.TYPE: on_scan_completed,
        UserDeleted.TYPE: on_user_deleted,
    },
    concurrency=8,
    on_startup=[start_character],
)
