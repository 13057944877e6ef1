"""Scan jobs: photo in, disposal guide out."""

from ecoeco.core.container import ServiceModule
from ecoeco.core.contracts import CharacterGranted, ScanFinished, UserDeleted
from ecoeco.scan.endpoints import router
from ecoeco.scan.handlers import on_character_granted, on_scan_finished, on_user_deleted

SERVICE = ServiceModule(
    name="scan",
    router=router,
    handlers={
        ScanFinished.TYPE: on_scan_finished,
        CharacterGranted.TYPE: on_character_granted,
        UserDeleted.TYPE: on_user_deleted,
    },
    concurrency=8,
)
