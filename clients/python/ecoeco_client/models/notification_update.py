from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="NotificationUpdate")


@_attrs_define
class NotificationUpdate:
    """A partial change to the notification settings.

    Attributes:
        scan_results (bool | None | Unset):
        news (bool | None | Unset):
        marketing (bool | None | Unset):
    """

    scan_results: bool | None | Unset = UNSET
    news: bool | None | Unset = UNSET
    marketing: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        scan_results: bool | None | Unset
        if isinstance(self.scan_results, Unset):
            scan_results = UNSET
        else:
            scan_results = self.scan_results

        news: bool | None | Unset
        if isinstance(self.news, Unset):
            news = UNSET
        else:
            news = self.news

        marketing: bool | None | Unset
        if isinstance(self.marketing, Unset):
            marketing = UNSET
        else:
            marketing = self.marketing

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if scan_results is not UNSET:
            field_dict["scan_results"] = scan_results
        if news is not UNSET:
            field_dict["news"] = news
        if marketing is not UNSET:
            field_dict["marketing"] = marketing

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_scan_results(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        scan_results = _parse_scan_results(d.pop("scan_results", UNSET))

        def _parse_news(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        news = _parse_news(d.pop("news", UNSET))

        def _parse_marketing(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        marketing = _parse_marketing(d.pop("marketing", UNSET))

        notification_update = cls(
            scan_results=scan_results,
            news=news,
            marketing=marketing,
        )

        return notification_update
