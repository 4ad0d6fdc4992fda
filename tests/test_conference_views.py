"""A child protection conference lists who was invited, who came, who sent apologies and
who sent a report, and records the parents' and the child's views, each on its own, before
the scaling; the minute and every export carry them in the order a conference is minuted."""

from __future__ import annotations

import json
from datetime import date

import pytest

from screens.app import SosMeetingApp
from screens.meeting import MeetingScreen
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.decision import Plan, PlanCategory
from sos_meeting.domain import Attendance, Group, MeetingKind, Step
from sos_meeting.exports.family_version import for_family
from sos_meeting.exports.render import render
from sos_meeting.text import InputError
from sos_meeting.voices import Views, VoiceForm, Whose

from .conftest import FIXED_DAY, name_children, seed_meeting
from .pilot_helpers import burst, settled, typed, until

CHILD_SAID = "House of worries: shouting at night.\nHouse of dreams: Dad stops drinking."


def test_a_conference_steps_through_invitations_and_other_meetings_through_attendance() -> None:
    conference = MeetingKind.CONFERENCE
    marks = [Attendance.PRESENT]
    for _ in range(5):
        marks.append(marks[-1].next_in(conference))
    assert [m.label_in(conference) for m in marks] == [
        "Attended",
        "Left early",
        "Apologies",
        "Did not come",
        "Not invited",
        "Attended",
    ]
    other = MeetingKind.MULTI_AGENCY
    assert [Attendance.PRESENT.next_in(other), Attendance.LEFT.next_in(other)] == [
        Attendance.LEFT,
        Attendance.ABSENT,
    ]
    assert Attendance.ABSENT.next_in(other) is Attendance.PRESENT
    # A mark only a conference uses steps back into the ordinary ones.
    assert Attendance.APOLOGIES.next_in(other) is Attendance.PRESENT


def test_views_say_where_they_came_from(db: Database) -> None:
    meeting_id = seed_meeting(db)
    with pytest.raises(InputError, match="is for a child's views"):
        store.add_voice(
            db, meeting_id, Views(Whose.PARENT, "Sam", VoiceForm.THREE_HOUSES, "Worried")
        )
    with pytest.raises(InputError, match="who gathered the child's views and when"):
        store.add_voice(
            db, meeting_id, Views(Whose.CHILD, "Amy", VoiceForm.WORDS, "I like school", "Jo")
        )
    with pytest.raises(InputError, match="the views"):
        store.add_voice(db, meeting_id, Views(Whose.PARENT, "Sam", VoiceForm.WORDS, " \n "))
    assert store.load(db, meeting_id).voices == ()
    saved = store.add_voice(
        db,
        meeting_id,
        Views(Whose.CHILD, " Amy ", VoiceForm.WORDS, "I like school\x07", "Jo", date(2026, 11, 2)),
    ).voices
    assert [(v.name, v.text, v.source()) for v in saved] == [
        ("Amy", "I like school", "In their own words, gathered by Jo on 02 November 2026")
    ]


def test_a_correction_after_closing_keeps_the_words_before(db: Database) -> None:
    meeting_id = seed_meeting(db)
    first = store.add_voice(
        db, meeting_id, Views(Whose.PARENT, "Sam", VoiceForm.WORDS, "I want them home.")
    ).voices[0]
    store.add_voice(db, meeting_id, Views(Whose.PARENT, "Dan", VoiceForm.WRITTEN, "I agree."))
    assert [v.name for v in store.move_voice(db, first.id, 1).voices] == ["Dan", "Sam"]
    store.close_meeting(db, meeting_id, missing=store.load(db, meeting_id).missing(), note="x")
    corrected = Views(Whose.PARENT, "Sam", VoiceForm.WORDS, "I want them home by summer.")
    with pytest.raises(InputError, match="needs a reason"):
        store.change_voice(db, first.id, corrected)
    with store.amending("Sam asked for her words to be completed"):
        store.change_voice(db, first.id, corrected)
    record = store.load(db, meeting_id)
    assert record.voices[1].text == "I want them home by summer."
    change = record.amendments[-1]
    assert "words: I want them home." in change.before
    assert "words: I want them home by summer." in change.after
    assert change.reason == "Sam asked for her words to be completed"


async def test_a_conference_typed_back_to_back_is_recorded_and_minuted(db: Database) -> None:
    """A partly invited list with apologies and a report, a parent's and a child's views, a
    plan for one child and none for the other, and a dissent: every key sent without
    waiting for a save, then the JSON and the minute checked field by field."""
    meeting_id = seed_meeting(db)  # Sam (Mum), Dan (Dad), Pat (Gran), Jo, Kim (Hill School)
    name_children(db, meeting_id, "Amy, Ben")
    store.set_place(db, meeting_id, Step.PEOPLE)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting")
        await burst(
            pilot,
            "down",
            *["ctrl+t"] * 2,  # Dan: left early, then apologies
            "ctrl+r",  # and a report
            "down",
            *["ctrl+t"] * 4,  # Pat: not invited
            "down",
            "down",
            "ctrl+r",  # Kim: a report
            "f11",
            "p",
            "enter",
            *typed("Sam\n"),
            "enter",  # in her own words (already chosen)
            "enter",
            "enter",
            *typed("I want the children home with me."),
            "ctrl+s",
            "c",
            "enter",
            *typed("Amy\n"),
            "h",
            "enter",
            *typed("Jo (Social worker)\n"),
            *typed("20/11/2026\n"),
            *typed(CHILD_SAID),
            "ctrl+s",
            "f12",
            "y",
            "enter",
            "e",  # Amy: a plan, under emotional abuse
            "enter",
            "n",  # Ben: no plan
            "enter",
            *typed("Amy hears the fighting at night."),
            "ctrl+s",
            "ctrl+d",
            "down",
            "enter",  # Dan
            *typed("Dan says the fighting has stopped\n"),
        )
        await settled(pilot)
        await until(pilot, lambda: not app.screen.waiting, "every save")  # type: ignore[attr-defined]
    record = store.load(db, meeting_id)
    assert [(p.name, p.attendance, p.sent_report) for p in record.participants] == [
        ("Sam", Attendance.PRESENT, False),
        ("Dan", Attendance.APOLOGIES, True),
        ("Pat", Attendance.NOT_INVITED, False),
        ("Jo", Attendance.PRESENT, False),
        ("Kim", Attendance.PRESENT, True),
    ]
    assert [
        (v.whose, v.name, v.form, v.text, v.gathered_by, v.gathered_on) for v in record.voices
    ] == [
        (Whose.PARENT, "Sam", VoiceForm.WORDS, "I want the children home with me.", "", None),
        (
            Whose.CHILD,
            "Amy",
            VoiceForm.THREE_HOUSES,
            CHILD_SAID,
            "Jo (Social worker)",
            date(2026, 11, 20),
        ),
    ]
    amy, ben = record.decision.children
    assert (amy.plan, amy.category, ben.plan) == (Plan.YES, PlanCategory.EMOTIONAL, Plan.NO)
    assert [(d.name, d.reason) for d in record.decision.dissents] == [
        ("Dan", "Dan says the fighting has stopped")
    ]

    exported = json.loads(render(db, meeting_id, "json"))
    assert [(p["name"], p["attendance"], p["sent_report"]) for p in exported["participants"]] == [
        ("Sam", "present", False),
        ("Dan", "apologies", True),
        ("Pat", "not_invited", False),
        ("Jo", "present", False),
        ("Kim", "present", True),
    ]
    assert exported["views"] == [
        {
            "id": record.voices[0].id,
            "whose": "parent",
            "name": "Sam",
            "form": "words",
            "text": "I want the children home with me.",
            "gathered_by": "",
            "gathered_on": None,
        },
        {
            "id": record.voices[1].id,
            "whose": "child",
            "name": "Amy",
            "form": "three_houses",
            "text": CHILD_SAID,
            "gathered_by": "Jo (Social worker)",
            "gathered_on": "2026-11-20",
        },
    ]
    assert [(c["child"], c["plan"]) for c in exported["decision"]["children"]] == [
        ("Amy", "yes"),
        ("Ben", "no"),
    ]

    minute = render(db, meeting_id, "markdown")
    order = [
        "## Who was invited",
        "## The parents' views",
        "## The child's views",
        "## Mapping",
        "## The decision",
    ]
    assert [minute.index(h) for h in order] == sorted(minute.index(h) for h in order)
    assert "| 2 | Dan | Dad |  | Family | Apologies | Sent a report |" in minute
    assert "| 3 | Pat | Gran |  | Network | Not invited |  |" in minute
    assert (
        "| 5 | Kim | Class teacher | Hill School | Professional | Attended | Sent a report |"
        in (minute)
    )
    assert "**Sam** (In their own words): I want the children home with me." in minute
    assert (
        "**Amy** (Three Houses, gathered by Jo (Social worker) on 20 November 2026): "
        "House of worries: shouting at night. House of dreams: Dad stops drinking." in minute
    )
    page = render(db, meeting_id, "html")
    assert "Not there: Dan (Dad): apologies; Pat (Gran): not invited" in page
    assert "Reports from: Dan (Dad), Kim (Hill School)" in page
    assert "<b>The child&#x27;s views, Amy</b> <i>(Three Houses, gathered by Jo" in page
    # The family version names who gathered the child's views by their role.
    family = for_family(record)
    assert family.voices[1].gathered_by == "Social worker"


async def test_only_a_conference_has_the_views_step(db: Database) -> None:
    other = store.create_meeting(
        db, kind=MeetingKind.MULTI_AGENCY, title="Family M", held_on=FIXED_DAY
    )
    store.add_participant(db, other.id, name="Sam", role="Mum", group=Group.FAMILY)
    store.set_place(db, other.id, Step.PEOPLE)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting")
        await settled(pilot)
        tabs = app.screen.query_one("#steps")
        assert not tabs.get_tab(Step.VOICES.value).display  # type: ignore[attr-defined]
        await burst(pilot, "f11", "ctrl+r", "ctrl+t")
        await settled(pilot)
        assert tabs.active == Step.PEOPLE.value  # type: ignore[attr-defined]
    person = store.load(db, other.id).participants[0]
    # Outside a conference ctrl+t steps through here / left / absent, and ctrl+r does nothing.
    assert (person.attendance, person.sent_report) == (Attendance.LEFT, False)
    minute = render(db, other.id, "markdown")
    assert "## Who was there" in minute and "views" not in minute.lower()
    assert json.loads(render(db, other.id, "json"))["views"] == []


async def test_typing_in_the_list_starts_new_views_and_leaves_the_others_alone(
    db: Database,
) -> None:
    meeting_id = seed_meeting(db)
    store.add_voice(db, meeting_id, Views(Whose.PARENT, "Sam", VoiceForm.WORDS, "Home soon."))
    store.set_place(db, meeting_id, Step.VOICES)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting")
        await burst(
            pilot,
            "p",  # in the list: new views, a parent's
            "enter",
            *typed("Dan\n"),
            "w",
            "enter",
            "enter",
            "enter",
            *typed("I will stop drinking."),
            "ctrl+s",
        )
        await settled(pilot)
        await until(pilot, lambda: not app.screen.waiting, "every save")  # type: ignore[attr-defined]
    assert [(v.name, v.form, v.text) for v in store.load(db, meeting_id).voices] == [
        ("Sam", VoiceForm.WORDS, "Home soon."),
        ("Dan", VoiceForm.WRITTEN, "I will stop drinking."),
    ]
