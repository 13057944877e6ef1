"""Scan jobs: photo in, disposal guide out."""

from ecoeco.contracts.events import CharacterGranted, ScanFinished, UserDeleted
from ecoeco.core.container import ServiceModule
from ecoeco.scan.endpoints import router
from ecoeco.scan.handlers import on_character_granted, on_scan_finished, on_user_deleted
from ecoeco.scan.runtime import ScanRuntime, build

SERVICE = ServiceModule(
    name="scan",
    runtime=ScanRuntime,
    router=router,
    handlers={
        ScanFinished.TYPE: on_scan_finished,
        CharacterGranted.TYPE: on_character_granted,
        UserDeleted.TYPE: on_user_deleted,
    },
    together=frozenset({ScanFinished.TYPE, CharacterGranted.TYPE}),
    concurrency=8,
)

__all__ = ["SERVICE", "ScanRuntime", "build"]
