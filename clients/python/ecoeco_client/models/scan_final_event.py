from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scan_status import ScanStatus

if TYPE_CHECKING:
    from ..models.scan_error import ScanError
    from ..models.scan_result import ScanResult


T = TypeVar("T", bound="ScanFinalEvent")


@_attrs_define
class ScanFinalEvent:
    """The last SSE event (`done`, `needs_confirmation` or `failed`); the stream then closes.

    Attributes:
        scan_id (str):
        round_ (int):
        status (ScanStatus): Where a scan job is; the last three are final for a round.
        stage (None | str):
        result (None | ScanResult):
        error (None | ScanError):
    """

    scan_id: str
    round_: int
    status: ScanStatus
    stage: None | str
    result: None | ScanResult
    error: None | ScanError
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.scan_error import ScanError  # noqa: PLC0415
        from ..models.scan_result import ScanResult  # noqa: PLC0415

        scan_id = self.scan_id

        round_ = self.round_

        status = self.status.value

        stage: None | str
        stage = self.stage

        result: dict[str, Any] | None
        if isinstance(self.result, ScanResult):
            result = self.result.to_dict()
        else:
            result = self.result

        error: dict[str, Any] | None
        if isinstance(self.error, ScanError):
            error = self.error.to_dict()
        else:
            error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scan_id": scan_id,
                "round": round_,
                "status": status,
                "stage": stage,
                "result": result,
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.scan_error import ScanError  # noqa: PLC0415
        from ..models.scan_result import ScanResult  # noqa: PLC0415

        d = dict(src_dict)
        scan_id = d.pop("scan_id")

        round_ = d.pop("round")

        status = ScanStatus(d.pop("status"))

        def _parse_stage(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stage = _parse_stage(d.pop("stage"))

        def _parse_result(data: object) -> None | ScanResult:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = ScanResult.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanResult, data)

        result = _parse_result(d.pop("result"))

        def _parse_error(data: object) -> None | ScanError:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = ScanError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanError, data)

        error = _parse_error(d.pop("error"))

        scan_final_event = cls(
            scan_id=scan_id,
            round_=round_,
            status=status,
            stage=stage,
            result=result,
            error=error,
        )

        scan_final_event.additional_properties = d
        return scan_final_event

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
