"""The web widget in a real browser (Debian chromium, via Playwright) against the real bot."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, FrameLocator, Page, expect

from bot.cli import PROJECT
from rig.browser import chromium, widget_bot
from rig.harness import BotServers

pytestmark = pytest.mark.servers
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ASSETS = PROJECT / "bot" / "widget"
LAUNCHER_FOCUSED = (
    "(document.activeElement && document.activeElement.shadowRoot"
    " && document.activeElement.shadowRoot.activeElement || {}).textContent === 'Get help: chat'"
)


@pytest.fixture(scope="module")
def analytics_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("widget") / "analytics.db"


@pytest.fixture(scope="module")
def bot(analytics_db: Path) -> Iterator[BotServers]:
    """A bot of its own: the offline test stops it."""
    with widget_bot(SAFE_STEPS_ANALYTICS_URL=f"sqlite:///{analytics_db}") as servers:
        yield servers


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, bot: BotServers) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    opened = context.new_page()
    opened.goto(f"{bot.url}/webhooks/widget/demo")
    yield opened
    context.close()


def open_chat(page: Page) -> FrameLocator:
    page.get_by_role("button", name="Get help: chat").click()
    chat = page.frame_locator("iframe[title='Safe Steps chat']")
    expect(chat.get_by_role("log")).to_contain_text("chatbot")
    return chat


def test_a_conversation_with_typing_and_a_quick_reply(page: Page) -> None:
    chat = open_chat(page)
    chat.get_by_role("button", name="Someone is threatening me").click()
    expect(chat.get_by_role("log")).to_contain_text("not your fault")
    chat.get_by_role("button", name="Next step").last.click()
    expect(chat.get_by_role("log")).to_contain_text("Step 2: Stop replying")
    chat.get_by_label("Type your message").fill("i want to die")
    chat.get_by_label("Type your message").press("Enter")
    log = chat.get_by_role("log")
    expect(log).to_contain_text("0800 1111")
    call = chat.get_by_role("link", name="0800 1111").first
    expect(call).to_have_attribute("href", "tel:08001111")


def test_keyboard_only_from_start_to_finish(page: Page) -> None:
    page.keyboard.press("Tab")  # skip link-free demo page: first stop is the exit button
    page.keyboard.press("Tab")
    page.wait_for_function(LAUNCHER_FOCUSED, timeout=5000)
    page.keyboard.press("Enter")
    chat = page.frame_locator("iframe[title='Safe Steps chat']")
    expect(chat.get_by_role("log")).to_contain_text("What would you like help with?")
    expect(chat.get_by_label("Type your message")).to_be_focused()
    page.keyboard.type("should i pay them")
    page.keyboard.press("Enter")
    expect(chat.get_by_role("log")).to_contain_text("don't pay")
    # Back from the input to the last quick reply, and choose it with the keyboard.
    expect(chat.get_by_label("Type your message")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(chat.locator(":focus")).to_have_text("I need help now")
    page.keyboard.press("Enter")
    expect(chat.get_by_role("log")).to_contain_text("real people")
    page.keyboard.press("Escape")  # closes the chat and gives focus back to the launcher
    page.wait_for_function(LAUNCHER_FOCUSED, timeout=5000)


@pytest.mark.parametrize("how", ["button", "shift three times"])
def test_quick_exit_leaves_and_nothing_is_left_behind(
    page: Page, bot: BotServers, how: str
) -> None:
    chat = open_chat(page)
    chat.get_by_label("Type your message").fill("someone has my nudes")
    chat.get_by_label("Type your message").press("Enter")
    expect(chat.get_by_role("log")).to_contain_text("not your fault")
    before = page.evaluate("history.length")
    if how == "button":
        chat.get_by_role("button", name="Exit now").click()
    else:
        chat.get_by_label("Type your message").click()
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(f"{bot.url}/")
    assert "widget" not in page.url
    assert page.evaluate("history.length") == before  # replaced, not pushed
    assert page.context.cookies() == []
    for origin_page in (page,):
        assert origin_page.evaluate("localStorage.length + sessionStorage.length") == 0
    page.go_back()
    assert "not your fault" not in page.content()


def test_quick_exits_are_counted_anonymously(page: Page, analytics_db: Path) -> None:
    import sqlite3
    import time

    def exits() -> int:
        if not analytics_db.exists():
            return 0
        try:
            row = (
                sqlite3.connect(analytics_db)
                .execute(
                    "select coalesce(sum(count), 0) from daily_counts where metric = 'quick_exit'"
                )
                .fetchone()
            )
        except sqlite3.OperationalError:
            return 0
        return int(row[0])

    before = exits()
    page.get_by_role("button", name="Exit now").click()
    deadline = time.monotonic() + 15
    while exits() == before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert exits() == before + 1


def test_hostile_input_shows_as_plain_text(page: Page) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    chat = open_chat(page)
    for attack in ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>"):
        replies = chat.locator(".msg.bot").count()
        chat.get_by_label("Type your message").fill(attack)
        chat.get_by_label("Type your message").press("Enter")
        expect(chat.locator(".msg.user").last).to_contain_text(attack)
        expect(chat.locator(".msg.bot")).not_to_have_count(replies)
    expect(chat.locator(".msg.bot").last).to_contain_text("0800 1111")  # never a dead end
    assert chat.locator(".log img, .log script").count() == 0
    assert dialogs == []


def test_no_accessibility_violations_on_the_page_and_in_the_open_widget(
    page: Page, bot: BotServers
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    demo = axe.run(page, options=options)
    assert demo.violations_count == 0, demo.generate_report()
    open_chat(page).get_by_role("button", name="Should I pay?").click()
    with_widget = axe.run(page, options=options)
    assert with_widget.violations_count == 0, with_widget.generate_report()
    frame = page.context.new_page()
    frame.goto(f"{bot.url}/webhooks/widget/frame?profile=default")
    frame.get_by_role("button", name="Someone is threatening me").click()
    expect(frame.get_by_role("log")).to_contain_text("not your fault")
    inside = axe.run(frame, options=options)
    assert inside.violations_count == 0, inside.generate_report()


def test_usable_at_320px_wide_and_200_percent_zoom(browser: Browser, bot: BotServers) -> None:
    # 200% zoom on a 640 px window lays out like a 320 px screen.
    context = browser.new_context(viewport={"width": 320, "height": 640}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{bot.url}/webhooks/widget/demo")
    chat = open_chat(page)
    chat.get_by_role("button", name="Someone is threatening me").click()
    expect(chat.get_by_role("log")).to_contain_text("not your fault")
    frame = page.frames[-1]
    assert frame.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(chat.get_by_role("button", name="Exit now")).to_be_visible()
    expect(chat.get_by_label("Type your message")).to_be_visible()
    # Nothing of the host page's button bar may cover the chat.
    panel = page.locator("[data-safe-steps] .panel").bounding_box()
    bar = page.locator("[data-safe-steps] .bar").bounding_box()
    assert panel is not None and bar is not None
    assert panel["y"] + panel["height"] <= bar["y"]
    (PROJECT / "docs").mkdir(exist_ok=True)
    page.screenshot(path=str(PROJECT / "docs" / "widget-320px.png"))
    context.close()


def test_the_widget_is_small_and_needs_no_framework() -> None:
    files = ["loader.js", "frame.js", "frame.css", "frame.html"]
    size = sum(len(gzip.compress((ASSETS / name).read_bytes(), 9)) for name in files)
    print(f"\nwidget JS, CSS and HTML: {size} bytes gzipped")
    assert size <= 20 * 1024
    for name in ("loader.js", "frame.js", "frame.html"):
        text = (ASSETS / name).read_text()
        assert not re.search(r"https?://(?!HOST)[a-z0-9-]+\.[a-z]", text), name  # no CDN
        assert not re.search(r"\b(localStorage|sessionStorage|indexedDB)\s*[.\[]", text), name
        assert "document.cookie" not in text, name
        assert "innerHTML" not in text or name == "loader.js", name


def test_the_offline_panel_shows_help_when_the_server_is_down(
    browser: Browser, bot: BotServers
) -> None:
    # Runs last in this module: it stops this module's bot.
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{bot.url}/webhooks/widget/demo")
    chat = open_chat(page)
    bot.stop()
    chat.get_by_label("Type your message").fill("hello?")
    chat.get_by_label("Type your message").press("Enter")
    panel = chat.get_by_role("alert")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("999")
    expect(panel).to_contain_text("0800 1111")
    expect(chat.get_by_role("button", name="Try again")).to_be_focused()
    context.close()
