"""The kinds of places, as stable slugs, and how tags in the data map to them."""

from __future__ import annotations

from ecoeco.contracts.location import PlaceKind

__all__ = [
    "DEFAULT_ACCEPTS",
    "KIND_LABELS",
    "KIND_WORDS",
    "OSM_MATERIALS",
    "PlaceKind",
    "kinds_in",
    "pack",
    "parse_kinds",
    "unpack",
]


# What each kind takes by default (knowledge-base category slugs), when the data says nothing.
DEFAULT_ACCEPTS: dict[PlaceKind, tuple[str, ...]] = {
    PlaceKind.recycling_center: ("paper", "plastic", "glass", "metal", "electronics", "bulky"),
    PlaceKind.zero_waste_shop: ("paper_pack", "clear_pet"),
    PlaceKind.refill_station: (),
    PlaceKind.clothing_bin: ("textile",),
    PlaceKind.battery_box: ("battery",),
    PlaceKind.lamp_box: ("lighting",),
    PlaceKind.medicine_box: ("hazardous",),
    PlaceKind.ewaste_box: ("electronics", "battery"),
    PlaceKind.reward_machine: ("clear_pet", "metal"),
}

# Korean and English words in public datasets that name a kind (matched on normalised text).
KIND_WORDS: tuple[tuple[str, PlaceKind], ...] = (
    ("재활용센터", PlaceKind.recycling_center),
    ("재활용선별", PlaceKind.recycling_center),
    ("재활용정거장", PlaceKind.recycling_center),
    ("recyclingcent", PlaceKind.recycling_center),
    ("제로웨이스트", PlaceKind.zero_waste_shop),
    ("zerowaste", PlaceKind.zero_waste_shop),
    ("리필", PlaceKind.refill_station),
    ("refill", PlaceKind.refill_station),
    ("의류", PlaceKind.clothing_bin),
    ("헌옷", PlaceKind.clothing_bin),
    ("clothing", PlaceKind.clothing_bin),
    ("clothes", PlaceKind.clothing_bin),
    ("건전지", PlaceKind.battery_box),
    ("전지", PlaceKind.battery_box),
    ("battery", PlaceKind.battery_box),
    ("형광등", PlaceKind.lamp_box),
    ("조명", PlaceKind.lamp_box),
    ("lamp", PlaceKind.lamp_box),
    ("의약품", PlaceKind.medicine_box),
    ("약품", PlaceKind.medicine_box),
    ("medicine", PlaceKind.medicine_box),
    ("가전", PlaceKind.ewaste_box),
    ("전자제품", PlaceKind.ewaste_box),
    ("ewaste", PlaceKind.ewaste_box),
    ("회수기", PlaceKind.reward_machine),
    ("회수로봇", PlaceKind.reward_machine),
    ("네프론", PlaceKind.reward_machine),
    ("rewardmachine", PlaceKind.reward_machine),
    ("reversevending", PlaceKind.reward_machine),
)

# OpenStreetMap `recycling:*` materials -> (category slug, specialised kind or None).
OSM_MATERIALS: dict[str, tuple[str, PlaceKind | None]] = {
    "batteries": ("battery", PlaceKind.battery_box),
    "car_batteries": ("battery", None),
    "clothes": ("textile", PlaceKind.clothing_bin),
    "shoes": ("textile", PlaceKind.clothing_bin),
    "textiles": ("textile", PlaceKind.clothing_bin),
    "low_energy_bulbs": ("lighting", PlaceKind.lamp_box),
    "fluorescent_tubes": ("lighting", PlaceKind.lamp_box),
    "light_bulbs": ("lighting", PlaceKind.lamp_box),
    "medicine": ("hazardous", PlaceKind.medicine_box),
    "medicines": ("hazardous", PlaceKind.medicine_box),
    "small_appliances": ("electronics", PlaceKind.ewaste_box),
    "electrical_appliances": ("electronics", PlaceKind.ewaste_box),
    "mobile_phones": ("electronics", PlaceKind.ewaste_box),
    "computers": ("electronics", PlaceKind.ewaste_box),
    "paper": ("paper", None),
    "cardboard": ("paper", None),
    "newspaper": ("paper", None),
    "magazines": ("paper", None),
    "beverage_cartons": ("paper_pack", None),
    "glass": ("glass", None),
    "glass_bottles": ("glass", None),
    "cans": ("metal", None),
    "scrap_metal": ("metal", None),
    "plastic": ("plastic", None),
    "plastic_packaging": ("plastic", None),
    "plastic_bottles": ("clear_pet", None),
    "pet_bottles": ("clear_pet", None),
    "plastic_bags": ("vinyl", None),
    "styrofoam": ("styrofoam", None),
    "polystyrene_foam": ("styrofoam", None),
    "organic": ("food", None),
    "food_waste": ("food", None),
}


def pack(values: list[str] | tuple[str, ...]) -> str:
    """Store a set of slugs as one delimited column, `|a|b|`, so filters are a LIKE."""
    unique = sorted(set(values))
    return "|" + "|".join(unique) + "|" if unique else "|"


def unpack(column: str) -> list[str]:
    """The slugs of a packed column."""
    return [value for value in column.split("|") if value]


def kinds_in(text: str) -> list[PlaceKind]:
    """Every kind named in a free-text label (`폐건전지·폐형광등 수거함` -> battery, lamp)."""
    found: list[PlaceKind] = []
    for word, kind in KIND_WORDS:
        if word in text and kind not in found:
            found.append(kind)
    return found


# A Korean label per kind, for places the data leaves unnamed.
KIND_LABELS: dict[PlaceKind, str] = {
    PlaceKind.recycling_center: "재활용센터",
    PlaceKind.zero_waste_shop: "제로웨이스트 가게",
    PlaceKind.refill_station: "리필스테이션",
    PlaceKind.clothing_bin: "의류수거함",
    PlaceKind.battery_box: "폐건전지 수거함",
    PlaceKind.lamp_box: "폐형광등 수거함",
    PlaceKind.medicine_box: "폐의약품 수거함",
    PlaceKind.ewaste_box: "소형폐가전 수거함",
    PlaceKind.reward_machine: "무인회수기",
}


def parse_kinds(text: str) -> list[PlaceKind]:
    """Kinds from slugs (`battery_box;lamp_box`) or from Korean/English words in a label."""
    parts = [p.strip().lower() for p in text.replace(";", ",").replace("|", ",").split(",")]
    slugs = [PlaceKind(p) for p in parts if p in PlaceKind.__members__]
    if slugs:
        return slugs
    compact = "".join(text.lower().split()).replace("-", "").replace("_", "")
    return kinds_in(compact)
