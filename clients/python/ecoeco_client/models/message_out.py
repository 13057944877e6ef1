from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.message_out_context import MessageOutContext
    from ..models.source import Source


T = TypeVar("T", bound="MessageOut")


@_attrs_define
class MessageOut:
    """A stored message with its intent, sources and timing.

    Attributes:
        id (str):
        conversation_id (str):
        role (str):
        text (str):
        intent (None | str):
        sources (list[Source]):
        context (MessageOutContext):
        first_token_ms (int | None):
        total_ms (int | None):
        created_at (datetime.datetime):
    """

    id: str
    conversation_id: str
    role: str
    text: str
    intent: None | str
    sources: list[Source]
    context: MessageOutContext
    first_token_ms: int | None
    total_ms: int | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        conversation_id = self.conversation_id

        role = self.role

        text = self.text

        intent: None | str
        intent = self.intent

        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)

        context = self.context.to_dict()

        first_token_ms: int | None
        first_token_ms = self.first_token_ms

        total_ms: int | None
        total_ms = self.total_ms

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "conversation_id": conversation_id,
                "role": role,
                "text": text,
                "intent": intent,
                "sources": sources,
                "context": context,
                "first_token_ms": first_token_ms,
                "total_ms": total_ms,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_out_context import MessageOutContext  # noqa: PLC0415
        from ..models.source import Source  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        conversation_id = d.pop("conversation_id")

        role = d.pop("role")

        text = d.pop("text")

        def _parse_intent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        intent = _parse_intent(d.pop("intent"))

        sources = []
        _sources = d.pop("sources")
        for sources_item_data in _sources:
            sources_item = Source.from_dict(sources_item_data)

            sources.append(sources_item)

        context = MessageOutContext.from_dict(d.pop("context"))

        def _parse_first_token_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        first_token_ms = _parse_first_token_ms(d.pop("first_token_ms"))

        def _parse_total_ms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        total_ms = _parse_total_ms(d.pop("total_ms"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        message_out = cls(
            id=id,
            conversation_id=conversation_id,
            role=role,
            text=text,
            intent=intent,
            sources=sources,
            context=context,
            first_token_ms=first_token_ms,
            total_ms=total_ms,
            created_at=created_at,
        )

        message_out.additional_properties = d
        return message_out

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
