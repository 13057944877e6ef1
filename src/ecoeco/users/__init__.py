"""Users ("my"): profile, settings, points and per-category stats."""

from ecoeco.contracts.events import CharacterGranted, ScanCompleted, UserDeleted
from ecoeco.core.container import ServiceModule
from ecoeco.users.endpoints import router
from ecoeco.users.erasure import purge_forever
from ecoeco.users.handlers import on_character_granted, on_scan_completed, on_user_deleted
from ecoeco.users.runtime import UsersRuntime, build

SERVICE = ServiceModule(
    name="users",
    runtime=UsersRuntime,
    router=router,
    handlers={
        ScanCompleted.TYPE: on_scan_completed,
        CharacterGranted.TYPE: on_character_granted,
        UserDeleted.TYPE: on_user_deleted,
    },
    together=frozenset({ScanCompleted.TYPE, CharacterGranted.TYPE}),
    scheduled=[purge_forever],
)

__all__ = ["SERVICE", "UsersRuntime", "build"]
