from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TipCreate")


@_attrs_define
class TipCreate:
    """A new tip.

    Attributes:
        title (str):
        body (str):
        category (None | str | Unset):
        published (bool | Unset):  Default: True.
    """

    title: str
    body: str
    category: None | str | Unset = UNSET
    published: bool | Unset = True

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        body = self.body

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        published = self.published

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
                "body": body,
            }
        )
        if category is not UNSET:
            field_dict["category"] = category
        if published is not UNSET:
            field_dict["published"] = published

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        body = d.pop("body")

        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        published = d.pop("published", UNSET)

        tip_create = cls(
            title=title,
            body=body,
            category=category,
            published=published,
        )

        return tip_create
