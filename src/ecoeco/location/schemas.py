"""Response bodies of the location service (the shapes others read live in contracts)."""

from __future__ import annotations

from ecoeco.contracts.location import Address, NearbyPlaceOut, PlaceOut

__all__ = ["Address", "NearbyPlaceOut", "PlaceOut"]
