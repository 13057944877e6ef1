"""The fake OpenAI server speaks the real protocol: JSON completions, SSE streams, errors."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.fakes.openai_server import FakeOpenAI, Reply

CHAT = {"model": "m", "messages": [{"role": "user", "content": "안녕"}]}


def events(response: httpx.Response) -> list[str]:
    """The `data:` payloads of a server-sent event stream."""
    return [line[6:] for line in response.iter_lines() if line.startswith("data: ")]


def test_completion_object(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(Reply("페트병은 라벨을 떼고 버려요."))
    with httpx.Client(base_url=fake_openai.base_url) as client:
        response = client.post(
            "/chat/completions", json=CHAT, headers={"Authorization": "Bearer sk-test"}
        )
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "chat.completion"
    assert body["choices"][0]["message"] == {
        "role": "assistant",
        "content": "페트병은 라벨을 떼고 버려요.",
        "refusal": None,
    }
    assert body["choices"][0]["finish_reason"] == "stop"
    assert body["usage"]["total_tokens"] > 0
    assert fake_openai.requests[0].json == CHAT


def test_stream_is_chunks_then_usage_then_done(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(Reply("Rinse the bottle and remove the label."))
    body = {**CHAT, "stream": True, "stream_options": {"include_usage": True}}
    with (
        httpx.Client(base_url=fake_openai.base_url) as client,
        client.stream(
            "POST", "/chat/completions", json=body, headers={"Authorization": "Bearer sk-test"}
        ) as response,
    ):
        assert response.headers["content-type"] == "text/event-stream"
        data = events(response)
    assert data[-1] == "[DONE]"
    chunks = [json.loads(d) for d in data[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert text == "Rinse the bottle and remove the label."
    assert len([c for c in chunks if c["choices"] and c["choices"][0]["delta"]]) > 5
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"]["completion_tokens"] == 7


def test_cut_stream_has_no_done(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(Reply("one two three four five six", cut_stream=True))
    with (
        httpx.Client(base_url=fake_openai.base_url) as client,
        client.stream(
            "POST",
            "/chat/completions",
            json={**CHAT, "stream": True},
            headers={"Authorization": "Bearer sk-test"},
        ) as response,
    ):
        data = events(response)
    assert "[DONE]" not in data
    assert all(json.loads(d)["choices"][0]["finish_reason"] is None for d in data)


@pytest.mark.parametrize(
    ("reply", "status", "header"),
    [
        (Reply.rate_limited(retry_after=3), 429, "3"),
        (Reply.error(503), 503, None),
    ],
)
def test_errors_use_openai_error_bodies(
    fake_openai: FakeOpenAI, reply: Reply, status: int, header: str | None
) -> None:
    fake_openai.enqueue(reply)
    with httpx.Client(base_url=fake_openai.base_url) as client:
        response = client.post(
            "/chat/completions", json=CHAT, headers={"Authorization": "Bearer sk-test"}
        )
    assert response.status_code == status
    assert response.headers.get("retry-after") == header
    assert "message" in response.json()["error"]


def test_key_models_and_default_responder(fake_openai: FakeOpenAI) -> None:
    fake_openai.default = lambda body: Reply(body["messages"][-1]["content"].upper())
    with httpx.Client(base_url=fake_openai.base_url) as client:
        assert client.post("/chat/completions", json=CHAT).status_code == 401
        auth = {"Authorization": "Bearer sk-test"}
        models = client.get("/models", headers=auth).json()
        assert models["data"][0]["id"] == "fake-vision"
        message = {"model": "m", "messages": [{"role": "user", "content": "echo"}]}
        echoed = client.post("/chat/completions", json=message, headers=auth).json()
        assert echoed["choices"][0]["message"]["content"] == "ECHO"
        assert client.post("/chat/completions", content=b"{", headers=auth).status_code == 400


def test_delay_is_seen_as_a_timeout(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(Reply("late", delay=2.0))
    with (
        httpx.Client(base_url=fake_openai.base_url, timeout=0.2) as client,
        pytest.raises(httpx.ReadTimeout),
    ):
        client.post("/chat/completions", json=CHAT, headers={"Authorization": "Bearer sk-test"})
