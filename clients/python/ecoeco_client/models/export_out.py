from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.account_out import AccountOut
    from ..models.exported_conversation import ExportedConversation
    from ..models.login_record import LoginRecord
    from ..models.owned_character_out import OwnedCharacterOut
    from ..models.points_entry import PointsEntry
    from ..models.profile_out import ProfileOut
    from ..models.scan_out import ScanOut
    from ..models.stats_out import StatsOut


T = TypeVar("T", bound="ExportOut")


@_attrs_define
class ExportOut:
    """Everything EcoEco holds on the caller, as one document (`GET /users/me/export`).

    `account` is what the login provider gave (null for an account auth does not know);
    `login_history` holds the last 1,000 logins, refreshes and failed attempts.

        Attributes:
            exported_at (datetime.datetime):
            profile (ProfileOut): A person's own profile.
            account (AccountOut | None):
            login_history (list[LoginRecord]):
            stats (StatsOut): Points, scans by category and the current daily streak.
            scans (list[ScanOut]):
            characters (list[OwnedCharacterOut]):
            points_ledger (list[PointsEntry]):
            conversations (list[ExportedConversation]):
    """

    exported_at: datetime.datetime
    profile: ProfileOut
    account: AccountOut | None
    login_history: list[LoginRecord]
    stats: StatsOut
    scans: list[ScanOut]
    characters: list[OwnedCharacterOut]
    points_ledger: list[PointsEntry]
    conversations: list[ExportedConversation]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.account_out import AccountOut  # noqa: PLC0415

        exported_at = self.exported_at.isoformat()

        profile = self.profile.to_dict()

        account: dict[str, Any] | None
        if isinstance(self.account, AccountOut):
            account = self.account.to_dict()
        else:
            account = self.account

        login_history = []
        for login_history_item_data in self.login_history:
            login_history_item = login_history_item_data.to_dict()
            login_history.append(login_history_item)

        stats = self.stats.to_dict()

        scans = []
        for scans_item_data in self.scans:
            scans_item = scans_item_data.to_dict()
            scans.append(scans_item)

        characters = []
        for characters_item_data in self.characters:
            characters_item = characters_item_data.to_dict()
            characters.append(characters_item)

        points_ledger = []
        for points_ledger_item_data in self.points_ledger:
            points_ledger_item = points_ledger_item_data.to_dict()
            points_ledger.append(points_ledger_item)

        conversations = []
        for conversations_item_data in self.conversations:
            conversations_item = conversations_item_data.to_dict()
            conversations.append(conversations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exported_at": exported_at,
                "profile": profile,
                "account": account,
                "login_history": login_history,
                "stats": stats,
                "scans": scans,
                "characters": characters,
                "points_ledger": points_ledger,
                "conversations": conversations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_out import AccountOut  # noqa: PLC0415
        from ..models.exported_conversation import ExportedConversation  # noqa: PLC0415
        from ..models.login_record import LoginRecord  # noqa: PLC0415
        from ..models.owned_character_out import OwnedCharacterOut  # noqa: PLC0415
        from ..models.points_entry import PointsEntry  # noqa: PLC0415
        from ..models.profile_out import ProfileOut  # noqa: PLC0415
        from ..models.scan_out import ScanOut  # noqa: PLC0415
        from ..models.stats_out import StatsOut  # noqa: PLC0415

        d = dict(src_dict)
        exported_at = datetime.datetime.fromisoformat(d.pop("exported_at"))

        profile = ProfileOut.from_dict(d.pop("profile"))

        def _parse_account(data: object) -> AccountOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                account_type_0 = AccountOut.from_dict(data)

                return account_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AccountOut | None, data)

        account = _parse_account(d.pop("account"))

        login_history = []
        _login_history = d.pop("login_history")
        for login_history_item_data in _login_history:
            login_history_item = LoginRecord.from_dict(login_history_item_data)

            login_history.append(login_history_item)

        stats = StatsOut.from_dict(d.pop("stats"))

        scans = []
        _scans = d.pop("scans")
        for scans_item_data in _scans:
            scans_item = ScanOut.from_dict(scans_item_data)

            scans.append(scans_item)

        characters = []
        _characters = d.pop("characters")
        for characters_item_data in _characters:
            characters_item = OwnedCharacterOut.from_dict(characters_item_data)

            characters.append(characters_item)

        points_ledger = []
        _points_ledger = d.pop("points_ledger")
        for points_ledger_item_data in _points_ledger:
            points_ledger_item = PointsEntry.from_dict(points_ledger_item_data)

            points_ledger.append(points_ledger_item)

        conversations = []
        _conversations = d.pop("conversations")
        for conversations_item_data in _conversations:
            conversations_item = ExportedConversation.from_dict(conversations_item_data)

            conversations.append(conversations_item)

        export_out = cls(
            exported_at=exported_at,
            profile=profile,
            account=account,
            login_history=login_history,
            stats=stats,
            scans=scans,
            characters=characters,
            points_ledger=points_ledger,
            conversations=conversations,
        )

        export_out.additional_properties = d
        return export_out

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
