"""The assistant's fixed sentences, in Korean and English."""

from __future__ import annotations

from ecoeco.chat.compose import Language
from ecoeco.contracts.location import NearbyPlaceOut

PHRASES: dict[str, dict[Language, str]] = {
    "greeting": {
        "ko": "안녕하세요! 이코에코예요. 버리려는 물건을 알려 주시면 어떻게 분리배출하는지 "
        "알려 드릴게요. 예: '치킨 뼈는 어디에 버려?'",
        "en": "Hello! I'm EcoEco. Tell me what you want to throw away and I'll tell you how to "
        "sort it in Korea. For example: 'how do I throw away a broken mirror?'",
    },
    "welcome": {
        "ko": "천만에요! 또 버릴 물건이 생기면 언제든 물어봐 주세요.",
        "en": "You're welcome! Ask me any time you have something else to throw away.",
    },
    "farewell": {
        "ko": "또 만나요! 버릴 물건이 생기면 언제든 물어봐 주세요.",
        "en": "Bye! Ask me any time you have something else to throw away.",
    },
    "help": {
        "ko": "이렇게 도와 드릴 수 있어요:\n"
        "- 물건 이름으로 버리는 방법 묻기 (예: '우유팩 어떻게 버려?')\n"
        "- 사진을 올려서 어떤 쓰레기인지 확인하기\n"
        "- 근처 수거함 찾기 (예: '근처 폐건전지 수거함', 위치를 함께 보내 주세요)\n"
        "- 내 캐릭터와 포인트 확인하기",
        "en": "Here is what I can do:\n"
        "- how to dispose of an item (e.g. 'how do I recycle a milk carton?')\n"
        "- identify waste from a photo you upload\n"
        "- find collection points near you (send your location with the question)\n"
        "- show your characters and points",
    },
    "out_of_scope": {
        "ko": "죄송해요, 저는 분리배출과 재활용에 관한 질문만 도와 드릴 수 있어요. "
        "버리려는 물건이 있다면 이름을 알려 주세요.",
        "en": "Sorry, I can only help with sorting and disposing of waste. "
        "If there's something you want to throw away, tell me what it is.",
    },
    "clarify": {
        "ko": "어떤 물건인지 확실하지 않아요. 혹시 {names} 중 하나인가요? 정확한 물건 이름을 "
        "알려 주시면 버리는 방법을 알려 드릴게요.",
        "en": "I'm not sure which item you mean. Is it one of these: {names}? Tell me the exact "
        "item and I'll explain how to dispose of it.",
    },
    "hazard_question": {
        "ko": "확인이 필요해요: {when} 경우에는 {category} 버려요. 어느 쪽인지 알려 주세요.",
        "en": "Please check: if it is a {when}, it goes in {category} instead. "
        "Tell me which it is.",
    },
    "not_found": {
        "ko": "'{text}'에 맞는 분리배출 안내를 찾지 못했어요. 물건 이름을 조금 다르게 "
        "알려 주시거나 사진을 올려 주세요.",
        "en": "I couldn't find a disposal guide for '{text}'. Try another name for the item, "
        "or upload a photo.",
    },
    "unavailable": {
        "ko": "죄송해요, 지금은 그 정보를 확인할 수 없어요. 잠시 후 다시 물어봐 주세요.",
        "en": "Sorry, I could not look that up right now. Please try again in a moment.",
    },
    "need_location": {
        "ko": "가까운 수거 장소를 찾으려면 위치가 필요해요. 위치 공유를 허용해서 "
        "다시 보내 주시겠어요?",
        "en": "To find collection points near you I need your location. Could you share it "
        "and ask again?",
    },
    "no_places": {
        "ko": "주변에서 {what} 받는 곳을 찾지 못했어요. 주민센터에 문의해 보세요.",
        "en": "I found no place near you that takes {what}. Your community centre can help.",
    },
    "places": {
        "ko": "가까운 {what} 배출 장소예요:",
        "en": "Places near you that take {what}:",
    },
    "no_characters": {
        "ko": "아직 모은 캐릭터가 없어요. 분리배출한 물건을 스캔하면 캐릭터를 받을 수 있어요!",
        "en": "You have no characters yet. Scan an item you sorted correctly to earn one!",
    },
    "characters": {
        "ko": "지금 {count}개의 캐릭터를 모았어요: {names}",
        "en": "You have collected {count} character(s): {names}",
    },
    "points": {
        "ko": "지금 포인트는 {points}점이에요.",
        "en": "You have {points} points.",
    },
    "scans": {"ko": "지금까지 {scans}번 분리배출을 기록했어요.", "en": "You have {scans} scans."},
    "scan_seen": {"ko": "사진 속 물건은 {name} 보여요.", "en": "The photo shows {name}."},
    "scan_unsure": {
        "ko": "사진만으로는 확실하지 않아요. 혹시 이 중에 있나요? {names} "
        "스캔 결과에서 골라 주시면 정확히 안내해 드릴게요.",
        "en": "I'm not sure from the photo alone. Is it one of these? {names} "
        "Pick one in the scan result and I'll tell you exactly how to dispose of it.",
    },
    "scan_pending": {
        "ko": "사진을 아직 분석하고 있어요. 잠시 뒤 스캔 결과({link})에서 확인해 주세요.",
        "en": "I'm still analysing the photo. Check the scan result ({link}) in a moment.",
    },
    "scan_failed": {
        "ko": "사진을 분석하지 못했어요. 다른 각도에서 다시 찍어 주시거나 물건 이름을 알려 주세요.",
        "en": "I couldn't analyse the photo. Try another shot, or tell me what the item is.",
    },
}


def say(key: str, lang: Language, **values: object) -> str:
    """The phrase `key` in `lang`, filled in."""
    return PHRASES[key][lang].format(**values)


def place_lines(places: list[NearbyPlaceOut], lang: Language) -> list[str]:
    """One line per place: name, address, distance."""
    lines = []
    for n, place in enumerate(places, 1):
        parts = [place.name]
        if place.address.shown:
            parts.append(place.address.shown)
        meters = round(place.distance_m)
        parts.append(f"{meters} m" if meters < 1000 else f"{meters / 1000:.1f} km")
        lines.append(f"{n}. " + (" · " if lang == "ko" else ", ").join(parts))
    return lines
