"""Search as you type, nearby (list + map + filters), characters, chat, language, phone width."""

from __future__ import annotations

from tests.browser.conftest import Console

SEOUL_CITY_HALL = {"latitude": 37.5665, "longitude": 126.978}


def test_search_shows_results_as_you_type(console: Console) -> None:
    page = console.page
    console.open("/#/search")
    field = page.get_by_label("버릴 물건 이름")
    field.press_sequentially("페트병", delay=60)
    results = page.locator("#search-results li.result")
    results.first.wait_for()
    console.until("document.querySelector('#search-results').dataset.query === '페트병'")
    assert "페트" in results.first.inner_text()
    field.fill("영수증")
    console.until("document.querySelector('#search-results').dataset.query === '영수증'")
    assert "영수증" in results.first.inner_text()
    console.screenshot("04-search")
    results.first.get_by_role("link").click()
    page.locator("#guide-title").wait_for()
    assert page.locator("details[open]").count() == 1


def test_nearby_lists_places_on_a_map_with_filters(console_factory) -> None:
    console = console_factory(geolocation=SEOUL_CITY_HALL, permissions=["geolocation"])
    page = console.page
    console.open("/#/nearby")
    places = page.locator("#nearby-list li.place")
    places.first.wait_for()
    everything = places.count()
    assert everything == 20
    assert page.locator("#nearby-map path.leaflet-interactive").count() >= everything
    page.click("#nearby-locate")
    page.wait_for_timeout(300)
    page.select_option("#nearby-kind", "clothing_bin")
    console.until(
        "[...document.querySelectorAll('#nearby-list li.place')].every("
        "li => li.textContent.includes('의류수거함'))"
    )
    page.check("#nearby-open")
    console.until(
        "[...document.querySelectorAll('#nearby-list li')].every("
        "li => li.dataset.open === 'true' || li.classList.contains('empty'))"
    )
    page.uncheck("#nearby-open")
    page.select_option("#nearby-kind", "")
    first_before = places.first.get_attribute("data-place")
    box = page.locator("#nearby-map").bounding_box()
    page.mouse.click(box["x"] + 10, box["y"] + box["height"] - 10)
    console.until(
        f"document.querySelector('#nearby-list li.place')?.dataset.place !== '{first_before}'"
    )
    console.screenshot("05-nearby")


def test_characters_show_the_collection_points_and_streak(console: Console) -> None:
    page = console.page
    console.open("/#/characters")
    console.sign_in("collector@example.com")
    grid = page.locator("#character-grid li")
    grid.first.wait_for()
    owned = page.locator("#character-grid li[data-owned=true]")
    locked = page.locator("#character-grid li[data-owned=false]")
    for _ in range(50):  # the starter is granted by an event, a moment after sign-up
        if owned.count():
            break
        page.wait_for_timeout(200)
        page.reload()
        grid.first.wait_for()
    assert owned.count() >= 1, "the starter character"
    assert locked.count() >= 1
    assert "(잠김)" in locked.first.get_attribute("aria-label")
    assert page.inner_text("#points").isdigit()
    assert "연속" in page.inner_text("#streak")
    console.screenshot("06-characters")


def test_chat_streams_an_answer_with_sources_linking_to_the_guide(console: Console) -> None:
    page = console.page
    console.open("/#/chat")
    console.sign_in("talker@example.com")
    page.fill("#chat-input", "페트병은 어떻게 버려요?")
    page.click("#chat-send")
    answer = page.locator("#chat-log li.bubble.assistant:not(.streaming)")
    answer.first.wait_for(timeout=120_000)
    assert page.locator("#chat-log li.bubble.user").count() == 1
    assert answer.first.locator(".text").inner_text()
    source = answer.first.locator("a.source").first
    href = source.get_attribute("href")
    assert href.startswith("#/guide/")
    console.until("document.querySelectorAll('#conversations a').length === 1")
    console.screenshot("07-chat")
    source.click()
    page.locator("#guide-title").wait_for()


def test_english_phone_width_and_keyboard(console: Console) -> None:
    page = console.page
    console.open()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.click("#lang")
    console.until("document.querySelector('#tab-search').textContent === 'Search'")
    assert page.locator("html").get_attribute("lang") == "en"
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.inner_text("#tab-search") == "Search", "the choice is remembered"
    console.sign_in("english@example.com")
    for view in ("scan", "search", "nearby", "characters", "chat"):
        page.click(f"#tab-{view}")
        page.wait_for_timeout(200)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), view
        unlabeled = page.evaluate(
            """[...document.querySelectorAll('main input, main select, main textarea, main button')]
            .filter(el => !el.labels?.length && !el.getAttribute('aria-label')
                    && !el.textContent.trim() && el.type !== 'hidden')
            .map(el => el.outerHTML)"""
        )
        assert unlabeled == [], (view, unlabeled)
    page.click("#lang")
    console.until("document.querySelector('#tab-search').textContent === '검색'")
