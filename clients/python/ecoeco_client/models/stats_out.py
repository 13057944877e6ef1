from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.category_count import CategoryCount


T = TypeVar("T", bound="StatsOut")


@_attrs_define
class StatsOut:
    """Points, scans by category and the current daily streak.

    Attributes:
        points (int):
        scans_total (int):
        scans_by_category (list[CategoryCount]):
        current_streak_days (int):
        last_scan_day (None | str):
    """

    points: int
    scans_total: int
    scans_by_category: list[CategoryCount]
    current_streak_days: int
    last_scan_day: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        points = self.points

        scans_total = self.scans_total

        scans_by_category = []
        for scans_by_category_item_data in self.scans_by_category:
            scans_by_category_item = scans_by_category_item_data.to_dict()
            scans_by_category.append(scans_by_category_item)

        current_streak_days = self.current_streak_days

        last_scan_day: None | str
        last_scan_day = self.last_scan_day

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "points": points,
                "scans_total": scans_total,
                "scans_by_category": scans_by_category,
                "current_streak_days": current_streak_days,
                "last_scan_day": last_scan_day,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.category_count import CategoryCount  # noqa: PLC0415

        d = dict(src_dict)
        points = d.pop("points")

        scans_total = d.pop("scans_total")

        scans_by_category = []
        _scans_by_category = d.pop("scans_by_category")
        for scans_by_category_item_data in _scans_by_category:
            scans_by_category_item = CategoryCount.from_dict(scans_by_category_item_data)

            scans_by_category.append(scans_by_category_item)

        current_streak_days = d.pop("current_streak_days")

        def _parse_last_scan_day(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_scan_day = _parse_last_scan_day(d.pop("last_scan_day"))

        stats_out = cls(
            points=points,
            scans_total=scans_total,
            scans_by_category=scans_by_category,
            current_streak_days=current_streak_days,
            last_scan_day=last_scan_day,
        )

        stats_out.additional_properties = d
        return stats_out

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
