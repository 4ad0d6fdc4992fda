"""Group supervision: each team member's role in the session, the presenter's own number
first and the gap between it and the group's, in the spread view and every export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screens.app import SosMeetingApp
from screens.meeting import MeetingScreen
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.differences import presenter_gap
from sos_meeting.domain import Category, Column, Group, MeetingKind, Step
from sos_meeting.exports.render import render
from sos_meeting.scaling import Mark, spread
from sos_meeting.supervision import SessionRole

from .conftest import FIXED_DAY
from .pilot_helpers import burst, open_at, screen_text, settled, typed, until

TEAM = (("Ana", "Social worker"), ("Bo", "Social worker"), ("Cy", "Team manager"), ("Di", "SW"))


def supervision(db: Database) -> int:
    """A group supervision session of four team members, with an overall scale."""
    meeting = store.create_meeting(
        db, kind=MeetingKind.SUPERVISION, title="Case S", held_on=FIXED_DAY
    )
    for name, role in TEAM:
        store.add_participant(db, meeting.id, name=name, role=role, group=Group.PROFESSIONAL)
    return meeting.id


def test_roles_step_round_and_there_is_one_presenter(db: Database) -> None:
    order = [SessionRole.NONE]
    for _ in range(6):
        order.append(order[-1].next())
    assert order == [
        SessionRole.NONE,
        SessionRole.PRESENTER,
        SessionRole.FACILITATOR,
        SessionRole.ADVISOR,
        SessionRole.SCRIBE,
        SessionRole.PARTICIPANT,
        SessionRole.NONE,
    ]
    meeting_id = supervision(db)
    ana, bo, *_ = store.load(db, meeting_id).participants
    store.set_session_role(db, ana.id, SessionRole.PRESENTER)
    store.set_session_role(db, bo.id, SessionRole.PRESENTER)
    record = store.load(db, meeting_id)
    assert [p.session_role for p in record.participants[:2]] == [
        SessionRole.PARTICIPANT,
        SessionRole.PRESENTER,
    ]
    assert record.presenter is not None and record.presenter.name == "Bo"
    assert [p.name for p in record.present] == ["Bo", "Ana", "Cy", "Di"]


def test_the_presenters_number_beside_the_groups() -> None:
    marks = tuple(Mark(n, str(n), v, n) for n, v in ((1, 3), (2, 6), (3, 7), (4, 5)))
    result = spread(marks, 0)
    assert result is not None
    assert presenter_gap(result, 1, "Ana") == (
        "Ana, who brings the case, gave 3; the group's median is 6: the group's is 3 points higher."
    )
    assert presenter_gap(result, 3) == (
        "The presenter gave 7; the group's median is 5: the presenter's is 2 points higher."
    )
    assert presenter_gap(result, 9) is None  # the presenter passed or did not score


async def test_the_presenter_is_named_then_scales_first(db: Database) -> None:
    """Roles given with ctrl+r pressed back to back, then a round typed straight through:
    the first number typed is the presenter's, and the gap is shown and exported."""
    meeting_id = supervision(db)
    store.save_scale(
        db, meeting_id, question="How worried?", pair_id=None, ten_means="Safe", zero_means="Hurt"
    )
    store.set_place(db, meeting_id, Step.PEOPLE)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.PEOPLE)
        await burst(
            pilot,
            "down",
            "down",
            "ctrl+r",  # Cy: presenter
            "up",
            "ctrl+r",  # Bo: facilitator (there is a presenter already)
        )
        await settled(pilot)
        assert "Presenter (brings the case): Cy. Facilitator: Bo." in str(
            app.screen.query_one("#invitations").render()
        )
        await burst(
            pilot,
            "f5",
            "ctrl+s",  # the scale as it is: start the round
            *typed("3\nI cannot see a way forward\n\n"),  # the presenter's, first
            *typed("6\nGran is there every day\n\n"),
            *typed("7\nSchool says she is settled\n\n"),
            *typed("5\nWe do not know about Dad\n\n"),
        )
        await settled(pilot)
        await until(pilot, lambda: not app.screen.waiting, "every save")  # type: ignore[attr-defined]
        await burst(pilot, "f6")
        await settled(pilot)
        assert "Cy, who brings the case, gave 3; the group's median is 6" in screen_text(pilot)
    record = store.load(db, meeting_id)
    by_name = {p.name: p for p in record.participants}
    assert by_name["Cy"].session_role is SessionRole.PRESENTER
    assert by_name["Bo"].session_role is SessionRole.FACILITATOR
    scores = {record.scored_as(s): (s.value, s.reason) for s in record.scales[0].rounds[-1].scores}
    assert scores == {
        "Cy": (3, "I cannot see a way forward"),
        "Ana": (6, "Gran is there every day"),
        "Bo": (7, "School says she is settled"),
        "Di": (5, "We do not know about Dad"),
    }
    exported = json.loads(render(db, meeting_id, "json"))
    roles = {p["name"]: p["session_role"] for p in exported["participants"]}
    assert roles == {"Ana": None, "Bo": "facilitator", "Cy": "presenter", "Di": None}
    gap = exported["scales"][0]["rounds"][-1]["spread"]["presenter_gap"]
    assert gap == (
        "Cy, who brings the case, gave 3; the group's median is 6: the group's is 3 points higher."
    )
    assert gap in render(db, meeting_id, "markdown")


async def test_the_rota_over_three_sessions_gives_each_role_in_turn(db: Database) -> None:
    """Three sessions, each taking the roles the rota offers: three different presenters
    and facilitators; the fourth session's People step names whose turn is next."""
    from datetime import timedelta

    from sos_meeting.supervision import next_in_rota

    presenters, facilitators = [], []
    for week in range(4):
        meeting = store.create_meeting(
            db,
            kind=MeetingKind.SUPERVISION,
            title=f"Case {week}",
            held_on=FIXED_DAY + timedelta(days=7 * week),
        )
        for name, role in TEAM:
            # Names as typed by different scribes: the rota matches them regardless of case.
            typed_name = name.upper() if week == 1 else name
            store.add_participant(
                db, meeting.id, name=typed_name, role=role, group=Group.PROFESSIONAL
            )
        record = store.load(db, meeting.id)
        members = [p.name for p in record.participants]
        if week == 3:
            break
        chosen: dict[SessionRole, str] = {}
        for role in (SessionRole.PRESENTER, SessionRole.FACILITATOR):
            free = [m for m in members if m not in chosen.values()]
            chosen[role] = next_in_rota(role, free, record.rota)
        by_name = {p.name: p for p in record.participants}
        for role, name in chosen.items():
            store.set_session_role(db, by_name[name].id, role)
        presenters.append(chosen[SessionRole.PRESENTER].casefold())
        facilitators.append(chosen[SessionRole.FACILITATOR].casefold())
    assert len(set(presenters)) == 3 and len(set(facilitators)) == 3
    never_presented = next(n for n, _ in TEAM if n.casefold() not in presenters)
    store.set_place(db, meeting.id, Step.PEOPLE)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.PEOPLE)
        line = str(app.screen.query_one("#rota").render())
    assert line.startswith(f"Next by the team's rota, to present: {never_presented} (not yet)")


async def test_the_question_and_the_closing_reflection_typed_back_to_back(db: Database) -> None:
    meeting_id = supervision(db)
    store.add_item(db, meeting_id, Column.NEEDS, "Ask the school about Ben", Category.NEXT_STEP)
    store.set_place(db, meeting_id, Step.PEOPLE)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, Step.PEOPLE)
        await burst(
            pilot,
            "f11",
            *typed("How safe is it for Ben to go home?\n"),
            "f12",
            *typed("The map helped\n"),
            *typed("Hearing Bo's view\n"),
            "enter",  # Cy has nothing to add
            *typed("Clear next steps\n"),
        )
        await settled(pilot)
        await until(pilot, lambda: not app.screen.waiting, "every save")  # type: ignore[attr-defined]
        # A step of text boxes only: Esc goes to the tabs, and Esc again to the meetings.
        await burst(pilot, "escape", "escape")
        await until(pilot, lambda: not isinstance(app.screen, MeetingScreen), "the meetings")
    record = store.load(db, meeting_id)
    assert record.meeting.question == "How safe is it for Ben to go home?"
    assert [p.reflection for p in record.participants] == [
        "The map helped",
        "Hearing Bo's view",
        "",
        "Clear next steps",
    ]
    minute = render(db, meeting_id, "markdown")
    assert "## The question for the group\n\nHow safe is it for Ben to go home?" in minute
    assert "### Ideas for the accountable manager to agree\n\n" in minute
    assert "- Bo: Hearing Bo's view" in minute
    exported = json.loads(render(db, meeting_id, "json"))
    assert exported["meeting"]["question"] == "How safe is it for Ben to go home?"
    assert [p["reflection"] for p in exported["participants"]][:2] == [
        "The map helped",
        "Hearing Bo's view",
    ]


async def test_only_group_supervision_has_the_question_and_reflection(db: Database) -> None:
    from .conftest import seed_meeting

    meeting_id = seed_meeting(db)  # a conference
    store.set_place(db, meeting_id, Step.PEOPLE)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.PEOPLE)
        tabs = app.screen.query_one("#steps")
        for step in (Step.QUESTION, Step.REFLECTION):
            assert not tabs.get_tab(step.value).display  # type: ignore[attr-defined]
        await burst(pilot, "f11")  # a conference's F11 is its views
        await settled(pilot)
        assert tabs.active == Step.VOICES.value  # type: ignore[attr-defined]
    assert "question for the group" not in render(db, meeting_id, "markdown")


def noted_session(db: Database) -> int:
    """A session whose typed words name the team (as people do) and a family member."""
    meeting_id = supervision(db)
    ana, bo, cy, _di = store.load(db, meeting_id).participants
    store.set_session_role(db, cy.id, SessionRole.PRESENTER)
    store.set_session_role(db, ana.id, SessionRole.FACILITATOR)
    store.set_question(db, meeting_id, "Cy asks: is it safe for Ben to go home?")
    store.add_item(db, meeting_id, Column.WORRIES, "Dad hit Mum in June; Bo saw bruises.")
    store.add_item(db, meeting_id, Column.WORKING_WELL, "Aunt Sarah has Ben after school.")
    store.add_item(db, meeting_id, Column.GREY, "Whether Dad still drinks.")
    store.add_item(
        db, meeting_id, Column.NEEDS, "Ask the school how Ben is", Category.NEXT_STEP, owner="Di"
    )
    scale = store.save_scale(
        db, meeting_id, question="How safe is Ben?", pair_id=None, ten_means="S", zero_means="H"
    )
    round_id = store.start_round(db, scale.id).id
    for person, number in ((cy, "3"), (ana, "6"), (bo, "7")):
        store.record_score(db, round_id, person.id, typed=number, reason="Ana said so")
    return meeting_id


def test_the_brief_note_names_no_one_from_the_team(db: Database) -> None:
    from sos_meeting.exports.brief_note import note, possible_names

    meeting_id = noted_session(db)
    record = store.load(db, meeting_id)
    assert possible_names(record) == ["Ben", "Sarah"]
    written = note(record, {"Ben": "the child", "Sarah": "the child's aunt"})
    for person in record.participants:
        assert person.name not in written
    assert "Ben" not in written and "Sarah" not in written
    assert "the presenter asks: is it safe for the child to go home?" in written
    assert "Dad hit Mum in June; a team member saw bruises." in written
    assert "- Ask the school how the child is (suggested: a team member)" in written
    assert "The presenter gave 3; the group's median is 6.5" in written
    assert "## Ideas for the accountable manager to agree" in written


def test_the_command_line_will_not_write_a_note_with_a_possible_name(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sos_meeting.cli import main

    meeting_id = noted_session(db)
    out = tmp = db_path.parent / "note.md"
    args = ["--db", str(db_path), "export", str(meeting_id), "--format", "note", "-o", str(out)]
    assert main(args) != 0
    assert "may be names: Ben, Sarah" in capsys.readouterr().err and not tmp.exists()
    assert main([*args, "--replace", "Ben=the child", "--replace", "Sarah=his aunt"]) == 0
    written = out.read_text(encoding="utf-8")
    assert "his aunt has the child after school" in written and "Sarah" not in written
    assert main([*args, "--keep-names"]) == 0
    assert "Aunt Sarah" in out.read_text(encoding="utf-8")


async def test_the_export_dialog_asks_about_names_before_writing_the_note(db: Database) -> None:
    from textual.widgets import Input, Select

    from screens.export_dialog import ExportDialog, export_folder

    meeting_id = noted_session(db)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await burst(pilot, "ctrl+e")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        dialog = app.screen
        dialog.query_one("#export-format", Select).value = "note"
        await burst(pilot, "ctrl+s")
        await until(pilot, lambda: len(dialog.query("#note-names Input")) == 2, "the questions")
        assert not export_folder(app).exists() or not list(export_folder(app).glob("*note*"))
        ben, sarah = dialog.query("#note-names Input").results(Input)
        ben.value, sarah.value = "the child", ""  # Sarah kept as written, by choice
        await burst(pilot, "ctrl+s")
        await until(
            pilot, lambda: "Written" in str(dialog.query_one("#export-result").render()), "the file"
        )
    (written,) = export_folder(app).glob("*note.md")
    text = written.read_text(encoding="utf-8")
    assert "Ben" not in text and "Aunt Sarah has the child after school." in text
    assert all(p.name not in text for p in store.load(db, meeting_id).participants)


async def test_the_team_trend_follows_the_teams_own_scale_across_sessions(db: Database) -> None:
    """The team's scale, asked in the same words in three sessions about three cases, is one
    line on the team's trend; each case's own scale (asked once) is not."""
    from datetime import timedelta

    from sos_meeting.trend import series

    from .pilot_helpers import screen_text

    for week, (own, case) in enumerate(((4, "3"), (5, "6"), (7, "5"))):
        meeting = store.create_meeting(
            db,
            kind=MeetingKind.SUPERVISION,
            title=f"Case {week}",
            held_on=FIXED_DAY + timedelta(days=7 * week),
        )
        for name, role in TEAM:
            store.add_participant(db, meeting.id, name=name, role=role, group=Group.PROFESSIONAL)
        people = store.load(db, meeting.id).participants
        for question, number in (
            (" how well are we using  Signs of Safety?", str(own)),  # as typed each time
            (f"How safe is the child in case {week}?", case),
        ):
            scale = store.save_scale(
                db, meeting.id, question=question, pair_id=None, ten_means="T", zero_means="Z"
            )
            round_id = store.start_round(db, scale.id).id
            for person in people:
                store.record_score(db, round_id, person.id, typed=number, reason="because")
    found = series(store.team_trend_points(db))
    assert len(found) == 1
    assert [row.held_on for row in found[0].rows] == [
        FIXED_DAY + timedelta(days=7 * week) for week in range(3)
    ]
    assert [row.median for row in found[0].rows] == [4, 5, 7]
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await burst(pilot, "ctrl+t")
        await settled(pilot)
        shown = screen_text(pilot)
    assert "The team's own scales" in shown and "Signs of Safety" in shown
    assert "How safe is the child" not in shown
