"""Contains all the data models used in inputs/outputs"""

from .account_out import AccountOut
from .address import Address
from .article_out import ArticleOut
from .article_out_page import ArticleOutPage
from .auth_jwks_response_auth_jwks import AuthJwksResponseAuthJwks
from .authorize_response import AuthorizeResponse
from .candidate_out import CandidateOut
from .category_count import CategoryCount
from .category_out import CategoryOut
from .category_points_out import CategoryPointsOut
from .character_export import CharacterExport
from .character_out import CharacterOut
from .character_out_page import CharacterOutPage
from .chat_chunk_event import ChatChunkEvent
from .chat_error_body import ChatErrorBody
from .chat_error_event import ChatErrorEvent
from .chat_export import ChatExport
from .chat_list_messages_order import ChatListMessagesOrder
from .chat_start_event import ChatStartEvent
from .conversation_in import ConversationIn
from .conversation_out import ConversationOut
from .conversation_out_page import ConversationOutPage
from .conversation_patch import ConversationPatch
from .create_scan_files_body import CreateScanFilesBody
from .create_scan_json_scan_create import CreateScanJsonScanCreate
from .dev_login_request import DevLoginRequest
from .disagreement import Disagreement
from .error_body import ErrorBody
from .error_response import ErrorResponse
from .exception_out import ExceptionOut
from .export_out import ExportOut
from .exported_conversation import ExportedConversation
from .exported_message import ExportedMessage
from .field_error import FieldError
from .guide import Guide
from .guide_item import GuideItem
from .guide_list import GuideList
from .guide_out import GuideOut
from .guide_parent import GuideParent
from .guide_summary import GuideSummary
from .guide_summary_parent import GuideSummaryParent
from .identity_list import IdentityList
from .identity_out import IdentityOut
from .info_category_ref import InfoCategoryRef
from .info_condition_out import InfoConditionOut
from .item_hit import ItemHit
from .item_hit_match import ItemHitMatch
from .item_ref import ItemRef
from .item_search_result import ItemSearchResult
from .linked_provider import LinkedProvider
from .livez_response_livez import LivezResponseLivez
from .localized import Localized
from .location_in import LocationIn
from .login_history import LoginHistory
from .login_record import LoginRecord
from .logout_request import LogoutRequest
from .message_in import MessageIn
from .message_out import MessageOut
from .message_out_context import MessageOutContext
from .message_out_page import MessageOutPage
from .misplaced_item import MisplacedItem
from .nearby_place_out import NearbyPlaceOut
from .nearby_place_out_hours_type_0 import NearbyPlaceOutHoursType0
from .nearby_place_out_page import NearbyPlaceOutPage
from .notification_settings import NotificationSettings
from .notification_update import NotificationUpdate
from .owned_character_out import OwnedCharacterOut
from .owned_character_out_page import OwnedCharacterOutPage
from .owned_character_out_source import OwnedCharacterOutSource
from .place_kind import PlaceKind
from .place_out import PlaceOut
from .place_out_hours_type_0 import PlaceOutHoursType0
from .place_out_page import PlaceOutPage
from .points_entry import PointsEntry
from .points_out import PointsOut
from .profile_out import ProfileOut
from .profile_update import ProfileUpdate
from .providers_out import ProvidersOut
from .providers_out_providers_item import ProvidersOutProvidersItem
from .rarity import Rarity
from .refresh_request import RefreshRequest
from .reward_out import RewardOut
from .scan_accepted import ScanAccepted
from .scan_category_ref import ScanCategoryRef
from .scan_condition_out import ScanConditionOut
from .scan_confirm import ScanConfirm
from .scan_create_upload_response_scan_create_upload import ScanCreateUploadResponseScanCreateUpload
from .scan_error import ScanError
from .scan_export import ScanExport
from .scan_final_event import ScanFinalEvent
from .scan_out import ScanOut
from .scan_progress_answer import ScanProgressAnswer
from .scan_progress_done import ScanProgressDone
from .scan_progress_failed import ScanProgressFailed
from .scan_progress_needs_confirmation import ScanProgressNeedsConfirmation
from .scan_progress_reward import ScanProgressReward
from .scan_progress_rule import ScanProgressRule
from .scan_progress_vision import ScanProgressVision
from .scan_result import ScanResult
from .scan_stage import ScanStage
from .scan_stage_event import ScanStageEvent
from .scan_stage_event_status import ScanStageEventStatus
from .scan_status import ScanStatus
from .scan_summary import ScanSummary
from .scan_summary_page import ScanSummaryPage
from .session_out import SessionOut
from .source import Source
from .source_category import SourceCategory
from .source_item import SourceItem
from .stats_out import StatsOut
from .stored_image_out import StoredImageOut
from .tip_create import TipCreate
from .tip_out import TipOut
from .tip_out_page import TipOutPage
from .tip_update import TipUpdate
from .token_response import TokenResponse

__all__ = (
    "AccountOut",
    "Address",
    "ArticleOut",
    "ArticleOutPage",
    "AuthJwksResponseAuthJwks",
    "AuthorizeResponse",
    "CandidateOut",
    "CategoryCount",
    "CategoryOut",
    "CategoryPointsOut",
    "CharacterExport",
    "CharacterOut",
    "CharacterOutPage",
    "ChatChunkEvent",
    "ChatErrorBody",
    "ChatErrorEvent",
    "ChatExport",
    "ChatListMessagesOrder",
    "ChatStartEvent",
    "ConversationIn",
    "ConversationOut",
    "ConversationOutPage",
    "ConversationPatch",
    "CreateScanFilesBody",
    "CreateScanJsonScanCreate",
    "DevLoginRequest",
    "Disagreement",
    "ErrorBody",
    "ErrorResponse",
    "ExceptionOut",
    "ExportedConversation",
    "ExportedMessage",
    "ExportOut",
    "FieldError",
    "Guide",
    "GuideItem",
    "GuideList",
    "GuideOut",
    "GuideParent",
    "GuideSummary",
    "GuideSummaryParent",
    "IdentityList",
    "IdentityOut",
    "InfoCategoryRef",
    "InfoConditionOut",
    "ItemHit",
    "ItemHitMatch",
    "ItemRef",
    "ItemSearchResult",
    "LinkedProvider",
    "LivezResponseLivez",
    "Localized",
    "LocationIn",
    "LoginHistory",
    "LoginRecord",
    "LogoutRequest",
    "MessageIn",
    "MessageOut",
    "MessageOutContext",
    "MessageOutPage",
    "MisplacedItem",
    "NearbyPlaceOut",
    "NearbyPlaceOutHoursType0",
    "NearbyPlaceOutPage",
    "NotificationSettings",
    "NotificationUpdate",
    "OwnedCharacterOut",
    "OwnedCharacterOutPage",
    "OwnedCharacterOutSource",
    "PlaceKind",
    "PlaceOut",
    "PlaceOutHoursType0",
    "PlaceOutPage",
    "PointsEntry",
    "PointsOut",
    "ProfileOut",
    "ProfileUpdate",
    "ProvidersOut",
    "ProvidersOutProvidersItem",
    "Rarity",
    "RefreshRequest",
    "RewardOut",
    "ScanAccepted",
    "ScanCategoryRef",
    "ScanConditionOut",
    "ScanConfirm",
    "ScanCreateUploadResponseScanCreateUpload",
    "ScanError",
    "ScanExport",
    "ScanFinalEvent",
    "ScanOut",
    "ScanProgressAnswer",
    "ScanProgressDone",
    "ScanProgressFailed",
    "ScanProgressNeedsConfirmation",
    "ScanProgressReward",
    "ScanProgressRule",
    "ScanProgressVision",
    "ScanResult",
    "ScanStage",
    "ScanStageEvent",
    "ScanStageEventStatus",
    "ScanStatus",
    "ScanSummary",
    "ScanSummaryPage",
    "SessionOut",
    "Source",
    "SourceCategory",
    "SourceItem",
    "StatsOut",
    "StoredImageOut",
    "TipCreate",
    "TipOut",
    "TipOutPage",
    "TipUpdate",
    "TokenResponse",
)
