"""Private rounds, re-scaling, agreeing to differ and per-child scores: storage, export, screen."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from textual.widgets import DataTable

from screens.app import SosMeetingApp
from screens.privacy import NextPersonScreen
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Group, RoundMode, Step
from sos_meeting.exports.json_record import to_json
from sos_meeting.text import InputError

from .conftest import seed_meeting
from .pilot_helpers import burst, screen_text, settled, shown, type_in, until

EIGHT = tuple(
    (name, role, group, "")
    for name, role, group in (
        ("Sam", "Mum", Group.FAMILY),
        ("Dan", "Dad", Group.FAMILY),
        ("Pat", "Gran", Group.NETWORK),
        ("Lee", "Uncle", Group.NETWORK),
        ("Jo", "Social worker", Group.PROFESSIONAL),
        ("Kim", "Class teacher", Group.PROFESSIONAL),
        ("Ola", "Health visitor", Group.PROFESSIONAL),
        ("Ray", "Police", Group.PROFESSIONAL),
    )
)
NUMBERS = ("7", "8.5", "6", "5", "3", "2", "4", "1.5")
REASONS = tuple(f"reason number {n} from {p[0]}" for n, p in zip(NUMBERS, EIGHT, strict=True))


def private_scale(db: Database, meeting_id: int, children: str = "") -> int:
    scale = store.save_scale(
        db,
        meeting_id,
        question="How safe?",
        pair_id=None,
        ten_means="Safe enough to close",
        zero_means="Will be hurt again",
        mode=RoundMode.PRIVATE,
        children=children,
    )
    store.start_round(db, scale.id)
    store.set_place(db, meeting_id, Step.SCALING, scale.id)
    return scale.id


TABLE_ROW = re.compile(r"^\s*(\d+)\s{2,}(.+?\))\s{2,}(\S+)")


def assert_no_number_shown(text: str) -> None:
    """Read the rendered screen as the room would: no score, reason or number anywhere."""
    assert "reason number" not in text
    for line in text.splitlines():
        row = TABLE_ROW.match(line)
        if row:
            assert row.group(3) in {"✓", "…"}, f"a score is shown: {line.strip()}"
        if line.strip().startswith(("Number", "Saved")):
            typed = line.replace("0 to 10, or 6.5, or pass", "")  # the box's own hint
            assert not re.search(r"\d", typed), f"a number is shown: {line.strip()}"


def test_private_round_is_hidden_in_the_export_until_revealed(db: Database) -> None:
    meeting_id = seed_meeting(db, EIGHT)
    scale_id = private_scale(db, meeting_id)
    round_id = store.load(db, meeting_id).scales[0].rounds[0].id
    people = store.load(db, meeting_id).participants
    for person, number, reason in zip(people, NUMBERS, REASONS, strict=True):
        store.record_score(db, round_id, person.id, typed=number, reason=reason)
    hidden = to_json(store.load(db, meeting_id), store.corrections(db, meeting_id))
    assert "reason number" not in hidden
    data = json.loads(hidden)["scales"][0]["rounds"][0]
    assert data["hidden"] is True and data["scores"] == [] and data["spread"] is None
    assert len(data["scored_participant_ids"]) == 8
    store.reveal(db, round_id)
    shown_round = json.loads(to_json(store.load(db, meeting_id)))["scales"][0]["rounds"][0]
    # Revealing does not close the round: closing is an act of its own.
    assert shown_round["revealed_at"] and shown_round["closed_at"] is None
    assert [s["value"] for s in shown_round["scores"]] == [float(n) for n in NUMBERS]
    store.close_round(db, round_id)
    with pytest.raises(InputError, match="closed"):
        store.record_score(db, round_id, people[0].id, typed="9", reason="changed my mind")
    store.reopen_round(db, round_id)
    store.record_score(db, round_id, people[0].id, typed="6", reason="on reflection")
    assert store.load(db, meeting_id).scale(scale_id) is not None


def test_rescaling_keeps_every_round_and_records_the_agreement_to_differ(db: Database) -> None:
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
    )
    first = store.start_round(db, scale.id)
    people = store.load(db, meeting_id).participants
    for person, number in zip(people, ("2", "8", "5", "3", "7"), strict=True):
        store.record_score(db, first.id, person.id, typed=number, reason="first")
    second = store.start_round(db, scale.id)
    for person, number in zip(people, ("4", "6", "5", "4", "6"), strict=True):
        store.record_score(db, second.id, person.id, typed=number, reason="after talking")
    store.agree_to_differ(db, second.id)
    rounds = json.loads(to_json(store.load(db, meeting_id)))["scales"][0]["rounds"]
    assert [r["number"] for r in rounds] == [1, 2]
    assert rounds[0]["closed_at"] is not None  # scoring again closed the first round
    moves = rounds[1]["movement"][""]
    assert moves["moves"][0]["in_words"] == "Sam moved from 2 to 4"
    assert moves["range_in_words"] == "Views came closer: the range narrowed from 6 to 2 points."
    assert rounds[1]["agreed_to_differ_at"] is not None
    assert [(d["participant"], d["value"]) for d in rounds[1]["views_when_agreeing_to_differ"]][
        :2
    ] == [
        ("Sam", 4.0),
        ("Dan", 6.0),
    ]


def test_scores_per_child(db: Database) -> None:
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db,
        meeting_id,
        question="q",
        pair_id=None,
        ten_means="a",
        zero_means="b",
        children="Amy, Ben, Amy",
    )
    assert scale.children == ("Amy", "Ben")
    round_id = store.start_round(db, scale.id).id
    sam = store.load(db, meeting_id).participants[0]
    with pytest.raises(InputError, match="which child"):
        store.record_score(db, round_id, sam.id, typed="5", reason="r")
    store.record_score(db, round_id, sam.id, typed="3", reason="Amy is scared", child="Amy")
    store.record_score(db, round_id, sam.id, typed="7", reason="Ben is fine", child="Ben")
    store.record_score(db, round_id, sam.id, typed="4", reason="Amy, on reflection", child="Amy")
    current = store.load(db, meeting_id).scales[0].rounds[0]
    assert current.score_for(sam.id, "Amy").value == 4  # type: ignore[union-attr]
    assert current.score_for(sam.id, "Ben").value == 7  # type: ignore[union-attr]
    data = json.loads(to_json(store.load(db, meeting_id), store.corrections(db, meeting_id)))
    round_data = data["scales"][0]["rounds"][0]
    assert set(round_data["by_child"]) == {"Amy", "Ben"}
    assert round_data["by_child"]["Amy"]["median"] == 4
    assert data["scales"][0]["children"] == ["Amy", "Ben"]
    amy = next(s for s in round_data["scores"] if s["child"] == "Amy")
    assert [e["value"] for e in amy["earlier_entries"]] == [3.0]


async def test_a_private_round_of_eight_shows_no_number_before_the_reveal(db: Database) -> None:
    meeting_id = seed_meeting(db, EIGHT)
    private_scale(db, meeting_id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        for (name, _, _, _), number, reason in zip(EIGHT, NUMBERS, REASONS, strict=True):
            assert f"Now: {name}" in shown(pilot, "#round-turn")
            await pilot.press(*number)  # typed key by key: the box is masked
            await settled(pilot)
            assert_no_number_shown(screen_text(pilot))
            await pilot.press("enter")
            await type_in(pilot, reason, "enter", "enter")
            # The cleared screen between people: only who is next.
            assert isinstance(app.screen, NextPersonScreen)
            cleared = screen_text(pilot)
            assert "Your answer is saved and hidden" in cleared
            assert not re.search(r"\d", cleared.split("Your answer")[1]), cleared
            await pilot.press("enter")
            await settled(pilot)
            assert_no_number_shown(screen_text(pilot))
        assert "Everyone here has scored" in shown(pilot, "#round-waiting")
        # Before the reveal the spread view shows nothing either.
        await pilot.press("f6")
        await settled(pilot)
        assert "hidden until they are revealed" in screen_text(pilot)
        assert_no_number_shown(screen_text(pilot))
        await pilot.press("f5")
        await settled(pilot)
        app.screen.query_one("#round-table", DataTable).focus()
        await pilot.press("ctrl+r")
        await settled(pilot)
        await settled(pilot)
        text = screen_text(pilot)
        assert "Scores run from 1.5 to 8.5" in shown(pilot, "#spread-words")
        assert "For the chair's attention" in text  # a conference has a chair
        # Score again after discussion: a new round, the first kept.
        await pilot.press("f5")
        await settled(pilot)
        app.screen.query_one("#round-table", DataTable).focus()
        await pilot.press("ctrl+g")
        await settled(pilot)
        assert "Round 2" in shown(pilot, "#round-state")
    scale = store.load(db, meeting_id).scales[0]
    assert [r.number for r in scale.rounds] == [1, 2]
    assert sorted(s.value or 0 for s in scale.rounds[0].scores) == sorted(float(n) for n in NUMBERS)
    assert scale.rounds[1].mode is RoundMode.PRIVATE and scale.rounds[1].scores == ()


async def test_reveal_typed_while_the_last_entry_saves_waits_for_it_and_asks_nothing(
    db: Database, db_path: Path
) -> None:
    """ctrl+r typed straight after the last person's entry, while the database is busy: the
    entry being saved counts as given (it is saved first), so nobody is named as missing."""
    import sqlite3

    from screens.dialogs import Confirm
    from screens.meeting import MeetingScreen

    meeting_id = seed_meeting(db, EIGHT[:2])
    scale_id = private_scale(db, meeting_id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await burst(pilot, "6", "enter", *"first", "enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, NextPersonScreen), "the cleared screen")
        await pilot.press("enter")
        await settled(pilot)
        holder = sqlite3.connect(db_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another program holds the database
        try:
            await burst(pilot, "4", "enter", *"second", "enter", "enter")
            await until(pilot, lambda: isinstance(app.screen, NextPersonScreen), "cleared")
            await burst(pilot, "enter", "ctrl+r")
            await until(
                pilot,
                lambda: (
                    app.keys_received >= app.keys_sent  # type: ignore[attr-defined]
                    and not app.holding_keys
                ),
                "every key handled",
            )
            assert not isinstance(app.screen, Confirm)
            screen = next(s for s in app.screen_stack if isinstance(s, MeetingScreen))
            assert screen.waiting  # still saving: the database is held
        finally:
            holder.rollback()
            holder.close()
        await settled(pilot)
    round_ = store.load(db, meeting_id).scale(scale_id).current_round  # type: ignore[union-attr]
    assert round_ is not None and round_.revealed_at is not None
    assert sorted(s.reason for s in round_.scores) == ["first", "second"]
