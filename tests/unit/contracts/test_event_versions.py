"""Payload versions: every version from OLDEST on reads; a newer one is refused, not misread."""

from __future__ import annotations

from typing import Any, ClassVar

import orjson
import pytest

from ecoeco.contracts.events import EVENT_TYPES, ScanFinished, UserRegistered
from ecoeco.contracts.scan import ScanStatus
from ecoeco.core.bus import Envelope
from ecoeco.core.bus.event import Event, UnsupportedVersion


class Renamed(Event):
    """A made-up event whose field was renamed twice (v1 `who`, v2 `person`, v3 `user_id`)."""

    TYPE: ClassVar[str] = "test.renamed"
    VERSION: ClassVar[int] = 3
    OLDEST: ClassVar[int] = 1
    user_id: str

    @classmethod
    def upgrade(cls, version: int, payload: dict[str, Any]) -> dict[str, Any]:
        old, new = {1: ("who", "person"), 2: ("person", "user_id")}[version]
        changed = dict(payload)
        changed[new] = changed.pop(old)
        return changed


def test_each_older_version_is_upgraded_step_by_step() -> None:
    for version, payload in ((1, {"who": "u1"}), (2, {"person": "u1"}), (3, {"user_id": "u1"})):
        envelope = Envelope(type=Renamed.TYPE, version=version, payload=payload)
        assert envelope.open(Renamed).user_id == "u1"


@pytest.mark.parametrize("version", [0, 4])
def test_a_version_this_release_does_not_know_is_refused(version: int) -> None:
    envelope = Envelope(type=Renamed.TYPE, version=version, payload={"user_id": "u1"})
    with pytest.raises(UnsupportedVersion, match=f"version {version}"):
        envelope.open(Renamed)


def test_an_envelope_from_before_versions_is_version_1() -> None:
    old = orjson.dumps(
        {
            "id": "m1",
            "type": UserRegistered.TYPE,
            "payload": {"user_id": "u1", "email": "a@example.com", "provider": "dev"},
            "occurred_at": "2026-11-27T10:00:00Z",
        }
    )
    envelope = Envelope.from_bytes(old)
    assert envelope.version == 1
    event = envelope.open(UserRegistered)
    assert event == UserRegistered(user_id="u1", provider="dev")
    assert "email" not in event.model_dump()


def test_new_envelopes_carry_the_current_version_and_no_personal_data() -> None:
    envelope = Envelope.wrap(UserRegistered(user_id="u1", provider="kakao"))
    assert (envelope.version, envelope.payload) == (2, {"user_id": "u1", "provider": "kakao"})


def test_a_scan_finished_of_version_1_reads_as_typed() -> None:
    payload = {
        "scan_id": "s1",
        "user_id": "u1",
        "round": 1,
        "status": "done",
        "stage": "reward",
        "result": {
            "item": None,
            "category": {
                "slug": "glass",
                "name_ko": "유리병",
                "name_en": "Glass",
                "recyclable": True,
            },
            "confidence": 0.9,
            "source": "vision",
            "confirmed": True,
            "guide": None,
            "candidates": [],
            "disagreement": None,
            "model": "fake",
        },
        "error": None,
    }
    event = Envelope(type=ScanFinished.TYPE, version=1, payload=payload).open(ScanFinished)
    assert event.status is ScanStatus.done
    assert event.result is not None
    assert event.result.category is not None
    assert event.result.category.slug == "glass"


def test_every_event_reads_its_previous_version() -> None:
    """The rolling-deploy promise: no event's OLDEST is newer than VERSION - 1."""
    for event in EVENT_TYPES.values():
        assert event.OLDEST <= max(1, event.VERSION - 1), event.TYPE
