"""The ai worker: runs the scan pipeline (vision -> rule -> answer -> reward)."""

from ecoeco.core.container import ServiceModule
from ecoeco.core.contracts import ScanConfirmed, ScanRequested
from ecoeco.workers.ai.handlers import on_scan_confirmed, on_scan_requested, start_ai

WORKER = ServiceModule(
    name="ai",
    handlers={ScanRequested.TYPE: on_scan_requested, ScanConfirmed.TYPE: on_scan_confirmed},
    on_startup=[start_ai],
    concurrency=4,
)
