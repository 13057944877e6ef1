"""The ai worker: runs the scan pipeline and chat answers."""

from ecoeco.core.container import ServiceModule

WORKER = ServiceModule(name="ai")
