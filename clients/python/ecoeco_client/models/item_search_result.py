from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.item_hit import ItemHit


T = TypeVar("T", bound="ItemSearchResult")


@_attrs_define
class ItemSearchResult:
    """Ranked items, or none with suggestions of close names.

    Attributes:
        query (str):
        items (list[ItemHit]):
        suggestions (list[str]):
    """

    query: str
    items: list[ItemHit]
    suggestions: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        query = self.query

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        suggestions = self.suggestions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "query": query,
                "items": items,
                "suggestions": suggestions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.item_hit import ItemHit  # noqa: PLC0415

        d = dict(src_dict)
        query = d.pop("query")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ItemHit.from_dict(items_item_data)

            items.append(items_item)

        suggestions = cast(list[str], d.pop("suggestions"))

        item_search_result = cls(
            query=query,
            items=items,
            suggestions=suggestions,
        )

        item_search_result.additional_properties = d
        return item_search_result

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
