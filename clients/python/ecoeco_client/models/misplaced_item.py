from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.info_category_ref import InfoCategoryRef


T = TypeVar("T", bound="MisplacedItem")


@_attrs_define
class MisplacedItem:
    """Something that does not belong in a category, where it goes and why.

    Attributes:
        what (str):
        goes_to (InfoCategoryRef): A disposal category as other answers refer to it.
        reason (str):
    """

    what: str
    goes_to: InfoCategoryRef
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        what = self.what

        goes_to = self.goes_to.to_dict()

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "what": what,
                "goes_to": goes_to,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.info_category_ref import InfoCategoryRef  # noqa: PLC0415

        d = dict(src_dict)
        what = d.pop("what")

        goes_to = InfoCategoryRef.from_dict(d.pop("goes_to"))

        reason = d.pop("reason")

        misplaced_item = cls(
            what=what,
            goes_to=goes_to,
            reason=reason,
        )

        misplaced_item.additional_properties = d
        return misplaced_item

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
