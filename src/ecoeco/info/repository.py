"""SQL of the info service: articles, feed fetch state and tips."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.db import Repository, newest_first
from ecoeco.info.models import Article, FeedState, Tip

SortKey = tuple[datetime, str]


def _insert(session: AsyncSession) -> Any:
    """The dialect's INSERT, which has ON CONFLICT (SQLite and PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert


class ArticleRepository(Repository[Article]):
    """News articles, newest first by (published_at, id)."""

    model = Article

    async def page(self, category: str | None, after: SortKey | None, limit: int) -> list[Article]:
        """Up to `limit` articles strictly older than the cursor key, newest first."""
        stmt = select(Article)
        if category is not None:
            stmt = stmt.where(Article.category == category)
        return await self.all(newest_first(stmt, Article.published_at, Article.id, after, limit))

    async def insert_new(self, rows: Sequence[dict[str, Any]]) -> int:
        """Insert articles whose URL is not stored yet; returns how many were new."""
        if not rows:
            return 0
        insert = _insert(self.session)
        inserted = 0
        # A fixed order means concurrent runs wait on each other instead of deadlocking.
        for row in sorted(rows, key=lambda r: str(r["url"])):
            stmt = insert(Article).values(**row).on_conflict_do_nothing(index_elements=["url"])
            result = await self.session.execute(stmt.returning(Article.id))
            inserted += len(result.all())
        return inserted


class FeedStateRepository(Repository[FeedState]):
    """Validators (ETag, Last-Modified) of each feed's last successful fetch."""

    model = FeedState

    async def remember(
        self, feed_url: str, etag: str | None, last_modified: str | None, at: datetime
    ) -> None:
        """Store the validators a feed answered with (an upsert: replicas may race)."""
        values = {"etag": etag, "last_modified": last_modified, "fetched_at": at}
        stmt = _insert(self.session)(FeedState).values(feed_url=feed_url, **values)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["feed_url"], set_=values)
        )


class TipRepository(Repository[Tip]):
    """Tips, newest first by (created_at, id)."""

    model = Tip

    async def page(self, after: SortKey | None, limit: int, *, everything: bool) -> list[Tip]:
        """Up to `limit` tips older than the cursor key; unpublished ones only if `everything`."""
        stmt = select(Tip)
        if not everything:
            stmt = stmt.where(Tip.published.is_(True))
        return await self.all(newest_first(stmt, Tip.created_at, Tip.id, after, limit))

    async def forget_author(self, author_id: str, placeholder: str) -> int:
        """Replace an author's id on their tips (the tips stay); returns how many."""
        stmt = update(Tip).where(Tip.author_id == author_id).values(author_id=placeholder)
        result = await self.session.execute(stmt)
        return int(getattr(result, "rowcount", 0) or 0)
