"""Tables of the users schema."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ecoeco.core.db import Base, utcnow

SCHEMA = "users"


class Profile(Base):
    """What a person shows of themselves in the app, and how they want to be notified."""

    __tablename__ = "profiles"
    __table_args__ = {"schema": SCHEMA}

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(320))
    nickname: Mapped[str | None] = mapped_column(String(40), unique=True)
    nickname_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    profile_image_key: Mapped[str | None] = mapped_column(String(512))
    notify_scan_results: Mapped[bool] = mapped_column(default=True)
    notify_news: Mapped[bool] = mapped_column(default=True)
    notify_marketing: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PointBalance(Base):
    """Points a person has earned, fed by `character.granted`."""

    __tablename__ = "point_balances"
    __table_args__ = {"schema": SCHEMA}

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    points: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ScanTally(Base):
    """One completed scan as the stats see it: its category and the day (KST) it happened."""

    __tablename__ = "scan_tallies"
    __table_args__ = (
        Index("ix_scan_tallies_user_id_day", "user_id", "day"),
        {"schema": SCHEMA},
    )

    scan_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
