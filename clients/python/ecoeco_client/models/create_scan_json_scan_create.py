from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateScanJsonScanCreate")


@_attrs_define
class CreateScanJsonScanCreate:
    """Start a scan from an uploaded image, a typed hint, or both.

    Attributes:
        image_key (str | Unset):
        hint (str | Unset):
    """

    image_key: str | Unset = UNSET
    hint: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        image_key = self.image_key

        hint = self.hint

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if image_key is not UNSET:
            field_dict["image_key"] = image_key
        if hint is not UNSET:
            field_dict["hint"] = hint

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        image_key = d.pop("image_key", UNSET)

        hint = d.pop("hint", UNSET)

        create_scan_json_scan_create = cls(
            image_key=image_key,
            hint=hint,
        )

        return create_scan_json_scan_create
