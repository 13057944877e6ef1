"""Tables of the location schema: places and their opening intervals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ecoeco.core.db import Base, new_id, utcnow

SCHEMA = "location"


class Place(Base):
    """A collection point or shop; on PostgreSQL the table also has a `geog` column."""

    __tablename__ = "places"
    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_places_source"),
        Index("ix_places_lat_lon", "lat", "lon"),
        {"schema": SCHEMA},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    source: Mapped[str] = mapped_column(String(50))
    source_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    address_road: Mapped[str | None] = mapped_column(String(300))
    address_lot: Mapped[str | None] = mapped_column(String(300))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    kinds: Mapped[str] = mapped_column(String(300))
    accepts: Mapped[str] = mapped_column(String(500))
    hours: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    phone: Mapped[str | None] = mapped_column(String(40))
    name_key: Mapped[str] = mapped_column(String(800))
    address_key: Mapped[str] = mapped_column(String(1800))
    fingerprint: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class OpeningInterval(Base):
    """One span a place is open, in minutes since Monday 00:00 Seoul time (0..10080)."""

    __tablename__ = "opening_intervals"
    __table_args__ = {"schema": SCHEMA}

    place_id: Mapped[str] = mapped_column(
        String(32), ForeignKey(f"{SCHEMA}.places.id", ondelete="CASCADE"), primary_key=True
    )
    opens: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    closes: Mapped[int] = mapped_column(SmallInteger)
