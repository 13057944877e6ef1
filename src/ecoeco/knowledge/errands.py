"""Messages that are not about throwing anything away: greetings and replies, errands
(a recommendation, a purchase, the weather), figures of speech and plain statements.
"""

from __future__ import annotations

import re

# Greetings and replies that name nothing, however close they are to a name (안녕/안경).
CHATTER = frozenset(
    {
        "안녕", "안녕하세요", "하이", "헬로", "ㅎㅇ", "ㅇㅋ", "응", "네", "넵", "아니", "고마워",
        "고마워요", "감사", "감사합니다", "잘자", "잘자요", "잘가", "잘가요", "잘있어", "잘있어요",
        "안녕히주무세요", "안녕히가세요", "안녕히계세요", "굿나잇", "굿밤", "goodnight", "hello",
        "hi", "hey", "ok", "okay", "yes", "no", "thanks", "thank", "you", "bye",
    }
)  # fmt: skip
# A request for something other than throwing a thing away: a recommendation, a purchase,
# a booking, the way somewhere, the weather ("가구 추천해줘", "캔디 사고 싶다"). Whatever
# it names, it asks nothing about disposal unless it also says so ("소파 버릴까 살까").
_ERRANDS = re.compile(
    r"추천|사고 ?싶|살까|사야 ?(?:할|하|돼|되)|사 ?줘|구매|주문|시켜(?! ?먹(?:고|은|었|던))|예약|"
    r"가는 ?길|길 ?(?:좀 )?알려|근처|가까운|켜 ?줘|꺼 ?줘|틀어 ?(?:줘|줄|주|봐|놔)|챙겨|써야|"
    r"입어야|몇 ?시|할래|먹을래|"
    r"마실래|갈래|볼까|고 ?싶|레시피|끓이는 ?법|만드는 ?법|잃어버|날씨|미세먼지|황사|기온|"
    r"더워|덥다|덥네|추워|춥다|춥네|몇 ?도|어디 ?(?:뒀|있|갔)|(?:열어|닫아|불러|찾아|보여) ?줘|"
    r"(?:샀|먹었|마셨|봤|놀았)(?:어|다|네|니|냐|지)?$|뭐 ?있(?:어|지|니|냐)$|"
    r"(?:먹어|마셔)(?:도|야)|몇 ?잔|정리 ?(?:방법|팁|법)|"
    r"(?:^| )(?:비|눈)(?:가|이)? ?(?:와|와요|온대|온다|올까|오나|오냐|오니)(?: |$)|"
    r"\brecommend|\bsuggest|\bbuy\b|\bpurchase|\bbook (?:a|me)\b|\bdirections?\b|\border\b|"
    r"\bweather\b|\bnearby\b|\bnear me\b|\bturn (?:on|off)\b|\bplay\b|\bwhere is\b|\bwant to\b|"
    r"\brecipes?\b|\bbest\b|\bcheap|\bprices?\b|\bhow much\b|\bi (?:like|love)\b|"
    r"\bhow to (?:make|cook)\b|\bneed a new\b|\btonight\b|\btomorrow\b|얼마 ?남았|"
    r"몇 ?(?:퍼센트|프로)|\bpercent\b|"  # a charge level, not a battery to throw away
    r"당첨|번호 ?(?:알려|뭐|좀|뽑아|골라|찍어|$)|"  # a draw or a number, not its ticket
    r"\blottery\b|\blotto numbers?\b|"
    r"사러 ?(?:가|갈|왔|와)|사야(?:지|겠)|먹을까|마실까|먹자|먹어야지|충전(?:해|하|시켜|중)|"
    r"\bwhat can you\b|\bwho are you\b|"  # "우유 사러 가야지", "휴대폰 충전해야 돼"
    # how to use, keep, clean, mend or cook a thing, not how to throw it away
    r"(?:청소|요리|수리|보관|사용|설치|조립|세탁|손질|관리|활용|연결|충전|장식)(?:하는|한|할) ?"
    r"(?:방법|법|팁|요령)|(?:담그|고치|키우|기르|쓰|굽|볶|삶|튀기|데우|꾸미|입|신)는 ?"
    r"(?:방법|법|팁|요령)|맛있게|브랜드|어떤 ?(?:게|거|걸|제품) ?(?:좋|나아|나은)|적정|"
    r"\bhow (?:to|do i|can i) (?:clean|fix|repair|use|store|install|charge)\b"
)
# Plans, loans, choices and how-tos that name a thing without asking how to throw it
# away: "휠체어 대여", "자전거 타러 가자", "피아노 학원 어디가 좋아", "형광등 교체하는 법",
# "건전지 어디서 사", "my fridge is making noise".
_PLANS = re.compile(
    r"대여|렌트|빌려 ?(?:줘|주|야|볼|도)|빌릴|채용|면접|취업|\brent\b|\bborrow|"
    r"(?:타|치|하|놀|보|먹|마시)러 ?(?:가|갈|와|왔|간)|한 ?잔 ?(?:할|하|해|어때)|"
    r"(?:어디|뭐|무엇|어느 ?것|어떤 ?것)(?:가|이)? ?(?:좋|괜찮|나아|낫)|"
    r"(?:치는|교체하는|교체|설치하는|설치|조립하는|쓰는|사용하는) ?(?:법|방법)|"
    r"어디서 ?(?:사|팔|파|구해|구하|구매)|느려졌|\bmaking (?:a |some )?noise\b|"
    r"\bhow to (?:fix|repair|install|replace|use|set up)\b"
)
# A disposal word said of something else: "쓰레기 같은 하루였어", "기분이 쓰레기 같아".
_FIGURATIVE = re.compile(r"(?:쓰레기|폐기물) ?같(?:은|아|다|네|애|이)")
# A statement about what the speaker is doing or how something is, not a question about
# throwing it away: "의자에 앉아 있어", "티비 보는 중", "고양이 귀여워", "냉장고에 우유
# 있어?", "I'm sitting on a chair", "my phone is ringing", "the bottle is on the table".
_STATEMENTS = re.compile(
    r"(?:앉아|누워|엎드려|기대|자고|쉬고|놀고|일하고|공부하고|기다리고|보고|듣고|읽고|타고|"
    r"먹고|마시고) ?있(?:어|다|네|음|는데|어요|습니다)?$|"
    r"[가-힣]{2} ?중(?:이야|이에요|이다|임|야|인데|이거든)?$|"  # "보는 중", "공부 중"
    r"(?:앉아|누워|엎드려)서? |잘 ?(?:해|한다|하네|해요|하지|하더라)$|"
    r"(?:보내 ?줬|사 ?줬|만들어 ?줬|받았|다녀왔|놀러 ?갔)(?:어|다|네|어요|습니다)?$|"
    r"(?:^| )다 ?(?:했|끝냈)(?:다|어|어요|음|네)$|"  # "냉장고 정리 다 했다": done, not asking
    r"^(?:the|my) \w+ (?:beeped|rang|buzzed|went off|is beeping)\b|"
    r"(?:닳아|닳았|닳네|닳아요|느려|느려요|느리네)$|"  # "배터리가 빨리 닳아": how it wears
    r"(?:귀여워|귀엽다|귀엽네|예뻐|예쁘다|이뻐|멋있|맛있|맛없|재밌|재미있|심심|졸려|졸리다|"
    r"피곤|배불러|배고파|행복해|슬퍼|우울해|좋아해|사랑해|지겨워|귀찮아)[가-힣]{0,2}$|"
    r"^\S+에 (?:\S+ )?(?:있|없)(?:어|니|나|냐|지|네|을까|어요|나요)$|"
    r"^(?:i m|im|i am|we re|we are|i was|i ve been|i have been) \w+ing\b|"
    r"^(?:i|we) (?:just )?(?:ate|drank|watched|cooked|played|slept|went|saw)\b|"
    r"\b(?:is|are) (?:ringing|sleeping|playing|working|running|sitting|lying|standing|"
    r"charging|buzzing|dying|slow|so slow|too slow|laggy|loud|noisy|too loud)\b|"
    r"\b(?:is|are|was|were|looks?|tastes?|smells?) (?:so |very |really |too )?(?:delicious|tasty|"
    r"yummy|cute|nice|good|great|beautiful|pretty|funny|awesome|amazing|fun|boring|comfy|"
    r"comfortable)\b|"
    r"\b(?:is|are) (?:on|in|under|behind|beside|near|next to|at) (?:the|my|a|our)\b"
)
_DISPOSAL = re.compile(
    r"(?<!잃어)(?:버려|버리|버릴)|분리|배출|재활용|쓰레기(?!통)|수거|종량제|폐기|처리|처분|내놓|내놔|"
    r"음식물|내다|recycl|dispos|throw|trash|garbage|waste|\bbins?\b|discard|get rid|drop ?off|"
    r"collect|\bput\b|do with"
)


def errand(text: str) -> bool:
    """Whether a normalised query asks for something else (a recommendation, a purchase,
    directions, the weather) or only states something ("의자에 앉아 있어"), and says
    nothing about throwing anything away.
    """
    plain = _FIGURATIVE.sub(" ", text)
    asks_else = (
        plain != text or _ERRANDS.search(plain) or _PLANS.search(plain) or _STATEMENTS.search(plain)
    )
    return bool(asks_else) and not _DISPOSAL.search(plain)
