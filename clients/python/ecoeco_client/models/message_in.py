from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.location_in import LocationIn


T = TypeVar("T", bound="MessageIn")


@_attrs_define
class MessageIn:
    """A message to the assistant: text, an uploaded image, a location.

    Attributes:
        text (str | Unset):
        image_key (None | str | Unset):
        location (LocationIn | None | Unset):
    """

    text: str | Unset = UNSET
    image_key: None | str | Unset = UNSET
    location: LocationIn | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.location_in import LocationIn  # noqa: PLC0415

        text = self.text

        image_key: None | str | Unset
        if isinstance(self.image_key, Unset):
            image_key = UNSET
        else:
            image_key = self.image_key

        location: dict[str, Any] | None | Unset
        if isinstance(self.location, Unset):
            location = UNSET
        elif isinstance(self.location, LocationIn):
            location = self.location.to_dict()
        else:
            location = self.location

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if text is not UNSET:
            field_dict["text"] = text
        if image_key is not UNSET:
            field_dict["image_key"] = image_key
        if location is not UNSET:
            field_dict["location"] = location

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.location_in import LocationIn  # noqa: PLC0415

        d = dict(src_dict)
        text = d.pop("text", UNSET)

        def _parse_image_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image_key = _parse_image_key(d.pop("image_key", UNSET))

        def _parse_location(data: object) -> LocationIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                location_type_0 = LocationIn.from_dict(data)

                return location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LocationIn | None | Unset, data)

        location = _parse_location(d.pop("location", UNSET))

        message_in = cls(
            text=text,
            image_key=image_key,
            location=location,
        )

        return message_in
