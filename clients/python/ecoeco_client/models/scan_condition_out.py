from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.scan_category_ref import ScanCategoryRef


T = TypeVar("T", bound="ScanConditionOut")


@_attrs_define
class ScanConditionOut:
    """A circumstance that sends the item elsewhere.

    Attributes:
        when (str):
        category (ScanCategoryRef): A disposal category as shown with a result.
        when_en (None | str | Unset):
        note (None | str | Unset):
    """

    when: str
    category: ScanCategoryRef
    when_en: None | str | Unset = UNSET
    note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        when = self.when

        category = self.category.to_dict()

        when_en: None | str | Unset
        if isinstance(self.when_en, Unset):
            when_en = UNSET
        else:
            when_en = self.when_en

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "when": when,
                "category": category,
            }
        )
        if when_en is not UNSET:
            field_dict["when_en"] = when_en
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scan_category_ref import ScanCategoryRef  # noqa: PLC0415

        d = dict(src_dict)
        when = d.pop("when")

        category = ScanCategoryRef.from_dict(d.pop("category"))

        def _parse_when_en(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        when_en = _parse_when_en(d.pop("when_en", UNSET))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        scan_condition_out = cls(
            when=when,
            category=category,
            when_en=when_en,
            note=note,
        )

        scan_condition_out.additional_properties = d
        return scan_condition_out

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
