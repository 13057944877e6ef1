"""What a scan's payload handling costs the event loop's thread: the round trips before
and after the event started travelling with its outbox row (h30d, 2026-12-02).

    .venv/bin/python bench/profile/scan_payload_prices.py [--rounds 7] [--count 3000]

`before` replays, on a recorded scan's payloads (`bench/profile/scan_payloads/`), the
pydantic and JSON work the embedded mode did per scan: three envelopes validated as they
were wrapped, five rebuilt from their outbox rows (the fan-outs, the inline messages),
the request's delivery body dumped through pydantic, `scan.finished` validated by the
scan service and `scan.completed` by the users tally and the character service, the
result dumped again for the UPDATE, parsed back from its RETURNING, and the final SSE
data validated and dumped. `after` is what is left of it: the three dumps as wrapped and
the request's body. Both make the three outbox rows as `publish` does. Rounds alternate;
figures are CPU microseconds of the calling thread per scan. Meaningful on a quiet
machine only.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from ecoeco.contracts.events import ScanCompleted, ScanFinished, ScanRequested
from ecoeco.contracts.scan import ScanFinalEvent
from ecoeco.core.bus import Envelope, models
from ecoeco.core.bus.event import Event
from ecoeco.core.bus.models import OutboxMessage
from ecoeco.core.db.base import json_dumps
from ecoeco.scan.events import final_payload
from ecoeco.scan.repository import FinishedRound

HERE = Path(__file__).parent / "scan_payloads"


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = orjson.loads((HERE / f"{name}.json").read_bytes())
    return loaded


REQUESTED = ScanRequested.model_validate(_load("scan.requested"))
FINISHED = ScanFinished.model_validate(_load("scan.finished"))
COMPLETED = ScanCompleted.model_validate(_load("scan.completed"))


def _old_wrap(event: Event) -> Envelope:
    return Envelope(type=event.TYPE, version=event.VERSION, payload=event.model_dump(mode="json"))


def _old_row(envelope: Envelope) -> OutboxMessage:
    """The row as `publish` made it before: without its envelope."""
    row = OutboxMessage.of(envelope)
    del row.__dict__[models._KEPT]
    return row


def before() -> None:
    requested = _old_wrap(REQUESTED)
    _old_row(requested).envelope()  # the request's fan-out
    orjson.dumps(requested.model_dump(mode="json"))  # its delivery body
    finished, completed = _old_wrap(FINISHED), _old_wrap(COMPLETED)
    for envelope in (finished, completed):  # inline_messages, then the ai's fan-out
        row = _old_row(envelope)
        row.envelope()  # built from the columns, as it always was before
        row.envelope()
    event = finished.open(ScanFinished)  # open() validated every time before
    ScanCompleted.read(completed.payload, 1)  # the users tally
    ScanCompleted.read(completed.payload, 1)  # the character service
    result = event.result.model_dump(mode="json") if event.result is not None else None
    returned = orjson.loads(json_dumps(result))  # the RETURNING's result, parsed back
    ScanFinalEvent.model_validate(
        {
            "scan_id": event.scan_id,
            "round": event.round,
            "status": event.status,
            "stage": event.stage,
            "result": returned,
            "error": None,
        }
    ).model_dump(mode="json")


def after() -> None:
    requested = Envelope.wrap(REQUESTED)
    OutboxMessage.of(requested).envelope()
    requested.to_bytes()
    finished, completed = Envelope.wrap(FINISHED), Envelope.wrap(COMPLETED)
    for envelope in (finished, completed):
        row = OutboxMessage.of(envelope)
        row.envelope()
        row.envelope()
    event = finished.open(ScanFinished)
    completed.open(ScanCompleted)
    completed.open(ScanCompleted)
    dumped = finished.dump_of(event)
    assert dumped is not None
    final_payload(
        FinishedRound(event.scan_id, event.round, "done", "reward", dumped["result"], None, True)
    )


def _per_call_us(work: Callable[[], None], count: int) -> float:
    started = time.thread_time()
    for _ in range(count):
        work()
    return (time.thread_time() - started) * 1e6 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args()
    cases = {"before": before, "after": after}
    for work in cases.values():
        _per_call_us(work, 200)  # warm
    figures: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.rounds):
        for name, work in cases.items():
            figures[name].append(_per_call_us(work, args.count))
    base = statistics.median(figures["before"])
    for name, got in figures.items():
        each = " ".join(f"{v:6.1f}" for v in got)
        print(f"{name:<7} median {statistics.median(got):6.1f} us a scan  ({each})")
    print(f"removed {base - statistics.median(figures['after']):6.1f} us a scan")


if __name__ == "__main__":
    main()
