from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.place_kind import PlaceKind

if TYPE_CHECKING:
    from ..models.address import Address
    from ..models.place_out_hours_type_0 import PlaceOutHoursType0


T = TypeVar("T", bound="PlaceOut")


@_attrs_define
class PlaceOut:
    """A collection point or shop.

    Attributes:
        id (str):
        name (str):
        kinds (list[PlaceKind]):
        accepts (list[str]): disposal category slugs it takes
        address (Address): Road-name and lot-number addresses, as published.
        lat (float):
        lon (float):
        phone (None | str):
        hours (None | PlaceOutHoursType0): Seoul time per weekday, e.g. {"mon": ["09:00-18:00"]}; "22:00-02:00" crosses
            midnight; null when unknown
        open_now (bool | None): open at request time in Asia/Seoul; null if unknown
        source (str):
        source_id (str):
        updated_at (datetime.datetime):
    """

    id: str
    name: str
    kinds: list[PlaceKind]
    accepts: list[str]
    address: Address
    lat: float
    lon: float
    phone: None | str
    hours: None | PlaceOutHoursType0
    open_now: bool | None
    source: str
    source_id: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.place_out_hours_type_0 import PlaceOutHoursType0  # noqa: PLC0415

        id = self.id

        name = self.name

        kinds = []
        for kinds_item_data in self.kinds:
            kinds_item = kinds_item_data.value
            kinds.append(kinds_item)

        accepts = self.accepts

        address = self.address.to_dict()

        lat = self.lat

        lon = self.lon

        phone: None | str
        phone = self.phone

        hours: dict[str, Any] | None
        if isinstance(self.hours, PlaceOutHoursType0):
            hours = self.hours.to_dict()
        else:
            hours = self.hours

        open_now: bool | None
        open_now = self.open_now

        source = self.source

        source_id = self.source_id

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "kinds": kinds,
                "accepts": accepts,
                "address": address,
                "lat": lat,
                "lon": lon,
                "phone": phone,
                "hours": hours,
                "open_now": open_now,
                "source": source,
                "source_id": source_id,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415
        from ..models.place_out_hours_type_0 import PlaceOutHoursType0  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        kinds = []
        _kinds = d.pop("kinds")
        for kinds_item_data in _kinds:
            kinds_item = PlaceKind(kinds_item_data)

            kinds.append(kinds_item)

        accepts = cast(list[str], d.pop("accepts"))

        address = Address.from_dict(d.pop("address"))

        lat = d.pop("lat")

        lon = d.pop("lon")

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_hours(data: object) -> None | PlaceOutHoursType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                hours_type_0 = PlaceOutHoursType0.from_dict(data)

                return hours_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlaceOutHoursType0, data)

        hours = _parse_hours(d.pop("hours"))

        def _parse_open_now(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        open_now = _parse_open_now(d.pop("open_now"))

        source = d.pop("source")

        source_id = d.pop("source_id")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        place_out = cls(
            id=id,
            name=name,
            kinds=kinds,
            accepts=accepts,
            address=address,
            lat=lat,
            lon=lon,
            phone=phone,
            hours=hours,
            open_now=open_now,
            source=source,
            source_id=source_id,
            updated_at=updated_at,
        )

        place_out.additional_properties = d
        return place_out

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
