"""The ai worker: runs the scan pipeline (vision -> rule -> answer -> reward)."""

from ecoeco.contracts.events import ScanConfirmed, ScanRequested
from ecoeco.core.container import ServiceModule
from ecoeco.workers.ai.handlers import on_scan_confirmed, on_scan_requested
from ecoeco.workers.ai.runtime import AiRuntime, build, load

# Scans one process works on at once (the broker's prefetch). A scan spends most of its
# time waiting (the photo from object storage, the cache, the hub, its commit), and its
# CPU work (decoding, inference, hint search) queues in the CPU pool, which is sized to
# the cores: so more scans in flight overlap their waits without oversubscribing a core.
# At 4, a process completed at most 4 scans per scan latency (about 6/s on a busy node).
CONCURRENCY = 16

WORKER = ServiceModule(
    name="ai",
    runtime=AiRuntime,
    handlers={ScanRequested.TYPE: on_scan_requested, ScanConfirmed.TYPE: on_scan_confirmed},
    concurrency=CONCURRENCY,
)

__all__ = ["WORKER", "AiRuntime", "build", "load"]
