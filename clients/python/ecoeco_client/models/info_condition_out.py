from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.info_category_ref import InfoCategoryRef


T = TypeVar("T", bound="InfoConditionOut")


@_attrs_define
class InfoConditionOut:
    """A circumstance that sends an item elsewhere.

    Attributes:
        when_ko (str):
        when_en (str):
        category (InfoCategoryRef): A disposal category as other answers refer to it.
        note (str):
        district_check (str | Unset):  Default: ''.
    """

    when_ko: str
    when_en: str
    category: InfoCategoryRef
    note: str
    district_check: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        when_ko = self.when_ko

        when_en = self.when_en

        category = self.category.to_dict()

        note = self.note

        district_check = self.district_check

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "when_ko": when_ko,
                "when_en": when_en,
                "category": category,
                "note": note,
            }
        )
        if district_check is not UNSET:
            field_dict["district_check"] = district_check

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.info_category_ref import InfoCategoryRef  # noqa: PLC0415

        d = dict(src_dict)
        when_ko = d.pop("when_ko")

        when_en = d.pop("when_en")

        category = InfoCategoryRef.from_dict(d.pop("category"))

        note = d.pop("note")

        district_check = d.pop("district_check", UNSET)

        info_condition_out = cls(
            when_ko=when_ko,
            when_en=when_en,
            category=category,
            note=note,
            district_check=district_check,
        )

        info_condition_out.additional_properties = d
        return info_condition_out

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
