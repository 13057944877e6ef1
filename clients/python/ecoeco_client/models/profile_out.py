from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.notification_settings import NotificationSettings


T = TypeVar("T", bound="ProfileOut")


@_attrs_define
class ProfileOut:
    """A person's own profile.

    Attributes:
        user_id (str):
        email (None | str):
        nickname (None | str):
        profile_image_key (None | str):
        notifications (NotificationSettings): Which notifications a person wants.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    user_id: str
    email: None | str
    nickname: None | str
    profile_image_key: None | str
    notifications: NotificationSettings
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        email: None | str
        email = self.email

        nickname: None | str
        nickname = self.nickname

        profile_image_key: None | str
        profile_image_key = self.profile_image_key

        notifications = self.notifications.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "email": email,
                "nickname": nickname,
                "profile_image_key": profile_image_key,
                "notifications": notifications,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notification_settings import NotificationSettings  # noqa: PLC0415

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

        def _parse_profile_image_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        profile_image_key = _parse_profile_image_key(d.pop("profile_image_key"))

        notifications = NotificationSettings.from_dict(d.pop("notifications"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        profile_out = cls(
            user_id=user_id,
            email=email,
            nickname=nickname,
            profile_image_key=profile_image_key,
            notifications=notifications,
            created_at=created_at,
            updated_at=updated_at,
        )

        profile_out.additional_properties = d
        return profile_out

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
