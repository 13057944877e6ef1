"""A place as the importer and the demo generator hand it to the repository."""

from __future__ import annotations

import hashlib
import math
import unicodedata
from dataclasses import dataclass, field

import orjson

from ecoeco.knowledge.text import key
from ecoeco.location.hours import Hours, normalize_hours
from ecoeco.location.kinds import DEFAULT_ACCEPTS, PlaceKind


def search_key(text: str) -> str:
    """Comparison form for search: NFKC, lower case, no spaces or punctuation, Hangul as jamo."""
    return unicodedata.normalize("NFD", key(text))


@dataclass(frozen=True)
class PlaceRecord:
    """A validated place, keyed by (source, source_id)."""

    source: str
    source_id: str
    name: str
    lat: float
    lon: float
    kinds: tuple[PlaceKind, ...]
    accepts: tuple[str, ...] = ()
    address_road: str | None = None
    address_lot: str | None = None
    hours: Hours | None = None
    phone: str | None = None
    fingerprint: str = field(init=False, default="")

    def __post_init__(self) -> None:
        if not self.source or not self.source_id:
            raise ValueError("source and source id are required")
        if not self.name.strip():
            raise ValueError("name is required")
        if len(self.name) > 200 or len(self.source_id) > 200:
            raise ValueError("name or source id longer than 200 characters")
        if not (math.isfinite(self.lat) and math.isfinite(self.lon)):
            raise ValueError("coordinates must be numbers")
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError(f"coordinates out of range: {self.lat}, {self.lon}")
        if self.lat == 0 and self.lon == 0:
            raise ValueError("coordinates are 0,0 (missing)")
        if not self.kinds:
            raise ValueError("no kind of place could be determined")
        if self.hours is not None:
            object.__setattr__(self, "hours", normalize_hours(self.hours) or None)
        accepts = set(self.accepts)
        if not accepts:
            for kind in self.kinds:
                accepts.update(DEFAULT_ACCEPTS[kind])
        object.__setattr__(self, "accepts", tuple(sorted(accepts)))
        object.__setattr__(self, "kinds", tuple(sorted(set(self.kinds))))
        object.__setattr__(self, "fingerprint", self._digest())

    def _digest(self) -> str:
        content = [
            self.name,
            round(self.lat, 7),
            round(self.lon, 7),
            list(self.kinds),
            list(self.accepts),
            self.address_road,
            self.address_lot,
            self.hours,
            self.phone,
        ]
        return hashlib.md5(orjson.dumps(content), usedforsecurity=False).hexdigest()

    @property
    def name_key(self) -> str:
        """The name in search form."""
        return search_key(self.name)[:800]

    @property
    def address_key(self) -> str:
        """Both addresses in search form."""
        parts = [search_key(a) for a in (self.address_road, self.address_lot) if a]
        return " ".join(parts)[:1800]
