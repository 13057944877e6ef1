from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.guide_parent import GuideParent

if TYPE_CHECKING:
    from ..models.guide_item import GuideItem
    from ..models.misplaced_item import MisplacedItem


T = TypeVar("T", bound="Guide")


@_attrs_define
class Guide:
    """The full disposal guide of a category.

    Attributes:
        slug (str):
        name_ko (str):
        name_en (str):
        parent (GuideParent):
        recyclable (bool):
        item_count (int):
        belongs (list[str]):
        steps (list[str]):
        not_belong (list[MisplacedItem]):
        items (list[GuideItem]):
    """

    slug: str
    name_ko: str
    name_en: str
    parent: GuideParent
    recyclable: bool
    item_count: int
    belongs: list[str]
    steps: list[str]
    not_belong: list[MisplacedItem]
    items: list[GuideItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        name_ko = self.name_ko

        name_en = self.name_en

        parent = self.parent.value

        recyclable = self.recyclable

        item_count = self.item_count

        belongs = self.belongs

        steps = self.steps

        not_belong = []
        for not_belong_item_data in self.not_belong:
            not_belong_item = not_belong_item_data.to_dict()
            not_belong.append(not_belong_item)

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slug": slug,
                "name_ko": name_ko,
                "name_en": name_en,
                "parent": parent,
                "recyclable": recyclable,
                "item_count": item_count,
                "belongs": belongs,
                "steps": steps,
                "not_belong": not_belong,
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.guide_item import GuideItem  # noqa: PLC0415
        from ..models.misplaced_item import MisplacedItem  # noqa: PLC0415

        d = dict(src_dict)
        slug = d.pop("slug")

        name_ko = d.pop("name_ko")

        name_en = d.pop("name_en")

        parent = GuideParent(d.pop("parent"))

        recyclable = d.pop("recyclable")

        item_count = d.pop("item_count")

        belongs = cast(list[str], d.pop("belongs"))

        steps = cast(list[str], d.pop("steps"))

        not_belong = []
        _not_belong = d.pop("not_belong")
        for not_belong_item_data in _not_belong:
            not_belong_item = MisplacedItem.from_dict(not_belong_item_data)

            not_belong.append(not_belong_item)

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = GuideItem.from_dict(items_item_data)

            items.append(items_item)

        guide = cls(
            slug=slug,
            name_ko=name_ko,
            name_en=name_en,
            parent=parent,
            recyclable=recyclable,
            item_count=item_count,
            belongs=belongs,
            steps=steps,
            not_belong=not_belong,
            items=items,
        )

        guide.additional_properties = d
        return guide

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
