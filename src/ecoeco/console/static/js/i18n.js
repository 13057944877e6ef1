// Korean by default, English on request; the choice is kept in localStorage.
const MESSAGES = {
  ko: {
    app_name: "이코에코", skip: "본문으로 건너뛰기", nav: "주요 메뉴", lang_switch: "English",
    lang_switch_label: "Switch to English",
    tab_scan: "스캔", tab_search: "검색", tab_nearby: "주변", tab_characters: "캐릭터",
    tab_chat: "채팅", tab_admin: "관리",
    sign_in: "로그인", sign_out: "로그아웃", signed_in_as: "{name} 님",
    sign_in_title: "로그인하고 분리배출을 시작하세요",
    dev_login: "개발용 로그인",
    cookie_refused: "브라우저가 로그인 쿠키를 저장하지 않았습니다. https로 접속하거나(또는 localhost), 개발 중에는 ECOECO_AUTH_COOKIE_SECURE=false로 실행하세요.", email: "이메일", nickname: "닉네임 (선택)",
    with_provider: "{provider}로 로그인", providers_none: "설정된 소셜 로그인이 없습니다.",
    kakao: "카카오", naver: "네이버", google: "구글",
    scan_title: "사진으로 분리배출 확인", photo_file: "사진 파일 고르기", photo_camera: "카메라로 찍기",
    hint: "무엇인지 적기 (선택)", scan_submit: "확인하기", scan_need_input: "사진을 고르거나 무엇인지 적어 주세요.",
    stage_vision: "사진 분석", stage_rule: "분류 기준 찾기", stage_answer: "버리는 방법 정리", stage_reward: "보상",
    status_completed: "완료", status_skipped: "건너뜀", status_failed: "실패", status_running: "진행 중",
    status_requested: "요청함", status_late: "아직 도착하지 않음",
    reward_none: "없음 (재활용 품목으로 확인된 경우에만 지급)", reward_capped: "지급됨 (오늘 이 분류의 점수 한도에 도달)",
    reward_arrived: "보상이 도착했습니다.",
    reward_late: "보상이 아직 도착하지 않았습니다. 나중에 도착하면 캐릭터 화면의 점수와 캐릭터에 반영됩니다.",
    reconnecting: "연결이 끊겨 다시 연결하는 중…", reconnected: "다시 연결했습니다.",
    steps: "버리는 방법", warnings: "주의할 점", not_recyclable_if: "이럴 땐 재활용이 안 돼요",
    other_conditions: "답이 달라지는 경우", exceptions: "자주 하는 실수", goes_to: "→ {category}",
    recyclable: "재활용 가능", not_recyclable: "재활용 불가", confidence: "확신도 {value}%",
    full_guide: "{category} 안내 전체 보기", reward_points: "+{points}점", reward_character: "새 캐릭터: {code}",
    needs_confirmation: "확실하지 않아요. 어느 것인가요?", pick_other: "다른 분류 고르기", confirm: "이것으로 확인",
    candidate: "{name} ({score}%)", scan_failed: "스캔하지 못했습니다: {message}",
    history: "최근 기록", history_empty: "아직 기록이 없습니다.", open: "보기",
    scan_status_done: "완료", scan_status_needs_confirmation: "확인 필요", scan_status_failed: "실패",
    scan_status_queued: "대기", scan_status_running: "진행 중",
    search_title: "품목 검색", search_label: "버릴 물건 이름", search_placeholder: "예: 페트병, 영수증, 치킨 뼈",
    search_empty: "찾는 품목이 없습니다.", suggestions: "이런 검색어는 어떠세요?",
    nearby_title: "주변 수거 장소", use_location: "내 위치 사용", map_hint: "지도를 눌러 위치를 고를 수도 있어요.",
    kind_filter: "종류", open_now: "지금 영업 중", nearby_empty: "주변에 조건에 맞는 장소가 없습니다.",
    distance: "{value} m", location_denied: "위치를 가져오지 못해 기본 위치를 씁니다.", map_label: "수거 장소 지도",
    open_yes: "영업 중", open_no: "영업 종료", open_unknown: "영업시간 정보 없음",
    kind_recycling_center: "재활용센터", kind_zero_waste_shop: "제로웨이스트 가게", kind_refill_station: "리필스테이션",
    kind_clothing_bin: "의류수거함", kind_battery_box: "폐건전지 수거함", kind_lamp_box: "폐형광등 수거함",
    kind_medicine_box: "폐의약품 수거함", kind_ewaste_box: "소형가전 수거함", kind_reward_machine: "보상형 회수기",
    characters_title: "내 캐릭터", points: "포인트", streak_label: "연속 기록", scans_label: "스캔", streak: "연속 {days}일", scans_total: "스캔 {count}회",
    locked: "잠김", acquired: "획득", rarity_common: "흔함", rarity_uncommon: "드묾", rarity_rare: "희귀",
    chat_title: "분리배출 도우미", conversations: "대화 목록", new_chat: "새 대화", message: "메시지",
    send: "보내기", chat_placeholder: "예: 깨진 유리는 어떻게 버려요?", sources: "출처",
    untitled: "제목 없는 대화", chat_error: "답을 받지 못했습니다: {message}",
    admin_title: "팁 관리", tip_title: "제목", tip_body: "내용", tip_category: "분류 (선택)",
    tip_published: "공개", tip_save: "저장", tip_new: "새 팁", tip_edit: "수정", tip_saved: "저장했습니다.",
    tip_unpublish: "비공개로", admin_only: "관리자만 볼 수 있습니다.",
    guide_title: "{category} 버리는 법", belongs: "여기에 해당해요", not_belong: "여기에 넣으면 안 돼요", items: "품목",
    back: "뒤로", error: "문제가 생겼습니다: {message}", loading: "불러오는 중…", none: "없음",
  },
  en: {
    app_name: "EcoEco", skip: "Skip to content", nav: "Main menu", lang_switch: "한국어",
    lang_switch_label: "한국어로 보기",
    tab_scan: "Scan", tab_search: "Search", tab_nearby: "Nearby", tab_characters: "Characters",
    tab_chat: "Chat", tab_admin: "Admin",
    sign_in: "Sign in", sign_out: "Sign out", signed_in_as: "{name}",
    sign_in_title: "Sign in to start sorting",
    dev_login: "Development sign-in",
    cookie_refused: "The browser kept no session cookie. Use https (or localhost), or run with ECOECO_AUTH_COOKIE_SECURE=false while developing.", email: "Email", nickname: "Nickname (optional)",
    with_provider: "Sign in with {provider}", providers_none: "No social sign-in is configured.",
    kakao: "Kakao", naver: "Naver", google: "Google",
    scan_title: "Check an item from a photo", photo_file: "Choose a photo", photo_camera: "Take a photo",
    hint: "What is it? (optional)", scan_submit: "Check", scan_need_input: "Choose a photo or say what it is.",
    stage_vision: "Looking at the photo", stage_rule: "Finding the rule", stage_answer: "Writing the steps", stage_reward: "Reward",
    status_completed: "done", status_skipped: "skipped", status_failed: "failed", status_running: "working",
    status_requested: "requested", status_late: "not arrived yet",
    reward_none: "none (only items confirmed as recyclable earn one)", reward_capped: "granted (today's points limit for this category reached)",
    reward_arrived: "The reward has arrived.",
    reward_late: "The reward has not arrived yet. If it comes later, it is added to your points and characters on the Characters page.",
    reconnecting: "Connection lost; reconnecting…", reconnected: "Reconnected.",
    steps: "How to put it out", warnings: "Watch out", not_recyclable_if: "Not recyclable when",
    other_conditions: "What changes the answer", exceptions: "Common mistakes", goes_to: "→ {category}",
    recyclable: "Recyclable", not_recyclable: "Not recyclable", confidence: "Confidence {value}%",
    full_guide: "Full guide: {category}", reward_points: "+{points} points", reward_character: "New character: {code}",
    needs_confirmation: "Not sure. Which one is it?", pick_other: "Pick another category", confirm: "Confirm",
    candidate: "{name} ({score}%)", scan_failed: "The scan failed: {message}",
    history: "Recent scans", history_empty: "No scans yet.", open: "Open",
    scan_status_done: "done", scan_status_needs_confirmation: "needs confirmation", scan_status_failed: "failed",
    scan_status_queued: "queued", scan_status_running: "running",
    search_title: "Item search", search_label: "What are you throwing away?", search_placeholder: "e.g. PET bottle, receipt, chicken bones",
    search_empty: "No matching item.", suggestions: "Did you mean",
    nearby_title: "Collection points nearby", use_location: "Use my location", map_hint: "You can also tap the map to choose a point.",
    kind_filter: "Kind", open_now: "Open now", nearby_empty: "No place nearby matches.",
    distance: "{value} m", location_denied: "Could not get your location; using the default.", map_label: "Map of collection points",
    open_yes: "Open", open_no: "Closed", open_unknown: "Hours unknown",
    kind_recycling_center: "Recycling center", kind_zero_waste_shop: "Zero-waste shop", kind_refill_station: "Refill station",
    kind_clothing_bin: "Clothing bin", kind_battery_box: "Battery box", kind_lamp_box: "Lamp box",
    kind_medicine_box: "Medicine box", kind_ewaste_box: "Small e-waste box", kind_reward_machine: "Reward machine",
    characters_title: "My characters", points: "Points", streak_label: "Streak", scans_label: "Scans", streak: "{days}-day streak", scans_total: "{count} scans",
    locked: "Locked", acquired: "Acquired", rarity_common: "common", rarity_uncommon: "uncommon", rarity_rare: "rare",
    chat_title: "Sorting assistant", conversations: "Conversations", new_chat: "New chat", message: "Message",
    send: "Send", chat_placeholder: "e.g. How do I throw away broken glass?", sources: "Sources",
    untitled: "Untitled chat", chat_error: "No answer: {message}",
    admin_title: "Tips", tip_title: "Title", tip_body: "Text", tip_category: "Category (optional)",
    tip_published: "Published", tip_save: "Save", tip_new: "New tip", tip_edit: "Edit", tip_saved: "Saved.",
    tip_unpublish: "Unpublish", admin_only: "Admins only.",
    guide_title: "How to dispose of {category}", belongs: "What belongs here", not_belong: "What does not belong", items: "Items",
    back: "Back", error: "Something went wrong: {message}", loading: "Loading…", none: "none",
  },
};

let lang = localStorage.getItem("ecoeco.lang") === "en" ? "en" : "ko";

export function getLang() {
  return lang;
}

export function setLang(next) {
  lang = next === "en" ? "en" : "ko";
  localStorage.setItem("ecoeco.lang", lang);
  document.documentElement.lang = lang;
}

export function t(key, vars = {}) {
  const text = MESSAGES[lang][key] ?? MESSAGES.ko[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

// A moment (ISO 8601) as the chosen language writes it, whatever the browser's locale.
export function localTime(iso, { date = true, time = true } = {}) {
  const options = { ...(date && { dateStyle: "medium" }), ...(time && { timeStyle: "short" }) };
  return new Date(iso).toLocaleString(lang, options);
}

// The name of a thing in the current language: name_en / name_ko, or {ko, en}.
export function localName(thing) {
  if (!thing) return "";
  if (thing.name && typeof thing.name === "object") return thing.name[lang] || thing.name.ko;
  if (lang === "en") return thing.name_en || thing.name_ko || thing.name || "";
  return thing.name_ko || thing.name || thing.name_en || "";
}
