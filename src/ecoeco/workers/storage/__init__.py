"""The storage worker: validates uploaded images and makes their derivatives."""

from ecoeco.core.container import Container, ServiceModule
from ecoeco.workers.storage.endpoints import INTAKE, router
from ecoeco.workers.storage.intake import ImageIntake
from ecoeco.workers.storage.settings import StorageSettings


async def start_storage(container: Container) -> None:
    """Create the intake once per process; the scan service finds it in `extras`."""
    container.extras.setdefault(INTAKE, ImageIntake(container.storage, StorageSettings().limits()))


WORKER = ServiceModule(name="storage", router=router, on_startup=[start_storage])
