"""The storage worker: validates uploaded images and makes their derivatives."""

from ecoeco.core.container import ServiceModule

WORKER = ServiceModule(name="storage")
