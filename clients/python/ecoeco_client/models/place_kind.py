from enum import StrEnum


class PlaceKind(StrEnum):
    BATTERY_BOX = "battery_box"
    CLOTHING_BIN = "clothing_bin"
    EWASTE_BOX = "ewaste_box"
    LAMP_BOX = "lamp_box"
    MEDICINE_BOX = "medicine_box"
    RECYCLING_CENTER = "recycling_center"
    REFILL_STATION = "refill_station"
    REWARD_MACHINE = "reward_machine"
    ZERO_WASTE_SHOP = "zero_waste_shop"

    def __str__(self) -> str:
        return str(self.value)
