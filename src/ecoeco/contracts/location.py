"""The location service's shapes that others read."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field


class PlaceKind(StrEnum):
    """What a place is; a place may be several at once."""

    recycling_center = "recycling_center"
    zero_waste_shop = "zero_waste_shop"
    refill_station = "refill_station"
    clothing_bin = "clothing_bin"
    battery_box = "battery_box"
    lamp_box = "lamp_box"
    medicine_box = "medicine_box"
    ewaste_box = "ewaste_box"
    reward_machine = "reward_machine"


class Address(BaseModel):
    """Road-name and lot-number addresses, as published."""

    road: str | None = Field(None, description="도로명주소")
    lot: str | None = Field(None, description="지번주소")

    @property
    def shown(self) -> str | None:
        """The address to show a person: the road-name one when there is one."""
        return self.road or self.lot


class PlaceOut(BaseModel):
    """A collection point or shop."""

    id: str
    name: str
    kinds: list[PlaceKind]
    accepts: list[str] = Field(description="disposal category slugs it takes")
    address: Address
    lat: float
    lon: float
    phone: str | None
    hours: dict[str, list[str]] | None = Field(
        description='Seoul time per weekday, e.g. {"mon": ["09:00-18:00"]}; '
        '"22:00-02:00" crosses midnight; null when unknown'
    )
    open_now: bool | None = Field(description="open at request time in Asia/Seoul; null if unknown")
    source: str
    source_id: str
    updated_at: datetime


class NearbyPlaceOut(PlaceOut):
    """A place with its great-circle distance from the requested point."""

    distance_m: float
