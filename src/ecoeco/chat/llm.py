"""An optional OpenAI-compatible chat endpoint that rewrites answers from the guide only."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator

import httpx

from ecoeco.core.http import HttpClients

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You are EcoEco, a friendly assistant for household waste disposal in Korea. "
    "Rewrite the draft answer so it reads naturally, in the language of the question. "
    "Use only the facts in the guide and the draft; add no rule, place or number of your own. "
    "Keep the category name exactly as given. Be brief."
)


class LLMUnavailable(Exception):
    """The endpoint failed, timed out or answered nothing."""


class ChatLLM:
    """Streams a rewrite of a drafted answer from `/chat/completions`."""

    def __init__(
        self,
        base_url: str,
        model: str,
        http: HttpClients,
        *,
        api_key: str | None,
        timeout: float,
        first_token_timeout: float,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.http = http  # the process's pooled clients: the endpoint's connections stay open
        self.api_key = api_key
        self.timeout = timeout
        self.first_token_timeout = first_token_timeout

    def _messages(self, question: str, guide: str, draft: str) -> list[dict[str, str]]:
        user = f"Question:\n{question}\n\nGuide:\n{guide}\n\nDraft answer:\n{draft}"
        return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]

    async def rewrite(self, question: str, guide: str, draft: str) -> AsyncIterator[str]:
        """Yield pieces of the rewritten answer; raise `LLMUnavailable` on any failure."""
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {
            "model": self.model,
            "stream": True,
            "temperature": 0.2,
            "messages": self._messages(question, guide, draft),
        }
        timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, 3.0))
        produced = finished = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            url = f"{self.base_url}/chat/completions"
            client = self.http.for_url(url)
            request = client.build_request("POST", url, json=body, headers=headers, timeout=timeout)
            response = await asyncio.wait_for(
                client.send(request, stream=True), self.first_token_timeout
            )
            try:
                if response.status_code != 200:
                    raise LLMUnavailable(f"status {response.status_code}")
                lines = response.aiter_lines()
                while True:
                    wait = deadline - loop.time()
                    if not produced:
                        wait = min(wait, self.first_token_timeout)
                    if wait <= 0:
                        raise TimeoutError
                    try:
                        line = await asyncio.wait_for(anext(lines), wait)
                    except StopAsyncIteration:
                        break
                    piece = _delta(line)
                    if piece is None:
                        finished = True
                        # Read to the end of the body so the pooled connection is reused.
                        await _drain(lines, max(deadline - loop.time(), 0.1))
                        break
                    if piece:
                        produced = True
                        yield piece
            finally:
                await response.aclose()
        except (httpx.HTTPError, TimeoutError) as exc:
            log.warning("llm rewrite failed", extra={"error": type(exc).__name__})
            raise LLMUnavailable(type(exc).__name__) from None
        if not produced or not finished:
            raise LLMUnavailable("empty or cut-off answer")


async def _drain(lines: AsyncIterator[str], wait: float) -> None:
    """Read what follows the end marker; if that fails, the connection is just not reused."""

    async def read_all() -> None:
        async for _ in lines:
            pass

    with contextlib.suppress(httpx.HTTPError, TimeoutError):
        await asyncio.wait_for(read_all(), wait)


def _delta(line: str) -> str | None:
    """The text in one server-sent line: '' for none, None at the end of the stream."""
    line = line.strip()
    if not line.startswith("data:"):
        return ""
    data = line[5:].strip()
    if data == "[DONE]":
        return None
    try:
        chunk = json.loads(data)
        content = chunk["choices"][0].get("delta", {}).get("content")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return ""
    return content if isinstance(content, str) else ""
