"""Pieces of the chat service that need no database: intents, wording, chunks, clients."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import numpy as np
import pytest
from fastapi import FastAPI, Request

from ecoeco.chat.assistant import chunks
from ecoeco.chat.compose import language_of
from ecoeco.chat.intents import Intent, IntentClassifier
from ecoeco.core.internal import ServiceCallFailed, ServiceClient, ServiceLinks
from ecoeco.core.settings import CoreSettings
from ecoeco.knowledge import CachedEmbedder
from ecoeco.knowledge.embedding import FloatArray
from ecoeco.knowledge.korean import direction, topic


@pytest.mark.parametrize(
    ("text", "has_item", "intent"),
    [
        ("근처에 폐건전지 버릴 곳", True, Intent.nearby),
        ("where is the nearest battery drop-off point", True, Intent.nearby),
        ("내 캐릭터 보여줘", False, Intent.characters),
        ("what characters do I have", False, Intent.characters),
        ("포인트 얼마나 모았어?", False, Intent.points),
        ("안녕!", False, Intent.greeting),
        ("hi there", False, Intent.greeting),
        ("highlighter", True, Intent.disposal),
        ("도움말", False, Intent.help),
        ("이거 재활용 돼?", False, Intent.disposal),
        ("페트병", True, Intent.disposal),
        ("주식 추천해 줘", False, Intent.out_of_scope),
        ("tell me a joke", False, Intent.out_of_scope),
    ],
)
def test_intents(
    indexes: tuple[object, IntentClassifier, object], text: str, has_item: bool, intent: Intent
) -> None:
    classifier = indexes[1]
    assert classifier.classify(text, has_item=has_item).intent is intent


def test_an_image_is_an_image_question() -> None:
    assert IntentClassifier(None).classify("이거 뭐야", has_image=True).intent is Intent.image


def test_korean_particles_follow_the_last_syllable() -> None:
    assert topic("페트병") == "페트병은"
    assert topic("우유팩") == "우유팩은"
    assert topic("종이") == "종이는"
    assert direction("플라스틱류") == "플라스틱류로"
    assert direction("일반종량제") == "일반종량제로"
    assert direction("투명 페트병") == "투명 페트병으로"
    assert direction("**금속류**") == "**금속류**로"
    assert language_of("페트병 how") == "ko"
    assert language_of("a PET bottle") == "en"


def test_chunks_rebuild_the_text() -> None:
    text = "투명 페트병은 **무색페트병**으로 버리면 돼요.\n1. 라벨을 떼고 헹굽니다."
    pieces = chunks(text, 8)
    assert "".join(pieces) == text
    assert len(pieces) > 3


class CountingEmbedder:
    """Counts texts embedded; vectors from a hash so equal texts embed equally."""

    def __init__(self) -> None:
        self.seen = 0

    def embed(self, texts: list[str]) -> FloatArray:
        self.seen += len(texts)
        rows = [np.random.default_rng(abs(hash(t)) % 2**32).random(4) for t in texts]
        return np.asarray(rows, dtype=np.float32)


def test_cached_embedder_persists_index_vectors(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    first = CachedEmbedder(inner, tmp_path / "v.npz")
    vectors = first.embed(["a", "b", "a"])
    assert inner.seen == 2
    assert vectors.shape == (3, 4)
    first.embed(["query"])
    first.save()
    again = CachedEmbedder(inner, tmp_path / "v.npz")
    assert np.allclose(again.embed(["b", "a"]), vectors[[1, 0]])
    assert inner.seen == 3
    again.embed(["query"])
    assert inner.seen == 4  # queries are remembered in memory only


def test_a_new_data_version_reuses_the_vectors_of_unchanged_texts(tmp_path: Path) -> None:
    from ecoeco.knowledge import cache_file

    inner = CountingEmbedder()
    old = CachedEmbedder(inner, cache_file(tmp_path, "v1"))
    old.embed(["a", "b"])
    old.save()
    new = CachedEmbedder(inner, cache_file(tmp_path, "v2"))
    new.embed(["a", "b", "c"])
    assert inner.seen == 3  # only "c" is new
    new.save()
    assert cache_file(tmp_path, "v2").exists()


def _neighbour() -> FastAPI:
    app = FastAPI()

    @app.get("/api/v1/echo")
    async def echo(request: Request) -> dict[str, str | None]:
        return {"auth": request.headers.get("authorization")}

    @app.get("/api/v1/slow")
    async def slow() -> dict[str, str]:
        await asyncio.sleep(2)
        return {}

    @app.get("/api/v1/broken")
    async def broken() -> dict[str, str]:
        raise RuntimeError("boom")

    return app


async def test_service_client_calls_in_process_with_the_token(tmp_path: Path) -> None:
    links = ServiceLinks(CoreSettings(data_dir=tmp_path, env="test"))
    links.attach(_neighbour())
    client = ServiceClient(links, "users", timeout=0.3)
    echoed = await client.request("GET", "/api/v1/echo", token="abc")
    assert echoed.json() == {"auth": "Bearer abc"}
    assert (await client.request("GET", "/api/v1/nothing")).status_code == 404
    with pytest.raises(ServiceCallFailed, match="timed out"):
        await client.request("GET", "/api/v1/slow")
    with pytest.raises(ServiceCallFailed, match="500"):
        await client.request("GET", "/api/v1/broken")


async def test_service_client_uses_configured_urls(tmp_path: Path) -> None:
    settings = CoreSettings(
        data_dir=tmp_path, env="test", service_urls={"location": "http://127.0.0.1:9"}
    )
    links = ServiceLinks(settings)
    with pytest.raises(ServiceCallFailed, match="location"):
        await ServiceClient(links, "location", timeout=1).request("GET", "/api/v1/locations/nearby")
    with pytest.raises(ServiceCallFailed, match="no URL"):
        await ServiceClient(links, "scan").request("GET", "/api/v1/scan/x")


class GatedEmbedder(CountingEmbedder):
    """Embeds only once the test opens the gate (a cold index build that takes a while)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def embed(self, texts: list[str]) -> FloatArray:
        self.gate.wait(10)
        return super().embed(texts)


async def test_answers_never_wait_for_a_cold_index() -> None:
    from ecoeco.chat.assistant import Assistant, Turn
    from ecoeco.chat.retrieval import Retriever
    from ecoeco.knowledge import SemanticIndex, load_knowledge

    kb, embedder = load_knowledge(), GatedEmbedder()
    retriever, classifier = Retriever(kb, SemanticIndex(kb, embedder)), IntentClassifier(embedder)
    assistant = Assistant(kb, retriever, classifier, lookups=None)  # type: ignore[arg-type]
    answer = await asyncio.wait_for(assistant.answer(Turn("페트병 버리는 법", "", "k")), 2)
    assert answer.sources[0]["category"]["slug"] == "clear_pet"
    assert not assistant.ready
    assert embedder.seen == 0
    embedder.gate.set()
    deadline = asyncio.get_running_loop().time() + 20
    while not assistant.ready:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)
    assert embedder.seen > len(kb.items)
