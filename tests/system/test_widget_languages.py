"""The widget in Welsh, Spanish and French, in a real browser (Debian chromium) against the bot.

A young person has the whole conversation in their language: the page embeds the widget
with data-lang, every word around the chat and every reply is in that language and marked
with `lang`, crisis help comes in the first reply, and axe finds no violations.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, FrameLocator, Page, expect

from bot.channels.widget import widget_text
from bot.languages import BASE, language_responses, languages
from bot.messages import all_responses
from rig.browser import chromium, widget_bot
from rig.harness import BotServers
from tests.system.test_widget_browser import WCAG_22_AA

pytestmark = pytest.mark.servers
# One conversation per language, as a young person might type it (written for this test).
CONVERSATIONS = {
    "es": (
        "alguien tiene mis fotos y dice que las va a publicar si no le pago",
        "no aguanto más, me quiero matar",
    ),
    "fr": (
        "un mec a mes photos et menace de les publier si je paie pas",
        "jen peux plus, je veux me tuer",
    ),
    "cy": (
        "mae rhywun efo lluniau fi ac yn bygwth eu postio os dwi ddim yn talu",
        "dwi methu cario mlaen, dwi isio lladd fy hun",
    ),
}


@pytest.fixture(scope="module")
def bot() -> Iterator[BotServers]:
    with widget_bot() as servers:
        yield servers


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    yield context.new_page()
    context.close()


def first_text(code: str, response: str) -> str:
    """The opening words of a reply in a language (before any placeholder)."""
    replies = language_responses(code) if code != BASE else all_responses()
    return str(replies[response][0]["text"]).split("\n")[0][:30]


def open_chat(page: Page, bot: BotServers, code: str) -> FrameLocator:
    page.goto(f"{bot.url}/webhooks/widget/demo?lang={code}")
    page.get_by_role("button", name=widget_text(code)["launcher"]).click()
    chat = page.frame_locator(f"iframe[title='{widget_text(code)['frame_title']}']")
    expect(chat.get_by_role("log")).to_contain_text(first_text(code, "utter_greet")[:20])
    return chat


@pytest.mark.parametrize("code", sorted(CONVERSATIONS))
def test_a_whole_conversation_in_the_language(page: Page, bot: BotServers, code: str) -> None:
    words = widget_text(code)
    chat = open_chat(page, bot, code)
    expect(chat.locator("html")).to_have_attribute("lang", code)
    expect(chat.locator("html")).to_have_attribute("dir", "ltr")
    expect(chat.get_by_role("button", name=words["exit"])).to_be_visible()
    expect(chat.locator("#notice-text")).to_have_text(words["notice"])
    expect(chat.locator("#offline-title")).to_have_text(words["offline_title"])  # hidden panel
    expect(chat.locator("#offline-lines")).to_contain_text(words["in_danger"].split("{")[0])
    disclosure, crisis = CONVERSATIONS[code]
    box = chat.get_by_label(words["input_label"])
    box.fill(disclosure)
    box.press("Enter")
    log = chat.get_by_role("log")
    expect(log).to_contain_text(first_text(code, "utter_not_your_fault")[:20])
    next_step = language_responses(code)["utter_step_dont_pay"][0]["buttons"][0]["title"]
    chat.get_by_role("button", name=next_step).last.click()
    expect(log).to_contain_text(first_text(code, "say_step_stop_replying")[:20])
    said = chat.locator(".msg.bot").count()
    box.fill(crisis)
    box.press("Enter")
    first_reply = chat.locator(".msg.bot").nth(said)  # help comes in the very first reply
    expect(first_reply).to_contain_text("0800 1111")
    expect(first_reply).to_contain_text("999")
    languages_of_replies = chat.locator(".msg.bot").evaluate_all("els => els.map(e => e.lang)")
    assert set(languages_of_replies) == {code}


@pytest.mark.parametrize("code", sorted(CONVERSATIONS))
def test_no_accessibility_violations_in_the_language(
    page: Page, bot: BotServers, code: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{bot.url}/webhooks/widget/frame?profile=default&lang={code}")
    expect(page.get_by_role("log")).to_contain_text(first_text(code, "utter_greet")[:20])
    menu = language_responses(code)["utter_menu"][0]["buttons"][0]["title"]
    page.get_by_role("textbox").fill("/menu")
    page.get_by_role("textbox").press("Enter")
    page.get_by_role("button", name=menu).last.click()
    expect(page.locator(".msg.bot").last).to_have_attribute("lang", code)
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert result.violations_count == 0, result.generate_report()


def test_the_switch_changes_the_language_of_the_chat(page: Page, bot: BotServers) -> None:
    chat = open_chat(page, bot, "en")
    chat.get_by_label(widget_text("en")["language"]).select_option("es")
    expect(chat.locator("html")).to_have_attribute("lang", "es")
    greeting = chat.locator(".msg.bot[lang='es']").first
    expect(greeting).to_contain_text(first_text("es", "utter_greet")[:20])
    expect(chat.locator(".msg.bot").last).to_have_attribute("lang", "es")


def test_the_hint_asks_in_the_detected_language_and_switches_when_tapped(
    page: Page, bot: BotServers
) -> None:
    chat = open_chat(page, bot, "en")
    box = chat.get_by_label(widget_text("en")["input_label"])
    box.fill("bonjour, quelqu'un menace de publier mes photos")
    box.press("Enter")
    question = chat.get_by_role("button", name=languages()["fr"].prefer_question)
    expect(question).to_have_attribute("lang", "fr")
    question.click()
    expect(chat.locator("html")).to_have_attribute("lang", "fr")
    expect(chat.locator(".msg.bot").last).to_have_attribute("lang", "fr")


def test_right_to_left_is_ready(page: Page, bot: BotServers) -> None:
    page.goto(f"{bot.url}/webhooks/widget/frame?profile=default")
    page.evaluate("document.documentElement.dir = 'rtl'")
    exit_box = page.get_by_role("button", name=widget_text("en")["exit"]).bounding_box()
    title_box = page.locator("#title").bounding_box()
    assert exit_box is not None and title_box is not None
    assert exit_box["x"] < title_box["x"]  # mirrored: the title starts on the right
