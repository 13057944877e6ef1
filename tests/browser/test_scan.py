"""The scan journeys in a real browser: photo → live stages → guide; resume; confirmation."""

from __future__ import annotations

import re

from tests.browser.conftest import Console
from tests.browser.drop_proxy import DropProxy
from tests.fixtures.images import photos

STAGES = ("vision", "rule", "answer", "reward")
# the reward step once the page has stopped waiting: granted, none, or late
SETTLED = (
    "!['pending', 'requested'].includes(document.querySelector('#stage-reward')?.dataset.status)"
)


def _photo(tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(photos.committed(name))
    return str(path)


def test_sign_in_scan_a_photo_and_read_the_guide(console: Console, tmp_path) -> None:
    page = console.page
    console.open()
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.locator("#signin-title").is_visible()
    console.screenshot("01-sign-in")
    console.sign_in("scanner@example.com", "분리수거왕")
    assert "분리수거왕" in page.inner_text("#who")
    progress = page.locator("#scan-progress")
    assert progress.bounding_box()["height"] == 0, "an empty card before the first scan"
    page.set_input_files("#scan-file", _photo(tmp_path, "coffee.jpg"))
    page.click("#scan-submit")
    card = page.locator("#guide-card")
    card.wait_for()
    for stage in STAGES[:3]:
        assert page.get_attribute(f"#stage-{stage}", "data-status") == "completed", stage
    # the ai worker requests the reward; the leftover drink (food waste) earns none, and
    # the page says so instead of leaving the step at "requested"
    console.until(SETTLED)
    assert page.get_attribute("#stage-reward", "data-status") == "none"
    assert card.locator(".badge.reward").count() == 0
    assert progress.bounding_box()["height"] > 0
    heading = card.locator("h3").inner_text()
    assert "→" in heading, heading
    steps = card.locator("ol li")
    assert steps.count() >= 1
    assert card.get_by_role("link").first.get_attribute("href").startswith("#/guide/")
    history = page.locator("#scan-history li[data-scan]")
    history.first.wait_for()
    assert history.first.get_attribute("data-status") == "done"
    console.screenshot("02-scan-guide")


def test_a_dropped_event_stream_resumes_where_it_left_off(
    console_factory, drop_proxy: DropProxy, tmp_path
) -> None:
    console = console_factory(origin=f"http://localhost:{drop_proxy.port}")
    console.allowed.append("ERR_INCOMPLETE_CHUNKED_ENCODING")  # the drop itself, on purpose
    page = console.page
    console.open()
    console.sign_in("dropped@example.com")
    drop_proxy.drop_next_event_stream()
    page.set_input_files("#scan-file", _photo(tmp_path, "coffee.jpg"))
    page.click("#scan-submit")
    page.locator('#scan-stages li:not([data-status="pending"])').first.wait_for()
    drop_proxy.cut()  # the page has shown the first event: now the connection drops
    page.locator("#guide-card").wait_for()
    assert drop_proxy.drops == 1
    streams = drop_proxy.event_streams()
    assert len(streams) >= 2, streams
    first, resumed = streams[0], streams[1]
    assert first.last_event_id is None
    assert resumed.path == first.path
    assert resumed.last_event_id, "the browser resumed with Last-Event-ID"
    stages = page.locator("#scan-stages li")
    assert stages.count() == len(STAGES)
    console.until(SETTLED)
    statuses = [stages.nth(i).get_attribute("data-status") for i in range(4)]
    assert statuses == ["completed"] * 3 + ["none"]
    assert page.get_attribute("#scan-connection", "data-state") == "reconnected"


def test_a_scan_that_needs_confirmation_offers_candidates(console: Console, tmp_path) -> None:
    page = console.page
    console.open("/#/scan")
    console.sign_in("unsure@example.com")
    page.set_input_files("#scan-camera", _photo(tmp_path, "cat.jpg"))
    page.click("#scan-submit")
    page.locator(".candidates-card").wait_for()
    assert page.get_attribute("#stage-vision", "data-status") == "completed"
    assert page.get_attribute("#stage-rule", "data-status") == "pending"
    console.screenshot("03-scan-needs-confirmation")
    page.select_option("#other-category", "clear_pet")
    page.click(".candidates-card form button[type=submit]")
    card = page.locator("#guide-card")
    card.wait_for()
    # a category the person confirmed, recyclable: the character service's grant shows
    console.until(SETTLED)
    assert page.get_attribute("#stage-reward", "data-status") == "granted"
    assert card.locator(".badge.reward").count() >= 1
    assert card.get_by_role("link").first.get_attribute("href") == "#/guide/clear_pet"
    first = page.locator("#scan-history li[data-scan]").first
    first.wait_for()
    console.until("document.querySelector('#scan-history li[data-scan]').dataset.status === 'done'")
    first.get_by_role("button").click()
    card.wait_for()


def test_a_hint_alone_is_enough_and_errors_are_shown(console: Console) -> None:
    page = console.page
    console.open()
    console.sign_in("hint@example.com")
    page.click("#scan-submit")
    assert page.inner_text("#scan-error")
    page.fill("#scan-hint", "우유팩")
    page.click("#scan-submit")
    page.locator("#guide-card").wait_for()
    assert page.get_attribute("#stage-vision", "data-status") == "skipped"


# Every Hangul word of the selector's text that the browser laid out over two lines.
SPLIT_WORDS = """sel => {
  const split = [];
  const walker = document.createTreeWalker(document.querySelector(sel), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.textContent.matchAll(/[가-힣]+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) split.push(word[0]);
    }
  }
  return split;
}"""


def test_korean_wraps_between_words_and_dates_follow_the_chosen_language(
    console: Console,
) -> None:
    page = console.page  # a Korean browser at phone width
    console.open()
    console.sign_in("wrap@example.com", "긴닉네임을가진사람")
    gap = page.evaluate(
        "document.querySelector('#sign-out').getBoundingClientRect().left"
        " - document.querySelector('#who').getBoundingClientRect().right"
    )
    assert gap >= 4, "the name runs into the sign-out button"
    page.fill("#scan-hint", "아이스팩")
    page.click("#scan-submit")
    page.locator("#guide-card").wait_for()
    assert page.evaluate(SPLIT_WORDS, "#guide-card") == []
    page.click("#tab-chat")
    page.locator("#chat-form").wait_for()  # the chat view draws after the tab's click
    assert page.evaluate(SPLIT_WORDS, "#chat-form") == []  # 보내기, not 보내/기
    page.click("#tab-scan")
    history = page.locator("#scan-history li[data-scan]")
    history.first.wait_for()
    assert re.search("오전|오후", history.first.inner_text())
    page.click("#lang")
    console.until("document.querySelector('#tab-search').textContent === 'Search'")
    console.until("document.querySelector('#scan-history li[data-scan]') !== null")
    when = history.first.inner_text()
    assert re.search("AM|PM", when), when
    assert not re.search("오전|오후", when), when
