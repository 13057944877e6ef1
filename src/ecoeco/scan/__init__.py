"""Scan jobs: photo in, disposal guide out."""

from ecoeco.core.container import ServiceModule
from ecoeco.scan.endpoints import router

SERVICE = ServiceModule(name="scan", router=router)
