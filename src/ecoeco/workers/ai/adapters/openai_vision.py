"""A classifier backed by an OpenAI-compatible vision chat endpoint (OpenAI, vLLM, Ollama ...)."""

from __future__ import annotations

import base64
import email.utils
import io
import logging
import random
import time
from collections.abc import Callable
from typing import Any

import httpx
from PIL import Image

from ecoeco.knowledge import ItemSearch, KnowledgeBase
from ecoeco.workers.ai.adapters.openai_schema import (
    UNKNOWN,
    Guess,
    parse_answer,
    response_format,
    system_prompt,
)
from ecoeco.workers.ai.ports import (
    Candidate,
    RGBImage,
    VisionConfigError,
    VisionError,
    VisionResponseInvalid,
    VisionResult,
    VisionUnavailable,
)

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
CONFIG_STATUSES = frozenset({401, 403, 404})


class OpenAIVisionClassifier:
    """Sends the photo as a data URL, asks for strict JSON, validates it against our slugs."""

    def __init__(
        self,
        base_url: str,
        model: str,
        knowledge: KnowledgeBase,
        *,
        api_key: str | None = None,
        timeout: float = 30.0,
        request_timeout: float = 20.0,
        max_retries: int = 2,
        backoff: float = 0.5,
        image_max_side: int = 768,
        json_schema: bool = True,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.name = f"openai:{model}"
        self._model = model
        self._kb = knowledge
        self._search = ItemSearch(knowledge)
        self._slugs = [c.slug for c in knowledge.categories]
        self._system = system_prompt(knowledge.categories)
        self._format = response_format(self._slugs, json_schema)
        self._timeout = timeout
        self._request_timeout = request_timeout
        self._max_retries = max_retries
        self._backoff = backoff
        self._image_max_side = image_max_side
        self._sleep = sleep
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, transport=transport
        )

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def classify(self, image: RGBImage, top_k: int = 5) -> VisionResult:
        """Ask the endpoint, validate its JSON, and rank the candidates it gives."""
        body = self._request_body(image)
        content = self._complete(body)
        answer = parse_answer(content, self._slugs)
        guesses = [answer, *answer.alternatives(self._slugs)]
        raw = [(f"{g.category}:{g.item or ''}", g.confidence) for g in guesses]
        merged: dict[tuple[str, str | None], Candidate] = {}
        for guess in guesses:
            if guess.category == UNKNOWN:
                continue  # the model could not place it: no candidate, never a guess of ours
            item_id = self._item_id(guess)
            key = (guess.category, item_id)
            if key not in merged or merged[key].score < guess.confidence:
                merged[key] = Candidate(guess.category, guess.confidence, item_id, guess.item)
        candidates = sorted(merged.values(), key=lambda c: -c.score)[:top_k]
        return VisionResult(self.name, candidates, raw[:top_k])

    def _request_body(self, image: RGBImage) -> dict[str, Any]:
        """A chat-completions request with the photo as a JPEG data URL."""
        return {
            "model": self._model,
            "temperature": 0,
            "max_tokens": 300,
            "response_format": self._format,
            "messages": [
                {"role": "system", "content": self._system},
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "What waste item is this, and its category?"},
                        {"type": "image_url", "image_url": {"url": self._data_url(image)}},
                    ],
                },
            ],
        }

    def _data_url(self, image: RGBImage) -> str:
        """The photo, scaled down to the configured side, as a base64 JPEG data URL."""
        pil = Image.fromarray(image, "RGB")
        pil.thumbnail((self._image_max_side, self._image_max_side), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        pil.save(buffer, format="JPEG", quality=85)
        return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")

    def _complete(self, body: dict[str, Any]) -> str:
        """POST /chat/completions within the time limit, retrying 429/5xx/timeouts."""
        deadline = time.monotonic() + self._timeout
        attempt = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise VisionUnavailable("the vision service did not answer in time")
            outcome = self._attempt(body, min(self._request_timeout, remaining))
            if isinstance(outcome, str):
                return outcome
            why, retry_after = outcome
            attempt += 1
            if attempt > self._max_retries:
                raise VisionUnavailable(f"the vision service is unavailable ({why})")
            wait = retry_after
            if wait is None:  # exponential backoff with jitter
                wait = self._backoff * 2 ** (attempt - 1) * (0.5 + random.random() / 2)
            if wait >= deadline - time.monotonic():
                raise VisionUnavailable(f"the vision service asked to wait too long ({why})")
            log.info("vision retry %d in %.2fs: %s", attempt, wait, why)
            self._sleep(wait)

    def _attempt(self, body: dict[str, Any], timeout: float) -> str | tuple[str, float | None]:
        """One request: the content, or (reason, Retry-After seconds if given) to retry."""
        try:
            response = self._client.post("/chat/completions", json=body, timeout=timeout)
        except httpx.TimeoutException:
            return "timeout", None
        except httpx.TransportError as exc:
            return f"connection error: {type(exc).__name__}", None
        status = response.status_code
        if status in RETRY_STATUSES:
            return f"HTTP {status}", _retry_after(response.headers)
        if status in CONFIG_STATUSES:
            raise VisionConfigError(
                f"the vision service refused our credentials or model ({status})"
            )
        if status != 200:
            raise VisionError(f"the vision service rejected the request (HTTP {status})")
        return _content(response)

    def _item_id(self, guess: Guess) -> str | None:
        """Our item for the model's item name, only when the name is an exact or synonym match."""
        if not guess.item:
            return None
        if self._kb.has_item(guess.item):
            item = self._kb.item(guess.item)
        else:
            hits = self._search.search(guess.item, limit=3).hits
            exact = [h for h in hits if h.match in ("exact", "synonym")]
            if not exact:
                return None
            item = exact[0].item
        allowed = {item.category, *(c.category for c in item.conditions)}
        return item.id if guess.category in allowed else None


def _content(response: httpx.Response) -> str:
    """The assistant message content of a chat completion; anything else is invalid."""
    try:
        payload = response.json()
        message = payload["choices"][0]["message"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise VisionResponseInvalid("the vision service sent a malformed response") from exc
    if not isinstance(message, dict):
        raise VisionResponseInvalid("the vision service sent a malformed response")
    if message.get("refusal"):
        raise VisionResponseInvalid("the vision model refused to classify the photo")
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        raise VisionResponseInvalid("the vision model sent an empty answer")
    return content


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait from `retry-after-ms` or `Retry-After` (seconds or an HTTP date)."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
