from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.candidate_out import CandidateOut


T = TypeVar("T", bound="Disagreement")


@_attrs_define
class Disagreement:
    """The photo said one thing and the typed hint another (the hint won).

    Attributes:
        image (CandidateOut | None | Unset):
        hint (CandidateOut | None | Unset):
    """

    image: CandidateOut | None | Unset = UNSET
    hint: CandidateOut | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.candidate_out import CandidateOut  # noqa: PLC0415

        image: dict[str, Any] | None | Unset
        if isinstance(self.image, Unset):
            image = UNSET
        elif isinstance(self.image, CandidateOut):
            image = self.image.to_dict()
        else:
            image = self.image

        hint: dict[str, Any] | None | Unset
        if isinstance(self.hint, Unset):
            hint = UNSET
        elif isinstance(self.hint, CandidateOut):
            hint = self.hint.to_dict()
        else:
            hint = self.hint

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if image is not UNSET:
            field_dict["image"] = image
        if hint is not UNSET:
            field_dict["hint"] = hint

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.candidate_out import CandidateOut  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_image(data: object) -> CandidateOut | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                image_type_0 = CandidateOut.from_dict(data)

                return image_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CandidateOut | None | Unset, data)

        image = _parse_image(d.pop("image", UNSET))

        def _parse_hint(data: object) -> CandidateOut | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                hint_type_0 = CandidateOut.from_dict(data)

                return hint_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CandidateOut | None | Unset, data)

        hint = _parse_hint(d.pop("hint", UNSET))

        disagreement = cls(
            image=image,
            hint=hint,
        )

        disagreement.additional_properties = d
        return disagreement

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
