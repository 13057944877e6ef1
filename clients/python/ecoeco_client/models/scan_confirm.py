from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ScanConfirm")


@_attrs_define
class ScanConfirm:
    """The person's pick: an item id, a category slug, or both.

    Attributes:
        item (str | Unset):
        category (str | Unset):
    """

    item: str | Unset = UNSET
    category: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        item = self.item

        category = self.category

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if item is not UNSET:
            field_dict["item"] = item
        if category is not UNSET:
            field_dict["category"] = category

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        item = d.pop("item", UNSET)

        category = d.pop("category", UNSET)

        scan_confirm = cls(
            item=item,
            category=category,
        )

        return scan_confirm
