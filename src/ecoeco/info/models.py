"""Tables of the info schema: news articles, feed fetch state, and tips."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ecoeco.core.db import Base, new_id, utcnow

SCHEMA = "info"


class Article(Base):
    """A news article collected from a feed; `url` is its canonical address."""

    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_published_at_id", "published_at", "id"),
        Index("ix_articles_category_published_at_id", "category", "published_at", "id"),
        {"schema": SCHEMA},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    source: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime]
    summary: Mapped[str] = mapped_column(Text, default="")
    image: Mapped[str | None] = mapped_column(String(2048))
    category: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedState(Base):
    """What the last fetch of a feed returned, for conditional GET."""

    __tablename__ = "feed_states"
    __table_args__ = {"schema": SCHEMA}

    feed_url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)


class Tip(Base):
    """A disposal tip written by an admin; only published tips are listed."""

    __tablename__ = "tips"
    __table_args__ = (
        Index("ix_tips_published_created_at_id", "published", "created_at", "id"),
        {"schema": SCHEMA},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(32))
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    author_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
