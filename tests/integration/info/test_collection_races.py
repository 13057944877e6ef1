"""Concurrent collectors (two replicas, one feed twice) still store each article once."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from ecoeco.info.collector import collect_news
from ecoeco.info.models import Article, FeedState
from ecoeco.info.settings import FeedSource, InfoSettings
from tests.conftest import AppFactory
from tests.e2e.info.conftest import BASE_TIME, Document, FeedServer, entries, rss


async def test_parallel_runs_store_each_article_once(
    app_factory: AppFactory, feed_server: FeedServer
) -> None:
    feed_server.documents["/a.xml"] = Document(rss(entries(30, start=BASE_TIME, prefix="x")))
    # The same articles under another feed URL, with tracking added to every link.
    mirrored = rss(entries(30, start=BASE_TIME, prefix="x")).replace(
        b"</link>", b"/?utm_source=m</link>"
    )
    feed_server.documents["/mirror.xml"] = Document(mirrored)
    settings = InfoSettings(
        feeds=[
            FeedSource(url=feed_server.url("/a.xml"), name="a"),
            FeedSource(url=feed_server.url("/mirror.xml"), name="mirror"),
        ]
    )
    async with app_factory(["info"]) as running:
        container = running.container
        reports = await asyncio.gather(
            *(collect_news(container.db, container.cache, settings) for _ in range(3))
        )
        assert sum(r.new_articles for r in reports) == 30
        async with container.db.session() as session:
            stored = await session.scalar(select(func.count()).select_from(Article))
            states = (await session.execute(select(FeedState.feed_url))).scalars().all()
        assert stored == 30
        assert sorted(states) == sorted([feed_server.url("/a.xml"), feed_server.url("/mirror.xml")])
