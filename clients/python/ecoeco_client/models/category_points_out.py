from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CategoryPointsOut")


@_attrs_define
class CategoryPointsOut:
    """Today's correct scans and points in one category, and what the cap still allows.

    Attributes:
        category (str):
        scans (int):
        points (int):
        remaining (int):
    """

    category: str
    scans: int
    points: int
    remaining: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        scans = self.scans

        points = self.points

        remaining = self.remaining

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "scans": scans,
                "points": points,
                "remaining": remaining,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = d.pop("category")

        scans = d.pop("scans")

        points = d.pop("points")

        remaining = d.pop("remaining")

        category_points_out = cls(
            category=category,
            scans=scans,
            points=points,
            remaining=remaining,
        )

        category_points_out.additional_properties = d
        return category_points_out

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
