"""The web widget's Rasa input channel: its files, and a validated, rate-limited chat webhook.

Configured in credentials.yml as `bot.channels.widget.WidgetInput`. Routes, under
/webhooks/widget/:
  widget.js   the one-line embed (loader.js): a button that opens the chat in an iframe
  frame       the chat page, with the offline help lines built in from the registry
  frame.js, frame.css, demo (a plain school website that embeds the widget)
  webhook     POST {"sender", "message", "profile"}; answers like Rasa's REST channel
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import yaml
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import runtime
from bot.analytics.recorder import Count
from bot.channels.answering import answer_within, no_answer_reply
from bot.channels.checks import NO_STORE, RequestChecks, error_response
from bot.channels.collecting import LanguageCollectingOutputChannel
from bot.channels.options import ChannelOptions, channel_options
from bot.channels.validation import RequestError
from bot.languages import BASE, choose, languages
from bot.languages import WIDGET_TEXT as WIDGET_TEXT_FILE
from bot.nlg import LOCAL_EMERGENCY
from bot.profiles.loader import Profile
from bot.registry import Registry
from bot.service_languages import for_language, render
from bot.signposting import select

ASSETS = Path(__file__).resolve().parent.parent / "widget"
WIDGET_TEXT = Path(__file__).resolve().parent.parent / "resources" / "widget_text.yml"
# The frame may only talk to its own origin and load its own files.
FRAME_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
)


def _digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit() or c == "+")


def contact_links(registry: Registry) -> list[dict[str, str]]:
    """Every registry phone number and text code, with a tel: or sms: address to tap."""
    links: dict[str, str] = {}
    for service in registry.services:
        contact = service.contact
        if contact.phone and _digits(contact.phone):
            links.setdefault(contact.phone, f"tel:{_digits(contact.phone)}")
        if contact.text_number:
            body = f"?&body={contact.text_keyword}" if contact.text_keyword else ""
            links.setdefault(contact.text_number, f"sms:{contact.text_number}{body}")
    # Longest first, so a long number wins over a shorter number inside it.
    return [{"match": m, "href": h} for m, h in sorted(links.items(), key=lambda i: -len(i[0]))]


def widget_text(code: str = BASE) -> dict[str, str]:
    """The widget's words in a language; a word it has not translated yet stays in English."""
    english: dict[str, str] = yaml.safe_load(WIDGET_TEXT.read_text(encoding="utf-8"))
    language = languages().get(code)
    path = language.file(WIDGET_TEXT_FILE) if language and code != BASE else None
    own = yaml.safe_load(path.read_text(encoding="utf-8")) if path and path.is_file() else None
    return {**english, **(own if isinstance(own, dict) else {})}


def offline_help_lines(registry: Registry, country: str, code: str = BASE) -> list[str]:
    """The crisis and emergency lines shown when the bot cannot be reached."""
    crisis = for_language(select(registry, "crisis", country, None), code)
    lines = render(crisis, code, with_purpose=False).splitlines()
    emergency = select(registry, "emergency", country, None)
    number = emergency[0].contact.phone if emergency else LOCAL_EMERGENCY
    lines.append(widget_text(code)["in_danger"].format(number=number))
    return [line.removeprefix("• ") for line in lines]


def offered_languages(profile: Profile) -> list[str]:
    """The languages this profile's widget offers in its switch, in the shipped order."""
    return [c for c in languages() if profile.languages is None or c in profile.languages]


def script_safe(value: object) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")


def frame_config(profile: Profile, exit_url: str, lang: str | None = None) -> str:
    """The frame's configuration as JSON that is safe inside a <script> element.

    `lang` is the embed's data-lang: an explicit choice, used if this profile offers it.
    """
    offered = offered_languages(profile)
    start = choose(lang, profile.language, profile.languages)
    return script_safe(
        {
            "profile": profile.id,
            "title": profile.organisation,
            "logo": bool(profile.logo),
            "endpoint": "webhook",
            "exit_url": exit_url,
            "lang": start,
            # Only an explicit choice is sent with each message; otherwise the profile decides.
            "explicit": start == lang,
            "languages": [
                {"code": c, "name": languages()[c].native_name, "dir": languages()[c].direction}
                for c in offered
            ],
            "texts": {c: widget_text(c) for c in offered},
            "help_lines": {
                c: offline_help_lines(profile.registry, profile.default_country, c) for c in offered
            },
            "links": contact_links(profile.registry),
        }
    )


def loader_texts() -> str:
    """The host page's button words in every language, for the embed's data-lang."""
    words = ("launcher", "exit", "frame_title")
    return script_safe({c: {k: widget_text(c)[k] for k in words} for c in languages()})


def frame_ancestors(profile: Profile) -> str:
    """Who may put the frame on their page: the profile's origins, or anyone if none is set."""
    return " ".join(("'self'", *profile.allowed_origins)) if profile.allowed_origins else "*"


def origin_refused(request: Request, profile: Profile) -> bool:
    """True for a cross-origin request from a site this profile does not allow."""
    origin = request.headers.get("origin")
    own = f"{request.scheme}://{request.host}"
    return bool(origin) and origin != own and not profile.allows_origin(origin)


class WidgetInput(InputChannel):
    """Serves the widget and answers its messages, checking every request first."""

    @classmethod
    def name(cls) -> str:
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WidgetInput:
        return cls(channel_options(credentials))

    def __init__(self, options: ChannelOptions | None = None) -> None:
        options = options or channel_options(None)
        self.checks = RequestChecks(options)
        # Rasa waits up to 5 minutes for the action server; a frightened person should not.
        self.reply_timeout = options.reply_timeout_seconds

    def count_quick_exit(self, profile: str) -> None:
        """Add one anonymous quick exit to today's counts for the profile."""
        counter = runtime.current().counter
        if counter is not None:
            today = dt.datetime.now(dt.timezone.utc).date()
            counter.recorder.add(Count(today, profile, "unknown", "quick_exit"))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        widget = Blueprint("safe_steps_widget", __name__)

        @widget.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @widget.route("/widget.js", methods=["GET"])
        async def loader(request: Request) -> HTTPResponse:
            script = (ASSETS / "loader.js").read_text(encoding="utf-8")
            exit_url = json.dumps(runtime.current().settings.get("SAFE_STEPS_EXIT_URL"))
            return response.text(
                script.replace("__EXIT_URL__", exit_url).replace("__TEXTS__", loader_texts()),
                content_type="text/javascript; charset=utf-8",
                headers=NO_STORE,
            )

        @widget.route("/frame.js", methods=["GET"])
        async def frame_script(request: Request) -> HTTPResponse:
            return await response.file(
                ASSETS / "frame.js", mime_type="text/javascript", headers=NO_STORE
            )

        @widget.route("/frame.css", methods=["GET"])
        async def frame_style(request: Request) -> HTTPResponse:
            return await response.file(ASSETS / "frame.css", mime_type="text/css", headers=NO_STORE)

        @widget.route("/frame", methods=["GET"])
        async def frame(request: Request) -> HTTPResponse:
            profile = runtime.current().profiles.get(request.args.get("profile"))
            lang = request.args.get("lang")
            exit_url = runtime.current().settings.get("SAFE_STEPS_EXIT_URL")
            config = frame_config(profile, exit_url, lang)
            start = languages()[choose(lang, profile.language, profile.languages)]
            page = (ASSETS / "frame.html").read_text(encoding="utf-8")
            page = page.replace("__CONFIG__", config).replace("__PROFILE__", profile.id)
            page = page.replace("__LANG__", start.code).replace("__DIR__", start.direction)
            csp = FRAME_CSP.format(ancestors=frame_ancestors(profile))
            return response.html(
                page,
                headers={
                    **NO_STORE,
                    "Content-Security-Policy": csp,
                    "Referrer-Policy": "no-referrer",
                },
            )

        @widget.route("/theme.css", methods=["GET"])
        async def theme(request: Request) -> HTTPResponse:
            profile = runtime.current().profiles.get(request.args.get("profile"))
            css = f":root {{ --primary: {profile.primary_colour}; }}\n"
            return response.text(css, content_type="text/css; charset=utf-8", headers=NO_STORE)

        @widget.route("/logo", methods=["GET"])
        async def logo(request: Request) -> HTTPResponse:
            profile = runtime.current().profiles.get(request.args.get("profile"))
            if profile.logo is None:
                return error_response(404, "This profile has no logo.")
            mime = "image/svg+xml" if profile.logo.suffix == ".svg" else "image/png"
            return await response.file(profile.logo, mime_type=mime, headers=NO_STORE)

        @widget.route("/demo", methods=["GET"])
        async def demo(request: Request) -> HTTPResponse:
            page = (ASSETS / "demo.html").read_text(encoding="utf-8")
            widget_url = request.url_for("safe_steps_widget.loader")
            # ?lang=cy shows how a Welsh-medium school embeds it: data-lang="cy".
            lang = request.args.get("lang", "")
            lang = lang if lang in languages() else ""
            page = page.replace("__WIDGET_URL__", widget_url).replace("__DATA_LANG__", lang)
            return response.html(page, headers=NO_STORE)

        @widget.route("/exit", methods=["POST"])
        async def quick_exit(request: Request) -> HTTPResponse:
            # Sent as a beacon when someone uses quick exit: the profile id, nothing else.
            profile = runtime.current().profiles.get(request.args.get("profile"))
            self.count_quick_exit(profile.id)
            return response.empty(status=204)

        @widget.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                chat = self.checks.admit(request)
            except RequestError as error:
                return error_response(error.status, error.reason)
            profile = runtime.current().profiles.get(chat.profile)
            if origin_refused(request, profile):
                return error_response(403, "This site is not allowed to use this chat.")
            collector = LanguageCollectingOutputChannel()
            message = UserMessage(
                chat.message,
                collector,
                chat.sender,
                input_channel=self.name(),
                metadata=chat.metadata,
            )
            if await answer_within(on_new_message, message, self.reply_timeout, "widget"):
                # A 503 makes the widget show its offline help panel and retry by itself.
                return error_response(503, "The bot could not answer just now. Please try again.")
            replies = collector.messages or [no_answer_reply(profile, chat.sender, chat.metadata)]
            return response.json(replies, headers=NO_STORE)

        return widget
