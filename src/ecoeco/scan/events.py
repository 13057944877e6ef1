"""Progress events of a scan served as SSE, resumable and closed after the final one."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from starlette.responses import StreamingResponse

from ecoeco.contracts.names import scan_stream
from ecoeco.contracts.scan import FINAL_STATUSES, ScanFinalEvent
from ecoeco.core.events import EventHub, HubEvent, sse_format, sse_response
from ecoeco.scan.models import ScanJob
from ecoeco.scan.repository import FinishedRound

EVENT_ID = re.compile(r"^\d+(-\d+)?$")
SYNTHETIC_ID = "final"


def final_payload(job: FinishedRound) -> dict[str, Any]:
    """The data of a scan's final event: enough to render the result without a GET.

    A round just written (`FinishedRound.dumped`) holds its result and error as their
    models dump them: the data is those, in `ScanFinalEvent`'s order, as its dump would
    write them. A round read from its row goes through the model (a row written by an
    earlier release may hold what the model no longer shows).
    """
    data: dict[str, Any] = {
        "scan_id": job.id,
        "round": job.round,
        "status": job.status,
        "stage": job.stage,
        "result": job.result,
        "error": job.error,
    }
    if job.dumped:
        return data
    return ScanFinalEvent.model_validate(data).model_dump(mode="json")


@dataclass(frozen=True)
class FinalEvent:
    """A scan's final event as it stood when its row was written."""

    scan_id: str
    status: str
    data: dict[str, Any]

    @classmethod
    def of(cls, job: FinishedRound) -> FinalEvent:
        """The final event of the round."""
        return cls(job.id, job.status, final_payload(job))


async def announce_final(hub: EventHub, final: FinalEvent) -> None:
    """Publish the final event (after the row that says so has committed)."""
    await hub.publish(scan_stream(final.scan_id), final.status, final.data)


def _resume_id(last_event_id: str | None) -> str | None:
    """A Last-Event-ID the hub can resume from; anything else restarts from the beginning."""
    if last_event_id and EVENT_ID.match(last_event_id.strip()):
        return last_event_id.strip()
    return None


def _is_final_of(round_: int) -> Callable[[HubEvent], bool]:
    def is_final(item: HubEvent) -> bool:
        return item.event in FINAL_STATUSES and item.data.get("round") == round_

    return is_final


def scan_events(
    hub: EventHub,
    job: ScanJob,
    last_event_id: str | None,
    *,
    service: str,
    heartbeat: float,
    replay_seconds: float,
) -> StreamingResponse:
    """Live events while the scan runs; for a final scan, the replay and then its final event."""
    resume = _resume_id(last_event_id)
    is_final = _is_final_of(job.round)
    if job.status not in FINAL_STATUSES:
        return sse_response(
            hub,
            scan_stream(job.id),
            last_event_id=resume,
            is_final=is_final,
            service=service,
            heartbeat=heartbeat,
        )
    payload = final_payload(FinishedRound.of(job))

    async def body() -> AsyncIterator[bytes]:
        yield b"retry: 1000\n\n"
        if last_event_id != SYNTHETIC_ID:
            replay = hub.subscribe(scan_stream(job.id), resume, timeout=replay_seconds)
            try:
                async for item in replay:
                    if item is None:
                        break
                    yield sse_format(item)
                    if is_final(item):
                        return
            finally:
                await asyncio.shield(_close(replay))
        yield sse_format(HubEvent(SYNTHETIC_ID, job.status, payload))

    return StreamingResponse(
        body(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def _close(stream: AsyncIterator[HubEvent | None]) -> None:
    closer = getattr(stream, "aclose", None)
    if closer is not None:
        await closer()
