from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scan_status import ScanStatus

T = TypeVar("T", bound="ScanAccepted")


@_attrs_define
class ScanAccepted:
    """A scan job was queued; follow `events_url`, read `result_url`.

    Attributes:
        id (str):
        status (ScanStatus): Where a scan job is; the last three are final for a round.
        events_url (str):
        result_url (str):
    """

    id: str
    status: ScanStatus
    events_url: str
    result_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        events_url = self.events_url

        result_url = self.result_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "events_url": events_url,
                "result_url": result_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        status = ScanStatus(d.pop("status"))

        events_url = d.pop("events_url")

        result_url = d.pop("result_url")

        scan_accepted = cls(
            id=id,
            status=status,
            events_url=events_url,
            result_url=result_url,
        )

        scan_accepted.additional_properties = d
        return scan_accepted

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
