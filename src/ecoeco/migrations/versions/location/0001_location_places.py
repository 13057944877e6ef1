"""location: places and opening intervals (PostGIS geography + GiST, trigram search on PostgreSQL)

Revision ID: location_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecoeco.core.db.base import UTCDateTime

revision: str = "location_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("location",)
depends_on: str | Sequence[str] | None = None

GEOGRAPHY = (
    "ALTER TABLE location.places ADD COLUMN geog geography(Point, 4326) "
    "GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED"
)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.create_table(
        "places",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("source", sa.String(50), nullable=False),
        sa.Column("source_id", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address_road", sa.String(300)),
        sa.Column("address_lot", sa.String(300)),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("kinds", sa.String(300), nullable=False),
        sa.Column("accepts", sa.String(500), nullable=False),
        sa.Column("hours", sa.JSON()),
        sa.Column("phone", sa.String(40)),
        sa.Column("name_key", sa.String(800), nullable=False),
        sa.Column("address_key", sa.String(1800), nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_places"),
        sa.UniqueConstraint("source", "source_id", name="uq_places_source"),
        sa.CheckConstraint("lat BETWEEN -90 AND 90", name="lat_range"),
        sa.CheckConstraint("lon BETWEEN -180 AND 180", name="lon_range"),
        schema="location",
    )
    if postgres:
        op.execute(GEOGRAPHY)
        op.execute("CREATE INDEX ix_places_geog ON location.places USING gist (geog)")
        # search is LIKE '%key%' over jamo-decomposed keys; trigrams make that indexable
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in ("name_key", "address_key"):
            op.execute(
                f"CREATE INDEX ix_places_{column}_trgm ON location.places "
                f"USING gin ({column} gin_trgm_ops)"
            )
    else:
        op.create_index("ix_places_lat_lon", "places", ["lat", "lon"], schema="location")
    op.create_table(
        "opening_intervals",
        sa.Column("place_id", sa.String(32), nullable=False),
        sa.Column("opens", sa.SmallInteger(), nullable=False),
        sa.Column("closes", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("place_id", "opens", name="pk_opening_intervals"),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["location.places.id"],
            name="fk_opening_intervals_place_id_places",
            ondelete="CASCADE",
        ),
        schema="location",
    )


def downgrade() -> None:
    op.drop_table("opening_intervals", schema="location")
    op.drop_table("places", schema="location")
