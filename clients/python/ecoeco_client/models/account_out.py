from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.linked_provider import LinkedProvider


T = TypeVar("T", bound="AccountOut")


@_attrs_define
class AccountOut:
    """The caller's account: the e-mail and display name its provider gave, its logins.

    Attributes:
        user_id (str):
        email (None | str):
        nickname (None | str):
        created_at (datetime.datetime):
        providers (list[LinkedProvider]):
    """

    user_id: str
    email: None | str
    nickname: None | str
    created_at: datetime.datetime
    providers: list[LinkedProvider]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        email: None | str
        email = self.email

        nickname: None | str
        nickname = self.nickname

        created_at = self.created_at.isoformat()

        providers = []
        for providers_item_data in self.providers:
            providers_item = providers_item_data.to_dict()
            providers.append(providers_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "email": email,
                "nickname": nickname,
                "created_at": created_at,
                "providers": providers,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.linked_provider import LinkedProvider  # noqa: PLC0415

        d = dict(src_dict)
        user_id = d.pop("user_id")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_nickname(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        nickname = _parse_nickname(d.pop("nickname"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        providers = []
        _providers = d.pop("providers")
        for providers_item_data in _providers:
            providers_item = LinkedProvider.from_dict(providers_item_data)

            providers.append(providers_item)

        account_out = cls(
            user_id=user_id,
            email=email,
            nickname=nickname,
            created_at=created_at,
            providers=providers,
        )

        account_out.additional_properties = d
        return account_out

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
