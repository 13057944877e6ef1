from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StoredImageOut")


@_attrs_define
class StoredImageOut:
    """An accepted image: pass `image_key` to `POST /scan`.

    Attributes:
        image_key (str):
        thumbnail_key (str):
        width (int):
        height (int):
        format_ (str):
    """

    image_key: str
    thumbnail_key: str
    width: int
    height: int
    format_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        image_key = self.image_key

        thumbnail_key = self.thumbnail_key

        width = self.width

        height = self.height

        format_ = self.format_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "image_key": image_key,
                "thumbnail_key": thumbnail_key,
                "width": width,
                "height": height,
                "format": format_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        image_key = d.pop("image_key")

        thumbnail_key = d.pop("thumbnail_key")

        width = d.pop("width")

        height = d.pop("height")

        format_ = d.pop("format")

        stored_image_out = cls(
            image_key=image_key,
            thumbnail_key=thumbnail_key,
            width=width,
            height=height,
            format_=format_,
        )

        stored_image_out.additional_properties = d
        return stored_image_out

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
