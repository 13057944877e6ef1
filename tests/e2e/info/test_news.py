"""News: collection from local feeds, exactly-once storage, stable pages, cache invalidation."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from prometheus_client import REGISTRY

from ecoeco.info.collector import collect_news
from ecoeco.info.settings import FeedSource, InfoSettings
from tests.conftest import AppFactory, RunningApp
from tests.e2e.info.conftest import BASE_TIME, Document, Entry, FeedServer, entries, rss

NEWS = "/api/v1/info/news"


def fetches(feed: str, result: str) -> float:
    value = REGISTRY.get_sample_value("ecoeco_news_fetch_total", {"feed": feed, "result": result})
    return value or 0.0


def cache_count(result: str) -> float:
    value = REGISTRY.get_sample_value(
        "ecoeco_cache_requests_total", {"cache": "info-news", "result": result}
    )
    return value or 0.0


async def all_news(running: RunningApp, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await running.client.get(NEWS, params=query)
        assert response.status_code == 200, response.text
        page = response.json()
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return items


def standard_feeds(server: FeedServer, tag: str) -> InfoSettings:
    last_modified = "Thu, 26 Nov 2026 08:00:00 GMT"
    feeds = [
        FeedSource(
            url=server.serve_fixture("/recycling.xml", "recycling.rss.xml", "application/rss+xml"),
            name=f"recycling-{tag}",
            category="recycling",
        ),
        FeedSource(
            url=server.serve_fixture(
                "/policy.xml",
                "policy.atom.xml",
                "application/atom+xml",
                etag=False,
                last_modified=last_modified,
            ),
            name=f"policy-{tag}",
            category="policy",
        ),
        FeedSource(
            url=server.serve_fixture("/malformed.xml", "malformed.xml", "application/rss+xml"),
            name=f"malformed-{tag}",
        ),
        FeedSource(url=server.url("/missing.xml"), name=f"missing-{tag}"),
    ]
    return InfoSettings(feeds=feeds, fetch_timeout_seconds=2)


async def test_collection_stores_new_articles_exactly_once(
    app_factory: AppFactory, feed_server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    tag = feed_server.base.rsplit(":", 1)[1]
    settings = standard_feeds(feed_server, tag)
    malformed_before = fetches(f"malformed-{tag}", "error")
    async with app_factory(["info"]) as running:
        with caplog.at_level(logging.WARNING, logger="ecoeco.info.collector"):
            first = await collect_news(running.container.db, running.container.cache, settings)
        results = {o.feed.split("-")[0]: (o.result, o.new_articles) for o in first.feeds}
        assert results == {
            "recycling": ("ok", 3),
            "policy": ("ok", 2),
            "malformed": ("error", 0),
            "missing": ("error", 0),
        }
        assert fetches(f"malformed-{tag}", "error") == malformed_before + 1
        assert fetches(f"recycling-{tag}", "ok") == 1
        assert any(
            "malformed" in r.getMessage() and getattr(r, "feed", "") == f"malformed-{tag}"
            for r in caplog.records
        )

        news = await all_news(running)
        assert len(news) == 5
        urls = [a["url"] for a in news]
        assert len(set(urls)) == 5
        assert "https://news.example.org/articles/pet-bottles" in urls
        assert "https://news.example.org/articles/ice-packs" in urls
        assert "https://policy.example.net/notes/rfid-bins" in urls
        stamps = [a["published_at"] for a in news]
        assert stamps == sorted(stamps, reverse=True)
        pet = next(a for a in news if a["url"].endswith("pet-bottles"))
        assert pet["source"] == f"recycling-{tag}"
        assert pet["category"] == "recycling"
        assert pet["image"] == "https://img.example.org/pet.jpg"
        assert pet["summary"] == "라벨을 떼고 찌그러뜨려 뚜껑을 닫아 배출합니다."
        assert pet["published_at"].startswith("2026-11-25T00:00:00")
        ice = next(a for a in news if a["url"].endswith("ice-packs"))
        assert ice["image"] == "https://img.example.org/ice.png"

        second = await collect_news(running.container.db, running.container.cache, settings)
        results = {o.feed.split("-")[0]: (o.result, o.new_articles) for o in second.feeds}
        assert results["recycling"] == ("not_modified", 0)
        assert results["policy"] == ("not_modified", 0)
        assert results["malformed"] == ("error", 0)
        assert second.new_articles == 0
        assert feed_server.seen("/recycling.xml")[-1]["if-none-match"].startswith('"')
        assert feed_server.seen("/policy.xml")[-1]["if-modified-since"].endswith("GMT")
        assert fetches(f"recycling-{tag}", "not_modified") == 1
        assert len(await all_news(running)) == 5

        doc = feed_server.documents["/recycling.xml"]
        extra = (
            "<item><title>새 기사</title><link>https://news.example.org/articles/new/</link>"
            "<pubDate>Thu, 26 Nov 2026 20:00:00 +0900</pubDate></item>"
        )
        doc.body = doc.body.replace(b"</channel>", extra.encode() + b"</channel>")
        third = await collect_news(running.container.db, running.container.cache, settings)
        assert third.new_articles == 1
        news = await all_news(running)
        assert len(news) == 6
        assert news[0]["url"] == "https://news.example.org/articles/new"


async def test_pages_never_repeat_or_skip_while_articles_arrive(
    app_factory: AppFactory, feed_server: FeedServer
) -> None:
    path = "/stream.xml"
    original = entries(23, start=BASE_TIME, prefix="old")
    feed_server.documents[path] = Document(rss(original))
    settings = InfoSettings(feeds=[FeedSource(url=feed_server.url(path), name="stream")])
    async with app_factory(["info"]) as running:
        assert (
            await collect_news(running.container.db, running.container.cache, settings)
        ).new_articles == 23
        seen: list[str] = []
        cursor = None
        arrivals: list[Entry] = []
        for page_number in range(20):
            params: dict[str, Any] = {"limit": 4, **({"cursor": cursor} if cursor else {})}
            page = (await running.client.get(NEWS, params=params)).json()
            seen.extend(a["title"] for a in page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
            # New articles land between pages: newer ones, and one dated inside the window.
            arrivals.append(
                Entry(
                    f"new-{page_number}", f"new 기사 {page_number}", BASE_TIME + timedelta(hours=1)
                )
            )
            arrivals.append(
                Entry(f"late-{page_number}", f"late {page_number}", BASE_TIME - timedelta(days=30))
            )
            feed_server.documents[path] = Document(rss(arrivals + original))
            assert (
                await collect_news(running.container.db, running.container.cache, settings)
            ).new_articles == 2
        assert cursor is None
        assert len(seen) == len(set(seen)), "an article was repeated"
        assert {e.title for e in original} <= set(seen), "an article was skipped"
        assert not any(t.startswith("new ") for t in seen)
        total = await all_news(running, limit=100)
        assert len(total) == 23 + len(arrivals)


async def test_news_cache_hits_and_is_invalidated_by_new_articles(
    app_factory: AppFactory, feed_server: FeedServer
) -> None:
    path = "/cached.xml"
    feed_server.documents[path] = Document(rss(entries(3, start=BASE_TIME, prefix="c")))
    settings = InfoSettings(feeds=[FeedSource(url=feed_server.url(path), name="cached")])
    async with app_factory(["info"]) as running:
        await collect_news(running.container.db, running.container.cache, settings)
        hits = cache_count("hit")
        first = (await running.client.get(NEWS)).json()
        again = (await running.client.get(NEWS)).json()
        assert again == first
        assert cache_count("hit") == hits + 1
        fresh = Entry("c-new", "방금 들어온 기사", BASE_TIME + timedelta(minutes=5))
        feed_server.documents[path] = Document(
            rss([fresh, *entries(3, start=BASE_TIME, prefix="c")])
        )
        assert (
            await collect_news(running.container.db, running.container.cache, settings)
        ).new_articles == 1
        after = (await running.client.get(NEWS)).json()
        assert after["items"][0]["title"] == "방금 들어온 기사"
        assert len(after["items"]) == 4


async def test_news_category_filter_and_input_errors(
    app_factory: AppFactory, feed_server: FeedServer
) -> None:
    tag = feed_server.base.rsplit(":", 1)[1]
    settings = standard_feeds(feed_server, tag)
    async with app_factory(["info"]) as running:
        await collect_news(running.container.db, running.container.cache, settings)
        policy = await all_news(running, category="policy", limit=1)
        assert [a["category"] for a in policy] == ["policy", "policy"]
        assert await all_news(running, category="nothing_here") == []
        client = running.client
        for params, status in [
            ({"category": "Bad-Category"}, 422),
            ({"limit": 0}, 422),
            ({"limit": 101}, 422),
            ({"cursor": "not-a-cursor"}, 400),
            ({"cursor": "WyJ4IiwieSJd"}, 400),
        ]:
            response = await client.get(NEWS, params=params)
            assert response.status_code == status, (params, response.text)
            assert response.json()["error"]["code"]


async def test_hanging_and_oversized_feeds_fail_alone(
    app_factory: AppFactory, feed_server: FeedServer
) -> None:
    feed_server.documents["/big.xml"] = Document(rss(entries(200, start=BASE_TIME, prefix="big")))
    feed_server.documents["/good.xml"] = Document(rss(entries(2, start=BASE_TIME, prefix="ok")))
    settings = InfoSettings(
        feeds=[
            FeedSource(url=feed_server.url("/hang.xml"), name="hang"),
            FeedSource(url=feed_server.url("/big.xml"), name="big"),
            FeedSource(url=feed_server.url("/good.xml"), name="good"),
        ],
        fetch_timeout_seconds=0.3,
        max_feed_bytes=4096,
    )
    async with app_factory(["info"]) as running:
        report = await collect_news(running.container.db, running.container.cache, settings)
        outcomes = {o.feed: o for o in report.feeds}
        assert outcomes["hang"].result == "error"
        assert "Timeout" in (outcomes["hang"].error or "")
        assert outcomes["big"].result == "error"
        assert "larger than" in (outcomes["big"].error or "")
        assert (outcomes["good"].result, outcomes["good"].new_articles) == ("ok", 2)
        assert len(await all_news(running)) == 2


class UnreachableCache:
    """A cache whose server is down: every operation fails."""

    async def _down(self, *_args: object, **_kwargs: object) -> Any:
        raise ConnectionError("cache unreachable")

    get = set = set_many = add = pop = delete = incr = incr_until = ping = _down


async def test_news_survives_a_cache_outage(
    app_factory: AppFactory, feed_server: FeedServer
) -> None:
    feed_server.documents["/outage.xml"] = Document(rss(entries(3, start=BASE_TIME, prefix="o")))
    settings = InfoSettings(feeds=[FeedSource(url=feed_server.url("/outage.xml"), name="outage")])
    async with app_factory(["info"], cache=UnreachableCache()) as running:
        assert (
            await collect_news(running.container.db, running.container.cache, settings)
        ).new_articles == 3
        response = await running.client.get(NEWS)
        assert response.status_code == 200, response.text
        assert len(response.json()["items"]) == 3
