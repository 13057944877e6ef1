from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InfoCategoryRef")


@_attrs_define
class InfoCategoryRef:
    """A disposal category as other answers refer to it.

    Attributes:
        slug (str):
        name_ko (str):
        name_en (str):
    """

    slug: str
    name_ko: str
    name_en: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        name_ko = self.name_ko

        name_en = self.name_en

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
                "name_ko": name_ko,
                "name_en": name_en,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        slug = d.pop("slug")

        name_ko = d.pop("name_ko")

        name_en = d.pop("name_en")

        info_category_ref = cls(
            slug=slug,
            name_ko=name_ko,
            name_en=name_en,
        )

        info_category_ref.additional_properties = d
        return info_category_ref

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
