from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.owned_character_out import OwnedCharacterOut
    from ..models.points_entry import PointsEntry


T = TypeVar("T", bound="CharacterExport")


@_attrs_define
class CharacterExport:
    """Everything the character service holds on the caller (their data export).

    Attributes:
        owned (list[OwnedCharacterOut]):
        ledger (list[PointsEntry]):
    """

    owned: list[OwnedCharacterOut]
    ledger: list[PointsEntry]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        owned = []
        for owned_item_data in self.owned:
            owned_item = owned_item_data.to_dict()
            owned.append(owned_item)

        ledger = []
        for ledger_item_data in self.ledger:
            ledger_item = ledger_item_data.to_dict()
            ledger.append(ledger_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "owned": owned,
                "ledger": ledger,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.owned_character_out import OwnedCharacterOut  # noqa: PLC0415
        from ..models.points_entry import PointsEntry  # noqa: PLC0415

        d = dict(src_dict)
        owned = []
        _owned = d.pop("owned")
        for owned_item_data in _owned:
            owned_item = OwnedCharacterOut.from_dict(owned_item_data)

            owned.append(owned_item)

        ledger = []
        _ledger = d.pop("ledger")
        for ledger_item_data in _ledger:
            ledger_item = PointsEntry.from_dict(ledger_item_data)

            ledger.append(ledger_item)

        character_export = cls(
            owned=owned,
            ledger=ledger,
        )

        character_export.additional_properties = d
        return character_export

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
