"""Users ("my"): profile, settings, points and per-category stats."""

from ecoeco.core.container import ServiceModule
from ecoeco.core.contracts import CharacterGranted, ScanCompleted, UserDeleted, UserRegistered
from ecoeco.users.endpoints import router
from ecoeco.users.handlers import (
    on_character_granted,
    on_scan_completed,
    on_user_deleted,
    on_user_registered,
)

SERVICE = ServiceModule(
    name="users",
    router=router,
    handlers={
        UserRegistered.TYPE: on_user_registered,
        ScanCompleted.TYPE: on_scan_completed,
        CharacterGranted.TYPE: on_character_granted,
        UserDeleted.TYPE: on_user_deleted,
    },
)
