"""How a scan row reads to the client while the worker runs and after."""

from __future__ import annotations

from ecoeco.contracts.names import ScanProgress
from ecoeco.core.cache import MemoryCache
from ecoeco.core.db import utcnow
from ecoeco.scan.models import ScanJob
from ecoeco.scan.service import view


def _job(status: str, round_: int = 1) -> ScanJob:
    now = utcnow()
    return ScanJob(
        id="s1",
        user_id="u1",
        status=status,
        stage=None,
        round=round_,
        hint="캔",
        created_at=now,
        updated_at=now,
    )


async def test_a_queued_scan_reads_as_running_with_the_workers_stage() -> None:
    cache = MemoryCache()
    assert (await view(_job("queued"), cache)).status == "queued"
    await cache.set(ScanProgress.key("s1"), ScanProgress(1, "rule").encode())
    shown = await view(_job("queued"), cache)
    assert (shown.status, shown.stage) == ("running", "rule")


async def test_progress_of_an_earlier_round_or_a_final_scan_is_ignored() -> None:
    cache = MemoryCache()
    await cache.set(ScanProgress.key("s1"), ScanProgress(1, "reward").encode())
    assert (await view(_job("queued", round_=2), cache)).status == "queued"
    assert (await view(_job("needs_confirmation"), cache)).status == "needs_confirmation"
