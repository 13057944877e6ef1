from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PointsEntry")


@_attrs_define
class PointsEntry:
    """One line of the points ledger: what one correct scan earned.

    Attributes:
        scan_id (str):
        category (str):
        day (datetime.date):
        points (int):
        character_code (None | str):
        created_at (datetime.datetime):
    """

    scan_id: str
    category: str
    day: datetime.date
    points: int
    character_code: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scan_id = self.scan_id

        category = self.category

        day = self.day.isoformat()

        points = self.points

        character_code: None | str
        character_code = self.character_code

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scan_id": scan_id,
                "category": category,
                "day": day,
                "points": points,
                "character_code": character_code,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scan_id = d.pop("scan_id")

        category = d.pop("category")

        day = datetime.date.fromisoformat(d.pop("day"))

        points = d.pop("points")

        def _parse_character_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        character_code = _parse_character_code(d.pop("character_code"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        points_entry = cls(
            scan_id=scan_id,
            category=category,
            day=day,
            points=points,
            character_code=character_code,
            created_at=created_at,
        )

        points_entry.additional_properties = d
        return points_entry

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
