from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.item_hit_match import ItemHitMatch
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.info_category_ref import InfoCategoryRef
    from ..models.info_condition_out import InfoConditionOut


T = TypeVar("T", bound="ItemHit")


@_attrs_define
class ItemHit:
    """One ranked item for a search; `category` already applies a condition the query named.

    Attributes:
        id (str):
        name (str):
        name_en (str):
        category (InfoCategoryRef): A disposal category as other answers refer to it.
        conditions (list[InfoConditionOut]):
        applied_condition (InfoConditionOut | None):
        steps (list[str]):
        warnings (list[str]):
        score (float):
        match (ItemHitMatch):
        unsure_condition (InfoConditionOut | None | Unset):
        district_check (str | Unset):  Default: ''.
    """

    id: str
    name: str
    name_en: str
    category: InfoCategoryRef
    conditions: list[InfoConditionOut]
    applied_condition: InfoConditionOut | None
    steps: list[str]
    warnings: list[str]
    score: float
    match: ItemHitMatch
    unsure_condition: InfoConditionOut | None | Unset = UNSET
    district_check: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.info_condition_out import InfoConditionOut  # noqa: PLC0415

        id = self.id

        name = self.name

        name_en = self.name_en

        category = self.category.to_dict()

        conditions = []
        for conditions_item_data in self.conditions:
            conditions_item = conditions_item_data.to_dict()
            conditions.append(conditions_item)

        applied_condition: dict[str, Any] | None
        if isinstance(self.applied_condition, InfoConditionOut):
            applied_condition = self.applied_condition.to_dict()
        else:
            applied_condition = self.applied_condition

        steps = self.steps

        warnings = self.warnings

        score = self.score

        match = self.match.value

        unsure_condition: dict[str, Any] | None | Unset
        if isinstance(self.unsure_condition, Unset):
            unsure_condition = UNSET
        elif isinstance(self.unsure_condition, InfoConditionOut):
            unsure_condition = self.unsure_condition.to_dict()
        else:
            unsure_condition = self.unsure_condition

        district_check = self.district_check

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "name_en": name_en,
                "category": category,
                "conditions": conditions,
                "applied_condition": applied_condition,
                "steps": steps,
                "warnings": warnings,
                "score": score,
                "match": match,
            }
        )
        if unsure_condition is not UNSET:
            field_dict["unsure_condition"] = unsure_condition
        if district_check is not UNSET:
            field_dict["district_check"] = district_check

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.info_category_ref import InfoCategoryRef  # noqa: PLC0415
        from ..models.info_condition_out import InfoConditionOut  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        name_en = d.pop("name_en")

        category = InfoCategoryRef.from_dict(d.pop("category"))

        conditions = []
        _conditions = d.pop("conditions")
        for conditions_item_data in _conditions:
            conditions_item = InfoConditionOut.from_dict(conditions_item_data)

            conditions.append(conditions_item)

        def _parse_applied_condition(data: object) -> InfoConditionOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                applied_condition_type_0 = InfoConditionOut.from_dict(data)

                return applied_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InfoConditionOut | None, data)

        applied_condition = _parse_applied_condition(d.pop("applied_condition"))

        steps = cast(list[str], d.pop("steps"))

        warnings = cast(list[str], d.pop("warnings"))

        score = d.pop("score")

        match = ItemHitMatch(d.pop("match"))

        def _parse_unsure_condition(data: object) -> InfoConditionOut | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                unsure_condition_type_0 = InfoConditionOut.from_dict(data)

                return unsure_condition_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InfoConditionOut | None | Unset, data)

        unsure_condition = _parse_unsure_condition(d.pop("unsure_condition", UNSET))

        district_check = d.pop("district_check", UNSET)

        item_hit = cls(
            id=id,
            name=name,
            name_en=name_en,
            category=category,
            conditions=conditions,
            applied_condition=applied_condition,
            steps=steps,
            warnings=warnings,
            score=score,
            match=match,
            unsure_condition=unsure_condition,
            district_check=district_check,
        )

        item_hit.additional_properties = d
        return item_hit

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
