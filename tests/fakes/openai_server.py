"""A local fake OpenAI-compatible server: chat completions (JSON and SSE), with scripted faults.

Usage:

    with FakeOpenAI(api_key="sk-test") as fake:
        fake.enqueue(Reply.rate_limited(retry_after=0), Reply.json({"category": "glass", ...}))
        client = httpx.Client(base_url=fake.base_url)  # http://127.0.0.1:PORT/v1
        ...
        fake.requests[-1].json  # what the client sent

Replies are served in the order they were queued; once the queue is empty, `default` answers
(a `Reply`, or a function of the request body returning one). With `"stream": true` in the
request, a 200 reply is sent as `chat.completion.chunk` server-sent events ending in
`data: [DONE]`, the content split into word-sized deltas.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

Responder = Callable[[dict[str, Any]], "Reply"]
_TOKENS = re.compile(r"\s*\S+|\s+")


@dataclass(frozen=True)
class Reply:
    """One scripted answer: content, or an HTTP error, or a raw body; optionally late."""

    content: str | None = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None  # raw response body (e.g. malformed JSON), sent as is
    delay: float = 0.0  # seconds before the response starts (exceed a client timeout)
    chunk_delay: float = 0.0  # seconds between streamed chunks
    finish_reason: str = "stop"
    refusal: str | None = None
    cut_stream: bool = False  # stop a stream halfway, without finish_reason or [DONE]

    @classmethod
    def json(cls, payload: Any, **kwargs: Any) -> Reply:
        """Assistant content that is the JSON encoding of `payload`."""
        return cls(content=json.dumps(payload, ensure_ascii=False), **kwargs)

    @classmethod
    def rate_limited(cls, retry_after: float | None = 1, **kwargs: Any) -> Reply:
        """429 with OpenAI's error body and, if given, a Retry-After header."""
        headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
        headers.update(kwargs.pop("headers", {}))
        return cls.error(
            429, "Rate limit reached", "rate_limit_exceeded", headers=headers, **kwargs
        )

    @classmethod
    def error(
        cls,
        status: int,
        message: str = "The server had an error",
        code: str = "server_error",
        **kwargs: Any,
    ) -> Reply:
        """An HTTP error with OpenAI's error body."""
        body = {"error": {"message": message, "type": code, "param": None, "code": code}}
        return cls(content=None, status=status, body=json.dumps(body).encode(), **kwargs)

    @classmethod
    def malformed(cls, body: bytes = b'{"id": "chatcmpl-x", "choices": [', **kwargs: Any) -> Reply:
        """A 200 whose body is not valid JSON."""
        return cls(content=None, body=body, **kwargs)


@dataclass(frozen=True)
class RecordedRequest:
    """A request the fake received."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any


class FakeOpenAI:
    """A threaded HTTP server on 127.0.0.1 speaking the chat-completions protocol."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        model: str = "fake-vision",
        default: Reply | Responder | None = None,
    ) -> None:
        self.api_key = api_key
        self.model = model
        self.default: Reply | Responder = default if default is not None else Reply("ok")
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """The URL clients use as their OpenAI base URL (ends in /v1)."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def enqueue(self, *replies: Reply) -> None:
        """Queue replies for the next requests, in order."""
        with self._lock:
            self._queue.extend(replies)

    def chat_requests(self) -> list[RecordedRequest]:
        """The chat-completions requests received so far."""
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def start(self) -> FakeOpenAI:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release delayed replies and stop serving."""
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _next(self, body: dict[str, Any]) -> Reply:
        """The queued reply, or the default one."""
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        return self.default(body) if callable(self.default) else self.default

    def _wait(self, seconds: float) -> None:
        """Sleep, but wake up at once when the server stops."""
        if seconds > 0:
            self._stopping.wait(seconds)


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one fake."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
            """Stay quiet."""

        def do_GET(self) -> None:
            """GET /v1/models lists the one model."""
            self._record(None)
            if not self._authorized():
                return
            if self.path.rstrip("/").endswith("/models"):
                data = [{"id": fake.model, "object": "model", "created": 0, "owned_by": "fake"}]
                self._send_json(200, {"object": "list", "data": data})
            else:
                self._send_json(404, {"error": {"message": "not found", "code": "not_found"}})

        def do_POST(self) -> None:
            """POST /v1/chat/completions answers with the next reply."""
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = None
            self._record(body)
            if not self._authorized():
                return
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send_json(404, {"error": {"message": "not found", "code": "not_found"}})
                return
            if not isinstance(body, dict) or "messages" not in body:
                self._send_json(400, {"error": {"message": "bad request", "code": "invalid"}})
                return
            reply = fake._next(body)
            fake._wait(reply.delay)
            try:
                if reply.body is not None or reply.status != 200:
                    self._send_raw(reply.status, reply.body or b"", reply.headers)
                elif body.get("stream"):
                    self._stream(body, reply)
                else:
                    self._send_json(200, _completion(body, reply, fake.model), reply.headers)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout): nothing to do

        def _record(self, body: Any) -> None:
            """Remember the request for assertions."""
            headers = {k.lower(): v for k, v in self.headers.items()}
            fake.requests.append(RecordedRequest(self.command, self.path, headers, body))

        def _authorized(self) -> bool:
            """Check the bearer key when the fake has one."""
            if (
                fake.api_key is None
                or self.headers.get("Authorization") == f"Bearer {fake.api_key}"
            ):
                return True
            message = {"message": "Incorrect API key provided", "code": "invalid_api_key"}
            self._send_json(401, {"error": message})
            return False

        def _send_json(
            self, status: int, payload: Any, headers: dict[str, str] | None = None
        ) -> None:
            """A JSON response."""
            extra = {"Content-Type": "application/json", **(headers or {})}
            self._send_raw(status, json.dumps(payload).encode(), extra)

        def _send_raw(self, status: int, data: bytes, headers: dict[str, str]) -> None:
            """A response with a body of known length."""
            self.send_response(status)
            headers = {"Content-Type": "application/json", **headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()

        def _stream(self, body: dict[str, Any], reply: Reply) -> None:
            """Server-sent events, one chat.completion.chunk per token, then [DONE]."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.close_connection = True
            ident, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())

            def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
                choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
                return {
                    "id": ident,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": body.get("model") or fake.model,
                    "choices": [choice],
                }

            tokens = _TOKENS.findall(reply.content or "")
            events = [chunk({"role": "assistant", "content": ""})]
            events += [chunk({"content": token}) for token in tokens]
            if reply.cut_stream:
                events = events[: max(1, len(events) // 2)]
            else:
                events.append(chunk({}, reply.finish_reason))
                if (body.get("stream_options") or {}).get("include_usage"):
                    usage = chunk({})
                    usage["choices"] = []
                    usage["usage"] = _usage(body, reply.content or "")
                    events.append(usage)
            for event in events:
                self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
                fake._wait(reply.chunk_delay)
            if not reply.cut_stream:
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

    return Handler


def _completion(body: dict[str, Any], reply: Reply, model: str) -> dict[str, Any]:
    """A chat.completion object."""
    message: dict[str, Any] = {"role": "assistant", "content": reply.content, "refusal": None}
    if reply.refusal is not None:
        message = {"role": "assistant", "content": None, "refusal": reply.refusal}
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or model,
        "choices": [
            {"index": 0, "message": message, "logprobs": None, "finish_reason": reply.finish_reason}
        ],
        "usage": _usage(body, reply.content or ""),
    }


def _usage(body: dict[str, Any], content: str) -> dict[str, int]:
    """Rough token counts: words in the prompt and in the answer."""
    prompt = len(json.dumps(body.get("messages", [])).split())
    completion = len(content.split())
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
