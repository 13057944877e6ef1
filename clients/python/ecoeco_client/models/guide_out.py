from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.exception_out import ExceptionOut
    from ..models.scan_condition_out import ScanConditionOut


T = TypeVar("T", bound="GuideOut")


@_attrs_define
class GuideOut:
    """How to put the item out.

    Attributes:
        steps (list[str]):
        warnings (list[str]):
        not_recyclable_if (list[ScanConditionOut]):
        other_conditions (list[ScanConditionOut] | Unset):
        exceptions (list[ExceptionOut] | Unset):
    """

    steps: list[str]
    warnings: list[str]
    not_recyclable_if: list[ScanConditionOut]
    other_conditions: list[ScanConditionOut] | Unset = UNSET
    exceptions: list[ExceptionOut] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        steps = self.steps

        warnings = self.warnings

        not_recyclable_if = []
        for not_recyclable_if_item_data in self.not_recyclable_if:
            not_recyclable_if_item = not_recyclable_if_item_data.to_dict()
            not_recyclable_if.append(not_recyclable_if_item)

        other_conditions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.other_conditions, Unset):
            other_conditions = []
            for other_conditions_item_data in self.other_conditions:
                other_conditions_item = other_conditions_item_data.to_dict()
                other_conditions.append(other_conditions_item)

        exceptions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.exceptions, Unset):
            exceptions = []
            for exceptions_item_data in self.exceptions:
                exceptions_item = exceptions_item_data.to_dict()
                exceptions.append(exceptions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "steps": steps,
                "warnings": warnings,
                "not_recyclable_if": not_recyclable_if,
            }
        )
        if other_conditions is not UNSET:
            field_dict["other_conditions"] = other_conditions
        if exceptions is not UNSET:
            field_dict["exceptions"] = exceptions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.exception_out import ExceptionOut  # noqa: PLC0415
        from ..models.scan_condition_out import ScanConditionOut  # noqa: PLC0415

        d = dict(src_dict)
        steps = cast(list[str], d.pop("steps"))

        warnings = cast(list[str], d.pop("warnings"))

        not_recyclable_if = []
        _not_recyclable_if = d.pop("not_recyclable_if")
        for not_recyclable_if_item_data in _not_recyclable_if:
            not_recyclable_if_item = ScanConditionOut.from_dict(not_recyclable_if_item_data)

            not_recyclable_if.append(not_recyclable_if_item)

        _other_conditions = d.pop("other_conditions", UNSET)
        other_conditions: list[ScanConditionOut] | Unset = UNSET
        if _other_conditions is not UNSET:
            other_conditions = []
            for other_conditions_item_data in _other_conditions:
                other_conditions_item = ScanConditionOut.from_dict(other_conditions_item_data)

                other_conditions.append(other_conditions_item)

        _exceptions = d.pop("exceptions", UNSET)
        exceptions: list[ExceptionOut] | Unset = UNSET
        if _exceptions is not UNSET:
            exceptions = []
            for exceptions_item_data in _exceptions:
                exceptions_item = ExceptionOut.from_dict(exceptions_item_data)

                exceptions.append(exceptions_item)

        guide_out = cls(
            steps=steps,
            warnings=warnings,
            not_recyclable_if=not_recyclable_if,
            other_conditions=other_conditions,
            exceptions=exceptions,
        )

        guide_out.additional_properties = d
        return guide_out

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
