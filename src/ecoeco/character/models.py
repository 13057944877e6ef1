"""Tables of the character schema."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ecoeco.core.db import Base, new_id, utcnow

SCHEMA = "character"


class Collector(Base):
    """A person as this service knows them: the row every event for them locks first.

    Keyed by the person's pseudonym (a keyed hash of the account id), never the id: after
    account deletion only that and `erased_at` remain, so late events for the account are
    recognised and ignored instead of bringing its data back.
    """

    __tablename__ = "collectors"
    __table_args__ = {"schema": SCHEMA}

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_event_at: Mapped[datetime] = mapped_column(default=utcnow)
    erased_at: Mapped[datetime | None] = mapped_column()


class Ownership(Base):
    """A character a person owns; unique per (user, character), so it is granted once."""

    __tablename__ = "ownerships"
    __table_args__ = (UniqueConstraint("user_id", "character_code"), {"schema": SCHEMA})

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(String(32))
    character_code: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(20))
    scan_id: Mapped[str | None] = mapped_column(String(64))
    acquired_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScanReward(Base):
    """The points ledger: one row per rewarded scan, keyed by scan id, so points add once."""

    __tablename__ = "scan_rewards"
    __table_args__ = {"schema": SCHEMA}

    scan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    category: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    points: Mapped[int] = mapped_column(Integer, default=0)
    character_code: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DailyTally(Base):
    """Correct scans per person, category and local day: what the daily cap counts."""

    __tablename__ = "daily_tallies"
    __table_args__ = {"schema": SCHEMA}

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    scans: Mapped[int] = mapped_column(Integer, default=0)
