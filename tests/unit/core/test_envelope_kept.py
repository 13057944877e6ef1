"""An envelope keeps the event it carries: opened once, written as pydantic writes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import orjson
import pytest

from ecoeco.contracts.events import ScanCompleted, ScanFinished
from ecoeco.contracts.scan import (
    CandidateOut,
    CategoryRef,
    ScanError,
    ScanResult,
    ScanStage,
    ScanStatus,
)
from ecoeco.core.bus import Envelope
from ecoeco.core.bus.models import OutboxMessage
from ecoeco.scan.events import final_payload
from ecoeco.scan.repository import FinishedRound


def _category() -> CategoryRef:
    return CategoryRef(slug="paper", name_ko="종이", name_en="paper", recyclable=True)


def _finished(status: ScanStatus) -> ScanFinished:
    result = ScanResult(
        category=_category(),
        confidence=0.8123,
        source="vision",
        confirmed=True,
        candidates=[CandidateOut(category=_category(), score=0.5, label="컵", source="vision")],
        model="m",
    )
    error = ScanError(code="image_missing", message="gone")
    return ScanFinished(
        scan_id="s",
        user_id="u",
        round=2,
        status=status,
        stage=ScanStage.reward,
        result=None if status == ScanStatus.failed else result,
        error=error if status == ScanStatus.failed else None,
    )


def _pydantic_bytes(envelope: Envelope) -> bytes:
    return orjson.dumps(envelope.model_dump(mode="json"))


@pytest.mark.parametrize(
    "occurred",
    [
        datetime(2026, 12, 2, 11, 0, tzinfo=UTC),
        datetime(2026, 12, 2, 11, 0, 0, 123, tzinfo=UTC),
        datetime(2026, 12, 2, 11, 0, 0, 5),
        datetime(2026, 12, 2, 11, 0, 0, 5, tzinfo=timezone(timedelta(hours=9))),
    ],
)
def test_bytes_are_pydantics_byte_for_byte(occurred: datetime) -> None:
    envelope = Envelope.wrap(_finished(ScanStatus.done), trace_id="t")
    envelope.occurred_at = occurred
    assert envelope.to_bytes() == _pydantic_bytes(envelope)
    odd = Envelope(type="x", payload={"when": occurred, "ids": {1, 2}})
    assert odd.to_bytes() == _pydantic_bytes(odd)  # orjson refuses: pydantic's way


def test_a_wrapped_envelope_opens_to_its_event_and_knows_its_dump() -> None:
    event = _finished(ScanStatus.done)
    envelope = Envelope.wrap(event)
    assert envelope == Envelope.model_validate(envelope.model_dump())  # as if validated
    assert envelope.open(ScanFinished) is event
    assert envelope.dump_of(event) == event.model_dump(mode="json") == envelope.payload
    with pytest.raises(ValueError, match="not scan.completed"):
        envelope.open(ScanCompleted)


def test_a_read_envelope_is_validated_once_and_has_no_dump() -> None:
    event = _finished(ScanStatus.failed)
    read = Envelope.from_bytes(Envelope.wrap(event).to_bytes())
    opened = read.open(ScanFinished)
    assert opened == event
    assert read.open(ScanFinished) is opened
    assert read.dump_of(opened) is None
    assert read == Envelope.from_bytes(read.to_bytes())  # what it keeps is not compared


def test_an_outbox_row_gives_back_the_envelope_it_was_made_of() -> None:
    envelope = Envelope.wrap(_finished(ScanStatus.done), trace_id="t")
    row = OutboxMessage.of(envelope)
    assert row.envelope() is envelope
    columns = ("message_id", "type", "version", "payload", "trace_id", "created_at")
    plain = OutboxMessage(**{name: getattr(row, name) for name in columns})
    assert plain.envelope() == envelope


@pytest.mark.parametrize(
    "status", [ScanStatus.done, ScanStatus.failed, ScanStatus.needs_confirmation]
)
def test_the_final_data_of_a_round_just_written_is_the_models(status: ScanStatus) -> None:
    """Made from the event's dump, the final data is what the model's dump writes."""
    payload = Envelope.wrap(_finished(status)).payload
    fields = ("s", 2, str(status), "reward", payload["result"], payload["error"])
    written = final_payload(FinishedRound(*fields, dumped=True))
    validated = final_payload(FinishedRound(*fields))
    assert written == validated
    assert orjson.dumps(written) == orjson.dumps(validated)
