from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.rarity import Rarity

if TYPE_CHECKING:
    from ..models.localized import Localized


T = TypeVar("T", bound="CharacterOut")


@_attrs_define
class CharacterOut:
    """A character as the catalogue shows it.

    Attributes:
        code (str):
        name (Localized): A text in Korean and English.
        category (None | str):
        dialogue (Localized): A text in Korean and English.
        rarity (Rarity): How rarely a character turns up.
        image_key (str):
        starter (bool):
    """

    code: str
    name: Localized
    category: None | str
    dialogue: Localized
    rarity: Rarity
    image_key: str
    starter: bool
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

        character_out = cls(
            code=code,
            name=name,
            category=category,
            dialogue=dialogue,
            rarity=rarity,
            image_key=image_key,
            starter=starter,
        )

        character_out.additional_properties = d
        return character_out

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
