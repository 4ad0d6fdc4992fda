"""The scaling round tells the truth: reveals, movement, comparisons and wording a chair can
read out to the family (each test failed on the app before it was fixed)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from textual.containers import VerticalScroll
from textual.widgets import Button, DataTable, Select
from textual.widgets._select import SelectOverlay

from screens.app import SosMeetingApp
from screens.dialogs import Confirm
from screens.spread import SpreadStep
from sos_meeting import store
from sos_meeting.database import Database, open_database
from sos_meeting.differences import by_group, latest_marks, marks_for
from sos_meeting.domain import Group, MeetingKind, RoundMode, Scale, Step
from sos_meeting.exports.json_record import to_json
from sos_meeting.exports.minutes import minute
from sos_meeting.migrate import upgrade
from sos_meeting.text import InputError
from sos_meeting.trend import PARTIAL_NOTE, SYMBOLS, TrendRow, bar, chart, series

from .conftest import seed_meeting
from .pilot_helpers import burst, open_at, settled, shown, typed, until
from .test_families import REVIEW_DAY, first_meeting
from .test_private_rounds import EIGHT, private_scale

SIX = EIGHT[:6]


def overall_scale(db: Database, meeting_id: int) -> Scale:
    """An overall scale "How safe?" (10: safe, 0: hurt), open, with no round yet."""
    return store.save_scale(
        db, meeting_id, question="How safe?", pair_id=None, ten_means="Safe", zero_means="Hurt"
    )


def private(db: Database, meeting_id: int, scale: Scale) -> None:
    """Rounds of `scale` from now on are private."""
    store.save_scale(
        db,
        meeting_id,
        scale_id=scale.id,
        question=scale.question,
        pair_id=scale.pair_id,
        ten_means=scale.ten_means,
        zero_means=scale.zero_means,
        mode=RoundMode.PRIVATE,
    )


async def test_a_partial_private_round_names_who_is_missing_and_reveals_only_when_told(
    db: Database,
) -> None:
    meeting_id = seed_meeting(db, SIX)
    store.save_scale(
        db, meeting_id, question="Overall", pair_id=None, ten_means="Safe", zero_means="Hurt"
    )
    scale_id = private_scale(db, meeting_id)  # the second scale: the one being scored
    people = store.load(db, meeting_id).participants
    round_id = store.load(db, meeting_id).scale(scale_id).rounds[0].id  # type: ignore[union-attr]
    for person, number in zip(people[:3], ("4", "5", "6"), strict=True):
        store.record_score(db, round_id, person.id, typed=number, reason="because")
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        await settled(pilot)
        app.screen.query_one("#round-table", DataTable).focus()
        await burst(pilot, "ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        question = shown(pilot, "#confirm-question")
        assert (
            "Lee (Uncle), Jo (Social worker) and Kim (Class teacher) have not scored yet "
            "in round 1" in question
        )
        assert str(app.screen.query_one("#confirm-keep", Button).label) == "Wait"
        await burst(pilot, "enter")  # the focused answer is to wait
        await settled(pilot)
        assert store.load(db, meeting_id).scale(scale_id).rounds[0].revealed_at is None  # type: ignore[union-attr]
        assert "Waiting" in shown(pilot, "#scaling .step-error")
        app.screen.query_one("#round-table", DataTable).focus()
        await burst(pilot, "ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        await burst(pilot, "tab", "enter")  # "Reveal now"
        await settled(pilot)
        round_ = store.load(db, meeting_id).scale(scale_id).rounds[0]  # type: ignore[union-attr]
        assert round_.revealed_at is not None
        assert round_.closed_at is None  # revealing never closes the round
        # The spread view shows the scale just revealed, from the top.
        spread = app.screen.panels[Step.SPREAD]  # type: ignore[attr-defined]
        assert isinstance(spread, SpreadStep) and spread.scale_id == scale_id
        assert app.screen.query_one("#spread-body", VerticalScroll).scroll_y == 0
        assert "Scores run from 4 to 6" in shown(pilot, "#spread-words")
        # Closing is its own act: someone still to score is named first.
        await burst(pilot, "f5")
        await settled(pilot)
        app.screen.query_one("#round-table", DataTable).focus()
        await burst(pilot, "ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        assert "Close round 1 without them?" in shown(pilot, "#confirm-question")
        await burst(pilot, "tab", "enter")
        await settled(pilot)
    assert store.load(db, meeting_id).scale(scale_id).rounds[0].closed_at is not None  # type: ignore[union-attr]
    assert RoundMode.PRIVATE is store.load(db, meeting_id).scale(scale_id).rounds[0].mode  # type: ignore[union-attr]


def test_the_trend_takes_each_meetings_fullest_round_and_marks_a_partial_one(
    db: Database,
) -> None:
    first = first_meeting(db)  # one round: all five scored 4, 7, 5, 2, 3 (median 4)
    scale = store.load(db, first).scales[0]
    private(db, first, scale)
    again = store.start_round(db, scale.id)
    people = store.load(db, first).participants
    for person, number in zip(people[:2], ("6", "7"), strict=True):
        store.record_score(db, again.id, person.id, typed=number, reason="a partial round")
    store.reveal(db, again.id)
    review = store.start_review(db, first, held_on=REVIEW_DAY)
    record = store.load(db, review.id)
    only = store.start_round(db, record.scales[0].id).id
    for person, number in zip(record.participants[:3], ("6", "8", "6"), strict=True):
        store.record_score(db, only, person.id, typed=number, reason="better")
    store.reveal(db, only)  # the review carried the scale over as private
    assert record.family is not None
    [found] = series(store.trend_points(db, record.family.id))
    # The first meeting's figure is its full round, not the later partial one (median 6.5).
    assert [(r.median, r.low, r.high, r.partial) for r in found.rows] == [
        (4, 2, 7, False),
        (6, 6, 8, True),
    ]
    lines = chart(found, 80)
    assert lines[2].endswith("6 (6-8) *") and lines[-1] == PARTIAL_NOTE
    assert all(len(line) <= 80 for line in lines)


def test_two_groups_with_the_same_median_are_both_drawn_on_the_trend() -> None:
    row = TrendRow(1, REVIEW_DAY, 5, 2, 8, 4, {Group.FAMILY: 5, Group.PROFESSIONAL: 5})
    drawn = bar(row, 21, by_group=True)
    assert drawn.count(SYMBOLS[Group.FAMILY]) == 1
    assert drawn.count(SYMBOLS[Group.PROFESSIONAL]) == 1
    assert abs(drawn.index(SYMBOLS[Group.FAMILY]) - drawn.index(SYMBOLS[Group.PROFESSIONAL])) == 1


def test_last_meetings_score_is_each_persons_latest_entry_whichever_round(
    db: Database,
) -> None:
    meeting_id = seed_meeting(db, SIX[:3])
    scale = overall_scale(db, meeting_id)
    sam, dan, pat = store.load(db, meeting_id).participants
    everyone = store.start_round(db, scale.id).id
    for person, number in ((sam, "4"), (dan, "5"), (pat, "6")):
        store.record_score(db, everyone, person.id, typed=number, reason="first")
    some = store.start_round(db, scale.id).id
    store.record_score(db, some, sam.id, typed="7", reason="moved")
    store.record_score(db, some, dan.id, typed="pass", reason="")
    private(db, meeting_id, scale)
    unseen = store.start_round(db, scale.id).id  # never revealed
    store.record_score(db, unseen, pat.id, typed="1", reason="hidden")
    record = store.load(db, meeting_id)
    marks = {m.label: m.value for m in latest_marks(record, record.scales[0])}
    # Sam's latest is round 2; Dan's latest entry is a pass (no number); Pat's is round 1.
    assert marks == {"Sam": 7.0, "Pat": 6.0}


async def test_the_movement_line_never_says_someone_moved_to_pass(db: Database) -> None:
    meeting_id = seed_meeting(db, SIX)
    scale = overall_scale(db, meeting_id)
    people = store.load(db, meeting_id).participants
    first = store.start_round(db, scale.id).id
    for person, number in zip(people, ("4", "5", "6", "7", "3", "2"), strict=True):
        store.record_score(db, first, person.id, typed=number, reason="first")
    second = store.start_round(db, scale.id).id
    for person, number in zip(people[:4], ("5", "5", "pass", "8"), strict=True):
        store.record_score(db, second, person.id, typed=number, reason="second")
    store.set_place(db, meeting_id, Step.SPREAD, scale.id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        await settled(pilot)
        moves = shown(pilot, "#spread-moves")
    assert "pass" not in moves
    assert "Sam moved from 4 to 5; Dan stayed at 5; Lee moved from 7 to 8." in moves
    assert "No number this round from Pat, Jo and Kim." in moves


async def test_the_scale_form_goes_box_by_box_and_only_its_own_key_starts_the_round(
    db: Database,
) -> None:
    meeting_id = seed_meeting(db)
    store.set_place(db, meeting_id, Step.SCALING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.SCALING)
        # The question as offered, Enter; the link as offered, Enter; 10; 0; then Enter on
        # the way of scoring chooses it and moves on: typed back to back, no waits.
        await burst(
            pilot, "enter", "enter", *typed("Safe enough to close\n"), *typed("Hurt again\n")
        )
        await settled(pilot)
        assert app.focused is not None and app.focused.id == "scale-mode"
        await burst(pilot, "p", "enter", "enter", "enter")
        await settled(pilot)
        assert app.focused is not None and app.focused.id == "scale-start"
        assert store.load(db, meeting_id).scales == ()  # nothing saved or started yet
        await burst(pilot, "ctrl+s")
        await settled(pilot)
    [scale] = store.load(db, meeting_id).scales
    assert (scale.ten_means, scale.zero_means) == ("Safe enough to close", "Hurt again")
    assert scale.mode is RoundMode.PRIVATE and len(scale.rounds) == 1


async def test_agreeing_to_differ_is_asked_can_be_withdrawn_and_is_never_called_dissent(
    db: Database,
) -> None:
    meeting_id = seed_meeting(db, SIX)
    scale = overall_scale(db, meeting_id)
    round_id = store.start_round(db, scale.id).id
    for person, number in zip(store.load(db, meeting_id).participants, "246813", strict=True):
        store.record_score(db, round_id, person.id, typed=number, reason="my view")
    store.set_place(db, meeting_id, Step.SPREAD, scale.id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        await settled(pilot)
        await burst(pilot, "ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        await burst(pilot, "enter")  # the focused answer: not now
        await settled(pilot)
        assert store.load(db, meeting_id).scales[0].rounds[0].agreed_to_differ_at is None
        await burst(pilot, "ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        await burst(pilot, "tab", "enter")
        await settled(pilot)
        assert "each view is recorded" in shown(pilot, "#spread-differ")
        await burst(pilot, "ctrl+d")  # now it offers to withdraw
        await until(pilot, lambda: isinstance(app.screen, Confirm), "the question")
        assert "Withdraw" in shown(pilot, "#confirm-question")
        await burst(pilot, "tab", "enter")
        await settled(pilot)
    round_ = store.load(db, meeting_id).scales[0].rounds[0]
    assert round_.agreed_to_differ_at is not None and round_.differ_withdrawn_at is not None
    written = minute(store.load(db, meeting_id))
    assert "The room agreed to differ; each view is recorded." in written
    assert "withdrew that agreement" in written
    # A conference minutes dissent from its decision, in its own section, and only there.
    assert "dissent" not in written[: written.index("## The decision")].lower()
    with pytest.raises(InputError, match="withdrawn"):
        store.agree_to_differ(db, round_id)


async def test_a_child_or_young_person_is_a_group_of_their_own(db: Database) -> None:
    meeting_id = seed_meeting(db, SIX[:1])  # Sam, Mum (family)
    store.set_place(db, meeting_id, Step.PEOPLE)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.PEOPLE)
        await burst(pilot, "ctrl+n", *typed("Ava\nDaughter, 14\n\n"), "c", "enter")
        await settled(pilot)
    sam, ava = store.load(db, meeting_id).participants
    assert (ava.name, ava.group) == ("Ava", Group.CHILD)
    scale = overall_scale(db, meeting_id)
    round_id = store.start_round(db, scale.id).id
    store.record_score(db, round_id, sam.id, typed="4", reason="worried")
    store.record_score(db, round_id, ava.id, typed="6", reason="better at home")
    record = store.load(db, meeting_id)
    groups = by_group(marks_for(record, record.scales[0].rounds[0])[0])
    # Her 6 is not averaged with her mum's 4 into "Family: median 5".
    assert {g: f.median for g, f in groups.items()} == {Group.FAMILY: 4, Group.CHILD: 6}
    assert "Child or young person" in minute(record)


def test_an_upgraded_database_keeps_everyones_group(tmp_path: Path) -> None:
    path = tmp_path / "at-0006.db"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, "0006")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO meeting (id, kind, title, case_ref, held_on, facilitator, step, "
            "wording, created_at, updated_at) VALUES (1, 'conference', 'Family A', '', "
            "'2026-09-01', '', 'people', 'safety', '2026-09-01 10:00', '2026-09-01 10:00')"
        )
        for seat, group in enumerate(("family", "network", "professional"), start=1):
            raw.execute(
                'INSERT INTO participant (meeting_id, name, role, agency, "group", seat, '
                "attendance, created_at) VALUES (1, ?, '', '', ?, ?, 'present', "
                "'2026-09-01 10:00')",
                (f"P{seat}", group, seat),
            )
    database = open_database(str(path))
    try:
        groups = [p.group for p in store.load(database, 1).participants]
    finally:
        database.close()
    assert groups == [Group.FAMILY, Group.NETWORK, Group.PROFESSIONAL]


def test_only_a_meeting_with_a_chair_speaks_of_the_chairs_attention(db: Database) -> None:
    for kind, lead in (
        (MeetingKind.CONFERENCE, "chair"),
        (MeetingKind.MULTI_AGENCY, "facilitator"),
    ):
        meeting = store.create_meeting(db, kind=kind, title="Family B", held_on=REVIEW_DAY)
        sam = store.add_participant(db, meeting.id, name="Sam", role="Mum", group=Group.FAMILY)
        scale = overall_scale(db, meeting.id)
        round_id = store.start_round(db, scale.id).id
        store.record_score(db, round_id, sam.id, typed="1", reason="scared")
        written = minute(store.load(db, meeting.id))
        assert f"For the {lead}'s attention" in written
        other = "facilitator" if lead == "chair" else "chair"
        assert f"{other}'s attention" not in written


async def test_a_pass_can_carry_a_reason(db: Database) -> None:
    meeting_id = seed_meeting(db, SIX[:2])
    scale = overall_scale(db, meeting_id)
    store.start_round(db, scale.id)
    store.set_place(db, meeting_id, Step.SCALING, scale.id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.SCALING)
        await burst(pilot, *typed("pass\nNot ready to say\n6\nBetter\n\n"))
        await settled(pilot)
    sam, dan = store.load(db, meeting_id).scales[0].rounds[0].scores
    assert (sam.value, sam.reason, sam.one_higher) == (None, "Not ready to say", "")
    assert (dan.value, dan.reason) == (6.0, "Better")


async def test_the_round_and_the_spread_show_the_statement_being_scaled_as_it_reads_now(
    db: Database,
) -> None:
    meeting_id = seed_meeting(db, SIX[:2])
    pair = store.save_pair(db, meeting_id, "Jo is worried Dad hits Mum.", "Mum is safe at home.")
    scale = store.save_scale(
        db, meeting_id, question="How safe?", pair_id=pair.id, ten_means="Safe", zero_means="Hurt"
    )
    store.start_round(db, scale.id)
    store.save_pair(db, meeting_id, "Jo is worried Dad shouts at Ava.", "Ava feels safe.", pair.id)
    store.set_place(db, meeting_id, Step.SCALING, scale.id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.SCALING)
        about = shown(pilot, "#round-about")
        assert "Danger statement 1: Jo is worried Dad shouts at Ava." in about
        assert "Safety goal: Ava feels safe." in about
        await burst(pilot, "f6")
        await settled(pilot)
        assert "Jo is worried Dad shouts at Ava." in shown(pilot, "#spread-about")
    record = store.load(db, meeting_id)
    assert "About danger statement 1:** Jo is worried Dad shouts at Ava." in minute(record)
    data = json.loads(to_json(record))
    assert data["scales"][0]["pair"] == {
        "number": 1,
        "statement": "Jo is worried Dad shouts at Ava.",
        "goal": "Ava feels safe.",
    }


def picker_options(picker: Select[int]) -> list[str]:
    overlay = picker.query_one(SelectOverlay)
    prompts = [str(overlay.get_option_at_index(i).prompt) for i in range(overlay.option_count)]
    return [prompt for prompt in prompts if prompt != "No scales yet"]


async def test_the_spread_picker_follows_the_scales_and_keeps_the_one_looked_at(
    db_path: Path,
) -> None:
    """The picker is filled again only when the scales change (it was filled, and restyled,
    each time the view was shown), and it stays on the scale being looked at."""
    db = open_database(str(db_path))
    meeting_id = seed_meeting(db, SIX[:2])
    first = overall_scale(db, meeting_id)
    store.start_round(db, first.id)
    store.set_place(db, meeting_id, Step.SPREAD, first.id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.SPREAD)
        picker = app.screen.query_one("#spread-choice", Select)
        assert picker_options(picker) == ["Scale 1 (overall): How safe?"]
        assert picker.value == first.id
        other = open_database(str(db_path))  # another laptop adds a scale
        try:
            store.save_scale(
                other,
                meeting_id,
                question="Ben at school?",
                pair_id=None,
                ten_means="Every day",
                zero_means="Never",
            )
        finally:
            other.close()
        await until(pilot, lambda: len(picker_options(picker)) == 2, "the new scale listed")
        assert picker_options(picker)[1] == "Scale 2 (overall): Ben at school?"
        assert picker.value == first.id
        await burst(pilot, "f5", "f6")
        await settled(pilot)
        assert picker.value == first.id
        assert len(picker_options(picker)) == 2
    db.close()


@pytest.mark.parametrize("width", [40, 60, 76, 96, 140])
def test_the_key_guide_is_laid_out_for_the_width_it_has(width: int) -> None:
    from screens.help import LABEL_WIDTH, laid_out

    lines = laid_out(width).splitlines()
    assert all(len(line) <= width for line in lines)
    if width >= LABEL_WIDTH + 30:  # beside: nothing spills into the first column
        steps = [line for line in lines[lines.index("") + 1 :] if line[:1] != " "]
        assert [line[:LABEL_WIDTH].strip() for line in steps][:3] == [
            "Meetings list",
            "Any step",
            "People",
        ]


def test_the_readme_shows_the_guide_the_app_shows() -> None:
    from screens.help import laid_out

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert laid_out(90).replace("\u00a0", " ") in readme
