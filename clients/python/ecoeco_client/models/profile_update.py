from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.notification_update import NotificationUpdate


T = TypeVar("T", bound="ProfileUpdate")


@_attrs_define
class ProfileUpdate:
    """A partial change to the caller's profile; `null` clears the image.

    Attributes:
        nickname (None | str | Unset):
        profile_image_key (None | str | Unset):
        notifications (None | NotificationUpdate | Unset):
    """

    nickname: None | str | Unset = UNSET
    profile_image_key: None | str | Unset = UNSET
    notifications: None | NotificationUpdate | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.notification_update import NotificationUpdate  # noqa: PLC0415

        nickname: None | str | Unset
        if isinstance(self.nickname, Unset):
            nickname = UNSET
        else:
            nickname = self.nickname

        profile_image_key: None | str | Unset
        if isinstance(self.profile_image_key, Unset):
            profile_image_key = UNSET
        else:
            profile_image_key = self.profile_image_key

        notifications: dict[str, Any] | None | Unset
        if isinstance(self.notifications, Unset):
            notifications = UNSET
        elif isinstance(self.notifications, NotificationUpdate):
            notifications = self.notifications.to_dict()
        else:
            notifications = self.notifications

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if nickname is not UNSET:
            field_dict["nickname"] = nickname
        if profile_image_key is not UNSET:
            field_dict["profile_image_key"] = profile_image_key
        if notifications is not UNSET:
            field_dict["notifications"] = notifications

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notification_update import NotificationUpdate  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_nickname(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        nickname = _parse_nickname(d.pop("nickname", UNSET))

        def _parse_profile_image_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        profile_image_key = _parse_profile_image_key(d.pop("profile_image_key", UNSET))

        def _parse_notifications(data: object) -> None | NotificationUpdate | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                notifications_type_0 = NotificationUpdate.from_dict(data)

                return notifications_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NotificationUpdate | Unset, data)

        notifications = _parse_notifications(d.pop("notifications", UNSET))

        profile_update = cls(
            nickname=nickname,
            profile_image_key=profile_image_key,
            notifications=notifications,
        )

        return profile_update
