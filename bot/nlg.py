"""The in-process NLG: domain responses, filled with helplines from the registry.

Configured in endpoints.yml as `nlg: type: bot.nlg.SafeStepsNLG`. Running inside the Rasa
process means crisis and emergency replies never wait on the action server or a network
hop, and a phone number lives only in the registry: responses name it as `{crisis_lines}`,
`{talk_lines}`, `{report_lines}` or `{emergency_number}`.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from typing import Any

from rasa.core.channels.channel import OutputChannel
from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import hours as opening
from bot import runtime
from bot.adults import SHORT_SUFFIX, adult_services, adult_values, render_for_adults
from bot.facts import AGE_ENTITIES
from bot.languages import (
    BASE,
    LANG_KEY,
    choose,
    language_responses,
    languages,
    phrase,
    phrase_map,
)
from bot.live_help import with_own_line
from bot.messages import action_messages
from bot.nlu.language_detector import DETECTED_KEY
from bot.nlu.safety_net import OFFER_HELP_KEY
from bot.profiles.loader import Profile, ProfileStore, conversation_profile_id
from bot.registry import REGISTRY_PATH, Registry
from bot.registry_check import warn_if_stale
from bot.roles import ADULT_ROLES, FALLBACK, effective_role, reply_for_writer
from bot.service_languages import for_language, link_titles, render
from bot.signposting import (
    age_band_concerned,
    age_buttons,
    country_buttons,
    open_first,
    select,
)

# Said where the registry has no verified emergency number for the country.
LOCAL_EMERGENCY = "your local emergency number"
# Replies that show crisis lines before we know the country: they offer a one-tap correction.
ASKS_IF_ELSEWHERE = frozenset({"utter_crisis", "utter_help_now", "utter_danger"})
# Replies that ask where the user lives: their buttons are the registry's countries.
ASKS_COUNTRY = frozenset({"utter_ask_country_for_crisis", "say_ask_country", "say_ask_country_too"})
ASKS_AGE = frozenset(
    {"say_ask_age", "say_ask_age_of_child", "say_ask_age_too", "say_ask_age_of_child_too"}
)
# Never the same reply twice in a row: a reply the bot sent in its previous turn is said in
# its `<name>_again` wording, or after this line. Stored events keep no text (bot/redaction.py),
# so "the same" is the same response with the same services; SAID_AGAIN marks the second
# wording in the event's metadata, so a third ask gets the first wording back.
AGAIN_SUFFIX = "_again"
SAID_AGAIN_RESPONSE = "say_said_again"
SAID_AGAIN = "said_again"


# Added to the first reply of a turn when the safety net flags `offer_help` (the risk
# model leans towards crisis, but not enough for the check-in) and it shows no crisis lines.
HELP_LINES_RESPONSE = "say_help_if_struggling"

# Which registry need each placeholder shows; the ids shown are recorded for the counts.
PLACEHOLDER_NEEDS = {"crisis_lines": "crisis", "talk_lines": "talk", "report_lines": "report"}
# Said in an adult's routes (bot/adults.py) where a country has no such service.
NONE_HERE_RESPONSE = "say_none_here_for_adults"
# Direct answers for adults, given for the default country before the country is known: they
# say so, with a button for each other country (the rules then answer again for that one).
ANSWERS_FOR_DEFAULT_COUNTRY = frozenset(
    {
        "utter_parent_help",
        "utter_parent_report_remove",
        "utter_parent_child_paid",
        "utter_professional_help",
        "utter_dsl_procedure",
    }
)
ELSEWHERE_RESPONSE = "say_answer_is_for_default_country"
# Kept in the bot message's metadata (and allowed through bot/redaction.py): which wording
# was said, so the next reply can avoid it without any stored text.
VARIATION_KEY = "variation"


def template_values(
    registry: Registry,
    country: str | None,
    age_band: str | None,
    default_country: str,
    now: dt.datetime | None = None,
    language: str = BASE,
) -> dict[str, str]:
    """The registry-driven values a response may name, for this country, age and language."""
    where = country if country in registry.countries else default_country
    moment = now or dt.datetime.now(dt.timezone.utc)
    emergency = select(registry, "emergency", where, None)
    return {
        "country_name": registry.countries[where].name,
        "default_country_name": registry.countries[default_country].name,
        "emergency_number": (emergency[0].contact.phone or LOCAL_EMERGENCY)
        if emergency
        else LOCAL_EMERGENCY,
        **{
            placeholder: render(
                open_first(for_language(select(registry, need, where, age_band), language), moment),
                language,
                with_purpose=False,
                now=moment,
                # Where to report says whether it is anonymous (CEOP is not).
                with_privacy=need == "report",
            )
            for placeholder, need in PLACEHOLDER_NEEDS.items()
        },
    }


def shown_service_ids(
    registry: Registry,
    text: str,
    country: str | None,
    age_band: str | None,
    default: str,
    language: str = BASE,
) -> list[str]:
    """Ids of the registry services a filled-in response shows (by its placeholders)."""
    where = country if country in registry.countries else default
    return [
        service.id
        for placeholder, need in PLACEHOLDER_NEEDS.items()
        if f"{{{placeholder}}}" in text
        for service in for_language(select(registry, need, where, age_band), language)
    ]


def services_in_language(
    registry: Registry,
    values: dict[str, Any],
    language: str,
    now: dt.datetime,
    role: str | None = None,
) -> None:
    """Re-render, in place, the services an action listed, in the conversation's language.

    Actions (the action server) list services in English by id; the language is only known
    here, so the list and its link buttons are said again in it, best-served first.
    """
    ids = values.get("service_ids")
    if not isinstance(ids, list) or "services" not in values:
        return
    known = {service.id: service for service in registry.services}
    services = for_language((known[i] for i in ids if i in known), language)
    if role in ADULT_ROLES and language == BASE:
        # An adult hears how they use each service for the child (bot/adults.py).
        values["services"] = render_for_adults(services, now)
    else:
        values["services"] = render(services, language, now=now)
    link_titles(values.get("buttons") or [], services, language)
    ids[:] = [service.id for service in services]


def first_reply_of_turn(tracker: DialogueStateTracker) -> bool:
    """True if the bot has said nothing since the user's latest message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return True
        if isinstance(event, BotUttered):
            return False
    return True


def said_last_turn(tracker: DialogueStateTracker) -> set[tuple[str, tuple[str, ...], str]]:
    """(response, service ids, language) of each reply in the bot's previous turn, first
    wording only. The language counts: after a switch to Spanish, the greeting in Spanish is
    new words to the reader, not a repeat to be said as "hello again"."""
    said: set[tuple[str, tuple[str, ...], str]] = set()
    users_seen = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            users_seen += 1
            if users_seen == 2:
                break
        elif users_seen == 1 and isinstance(event, BotUttered):
            metadata = event.metadata or {}
            name = metadata.get("utter_action")
            if name and not metadata.get(SAID_AGAIN):
                said.add(
                    (name, tuple(metadata.get("service_ids") or ()), metadata.get(LANG_KEY, BASE))
                )
    return said


def lines_not_shown(values: dict[str, Any]) -> dict[str, Any]:
    """The values with the crisis lines less those the reply already lists as talk lines, so
    the help added to it does not say Childline twice; all of them if that leaves none."""
    talk = set(str(values.get("talk_lines") or "").splitlines())
    crisis = str(values.get("crisis_lines") or "").splitlines()
    rest = [line for line in crisis if line not in talk]
    return {**values, "crisis_lines": "\n".join(rest)} if rest else values


def offers_help(tracker: DialogueStateTracker) -> bool:
    """Whether the safety net asked for crisis lines to be added to this turn's reply."""
    parse = tracker.latest_message.parse_data if tracker.latest_message else {}
    return bool(parse.get(OFFER_HELP_KEY)) and first_reply_of_turn(tracker)


def variation_id(utter_action: str, variation: dict[str, Any]) -> str:
    """A short name for one wording of a response (a hash of our template, no user content)."""
    template = f"{utter_action}\n{variation.get('text') or ''}"
    return hashlib.sha256(template.encode("utf-8")).hexdigest()[:12]


def previous_variation(tracker: DialogueStateTracker) -> str | None:
    """Which wording the bot used last. Stored trackers keep no bot text (bot/redaction.py),
    so the wording is known by its id, kept in the message's metadata."""
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered):
            return (event.metadata or {}).get(VARIATION_KEY)
    return None


def first_wording_not_just_said(
    utter_action: str, choices: list[dict[str, Any]], previous: str | None
) -> dict[str, Any]:
    """The first wording, in the order the YAML lists them, that the bot did not say last.

    Not random, as Rasa's own NLG is: the first wording is the one a charity reviewed and a
    transcript shows, so everyone gets it, and tests and transcripts are reproducible. The
    next wording is only for a repeat, so no reply is ever sent twice in a row word for word.
    """
    for choice in choices:
        if variation_id(utter_action, choice) != previous:
            return choice
    return choices[0]


def has_variation_for(variations: list[dict[str, Any]], role: str) -> bool:
    """Whether a response has words of its own for this role."""
    return any(
        c.get("name") == "role" and c.get("value") == role
        for variation in variations
        for c in variation.get("condition") or []
    )


def writer_role(tracker: DialogueStateTracker) -> str | None:
    """The writer's role in this session, keeping a safeguarding lead the lead (bot/roles.py)."""
    roles: list[str | None] = []
    for event in tracker.events:
        if isinstance(event, SessionStarted):
            roles.clear()
        elif isinstance(event, SlotSet) and event.key == "role":
            roles.append(event.value)
    return effective_role(roles) if roles else tracker.get_slot("role")


def conversation_profile(tracker: DialogueStateTracker, store: ProfileStore) -> Profile:
    """The deployment profile of this conversation (from the widget's metadata)."""
    session = tracker.get_slot("session_started_metadata")
    latest = tracker.latest_message.metadata if tracker.latest_message else None
    return store.get(conversation_profile_id(session, latest))


def conversation_language(tracker: DialogueStateTracker, profile: Profile) -> str:
    """The language chosen explicitly (this message's metadata, else the session's), else
    the profile's default. Detection never decides it: it only offers a hint."""
    latest = tracker.latest_message.metadata if tracker.latest_message else None
    session = tracker.get_slot("session_started_metadata")
    requested = next(
        (m.get(LANG_KEY) for m in (latest, session) if isinstance(m, dict) and m.get(LANG_KEY)),
        None,
    )
    return choose(requested, profile.language, profile.languages)


# Noted on a reply that offered a language, so it is offered only once.
HINT_KEY = "language_hint"
# Replies after which the language hint's button asks for help again, in the new language.
HELP_AGAIN = ASKS_IF_ELSEWHERE | {"utter_check_in", "say_help_if_struggling"}


def language_hint(
    tracker: DialogueStateTracker, language: str, profile: Profile, utter_action: str
) -> dict[str, str] | None:
    """A one-tap button offering the language the message seems to be in, or None.

    Only a hint: it never changes the language by itself. Offered on the first reply of a
    turn, for a language this deployment offers, at most once per conversation.
    """
    parse = tracker.latest_message.parse_data if tracker.latest_message else {}
    detected = parse.get(DETECTED_KEY)
    offered = profile.languages if profile.languages is not None else frozenset(languages())
    if not detected or detected == language or detected not in offered:
        return None
    if not first_reply_of_turn(tracker):
        return None
    # The stored tracker keeps no buttons (bot/redaction.py), so the offer is noted apart.
    for event in tracker.events:
        if isinstance(event, BotUttered) and event.metadata.get(HINT_KEY) == detected:
            return None
    return {
        "title": languages()[detected].prefer_question,
        "payload": "/help_now" if utter_action in HELP_AGAIN else "/greet",
        LANG_KEY: detected,
    }


class SafeStepsNLG(TemplatedNaturalLanguageGenerator):
    """Templated responses, reworded per deployment profile, filled from the registry."""

    def __init__(self, endpoint_config: EndpointConfig | None, domain: Domain) -> None:
        super().__init__(domain.responses)
        self.profiles = runtime.current().profiles
        warn_if_stale(REGISTRY_PATH, self.profiles.folder, runtime.current().settings)
        default = self.profiles.get(None)
        if default.default_country not in default.registry.countries:
            raise ValueError(
                f"default country {default.default_country!r} is not a registry country "
                f"({', '.join(sorted(default.registry.countries))})"
            )

    @property
    def responses(self) -> dict[str, list[dict[str, Any]]]:
        """Domain responses plus the messages only actions send."""
        return self._responses

    @responses.setter
    def responses(self, domain_responses: dict[str, list[dict[str, Any]]]) -> None:
        # Rasa's Agent reassigns `nlg.responses` to the domain's after loading a model,
        # so the merge happens here rather than once in __init__.
        self._responses = {**action_messages(), **domain_responses}

    def _template_text(self, utter_action: str) -> str:
        """All texts the response could have been chosen from (placeholders still in)."""
        return " ".join(v.get("text") or "" for v in self.responses.get(utter_action, []))

    def _template_of(self, utter_action: str, profile: Profile) -> str:
        """The response's texts, placeholders still in (the profile's wording if it has one)."""
        override = profile.responses.get(utter_action)
        if override:
            return " ".join(v["text"] for v in override)
        return self._template_text(utter_action)

    async def _fill(
        self,
        utter_action: str,
        profile: Profile,
        tracker: DialogueStateTracker,
        output_channel: str | OutputChannel,
        values: dict[str, Any],
        language: str = BASE,
    ) -> dict[str, Any] | None:
        """One response in the conversation's language, filled with values.

        In English, the profile's wording if it has its own. In another language, that
        language's reply; a reply it has not translated yet is sent in English, marked
        with `lang: en` so the widget and `languages check` show the gap. Variations are
        chosen for the writer's role; of those, one that differs from what the bot said
        last, so a repeated question never gets the same reply word for word.
        """
        override = profile.responses.get(utter_action) if language == profile.language else None
        translated = language_responses(language).get(utter_action)
        # A profile's wording replaces the domain's for this response only; the rest falls back.
        own = override or translated
        responses = {utter_action: own} if own else self.responses
        if utter_action not in responses:
            return None
        slots = {**tracker.current_slot_values(), "role": writer_role(tracker)}
        variations = ResponseVariationFilter(responses)
        choices = variations.responses_for_utter_action(utter_action, output_channel, slots)
        fallback = FALLBACK.get(slots["role"] or "")
        if fallback and not has_variation_for(responses[utter_action], slots["role"]):
            slots["role"] = fallback
            choices = variations.responses_for_utter_action(utter_action, output_channel, slots)
        if not choices:
            return None
        chosen = first_wording_not_just_said(utter_action, choices, previous_variation(tracker))
        response: dict[str, Any] = self._fill_response(copy.deepcopy(chosen), slots, **values)
        response[VARIATION_KEY] = variation_id(utter_action, chosen)
        response[LANG_KEY] = language if own else BASE
        return response

    async def _said_again(
        self,
        utter_action: str,
        profile: Profile,
        tracker: DialogueStateTracker,
        output_channel: str | OutputChannel,
        values: dict[str, Any],
        response: dict[str, Any],
        language: str = BASE,
    ) -> dict[str, Any]:
        """The reply in its second wording, or led by a line saying it matters.

        Only words of the conversation's language: where it has neither yet, the reply is
        sent as it is (its own variations still differ from the last wording), rather than a
        line of English in the middle of a Welsh conversation.
        """
        again = f"{utter_action}{AGAIN_SUFFIX}"
        if self._has_wording(again, profile, language):
            reworded = await self.generate(again, tracker, output_channel, **values)
            if reworded:
                return {**reworded, SAID_AGAIN: True}
        if not self._has_wording(SAID_AGAIN_RESPONSE, profile, language):
            return response
        lead = await self._fill(
            SAID_AGAIN_RESPONSE, profile, tracker, output_channel, values, language
        )
        text = f"{(lead or {}).get('text') or ''}\n{response.get('text') or ''}".strip()
        return {**response, "text": text, SAID_AGAIN: True}

    def _has_wording(self, name: str, profile: Profile, language: str) -> bool:
        """Whether the response has words in this language (a profile's own count in its
        language; English always has the domain's)."""
        if language == profile.language and name in profile.responses:
            return True
        if language == BASE:
            return name in self.responses
        return name in language_responses(language)

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str | OutputChannel,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        """Fill the response with registry values; values sent by an action take precedence."""
        profile = conversation_profile(tracker, self.profiles)
        language = conversation_language(tracker, profile)
        country = tracker.get_slot("country")
        role = writer_role(tracker)
        utter_action = reply_for_writer(utter_action, role)
        age_band = age_band_concerned(role, *(tracker.get_slot(name) for name in AGE_ENTITIES))
        registry, home = profile.registry, profile.default_country
        now = opening.now(runtime.current().settings)
        values = template_values(registry, country, age_band, home, now, language)
        names = phrase_map(language, "countries")
        where = country if country in registry.countries else home
        values["country_name"] = names.get(where, values["country_name"])
        values["default_country_name"] = names.get(home, values["default_country_name"])
        none_here = self._template_text(NONE_HERE_RESPONSE)
        values.update(adult_values(registry, where, age_band, role, none_here, language, now))
        services_in_language(registry, kwargs, language, now, role)
        filled = with_own_line(
            profile.organisation,
            profile.live_help,
            {**values, **kwargs},
            utter_action,
            registry,
            where,
            age_band,
            now,
            language,
        )
        response = await self._fill(
            utter_action, profile, tracker, output_channel, filled, language
        )
        if response is None:
            return None
        template = self._template_of(utter_action, profile)
        if "{crisis_lines}" not in template and offers_help(tracker):
            not_listed = filled if "{talk_lines}" not in template else lines_not_shown(filled)
            help_lines = await self._fill(
                HELP_LINES_RESPONSE, profile, tracker, output_channel, not_listed, language
            )
            if help_lines and help_lines.get("text"):
                response["text"] = f"{response.get('text') or ''}\n{help_lines['text']}".strip()
                template += " " + self._template_of(HELP_LINES_RESPONSE, profile)
        if utter_action in ANSWERS_FOR_DEFAULT_COUNTRY and not country:
            elsewhere = await self._fill(
                ELSEWHERE_RESPONSE, profile, tracker, output_channel, filled, language
            )
            if elsewhere and elsewhere.get("text"):
                response["text"] = f"{response.get('text') or ''}\n{elsewhere['text']}".strip()
                # The home country's nations too, as the young person's buttons have them.
                others = [b for b in country_buttons(registry) if f'"{home}"}}' not in b["payload"]]
                response["buttons"] = [*(response.get("buttons") or []), *others]
        service_ids = shown_service_ids(registry, template, country, age_band, home, language)
        service_ids += [
            service.id
            for placeholder, services in adult_services(
                registry, where, age_band, role, language
            ).items()
            if f"{{{placeholder}}}" in template or f"{{{placeholder}{SHORT_SUFFIX}}}" in template
            for service in services
        ]
        if service_ids:
            response["service_ids"] = service_ids
        shown = tuple(kwargs.get("service_ids") or service_ids)
        said_before = (utter_action, shown, response.get(LANG_KEY, BASE))
        if not utter_action.endswith(AGAIN_SUFFIX) and said_before in said_last_turn(tracker):
            response = await self._said_again(
                utter_action, profile, tracker, output_channel, filled, response, language
            )
        extra: list[dict[str, str]] = []
        if utter_action in ASKS_COUNTRY:
            extra = country_buttons(registry)
        elif utter_action in ASKS_AGE:
            labels = phrase_map(language, "age_bands")
            extra = [
                {**b, "title": labels.get(b["payload"].split('"')[-2], b["title"])}
                for b in age_buttons()
            ]
        elif utter_action in ASKS_IF_ELSEWHERE and not country:
            not_in = phrase(language, "not_in_country", "I'm not in {country}")
            extra = [
                {
                    "title": not_in.format(country=values["default_country_name"]),
                    "payload": "/not_in_default_country",
                }
            ]
        # A second wording is generated inside the first's call, which adds the hint itself.
        hint = None
        if not utter_action.endswith(AGAIN_SUFFIX):
            hint = language_hint(tracker, language, profile, utter_action)
        if hint:
            extra = [*extra, hint]
            response[HINT_KEY] = hint[LANG_KEY]
        if extra:
            response["buttons"] = [*(response.get("buttons") or []), *extra]
        return response
