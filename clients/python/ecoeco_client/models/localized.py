from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Localized")


@_attrs_define
class Localized:
    """A text in Korean and English.

    Attributes:
        ko (str):
        en (str):
    """

    ko: str
    en: str

    def to_dict(self) -> dict[str, Any]:
        ko = self.ko

        en = self.en

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "ko": ko,
                "en": en,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ko = d.pop("ko")

        en = d.pop("en")

        localized = cls(
            ko=ko,
            en=en,
        )

        return localized
