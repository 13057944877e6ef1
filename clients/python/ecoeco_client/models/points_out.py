from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.category_points_out import CategoryPointsOut


T = TypeVar("T", bound="PointsOut")


@_attrs_define
class PointsOut:
    """The caller's points from scans and today's progress against the daily caps.

    Attributes:
        total (int):
        day (datetime.date):
        daily_category_cap (int):
        today (list[CategoryPointsOut]):
    """

    total: int
    day: datetime.date
    daily_category_cap: int
    today: list[CategoryPointsOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        day = self.day.isoformat()

        daily_category_cap = self.daily_category_cap

        today = []
        for today_item_data in self.today:
            today_item = today_item_data.to_dict()
            today.append(today_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "day": day,
                "daily_category_cap": daily_category_cap,
                "today": today,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.category_points_out import CategoryPointsOut  # noqa: PLC0415

        d = dict(src_dict)
        total = d.pop("total")

        day = datetime.date.fromisoformat(d.pop("day"))

        daily_category_cap = d.pop("daily_category_cap")

        today = []
        _today = d.pop("today")
        for today_item_data in _today:
            today_item = CategoryPointsOut.from_dict(today_item_data)

            today.append(today_item)

        points_out = cls(
            total=total,
            day=day,
            daily_category_cap=daily_category_cap,
            today=today,
        )

        points_out.additional_properties = d
        return points_out

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
