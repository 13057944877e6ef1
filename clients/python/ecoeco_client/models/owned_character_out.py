from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.owned_character_out_source import OwnedCharacterOutSource
from ..models.rarity import Rarity

if TYPE_CHECKING:
    from ..models.localized import Localized


T = TypeVar("T", bound="OwnedCharacterOut")


@_attrs_define
class OwnedCharacterOut:
    """A character the caller owns, with when and how they got it.

    Attributes:
        code (str):
        name (Localized): A text in Korean and English.
        category (None | str):
        dialogue (Localized): A text in Korean and English.
        rarity (Rarity): How rarely a character turns up.
        image_key (str):
        starter (bool):
        acquired_at (datetime.datetime):
        source (OwnedCharacterOutSource):
        scan_id (None | str):
    """

    code: str
    name: Localized
    category: None | str
    dialogue: Localized
    rarity: Rarity
    image_key: str
    starter: bool
    acquired_at: datetime.datetime
    source: OwnedCharacterOutSource
    scan_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name.to_dict()

        category: None | str
        category = self.category

        dialogue = self.dialogue.to_dict()

        rarity = self.rarity.value

        image_key = self.image_key

        starter = self.starter

        acquired_at = self.acquired_at.isoformat()

        source = self.source.value

        scan_id: None | str
        scan_id = self.scan_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "name": name,
                "category": category,
                "dialogue": dialogue,
                "rarity": rarity,
                "image_key": image_key,
                "starter": starter,
                "acquired_at": acquired_at,
                "source": source,
                "scan_id": scan_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.localized import Localized  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        name = Localized.from_dict(d.pop("name"))

        def _parse_category(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        category = _parse_category(d.pop("category"))

        dialogue = Localized.from_dict(d.pop("dialogue"))

        rarity = Rarity(d.pop("rarity"))

        image_key = d.pop("image_key")

        starter = d.pop("starter")

        acquired_at = datetime.datetime.fromisoformat(d.pop("acquired_at"))

        source = OwnedCharacterOutSource(d.pop("source"))

        def _parse_scan_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        scan_id = _parse_scan_id(d.pop("scan_id"))

        owned_character_out = cls(
            code=code,
            name=name,
            category=category,
            dialogue=dialogue,
            rarity=rarity,
            image_key=image_key,
            starter=starter,
            acquired_at=acquired_at,
            source=source,
            scan_id=scan_id,
        )

        owned_character_out.additional_properties = d
        return owned_character_out

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
