"""Reading news: cursor pages served cache-aside, invalidated when new articles land."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.cache import Cache, CacheAside
from ecoeco.core.pagination import Page, decode_time_cursor, encode_cursor
from ecoeco.info.repository import ArticleRepository, SortKey
from ecoeco.info.schemas import ArticleOut

log = logging.getLogger(__name__)

CACHE_NAME = "info-news"
VERSION_KEY = "info:news:version"
_VERSION_TTL = 90 * 24 * 3600.0


def sort_key(cursor: str | None) -> SortKey | None:
    """The (published_at, id) key an opaque cursor carries; a tampered one is a 400."""
    return decode_time_cursor(cursor)


async def news_version(cache: Cache) -> str:
    """The generation of the news cache; bumped whenever articles are added."""
    value = await cache.get(VERSION_KEY)
    return value.decode() if value else "0"


async def bump_news_version(cache: Cache) -> None:
    """Make every cached news page stale (called after new articles are committed)."""
    await cache.incr(VERSION_KEY, _VERSION_TTL)


async def list_news(
    session: AsyncSession,
    cache: Cache,
    *,
    category: str | None,
    cursor: str | None,
    limit: int,
    ttl: float,
) -> Page[ArticleOut]:
    """One page of news, newest first, from the cache when this generation has it."""
    after = sort_key(cursor)
    aside = CacheAside(cache, CACHE_NAME)
    key: str | None = None
    try:
        key = f"{await news_version(cache)}:{category or '*'}:{cursor or ''}:{limit}"
        cached = await aside.get(key)
    except Exception:
        # Cache-aside: a cache outage slows reads down, it does not fail them.
        log.warning("news cache unavailable; reading the database", exc_info=True)
        key, cached = None, None
    if cached is not None:
        return Page[ArticleOut].model_validate_json(cached)
    rows = await ArticleRepository(session).page(category, after, limit + 1)
    items = [ArticleOut.model_validate(r) for r in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor(last.published_at.isoformat(), last.id)
    page = Page[ArticleOut](items=items, next_cursor=next_cursor)
    if key is not None:
        try:
            await aside.set(key, page.model_dump_json().encode(), ttl)
        except Exception:
            log.warning("news page not cached", exc_info=True)
    return page
