"""Who is writing: a young person (no role), a parent or carer, school staff, or the school's
safeguarding lead.

A safeguarding lead must never be told to "tell your safeguarding lead", so once the writer
has said they are the lead, a later message that only sounds like staff in general keeps
them the lead. Any other change of role (a teacher who then writes about their own child)
follows the latest message.
"""

from __future__ import annotations

from collections.abc import Iterable

# A young person writing about themselves: the role slot stays empty for them; this name is
# only for the twin intents below.
YOUTH = "young_person"
PARENT = "parent"
STAFF = "professional"
LEAD = "dsl"
# The role whose replies a lead falls back to where a response has no words of its own for
# leads: what staff hear, minus "tell your safeguarding lead" (tests/test_staff.py checks).
FALLBACK = {LEAD: STAFF}


def effective_role(roles_set: Iterable[str | None]) -> str | None:
    """The writer's role from the values the role slot was set to, oldest first."""
    role = None
    said_lead = False
    for value in roles_set:
        said_lead = said_lead or value == LEAD
        role = LEAD if said_lead and value == STAFF else value
    return role


# Replies written for a parent, and what a writer who has not said they are an adult hears
# instead: "how do I tell her?" from a young person reads like a parent's "how do I talk to
# my child?", and the young person needs the tell-an-adult reply.
YOUTH_REPLY_FOR = {"utter_parent_talk": "utter_tell_parents"}
# Adults who write for a young person: their own age is never the young person's.
ADULT_ROLES = frozenset({PARENT, STAFF, LEAD})


def reply_for_writer(utter_action: str, role: str | None) -> str:
    """The reply this writer should hear: a young person never gets a parent's reply."""
    return utter_action if role in ADULT_ROLES else YOUTH_REPLY_FOR.get(utter_action, utter_action)


# Intents that only an adult writing about a child has (domain/parents.yml, domain/staff.yml).
ADULT_INTENTS = frozenset(
    {
        "parent_help",
        "parent_child_paid",
        "parent_phone",
        "parent_talk",
        "parent_report_remove",
        "parent_child_distressed",
        "professional_help",
        "staff_image",
        "staff_confidential",
        "dsl_procedure",
    }
)

# Situations that more than one kind of writer has: each writer's intents, in the order to
# prefer when the classifier ranked none of them. bot/nlu/role_cues.py moves an intent to
# its twin when the message's own cues name one writer ("i paid" vs "my son paid").
TWINS: dict[str, dict[str, tuple[str, ...]]] = {
    "disclosed": {
        YOUTH: ("disclose",),
        PARENT: ("parent_help",),
        STAFF: ("professional_help",),
        LEAD: ("dsl_procedure",),
    },
    "paid": {
        YOUTH: ("already_paid", "paid_more_than_once"),
        PARENT: ("parent_child_paid",),
    },
    "report": {
        YOUTH: ("ask_how_report", "ask_remove_images", "ask_report_secretly"),
        PARENT: ("parent_report_remove",),
        LEAD: ("dsl_procedure",),
    },
    "telling": {
        YOUTH: ("ask_who_to_tell", "ask_tell_parents"),
        PARENT: ("parent_talk",),
    },
    # Keeping it from someone: a young person from their parents, staff asked to keep a
    # pupil's secret, a parent asked to keep something from the rest of the family.
    "secret": {
        YOUTH: ("ask_report_secretly", "privacy"),
        PARENT: ("parent_talk",),
        STAFF: ("staff_confidential",),
    },
    "distressed": {
        YOUTH: ("feeling_scared",),
        PARENT: ("parent_child_distressed",),
    },
    "image": {
        YOUTH: ("offer_image", "ask_save_pictures"),
        STAFF: ("staff_image",),
    },
    "phone": {
        YOUTH: ("ask_delete",),
        PARENT: ("parent_phone",),
        STAFF: ("staff_image",),
    },
}
