from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ArticleOut")


@_attrs_define
class ArticleOut:
    """A news article.

    Attributes:
        id (str):
        title (str):
        url (str):
        source (str):
        published_at (datetime.datetime):
        summary (str):
        image (None | str):
        category (str):
    """

    id: str
    title: str
    url: str
    source: str
    published_at: datetime.datetime
    summary: str
    image: None | str
    category: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        url = self.url

        source = self.source

        published_at = self.published_at.isoformat()

        summary = self.summary

        image: None | str
        image = self.image

        category = self.category

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
                "url": url,
                "source": source,
                "published_at": published_at,
                "summary": summary,
                "image": image,
                "category": category,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        url = d.pop("url")

        source = d.pop("source")

        published_at = datetime.datetime.fromisoformat(d.pop("published_at"))

        summary = d.pop("summary")

        def _parse_image(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image = _parse_image(d.pop("image"))

        category = d.pop("category")

        article_out = cls(
            id=id,
            title=title,
            url=url,
            source=source,
            published_at=published_at,
            summary=summary,
            image=image,
            category=category,
        )

        article_out.additional_properties = d
        return article_out

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
