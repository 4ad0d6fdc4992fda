"""Pictures of every screen at 80x24 and 120x40, compared with the accepted ones.

Update after reviewing a change by eye: `uv run pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from screens.app import SosMeetingApp
from screens.problem import ProblemScreen
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Category, Column, Group, Step

from .conftest import name_children, seed_meeting
from .pilot_helpers import settled, until

SIZES = [(80, 24), (120, 40)]
Snap = Callable[..., bool]


def full_meeting(db: Database) -> int:
    meeting_id = seed_meeting(db)
    for column, category, words in (
        (Column.WORRIES, Category.HARM, "Dad hit Mum in front of the children in June."),
        (Column.WORRIES, Category.COMPLICATING, "Dad drinks most evenings."),
        (Column.WORKING_WELL, Category.SAFETY, "Gran has the children after school every day."),
        (Column.WORKING_WELL, Category.STRENGTH, "The children love school."),
        (Column.NEEDS, Category.NEXT_STEP, "Jo to visit weekly until the review."),
        (Column.GREY, Category.GREY_AREA, "Whether Dad still drinks at home."),
    ):
        store.add_item(db, meeting_id, column, words, category)
    pair = store.save_pair(
        db,
        meeting_id,
        "Jo and Kim are worried that Dad hits Mum when he has been drinking, and the "
        "children see it. They could be hurt or frightened if nothing changes.",
        "Everyone will see Mum and Dad keep the children safe when Dad drinks, for six months.",
    )
    scale = store.save_scale(
        db,
        meeting_id,
        question="Where are we today, on a scale from 0 to 10?",
        pair_id=pair.id,
        ten_means="Everyone knows the children are safe enough for the case to close",
        zero_means="The children will certainly be hurt again",
    )
    round_id = store.start_round(db, scale.id).id
    people = store.load(db, meeting_id).participants
    for person, typed, reason in zip(
        people,
        ("3", "7", "pass", "3", "5.5"),
        (
            "Dad still drinks most nights.",
            "I have stopped drinking at home.",
            "",
            "The police were called twice this month.",
            "The children are settled at school.",
        ),
        strict=True,
    ):
        store.record_score(
            db,
            round_id,
            person.id,
            typed=typed,
            reason=reason,
            one_higher="Dad sees the alcohol service" if typed == "3" else "",
        )
    store.set_place(db, meeting_id, Step.PEOPLE, scale.id)
    return meeting_id


def app_for(db: Database) -> SosMeetingApp:
    return SosMeetingApp(database=db)


async def steady(pilot: Pilot[Any]) -> None:
    """Everything saved and shown, and no blinking cursor: the picture cannot flip."""
    await settled(pilot)
    for screen in pilot.app.screen_stack:
        for box in screen.query("Input, TextArea"):
            box.cursor_blink = False  # type: ignore[attr-defined]
    await settled(pilot)


def pressing(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        await pilot.press(*keys)
        await steady(pilot)

    return run


async def open_meeting(pilot: Pilot[Any], *keys: str) -> None:
    await settled(pilot)
    await pilot.press("enter")
    await settled(pilot)
    if keys:
        await pilot.press(*keys)
    await steady(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_home_empty(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(db), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_meetings(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    full_meeting(db)
    seed_meeting(db)
    assert snap_compare(app_for(db), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES)
def test_new_meeting_form(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    async def fill(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        await pilot.press("ctrl+n")
        await settled(pilot)
        pilot.app.screen.query_one("#date", Input).value = "2026-11-26"
        pilot.app.screen.query_one("#title", Input).value = "Family B"
        await steady(pilot)

    assert snap_compare(app_for(db), terminal_size=size, run_before=fill)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("step", ["f2", "f3", "f4", "f5", "f6"])
def test_meeting_steps(snap_compare: Snap, db: Database, size: tuple[int, int], step: str) -> None:
    full_meeting(db)

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot, step)

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_a_conference_decision(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    from sos_meeting.decision import ChildDecision, Decision, Plan, PlanCategory, Recommendation

    meeting_id = full_meeting(db)
    name_children(db, meeting_id, "Amy, Ben")
    people = store.load(db, meeting_id).participants
    store.save_decision(
        db,
        meeting_id,
        Decision(
            children=(ChildDecision("Amy", Plan.YES, PlanCategory.NEGLECT), ChildDecision("Ben")),
            reasoning="Amy is often hungry and misses school.",
            recommendations=(Recommendation(people[3].id, Plan.YES, "Hungry at school"),),
        ),
    )
    store.add_dissent(db, meeting_id, people[1].id, "Amy is fed well at home")

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot, "f12")

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)


def invited_and_heard(db: Database) -> int:
    """A conference with a partly invited list, a report and both kinds of views."""
    from sos_meeting.domain import Attendance
    from sos_meeting.voices import Views, VoiceForm, Whose

    meeting_id = full_meeting(db)
    name_children(db, meeting_id, "Amy, Ben")
    people = store.load(db, meeting_id).participants
    store.set_attendance(db, people[1].id, Attendance.APOLOGIES)
    store.set_report(db, people[4].id, True)
    store.add_voice(
        db,
        meeting_id,
        Views(Whose.PARENT, "Sam", VoiceForm.WORDS, "I want the children home with me."),
    )
    store.add_voice(
        db,
        meeting_id,
        Views(
            Whose.CHILD,
            "Amy",
            VoiceForm.THREE_HOUSES,
            "House of worries: shouting at night. House of dreams: Dad stops drinking.",
            "Jo (Social worker)",
            date(2026, 11, 20),
        ),
    )
    return meeting_id


@pytest.mark.parametrize("step", ["f2", "f11"])
@pytest.mark.parametrize("size", SIZES)
def test_a_conference_invitations_and_views(
    snap_compare: Snap, db: Database, size: tuple[int, int], step: str
) -> None:
    invited_and_heard(db)

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot, step)

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)


@pytest.mark.parametrize("step", ["f2", "f4", "f6", "f11", "f12"])
@pytest.mark.parametrize("size", SIZES)
def test_group_supervision_roles_and_the_presenters_number(
    snap_compare: Snap, db: Database, size: tuple[int, int], step: str
) -> None:
    from sos_meeting.domain import MeetingKind
    from sos_meeting.supervision import SessionRole

    meeting = store.create_meeting(
        db, kind=MeetingKind.SUPERVISION, title="Case S", held_on=date(2026, 11, 26)
    )
    for name, role in (("Ana", "Social worker"), ("Bo", "Social worker"), ("Cy", "Manager")):
        store.add_participant(db, meeting.id, name=name, role=role, group=Group.PROFESSIONAL)
    ana, bo, cy = store.load(db, meeting.id).participants
    store.set_session_role(db, cy.id, SessionRole.PRESENTER)
    store.set_session_role(db, ana.id, SessionRole.FACILITATOR)
    scale = store.save_scale(
        db, meeting.id, question="How worried?", pair_id=None, ten_means="Safe", zero_means="Hurt"
    )
    round_id = store.start_round(db, scale.id).id
    for person, number, why in ((cy, "3", "Stuck"), (ana, "6", "Gran helps"), (bo, "7", "Settled")):
        store.record_score(db, round_id, person.id, typed=number, reason=why)
    store.set_question(db, meeting.id, "How safe is it for Ben to go home to Dad?")
    store.set_reflection(db, ana.id, "Hearing what we don't know yet")
    store.set_place(db, meeting.id, Step.PEOPLE, scale.id)

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot, step)

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_the_coach_asks_why_a_questioned_pair_keeps_its_words(
    snap_compare: Snap, db: Database, size: tuple[int, int]
) -> None:
    seed_meeting(db)

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot, "f4")
        await pilot.press(*"Jo is worried that Dad hit Mum.", "tab", *"Dad will be kind.")
        await pilot.press("ctrl+s", *"Mum's own words")
        await steady(pilot)

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_scale_definition(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    seed_meeting(db)

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot, "f5")
        await pilot.press("enter", "tab")
        await steady(pilot)

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(db), terminal_size=size, run_before=pressing("f1"))


@pytest.mark.parametrize("size", SIZES)
def test_database_problem(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    async def problem(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(
            ProblemScreen(
                "/home/alex/meetings.db is not a sos-meeting database (it is not an SQLite "
                "file). It has not been changed. Choose another file with --db."
            )
        )
        await steady(pilot)

    assert snap_compare(app_for(db), terminal_size=size, run_before=problem)


FIFTEEN = [
    ("Sam", "Mum", Group.FAMILY),
    ("Dan", "Dad", Group.FAMILY),
    ("Amy", "Aunt", Group.FAMILY),
    ("Pat", "Gran", Group.NETWORK),
    ("Lee", "Uncle", Group.NETWORK),
    ("Ray", "Neighbour", Group.NETWORK),
    ("Jo", "Social worker", Group.PROFESSIONAL),
    ("Kim", "Class teacher", Group.PROFESSIONAL),
    ("Ola", "Health visitor", Group.PROFESSIONAL),
    ("Vic", "Police", Group.PROFESSIONAL),
    ("Nia", "GP", Group.PROFESSIONAL),
    ("Tom", "Housing", Group.PROFESSIONAL),
    ("Eve", "Nursery", Group.PROFESSIONAL),
    ("Max", "Youth worker", Group.PROFESSIONAL),
    ("Zoe", "Advocate", Group.PROFESSIONAL),
]
FIFTEEN_SCORES = ("6", "7", "6", "6", "5", "8", "3", "3", "2", "1.5", "3", "4", "5", "5", "9")


def spread_meeting(db: Database, size: int, rounds: int = 1) -> int:
    people = tuple((n, r, g, "") for n, r, g in FIFTEEN[:size])
    meeting_id = seed_meeting(db, people)
    scale = store.save_scale(
        db,
        meeting_id,
        question="How safe are the children today?",
        pair_id=None,
        ten_means="Everyone knows the children are safe enough for the case to close",
        zero_means="The children will certainly be hurt again",
    )
    persons = store.load(db, meeting_id).participants
    for number in range(rounds):
        round_id = store.start_round(db, scale.id).id
        for person, typed in zip(persons, FIFTEEN_SCORES, strict=False):
            value = typed if number == rounds - 1 else str(min(10, float(typed) // 1 + 2))
            store.record_score(
                db, round_id, person.id, typed=value, reason=f"{person.name} explains the number."
            )
    store.set_place(db, meeting_id, Step.SPREAD, scale.id)
    return meeting_id


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("people", [3, 15])
def test_spread_view(snap_compare: Snap, db: Database, size: tuple[int, int], people: int) -> None:
    spread_meeting(db, people, rounds=2 if people == 15 else 1)

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot)

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)


def family_with_reviews(db: Database, reviews: int = 3) -> None:
    from .test_families import first_meeting

    meeting_id = first_meeting(db)
    for number in range(reviews):
        meeting = store.start_review(
            db, meeting_id, held_on=date(2026, 10 + number // 3, 1 + 9 * (number % 3))
        )
        record = store.load(db, meeting.id)
        round_id = store.start_round(db, record.scales[0].id).id
        for person, base in zip(record.participants, (4, 7, 5, 2, 3), strict=True):
            store.record_score(
                db, round_id, person.id, typed=str(min(10, base + number + 1)), reason="better"
            )
        meeting_id = meeting.id


@pytest.mark.parametrize("size", SIZES)
def test_trend_chart(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    family_with_reviews(db)
    assert snap_compare(app_for(db), terminal_size=size, run_before=pressing("ctrl+t"))


@pytest.mark.parametrize("size", SIZES)
def test_export_dialog(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    full_meeting(db)
    assert snap_compare(app_for(db), terminal_size=size, run_before=pressing("ctrl+e"))


@pytest.mark.parametrize("size", SIZES)
def test_close_dialog(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    seed_meeting(db)

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot, "f10")

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_amend_dialog(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    """A closed meeting asks why before its first change (here, F7 Details)."""
    meeting_id = full_meeting(db)
    missing = store.load(db, meeting_id).missing()  # the decision: at the next conference
    store.close_meeting(db, meeting_id, missing=missing, note="Decided at the next conference")

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot, "f7")
        await until(pilot, lambda: bool(pilot.app.screen.query("#amend-reason")), "why")
        await steady(pilot)

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)


WORLD = (
    ("王小明", "Dad", Group.FAMILY),
    ("فاطمة", "Mum", Group.FAMILY),
    ("Zoë Ångström", "Social worker", Group.PROFESSIONAL),
    ("José Núñez", "Uncle", Group.NETWORK),
    ("Ava", "Daughter, 14", Group.CHILD),
)


def world_meeting(db: Database, step: Step) -> int:
    """Names in Chinese, Arabic and with accents, a young person scoring for herself, and
    a scale linked to a danger statement."""
    meeting_id = seed_meeting(db, tuple((n, r, g, "") for n, r, g in WORLD))
    pair = store.save_pair(
        db,
        meeting_id,
        "Jo is worried that Dad shouts at Ava when he has been drinking, and she could be "
        "hurt or frightened if nothing changes.",
        "Everyone will see Ava safe at home in the evenings, for six months.",
    )
    scale = store.save_scale(
        db,
        meeting_id,
        question="How safe is Ava at home?",
        pair_id=pair.id,
        ten_means="Ava is safe at home and everyone knows it",
        zero_means="Ava will certainly be hurt again",
    )
    round_id = store.start_round(db, scale.id).id
    people = store.load(db, meeting_id).participants
    for person, typed in zip(people[:4], ("4", "5", "3", "5"), strict=True):
        store.record_score(db, round_id, person.id, typed=typed, reason=f"{person.name}: why")
    if step is Step.SPREAD:
        store.record_score(db, round_id, people[4].id, typed="6", reason="Dad is calmer now")
    store.set_place(db, meeting_id, step, scale.id)
    return meeting_id


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("step", [Step.SCALING, Step.SPREAD])
def test_round_and_spread_with_names_from_everywhere_and_a_young_person(
    snap_compare: Snap, db: Database, size: tuple[int, int], step: Step
) -> None:
    world_meeting(db, step)

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot)

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", ["links", "round"])
def test_score_from_phones(
    snap_compare: Snap,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    view: str,
) -> None:
    """The links to hand out (a person's page), and the round as phone answers come in;
    the address, code and links made the same each time so the picture can be compared."""
    import itertools

    from screens.meeting import MeetingScreen
    from screens.phone_links import PhoneLinks
    from sos_meeting.domain import RoundMode
    from sos_meeting.phones import seats
    from sos_meeting.phones.serve import RoomServer
    from sos_meeting.phones.settings import RoomSettings

    numbers = itertools.count(1)
    monkeypatch.setattr(seats, "new_token", lambda: f"{next(numbers):0>22}")
    monkeypatch.setattr(seats, "new_code", lambda: "K7MQ2X")
    monkeypatch.setattr(RoomServer, "base_url", property(lambda self: "http://192.168.1.20:8123"))
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db,
        meeting_id,
        question="How safe are the children at home today?",
        pair_id=None,
        ten_means="Safe enough for the case to close",
        zero_means="The children will be hurt again",
        mode=RoundMode.PRIVATE,
    )
    store.start_round(db, scale.id)
    store.set_place(db, meeting_id, Step.SCALING, scale.id)

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot)
        await pilot.press("ctrl+y")
        await until(pilot, lambda: isinstance(pilot.app.screen, PhoneLinks), "the links")
        if view == "links":
            await pilot.press("right")
        else:
            await pilot.press("escape")
            await settled(pilot)
            meeting = next(s for s in pilot.app.screen_stack if isinstance(s, MeetingScreen))
            record = meeting.record
            assert record is not None
            for person in record.participants[:2]:
                assert await meeting.phones.answer(person.id, "", "6", "a reason", "") == ""
        await steady(pilot)

    assert snap_compare(
        SosMeetingApp(database=db, room=RoomSettings(host="127.0.0.1")),
        terminal_size=size,
        run_before=go,
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("step", ["f2", "f6"])
def test_high_contrast_theme(
    snap_compare: Snap, db: Database, size: tuple[int, int], step: str
) -> None:
    from sos_meeting.config import Settings

    full_meeting(db)
    app = SosMeetingApp(database=db, settings=Settings(theme="sos-high-contrast"))

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot, step)

    assert snap_compare(app, terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_letter_review(snap_compare: Snap, db: Database, size: tuple[int, int]) -> None:
    """The letter to the family, read before it is written: names reversed, a child's
    reported words underlined, a choice for each passage."""
    from screens.letter_review import LetterReview

    meeting_id = full_meeting(db)
    store.add_item(db, meeting_id, Column.WORRIES, "Kim said Ava told her she was scared at night.")
    name_children(db, meeting_id, "Ava")

    async def go(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        pilot.app.push_screen(LetterReview(pilot.app.db, store.load(pilot.app.db, meeting_id)))  # type: ignore[attr-defined]
        await until(pilot, lambda: isinstance(pilot.app.screen, LetterReview), "the review")
        await steady(pilot)

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_a_pair_changed_on_two_screens_at_once(
    snap_compare: Snap, db: Database, size: tuple[int, int]
) -> None:
    """Both versions of the words, and the three choices (the cursor on merging by hand)."""
    from screens.conflict_dialog import ConflictDialog
    from sos_meeting.conflicts import EditConflict, Version

    full_meeting(db)
    worry = "Jo and Kim are worried that Dad hits Mum when he has been drinking; "
    conflict = EditConflict(
        "statement and goal",
        1,
        Version(
            (
                ("statement", worry + "Amy sees it, and she could be hurt if nothing changes."),
                ("goal", "Everyone will see Mum and Dad keep Amy safe, for a year."),
            ),
            1,
        ),
        Version(
            (
                ("statement", worry + "the children see it, and could be hurt or frightened."),
                ("goal", "Everyone will see Mum and Dad keep the children safe, for six months."),
            ),
            2,
        ),
    )

    async def go(pilot: Pilot[Any]) -> None:
        await open_meeting(pilot, "f4")
        pilot.app.push_screen(ConflictDialog(conflict))
        await until(
            pilot,
            lambda: (
                bool(pilot.app.screen.query("#conflict-merge"))
                and pilot.app.focused is not None
                and pilot.app.focused.id == "conflict-merge"
            ),
            "the choice",
        )
        await steady(pilot)

    assert snap_compare(app_for(db), terminal_size=size, run_before=go)
