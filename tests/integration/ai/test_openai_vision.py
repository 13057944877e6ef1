"""The OpenAI-compatible vision adapter against a fake server: answers, 429s, timeouts, bad JSON."""

from __future__ import annotations

import base64
import io
import time
from typing import Any

import numpy as np
import pytest
from PIL import Image

from ecoeco.knowledge import KnowledgeBase
from ecoeco.workers.ai.adapters.factory import build_classifier
from ecoeco.workers.ai.adapters.openai_vision import OpenAIVisionClassifier
from ecoeco.workers.ai.ports import (
    VisionConfigError,
    VisionResponseInvalid,
    VisionUnavailable,
)
from ecoeco.workers.ai.settings import AiSettings, ClassifierKind
from tests.fakes.openai_server import FakeOpenAI, Reply

PHOTO = np.full((300, 500, 3), (30, 140, 60), np.uint8)


def answer(category: str = "glass", item: str | None = "beer bottle", **extra: Any) -> Reply:
    """A well-formed answer."""
    payload: dict[str, Any] = {
        "category": category,
        "item": item,
        "confidence": 0.82,
        "candidates": [],
    }
    payload.update(extra)
    return Reply.json(payload)


class Waits:
    """Records the backoff waits instead of sleeping them."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def make(
    fake: FakeOpenAI, kb: KnowledgeBase, waits: Waits | None = None, **kwargs: Any
) -> OpenAIVisionClassifier:
    """The adapter pointed at the fake, with short limits."""
    options: dict[str, Any] = {"timeout": 5.0, "request_timeout": 2.0, "max_retries": 2}
    options.update(kwargs)
    return OpenAIVisionClassifier(
        fake.base_url, "fake-vision", kb, api_key="sk-test", sleep=waits or Waits(), **options
    )


def test_sends_the_photo_and_a_strict_schema(fake_openai: FakeOpenAI, kb: KnowledgeBase) -> None:
    fake_openai.enqueue(answer())
    make(fake_openai, kb).classify(PHOTO)
    (request,) = fake_openai.chat_requests()
    assert request.headers["authorization"] == "Bearer sk-test"
    body = request.json
    assert body["model"] == "fake-vision"
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    enum = fmt["json_schema"]["schema"]["properties"]["category"]["enum"]
    assert set(enum) == {c.slug for c in kb.categories} | {"unknown"}
    system, user = body["messages"]
    assert "clear_pet" in system["content"]
    url = next(p["image_url"]["url"] for p in user["content"] if p["type"] == "image_url")
    assert url.startswith("data:image/jpeg;base64,")
    sent = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert sent.format == "JPEG"
    assert max(sent.size) <= 768
    pixel = sent.convert("RGB").getpixel((10, 10))
    assert isinstance(pixel, tuple)
    assert pixel[1] > 100  # it is the green photo, not a blank


def test_valid_answer_becomes_ranked_candidates(fake_openai: FakeOpenAI, kb: KnowledgeBase) -> None:
    pet = next(i for i in kb.items if i.category == "clear_pet")
    fake_openai.enqueue(
        answer(
            "clear_pet",
            pet.names_en[0],
            candidates=[
                {"category": "plastic", "item": None, "confidence": 0.4},
                {"category": "made_up_slug", "item": "x", "confidence": 0.3},
                {"category": "unknown", "item": None, "confidence": 0.1},
            ],
        )
    )
    result = make(fake_openai, kb).classify(PHOTO)
    assert result.model == "openai:fake-vision"
    assert [(c.category, c.item_id) for c in result.candidates] == [
        ("clear_pet", pet.id),
        ("plastic", None),
    ]
    assert result.candidates[0].score == pytest.approx(0.82)
    assert result.candidates[0].label == pet.names_en[0]


def test_item_is_kept_only_when_it_fits_the_category(
    fake_openai: FakeOpenAI, kb: KnowledgeBase
) -> None:
    pet = next(i for i in kb.items if i.category == "clear_pet")
    allowed = {pet.category, *(c.category for c in pet.conditions)}
    other = next(c.slug for c in kb.categories if c.slug not in allowed)
    fake_openai.enqueue(answer(other, pet.id), answer("glass", "a thing nobody has a name for"))
    clf = make(fake_openai, kb)
    first = clf.classify(PHOTO).best
    assert first is not None
    assert (first.category, first.item_id) == (other, None)
    second = clf.classify(PHOTO).best
    assert second is not None
    assert (second.category, second.item_id, second.label) == (
        "glass",
        None,
        "a thing nobody has a name for",
    )


def test_unknown_means_no_candidates(fake_openai: FakeOpenAI, kb: KnowledgeBase) -> None:
    fake_openai.enqueue(answer("unknown", None))
    result = make(fake_openai, kb).classify(PHOTO)
    assert result.candidates == []
    assert result.raw_labels == [("unknown:", 0.82)]


def test_429_waits_what_retry_after_says(fake_openai: FakeOpenAI, kb: KnowledgeBase) -> None:
    waits = Waits()
    fake_openai.enqueue(Reply.rate_limited(retry_after=2), Reply.error(503), answer())
    result = make(fake_openai, kb, waits, backoff=0.25).classify(PHOTO)
    assert result.best is not None
    assert result.best.category == "glass"
    assert len(fake_openai.chat_requests()) == 3
    assert waits.seconds[0] == 2.0
    assert 0.125 <= waits.seconds[1] <= 0.5  # the 503 had no Retry-After: jittered backoff


def test_retry_after_ms_takes_precedence(fake_openai: FakeOpenAI, kb: KnowledgeBase) -> None:
    waits = Waits()
    limited = Reply.rate_limited(retry_after=9, headers={"retry-after-ms": "150"})
    fake_openai.enqueue(limited, answer())
    make(fake_openai, kb, waits).classify(PHOTO)
    assert waits.seconds == [0.15]


def test_retries_are_bounded(fake_openai: FakeOpenAI, kb: KnowledgeBase) -> None:
    waits = Waits()
    fake_openai.default = Reply.rate_limited(retry_after=0)
    with pytest.raises(VisionUnavailable, match="HTTP 429") as caught:
        make(fake_openai, kb, waits, max_retries=3).classify(PHOTO)
    assert caught.value.retryable
    assert caught.value.code == "vision_unavailable"
    assert len(fake_openai.chat_requests()) == 4
    assert waits.seconds == [0.0, 0.0, 0.0]


def test_retry_after_beyond_the_time_limit_fails_at_once(
    fake_openai: FakeOpenAI, kb: KnowledgeBase
) -> None:
    waits = Waits()
    fake_openai.enqueue(Reply.rate_limited(retry_after=60), answer())
    with pytest.raises(VisionUnavailable, match="wait too long"):
        make(fake_openai, kb, waits, timeout=5.0).classify(PHOTO)
    assert waits.seconds == []
    assert len(fake_openai.chat_requests()) == 1


def test_a_slow_answer_times_out_and_is_retried(fake_openai: FakeOpenAI, kb: KnowledgeBase) -> None:
    # The slow answer is held for a minute (the fake releases it when it stops).
    fake_openai.enqueue(Reply(content="", delay=60.0), answer())
    started = time.monotonic()
    result = make(fake_openai, kb, request_timeout=0.3, backoff=0.0).classify(PHOTO)
    assert result.best is not None
    # About 0.3 s; waiting out the slow answer would take 60 s. The bound sits far from
    # both, so a busy machine cannot decide it (4.3 s was seen under a load of 8 with a
    # 6 s answer and a 4 s bound).
    assert time.monotonic() - started < 30.0
    assert len(fake_openai.chat_requests()) == 2


def test_the_time_limit_bounds_the_whole_call(fake_openai: FakeOpenAI, kb: KnowledgeBase) -> None:
    fake_openai.default = Reply(content="", delay=60.0)
    started = time.monotonic()
    with pytest.raises(VisionUnavailable):
        make(fake_openai, kb, timeout=0.8, request_timeout=12.0, max_retries=5).classify(PHOTO)
    # About 0.8 s; six attempts of 12 s each would take 72 s. The bound sits far from both
    # (2.7 s was seen under a load of 11), so a busy machine cannot decide it.
    assert time.monotonic() - started < 30.0


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply.malformed(), "malformed response"),
        (Reply(content='{"category": "glass", "confidence": '), "did not answer with JSON"),
        (Reply(content="It looks like a glass bottle."), "did not answer with JSON"),
        (Reply.json(["glass"]), "not an object"),
        (Reply.json({"category": "glas", "confidence": 0.9}), "invalid at category"),
        (Reply.json({"category": "glass", "confidence": 7}), "invalid at confidence"),
        (Reply.json({"category": "glass"}), "invalid at confidence"),
        (Reply(content=None, refusal="I can't help with that."), "refused"),
        (Reply(content="   "), "empty answer"),
    ],
)
def test_malformed_answers_are_a_clear_error(
    fake_openai: FakeOpenAI, kb: KnowledgeBase, reply: Reply, message: str
) -> None:
    fake_openai.enqueue(reply)
    with pytest.raises(VisionResponseInvalid, match=message) as caught:
        make(fake_openai, kb).classify(PHOTO)
    assert caught.value.code == "vision_invalid_response"
    assert not caught.value.retryable
    assert len(fake_openai.chat_requests()) == 1  # not retried: the same request, the same answer


def test_a_json_fence_is_tolerated(fake_openai: FakeOpenAI, kb: KnowledgeBase) -> None:
    fake_openai.enqueue(
        Reply(content='```json\n{"category": "metal", "item": null, "confidence": 0.7}\n```')
    )
    result = make(fake_openai, kb).classify(PHOTO)
    assert result.best is not None
    assert result.best.category == "metal"


def test_wrong_key_is_a_config_error(fake_openai: FakeOpenAI, kb: KnowledgeBase) -> None:
    clf = OpenAIVisionClassifier(fake_openai.base_url, "fake-vision", kb, api_key="sk-wrong")
    with pytest.raises(VisionConfigError):
        clf.classify(PHOTO)
    assert len(fake_openai.chat_requests()) == 1


def test_unreachable_server_is_unavailable(kb: KnowledgeBase) -> None:
    with FakeOpenAI() as fake:
        url = fake.base_url
    clf = OpenAIVisionClassifier(url, "m", kb, timeout=2, max_retries=1, sleep=Waits())
    with pytest.raises(VisionUnavailable, match="connection error"):
        clf.classify(PHOTO)


def test_factory_reads_the_endpoint_from_settings(
    fake_openai: FakeOpenAI, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOECO_AI_CLASSIFIER", "openai")
    monkeypatch.setenv("ECOECO_AI_OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("ECOECO_AI_OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("ECOECO_AI_OPENAI_MODEL", "fake-vision")
    monkeypatch.setenv("ECOECO_AI_OPENAI_JSON_SCHEMA", "false")
    settings = AiSettings()
    assert settings.classifier is ClassifierKind.openai
    clf = build_classifier(settings, kb)
    fake_openai.enqueue(answer("paper", None))
    best = clf.classify(PHOTO).best
    assert best is not None
    assert best.category == "paper"
    assert fake_openai.chat_requests()[0].json["response_format"] == {"type": "json_object"}
