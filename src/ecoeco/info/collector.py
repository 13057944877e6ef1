"""The news collector: every configured feed, concurrently; one broken feed stops no other."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Literal

import httpx
from sqlalchemy import select

from ecoeco import __version__
from ecoeco.core.cache import Cache
from ecoeco.core.db import Database, utcnow
from ecoeco.core.egress import public_client
from ecoeco.core.observability import metrics
from ecoeco.core.schedule import raise_if_cancelled
from ecoeco.info.feeds import FeedError, Validators, fetch, parse
from ecoeco.info.models import FeedState
from ecoeco.info.news import bump_news_version
from ecoeco.info.repository import ArticleRepository, FeedStateRepository
from ecoeco.info.settings import FeedSource, InfoSettings

log = logging.getLogger(__name__)

FetchResult = Literal["ok", "not_modified", "error"]
LOCK_KEY = "info:news:collect-lock"


@dataclass(frozen=True)
class FeedOutcome:
    """What one feed gave in a run."""

    feed: str
    result: FetchResult
    new_articles: int = 0
    error: str | None = None


@dataclass
class CollectionReport:
    """The outcome of one collection run over every configured feed."""

    feeds: list[FeedOutcome] = field(default_factory=list)

    @property
    def new_articles(self) -> int:
        """Articles stored for the first time in this run."""
        return sum(f.new_articles for f in self.feeds)


async def _known_validators(db: Database, feeds: list[FeedSource]) -> dict[str, Validators]:
    urls = [str(f.url) for f in feeds]
    async with db.session() as session:
        rows = await session.execute(select(FeedState).where(FeedState.feed_url.in_(urls)))
        return {s.feed_url: Validators(s.etag, s.last_modified) for s in rows.scalars()}


async def _collect_one(
    db: Database,
    client: httpx.AsyncClient,
    feed: FeedSource,
    known: Validators,
    settings: InfoSettings,
) -> FeedOutcome:
    """Fetch, parse and store one feed; failures become an `error` outcome, logged."""
    try:
        fetched = await fetch(client, feed, known, settings.max_feed_bytes)
        if fetched.not_modified:
            return FeedOutcome(feed.name, "not_modified")
        rows = await asyncio.to_thread(parse, feed, fetched.body, fetched.content_type)
        async with db.transaction() as session:
            new = await ArticleRepository(session).insert_new(rows)
            await FeedStateRepository(session).remember(
                str(feed.url), fetched.validators.etag, fetched.validators.last_modified, utcnow()
            )
        return FeedOutcome(feed.name, "ok", new)
    except FeedError as exc:
        log.warning(
            "news feed %s failed: %s",
            feed.name,
            exc,
            extra={"feed": feed.name, "url": str(feed.url)},
        )
        return FeedOutcome(feed.name, "error", error=str(exc))
    except Exception as exc:
        log.exception("news feed %s failed unexpectedly", feed.name, extra={"feed": feed.name})
        return FeedOutcome(feed.name, "error", error=repr(exc))


def feed_client(settings: InfoSettings) -> httpx.AsyncClient:
    """The client that fetches feeds: public addresses only (plus the allowed networks)."""
    return public_client(
        allowed_networks=settings.feed_allowed_networks,
        timeout=settings.fetch_timeout_seconds,
        headers={"User-Agent": f"ecoeco-news/{__version__}"},
    )


async def collect_news(
    db: Database,
    cache: Cache,
    settings: InfoSettings,
    client: httpx.AsyncClient | None = None,
) -> CollectionReport:
    """One collection run over every configured feed; new articles invalidate the news cache."""
    if not settings.feeds:
        return CollectionReport()
    known = await _known_validators(db, settings.feeds)
    owned = client is None
    http = client or feed_client(settings)
    try:
        outcomes = await asyncio.gather(
            *(
                _collect_one(db, http, f, known.get(str(f.url), Validators()), settings)
                for f in settings.feeds
            )
        )
    finally:
        if owned:
            await http.aclose()
    for outcome in outcomes:
        metrics.NEWS_FETCH.labels(outcome.feed, outcome.result).inc()
    report = CollectionReport(list(outcomes))
    if report.new_articles:
        try:
            await bump_news_version(cache)
        except Exception:
            log.exception("news cache not invalidated; cached pages expire on their own")
    log.info(
        "news collected: %d new articles from %d feeds",
        report.new_articles,
        len(outcomes),
        extra={"results": {o.feed: o.result for o in outcomes}},
    )
    return report


async def collect_news_forever(
    db: Database, cache: Cache, settings: InfoSettings, client: httpx.AsyncClient | None = None
) -> None:
    """The scheduled job: collect every interval; across replicas one run per interval.

    `client` (the process's pooled feed client) keeps connections to the feeds between runs.
    """
    if not settings.feeds:
        log.info("no news feeds configured; the collector is idle")
        return
    interval = settings.collect_interval_seconds
    while True:
        try:
            if await cache.add(LOCK_KEY, b"1", ttl=interval * 0.9):
                await collect_news(db, cache, settings, client)
        except Exception:
            raise_if_cancelled()
            log.exception("news collection run failed")
        await asyncio.sleep(interval)
