from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scan_status import ScanStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reward_out import RewardOut
    from ..models.scan_error import ScanError
    from ..models.scan_result import ScanResult


T = TypeVar("T", bound="ScanOut")


@_attrs_define
class ScanOut:
    """A scan job and, once final, its result.

    Attributes:
        id (str):
        status (ScanStatus): Where a scan job is; the last three are final for a round.
        stage (None | str):
        hint (None | str):
        image_key (None | str):
        thumbnail_key (None | str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        finished_at (datetime.datetime | None):
        result (None | ScanResult | Unset):
        reward (None | RewardOut | Unset):
        error (None | ScanError | Unset):
    """

    id: str
    status: ScanStatus
    stage: None | str
    hint: None | str
    image_key: None | str
    thumbnail_key: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    finished_at: datetime.datetime | None
    result: None | ScanResult | Unset = UNSET
    reward: None | RewardOut | Unset = UNSET
    error: None | ScanError | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.reward_out import RewardOut  # noqa: PLC0415
        from ..models.scan_error import ScanError  # noqa: PLC0415
        from ..models.scan_result import ScanResult  # noqa: PLC0415

        id = self.id

        status = self.status.value

        stage: None | str
        stage = self.stage

        hint: None | str
        hint = self.hint

        image_key: None | str
        image_key = self.image_key

        thumbnail_key: None | str
        thumbnail_key = self.thumbnail_key

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        result: dict[str, Any] | None | Unset
        if isinstance(self.result, Unset):
            result = UNSET
        elif isinstance(self.result, ScanResult):
            result = self.result.to_dict()
        else:
            result = self.result

        reward: dict[str, Any] | None | Unset
        if isinstance(self.reward, Unset):
            reward = UNSET
        elif isinstance(self.reward, RewardOut):
            reward = self.reward.to_dict()
        else:
            reward = self.reward

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, ScanError):
            error = self.error.to_dict()
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "stage": stage,
                "hint": hint,
                "image_key": image_key,
                "thumbnail_key": thumbnail_key,
                "created_at": created_at,
                "updated_at": updated_at,
                "finished_at": finished_at,
            }
        )
        if result is not UNSET:
            field_dict["result"] = result
        if reward is not UNSET:
            field_dict["reward"] = reward
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reward_out import RewardOut  # noqa: PLC0415
        from ..models.scan_error import ScanError  # noqa: PLC0415
        from ..models.scan_result import ScanResult  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        status = ScanStatus(d.pop("status"))

        def _parse_stage(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stage = _parse_stage(d.pop("stage"))

        def _parse_hint(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        hint = _parse_hint(d.pop("hint"))

        def _parse_image_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        image_key = _parse_image_key(d.pop("image_key"))

        def _parse_thumbnail_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        thumbnail_key = _parse_thumbnail_key(d.pop("thumbnail_key"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))

        def _parse_result(data: object) -> None | ScanResult | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = ScanResult.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanResult | Unset, data)

        result = _parse_result(d.pop("result", UNSET))

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

        def _parse_error(data: object) -> None | ScanError | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = ScanError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanError | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        scan_out = cls(
            id=id,
            status=status,
            stage=stage,
            hint=hint,
            image_key=image_key,
            thumbnail_key=thumbnail_key,
            created_at=created_at,
            updated_at=updated_at,
            finished_at=finished_at,
            result=result,
            reward=reward,
            error=error,
        )

        scan_out.additional_properties = d
        return scan_out

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
