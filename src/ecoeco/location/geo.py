"""Great-circle distance on the sphere PostGIS uses, and bounding boxes around a point."""

from __future__ import annotations

import math
from dataclasses import dataclass

# PostGIS sphere radius for geography with use_spheroid=false: WGS84 mean radius.
EARTH_RADIUS_M = 6_371_008.7714
HALF_CIRCUMFERENCE_M = math.pi * EARTH_RADIUS_M


@dataclass(frozen=True)
class GeoPoint:
    """A WGS84 position in decimal degrees."""

    lat: float
    lon: float


@dataclass(frozen=True)
class BoundingBox:
    """Latitude range and one or two longitude ranges (two when crossing 180°)."""

    min_lat: float
    max_lat: float
    lon_ranges: tuple[tuple[float, float], ...]


def distance_m(a: GeoPoint, b: GeoPoint) -> float:
    """Haversine distance in metres; matches PostGIS ST_Distance(geog, geog, false)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlon = math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(center: GeoPoint, radius_m: float) -> BoundingBox:
    """The smallest lat/lon box that holds every point within `radius_m` of `center`."""
    angular = radius_m / EARTH_RADIUS_M
    min_lat = center.lat - math.degrees(angular)
    max_lat = center.lat + math.degrees(angular)
    whole: tuple[tuple[float, float], ...] = ((-180.0, 180.0),)
    if min_lat <= -90 or max_lat >= 90 or angular >= math.pi / 2:
        return BoundingBox(max(min_lat, -90.0), min(max_lat, 90.0), whole)
    ratio = math.sin(angular) / math.cos(math.radians(center.lat))
    if ratio >= 1:
        return BoundingBox(min_lat, max_lat, whole)
    dlon = math.degrees(math.asin(ratio))
    west, east = center.lon - dlon, center.lon + dlon
    if west < -180:
        return BoundingBox(min_lat, max_lat, ((west + 360, 180.0), (-180.0, east)))
    if east > 180:
        return BoundingBox(min_lat, max_lat, ((west, 180.0), (-180.0, east - 360)))
    return BoundingBox(min_lat, max_lat, ((west, east),))
