from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.providers_out_providers_item import ProvidersOutProvidersItem

T = TypeVar("T", bound="ProvidersOut")


@_attrs_define
class ProvidersOut:
    """How people can sign in here: the configured social providers and the dev login.

    Attributes:
        providers (list[ProvidersOutProvidersItem]):
        dev_login (bool):
    """

    providers: list[ProvidersOutProvidersItem]
    dev_login: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        providers = []
        for providers_item_data in self.providers:
            providers_item = providers_item_data.value
            providers.append(providers_item)

        dev_login = self.dev_login

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "providers": providers,
                "dev_login": dev_login,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        providers = []
        _providers = d.pop("providers")
        for providers_item_data in _providers:
            providers_item = ProvidersOutProvidersItem(providers_item_data)

            providers.append(providers_item)

        dev_login = d.pop("dev_login")

        providers_out = cls(
            providers=providers,
            dev_login=dev_login,
        )

        providers_out.additional_properties = d
        return providers_out

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
