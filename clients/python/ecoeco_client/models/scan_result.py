from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.candidate_out import CandidateOut
    from ..models.disagreement import Disagreement
    from ..models.guide_out import GuideOut
    from ..models.item_ref import ItemRef
    from ..models.scan_category_ref import ScanCategoryRef


T = TypeVar("T", bound="ScanResult")


@_attrs_define
class ScanResult:
    """What the scan concluded.

    Attributes:
        confidence (float):
        source (str):
        item (ItemRef | None | Unset):
        category (None | ScanCategoryRef | Unset):
        confirmed (bool | Unset):  Default: False.
        guide (GuideOut | None | Unset):
        candidates (list[CandidateOut] | Unset):
        disagreement (Disagreement | None | Unset):
        model (None | str | Unset):
    """

    confidence: float
    source: str
    item: ItemRef | None | Unset = UNSET
    category: None | ScanCategoryRef | Unset = UNSET
    confirmed: bool | Unset = False
    guide: GuideOut | None | Unset = UNSET
    candidates: list[CandidateOut] | Unset = UNSET
    disagreement: Disagreement | None | Unset = UNSET
    model: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.disagreement import Disagreement  # noqa: PLC0415
        from ..models.guide_out import GuideOut  # noqa: PLC0415
        from ..models.item_ref import ItemRef  # noqa: PLC0415
        from ..models.scan_category_ref import ScanCategoryRef  # noqa: PLC0415

        confidence = self.confidence

        source = self.source

        item: dict[str, Any] | None | Unset
        if isinstance(self.item, Unset):
            item = UNSET
        elif isinstance(self.item, ItemRef):
            item = self.item.to_dict()
        else:
            item = self.item

        category: dict[str, Any] | None | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        elif isinstance(self.category, ScanCategoryRef):
            category = self.category.to_dict()
        else:
            category = self.category

        confirmed = self.confirmed

        guide: dict[str, Any] | None | Unset
        if isinstance(self.guide, Unset):
            guide = UNSET
        elif isinstance(self.guide, GuideOut):
            guide = self.guide.to_dict()
        else:
            guide = self.guide

        candidates: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.candidates, Unset):
            candidates = []
            for candidates_item_data in self.candidates:
                candidates_item = candidates_item_data.to_dict()
                candidates.append(candidates_item)

        disagreement: dict[str, Any] | None | Unset
        if isinstance(self.disagreement, Unset):
            disagreement = UNSET
        elif isinstance(self.disagreement, Disagreement):
            disagreement = self.disagreement.to_dict()
        else:
            disagreement = self.disagreement

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "confidence": confidence,
                "source": source,
            }
        )
        if item is not UNSET:
            field_dict["item"] = item
        if category is not UNSET:
            field_dict["category"] = category
        if confirmed is not UNSET:
            field_dict["confirmed"] = confirmed
        if guide is not UNSET:
            field_dict["guide"] = guide
        if candidates is not UNSET:
            field_dict["candidates"] = candidates
        if disagreement is not UNSET:
            field_dict["disagreement"] = disagreement
        if model is not UNSET:
            field_dict["model"] = model

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.candidate_out import CandidateOut  # noqa: PLC0415
        from ..models.disagreement import Disagreement  # noqa: PLC0415
        from ..models.guide_out import GuideOut  # noqa: PLC0415
        from ..models.item_ref import ItemRef  # noqa: PLC0415
        from ..models.scan_category_ref import ScanCategoryRef  # noqa: PLC0415

        d = dict(src_dict)
        confidence = d.pop("confidence")

        source = d.pop("source")

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

        confirmed = d.pop("confirmed", UNSET)

        def _parse_guide(data: object) -> GuideOut | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                guide_type_0 = GuideOut.from_dict(data)

                return guide_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GuideOut | None | Unset, data)

        guide = _parse_guide(d.pop("guide", UNSET))

        _candidates = d.pop("candidates", UNSET)
        candidates: list[CandidateOut] | Unset = UNSET
        if _candidates is not UNSET:
            candidates = []
            for candidates_item_data in _candidates:
                candidates_item = CandidateOut.from_dict(candidates_item_data)

                candidates.append(candidates_item)

        def _parse_disagreement(data: object) -> Disagreement | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                disagreement_type_0 = Disagreement.from_dict(data)

                return disagreement_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Disagreement | None | Unset, data)

        disagreement = _parse_disagreement(d.pop("disagreement", UNSET))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        scan_result = cls(
            confidence=confidence,
            source=source,
            item=item,
            category=category,
            confirmed=confirmed,
            guide=guide,
            candidates=candidates,
            disagreement=disagreement,
            model=model,
        )

        scan_result.additional_properties = d
        return scan_result

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
