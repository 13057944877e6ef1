from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.message_out import MessageOut


T = TypeVar("T", bound="ChatStartEvent")


@_attrs_define
class ChatStartEvent:
    """The first SSE event of an answer: the stored question.

    Attributes:
        conversation_id (str):
        user_message (MessageOut): A stored message with its intent, sources and timing.
    """

    conversation_id: str
    user_message: MessageOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        conversation_id = self.conversation_id

        user_message = self.user_message.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "conversation_id": conversation_id,
                "user_message": user_message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.message_out import MessageOut  # noqa: PLC0415

        d = dict(src_dict)
        conversation_id = d.pop("conversation_id")

        user_message = MessageOut.from_dict(d.pop("user_message"))

        chat_start_event = cls(
            conversation_id=conversation_id,
            user_message=user_message,
        )

        chat_start_event.additional_properties = d
        return chat_start_event

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
