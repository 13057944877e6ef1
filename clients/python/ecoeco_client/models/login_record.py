from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LoginRecord")


@_attrs_define
class LoginRecord:
    """One login, refresh or failed attempt on the account (the audit auth keeps).

    Attributes:
        provider (str):
        action (str):
        result (str):
        ip (None | str):
        user_agent (None | str):
        created_at (datetime.datetime):
    """

    provider: str
    action: str
    result: str
    ip: None | str
    user_agent: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider

        action = self.action

        result = self.result

        ip: None | str
        ip = self.ip

        user_agent: None | str
        user_agent = self.user_agent

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "provider": provider,
                "action": action,
                "result": result,
                "ip": ip,
                "user_agent": user_agent,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = d.pop("provider")

        action = d.pop("action")

        result = d.pop("result")

        def _parse_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip = _parse_ip(d.pop("ip"))

        def _parse_user_agent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_agent = _parse_user_agent(d.pop("user_agent"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        login_record = cls(
            provider=provider,
            action=action,
            result=result,
            ip=ip,
            user_agent=user_agent,
            created_at=created_at,
        )

        login_record.additional_properties = d
        return login_record

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
