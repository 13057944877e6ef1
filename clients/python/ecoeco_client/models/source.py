from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.source_category import SourceCategory
    from ..models.source_item import SourceItem


T = TypeVar("T", bound="Source")


@_attrs_define
class Source:
    """A piece of the disposal guide an answer used.

    Attributes:
        category (SourceCategory): The category a source points at.
        item (None | SourceItem | Unset):
    """

    category: SourceCategory
    item: None | SourceItem | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_item import SourceItem  # noqa: PLC0415

        category = self.category.to_dict()

        item: dict[str, Any] | None | Unset
        if isinstance(self.item, Unset):
            item = UNSET
        elif isinstance(self.item, SourceItem):
            item = self.item.to_dict()
        else:
            item = self.item

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
            }
        )
        if item is not UNSET:
            field_dict["item"] = item

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_category import SourceCategory  # noqa: PLC0415
        from ..models.source_item import SourceItem  # noqa: PLC0415

        d = dict(src_dict)
        category = SourceCategory.from_dict(d.pop("category"))

        def _parse_item(data: object) -> None | SourceItem | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                item_type_0 = SourceItem.from_dict(data)

                return item_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SourceItem | Unset, data)

        item = _parse_item(d.pop("item", UNSET))

        source = cls(
            category=category,
            item=item,
        )

        source.additional_properties = d
        return source

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
