from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scan_status import ScanStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.item_ref import ItemRef
    from ..models.reward_out import RewardOut
    from ..models.scan_category_ref import ScanCategoryRef


T = TypeVar("T", bound="ScanSummary")


@_attrs_define
class ScanSummary:
    """One line of the history.

    Attributes:
        id (str):
        status (ScanStatus): Where a scan job is; the last three are final for a round.
        created_at (datetime.datetime):
        hint (None | str):
        thumbnail_key (None | str):
        category (None | ScanCategoryRef | Unset):
        item (ItemRef | None | Unset):
        reward (None | RewardOut | Unset):
    """

    id: str
    status: ScanStatus
    created_at: datetime.datetime
    hint: None | str
    thumbnail_key: None | str
    category: None | ScanCategoryRef | Unset = UNSET
    item: ItemRef | None | Unset = UNSET
    reward: None | RewardOut | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.item_ref import ItemRef  # noqa: PLC0415
        from ..models.reward_out import RewardOut  # noqa: PLC0415
        from ..models.scan_category_ref import ScanCategoryRef  # noqa: PLC0415

        id = self.id

        status = self.status.value

        created_at = self.created_at.isoformat()

        hint: None | str
        hint = self.hint

        thumbnail_key: None | str
        thumbnail_key = self.thumbnail_key

        category: dict[str, Any] | None | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        elif isinstance(self.category, ScanCategoryRef):
            category = self.category.to_dict()
        else:
            category = self.category

        item: dict[str, Any] | None | Unset
        if isinstance(self.item, Unset):
            item = UNSET
        elif isinstance(self.item, ItemRef):
            item = self.item.to_dict()
        else:
            item = self.item

        reward: dict[str, Any] | None | Unset
        if isinstance(self.reward, Unset):
            reward = UNSET
        elif isinstance(self.reward, RewardOut):
            reward = self.reward.to_dict()
        else:
            reward = self.reward

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "created_at": created_at,
                "hint": hint,
                "thumbnail_key": thumbnail_key,
            }
        )
        if category is not UNSET:
            field_dict["category"] = category
        if item is not UNSET:
            field_dict["item"] = item
        if reward is not UNSET:
            field_dict["reward"] = reward

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.item_ref import ItemRef  # noqa: PLC0415
        from ..models.reward_out import RewardOut  # noqa: PLC0415
        from ..models.scan_category_ref import ScanCategoryRef  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        status = ScanStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_hint(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        hint = _parse_hint(d.pop("hint"))

        def _parse_thumbnail_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        thumbnail_key = _parse_thumbnail_key(d.pop("thumbnail_key"))

        def _parse_category(data: object) -> None | ScanCategoryRef | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                category_type_0 = ScanCategoryRef.from_dict(data)

                return category_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanCategoryRef | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        def _parse_item(data: object) -> ItemRef | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                item_type_0 = ItemRef.from_dict(data)

                return item_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ItemRef | None | Unset, data)

        item = _parse_item(d.pop("item", UNSET))

        def _parse_reward(data: object) -> None | RewardOut | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                reward_type_0 = RewardOut.from_dict(data)

                return reward_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RewardOut | Unset, data)

        reward = _parse_reward(d.pop("reward", UNSET))

        scan_summary = cls(
            id=id,
            status=status,
            created_at=created_at,
            hint=hint,
            thumbnail_key=thumbnail_key,
            category=category,
            item=item,
            reward=reward,
        )

        scan_summary.additional_properties = d
        return scan_summary

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
