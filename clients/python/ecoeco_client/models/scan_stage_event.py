from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.scan_stage import ScanStage
from ..models.scan_stage_event_status import ScanStageEventStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.candidate_out import CandidateOut
    from ..models.item_ref import ItemRef
    from ..models.scan_category_ref import ScanCategoryRef


T = TypeVar("T", bound="ScanStageEvent")


@_attrs_define
class ScanStageEvent:
    """An SSE event as a stage of the pipeline ends (the ai worker writes it to the hub).

    `reward` is `requested`: the ai worker asks for the reward (`scan.completed`); the
    character service decides it, and the scan shows it as `reward` once granted.

        Attributes:
            scan_id (str):
            round_ (int): 1 for the first pass, 2 after a confirmation
            stage (ScanStage): The pipeline's stages, in order.
            status (ScanStageEventStatus):
            model (None | str | Unset): vision: the model that looked
            hint_matched (bool | None | Unset): vision: the hint named an item
            candidates (list[CandidateOut] | None | Unset): vision: best guesses
            item (ItemRef | None | Unset): rule: the item it decided on
            category (None | ScanCategoryRef | Unset): rule: the category
            condition (None | str | Unset): rule: the condition that applied
            steps (int | None | Unset): answer: how many steps the guide has
            recyclable (bool | None | Unset): reward: recyclable category
            confirmed (bool | None | Unset): reward: counted as confirmed
    """

    scan_id: str
    round_: int
    stage: ScanStage
    status: ScanStageEventStatus
    model: None | str | Unset = UNSET
    hint_matched: bool | None | Unset = UNSET
    candidates: list[CandidateOut] | None | Unset = UNSET
    item: ItemRef | None | Unset = UNSET
    category: None | ScanCategoryRef | Unset = UNSET
    condition: None | str | Unset = UNSET
    steps: int | None | Unset = UNSET
    recyclable: bool | None | Unset = UNSET
    confirmed: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.item_ref import ItemRef  # noqa: PLC0415
        from ..models.scan_category_ref import ScanCategoryRef  # noqa: PLC0415

        scan_id = self.scan_id

        round_ = self.round_

        stage = self.stage.value

        status = self.status.value

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        hint_matched: bool | None | Unset
        if isinstance(self.hint_matched, Unset):
            hint_matched = UNSET
        else:
            hint_matched = self.hint_matched

        candidates: list[dict[str, Any]] | None | Unset
        if isinstance(self.candidates, Unset):
            candidates = UNSET
        elif isinstance(self.candidates, list):
            candidates = []
            for candidates_type_0_item_data in self.candidates:
                candidates_type_0_item = candidates_type_0_item_data.to_dict()
                candidates.append(candidates_type_0_item)

        else:
            candidates = self.candidates

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

        condition: None | str | Unset
        if isinstance(self.condition, Unset):
            condition = UNSET
        else:
            condition = self.condition

        steps: int | None | Unset
        if isinstance(self.steps, Unset):
            steps = UNSET
        else:
            steps = self.steps

        recyclable: bool | None | Unset
        if isinstance(self.recyclable, Unset):
            recyclable = UNSET
        else:
            recyclable = self.recyclable

        confirmed: bool | None | Unset
        if isinstance(self.confirmed, Unset):
            confirmed = UNSET
        else:
            confirmed = self.confirmed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scan_id": scan_id,
                "round": round_,
                "stage": stage,
                "status": status,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model
        if hint_matched is not UNSET:
            field_dict["hint_matched"] = hint_matched
        if candidates is not UNSET:
            field_dict["candidates"] = candidates
        if item is not UNSET:
            field_dict["item"] = item
        if category is not UNSET:
            field_dict["category"] = category
        if condition is not UNSET:
            field_dict["condition"] = condition
        if steps is not UNSET:
            field_dict["steps"] = steps
        if recyclable is not UNSET:
            field_dict["recyclable"] = recyclable
        if confirmed is not UNSET:
            field_dict["confirmed"] = confirmed

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.candidate_out import CandidateOut  # noqa: PLC0415
        from ..models.item_ref import ItemRef  # noqa: PLC0415
        from ..models.scan_category_ref import ScanCategoryRef  # noqa: PLC0415

        d = dict(src_dict)
        scan_id = d.pop("scan_id")

        round_ = d.pop("round")

        stage = ScanStage(d.pop("stage"))

        status = ScanStageEventStatus(d.pop("status"))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_hint_matched(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        hint_matched = _parse_hint_matched(d.pop("hint_matched", UNSET))

        def _parse_candidates(data: object) -> list[CandidateOut] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                candidates_type_0 = []
                _candidates_type_0 = data
                for candidates_type_0_item_data in _candidates_type_0:
                    candidates_type_0_item = CandidateOut.from_dict(candidates_type_0_item_data)

                    candidates_type_0.append(candidates_type_0_item)

                return candidates_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CandidateOut] | None | Unset, data)

        candidates = _parse_candidates(d.pop("candidates", UNSET))

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

        def _parse_condition(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        condition = _parse_condition(d.pop("condition", UNSET))

        def _parse_steps(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        steps = _parse_steps(d.pop("steps", UNSET))

        def _parse_recyclable(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        recyclable = _parse_recyclable(d.pop("recyclable", UNSET))

        def _parse_confirmed(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        confirmed = _parse_confirmed(d.pop("confirmed", UNSET))

        scan_stage_event = cls(
            scan_id=scan_id,
            round_=round_,
            stage=stage,
            status=status,
            model=model,
            hint_matched=hint_matched,
            candidates=candidates,
            item=item,
            category=category,
            condition=condition,
            steps=steps,
            recyclable=recyclable,
            confirmed=confirmed,
        )

        scan_stage_event.additional_properties = d
        return scan_stage_event

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
