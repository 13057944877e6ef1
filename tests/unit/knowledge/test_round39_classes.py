"""Round 39: small fittings of a home (커튼봉, 전등갓, 콘센트 커버, 문풍지), care and nursery
things (보청기, 돋보기, 찜질기, 아기띠, 유아 변기, 모빌), party leftovers (고깔모자, 케이크 칼,
현수막, 야광봉), fish heads named by the fish, and errands that name a thing (a rental, a
job); plus two condition readings: a name ending like a hedge ("신문지도": 지도) and syrup
said to be left in a bottle in full ("물약이 남아")."""

from __future__ import annotations

import pytest

from tests.unit.knowledge.lexical_top import SEARCH, top_slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("커튼 봉", "metal"),  # the rod, not the curtain (textile)
        ("압축봉", "metal"),
        ("전등갓", "general"),  # the shade alone has nothing electric
        ("콘센트 커버", "general"),  # not the power strip
        ("문풍지", "general"),
        ("보청기", "electronics"),
        ("hearing aid", "electronics"),
        ("돋보기", "general"),
        ("찜질기", "electronics"),
        ("아기띠", "general"),
        ("유아 변기", "plastic"),  # a plastic potty, not the toilet (construction)
        ("모빌", "general"),
        ("비눗방울 통", "plastic"),
        ("파티 고깔모자", "general"),  # not a hat for the clothing bin
        ("케이크 칼", "general"),  # a plastic knife, not metal cutlery
        ("현수막", "general"),
        ("야광봉", "general"),
        ("녹용", "general"),  # a herbal medicine, like 한약재
        ("전어 대가리", "food"),  # a fish head goes where 멸치/고등어 대가리 go
        ("명태 대가리", "food"),
    ],
)
def test_names_of_round_39(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("캡슐커피머신", "electronics"),  # the machine, not the capsule
        ("DVD 플레이어", "electronics"),  # the player, not the disc
        ("식물재배기", "electronics"),
        ("세탁망", "general"),
        ("스텐 쟁반", "metal"),
        ("대나무 소쿠리", "general"),  # woven bamboo is no plastic basket
        ("스텐 채반", "metal"),
        ("퍼즐매트", "general"),
        ("귀마개", "general"),
        ("목장갑", "general"),  # work gloves are no clothing for the bin
        ("등산화", "textile"),
        ("웨딩드레스", "textile"),
        ("캔들 워머", "electronics"),  # the lamp, not the candle
        ("충전식 손난로", "electronics"),  # a battery inside, not a heat pack
        ("은박 도시락 용기", "metal"),
        ("쿠킹포일 심", "paper"),  # the core, not the foil
        ("제빵 틀", "metal"),
        ("종이 머핀컵", "general"),  # greasy coated paper, not a paper cup
        ("택배 에어백", "vinyl"),
        ("밀가루 포대", "paper"),
        ("폼롤러", "general"),
        ("샌드백", "bulky"),
        ("camping stove", "metal"),
        ("fishing rod", "general"),
        ("mouthwash bottle", "plastic"),
        ("워셔액 빈 통", "plastic"),
        ("처방전", "paper"),
        ("단추", "general"),  # not a button cell
        ("뜨개바늘", "general"),
        ("빨래판", "plastic"),
        ("딱지", "paper"),  # the folded-paper game, not a crab's shell
        ("게딱지", "general"),
        ("protein shaker bottle", "plastic"),
        ("cat litter bag", "vinyl"),
        ("알약이 남은 약 포장", "hazardous"),  # pills still in the blister
        ("빈 알약 판", "general"),
        ("옥수수차 찌꺼기", "general"),  # tea dregs are no food waste
        ("단호박 씨", "food"),  # soft seeds are
        ("감자튀김 종이", "general"),  # greasy wrapping, not office paper
        ("두유 병", "glass"),
        ("꿀 스틱 포장", "vinyl"),
        ("초밥 도시락", "plastic"),  # a takeout tray, not a foil one
        ("교자상", "bulky"),
        ("협탁", "bulky"),
        ("안락의자", "bulky"),  # a chair, not the massage chair
        ("범퍼침대", "bulky"),
        ("김치냉장고 통", "plastic"),  # the container, not the appliance
        ("cling wrap", "vinyl"),
        ("헌옷가지", "textile"),
        ("냉장고 선반 유리", "non_combustible"),
        ("candy bar wrapper", "vinyl"),
        ("wrapper of the candy bar", "vinyl"),  # the wrapper, not the candy
        ("귤껍띠기", "food"),  # a spelling of 껍데기
        ("reciept", "general"),  # a spelling of receipt
        ("styrofome box", "styrofoam"),
        ("토기", "non_combustible"),
        ("기와", "construction"),
        ("강화유리 냄비뚜껑", "non_combustible"),  # the glass lid, not the pot (metal)
        ("항아리 깨진 거", "non_combustible"),  # pieces for the sack, not a bulky jar
        ("항아리", "bulky"),
        ("주방세제 리필", "vinyl"),  # the refill pouch, not the bottle
        ("욕실 발판", "general"),  # a bath mat, not a step ladder
        ("수건걸이", "metal"),
        ("휴지걸이", "metal"),
    ],
)
def test_names_found_probing_round_39s_families(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    "query",
    [
        "블라인드 채용이 뭐야",
        "휠체어 대여 어디서 해",
        "rent a wheelchair",
        "피아노 학원 어디가 좋아",
        "자전거 타러 가자",
        "커피 한잔 할까",
        "고양이 사료 뭐가 좋아",
        "텐트 치는 법",
        "형광등 교체하는 법",
        "건전지 어디서 사",
        "노트북 느려졌어",
        "my fridge is making noise",
        "how to fix a bike",
    ],
)
def test_a_plan_a_loan_or_a_how_to_is_no_disposal(query: str) -> None:
    assert top_slug(query) is None


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("텐트 버리는 법", "bulky"),  # a disposal word keeps it a question about the tent
        ("마시다 남은 커피 한 잔", "food"),  # a cup of leftovers, not an invitation
        ("남은 와인 한잔", "food"),
        ("형광등 버리러 가", "lighting"),
    ],
)
def test_disposal_words_keep_the_item(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("물에 젖은 신문지도 버려도 돼?", "general"),  # 신문지도 ends in 지도, no hedge
        ("물에 젖은 신문지는 버려도 돼?", "general"),
        ("젖었는지도 모르는 신문지", "paper"),  # a real hedge: not asserted
        ("물약이 남아 있는 약병", "hazardous"),
        ("시럽 남아있는 약병", "hazardous"),
        ("물약 다 비운 약병", "plastic"),
    ],
)
def test_conditions_of_round_39(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug", "varies"),
    [
        ("혈당 검사지", "general", False),  # strips are no sharps: the bag
        ("인슐린 주사바늘", "hazardous", True),  # which pharmacy or health centre: ask
        ("순간접착제", "general", False),  # a small tube that hardens, like glue tubes
        ("생나무 크리스마스 트리", "general", True),  # cut to fit the bag, or bulky
        ("부푼 보조배터리", "hazardous", True),  # where a swollen battery goes: ask
        ("석고보드 조각", "construction", True),  # the sack or site waste, by district
        ("시멘트 덩어리", "construction", True),
        ("물티슈 캡", "plastic", False),  # a PP cap once off the pack
        ("안 떨어지는 물티슈 뚜껑", "general", False),  # glued on: with the pack
    ],
)
def test_disputed_answers_say_when_the_district_decides(
    query: str, slug: str, varies: bool
) -> None:
    hit = SEARCH.search(query).hits[0]
    check = hit.condition.district_check if hit.condition else ""
    assert (hit.category.slug, bool(check or hit.item.district_check)) == (slug, varies)
