from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.info_condition_out import InfoConditionOut


T = TypeVar("T", bound="GuideItem")


@_attrs_define
class GuideItem:
    """An item listed in a guide.

    Attributes:
        id (str):
        name_ko (str):
        name_en (str):
        synonyms_ko (list[str]):
        steps (list[str]):
        warnings (list[str]):
        conditions (list[InfoConditionOut]):
    """

    id: str
    name_ko: str
    name_en: str
    synonyms_ko: list[str]
    steps: list[str]
    warnings: list[str]
    conditions: list[InfoConditionOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name_ko = self.name_ko

        name_en = self.name_en

        synonyms_ko = self.synonyms_ko

        steps = self.steps

        warnings = self.warnings

        conditions = []
        for conditions_item_data in self.conditions:
            conditions_item = conditions_item_data.to_dict()
            conditions.append(conditions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name_ko": name_ko,
                "name_en": name_en,
                "synonyms_ko": synonyms_ko,
                "steps": steps,
                "warnings": warnings,
                "conditions": conditions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.info_condition_out import InfoConditionOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name_ko = d.pop("name_ko")

        name_en = d.pop("name_en")

        synonyms_ko = cast(list[str], d.pop("synonyms_ko"))

        steps = cast(list[str], d.pop("steps"))

        warnings = cast(list[str], d.pop("warnings"))

        conditions = []
        _conditions = d.pop("conditions")
        for conditions_item_data in _conditions:
            conditions_item = InfoConditionOut.from_dict(conditions_item_data)

            conditions.append(conditions_item)

        guide_item = cls(
            id=id,
            name_ko=name_ko,
            name_en=name_en,
            synonyms_ko=synonyms_ko,
            steps=steps,
            warnings=warnings,
            conditions=conditions,
        )

        guide_item.additional_properties = d
        return guide_item

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
