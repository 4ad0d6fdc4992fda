"""Storage: every entry is committed, corrections keep history, scores cannot be changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from sos_meeting import store
from sos_meeting.database import Database, DatabaseProblem, open_database
from sos_meeting.domain import Attendance, Category, Column, Group, Step
from sos_meeting.text import InputError

from .conftest import record, seed_meeting


def defined_scale(db: Database, meeting_id: int) -> tuple[int, int]:
    scale = store.save_scale(
        db, meeting_id, question="How safe?", pair_id=None, ten_means="safe", zero_means="harm"
    )
    return scale.id, store.start_round(db, scale.id).id


def test_entries_are_on_disk_when_the_call_returns(
    db: Database, db_path: Path, meeting_id: int
) -> None:
    store.add_item(db, meeting_id, Column.WORRIES, "Dad drinks most evenings", Category.HARM)
    # A separate connection, as after a crash, sees it at once.
    with sqlite3.connect(db_path) as other:
        rows = other.execute("SELECT text, category FROM map_item").fetchall()
    assert rows == [("Dad drinks most evenings", "harm")]


def test_sqlite_is_configured_for_durability(db: Database) -> None:
    with db.read() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (connection.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) > 0


def test_seating_order_and_attendance(db: Database, meeting_id: int) -> None:
    people = record(db, meeting_id).participants
    assert [p.name for p in people] == ["Sam", "Dan", "Pat", "Jo", "Kim"]
    store.move_participant(db, people[4].id, -4)
    store.set_attendance(db, people[1].id, Attendance.LEFT)
    after = record(db, meeting_id)
    assert [p.name for p in after.participants] == ["Kim", "Sam", "Dan", "Pat", "Jo"]
    assert [p.name for p in after.present] == ["Kim", "Sam", "Pat", "Jo"]


def test_mapping_add_edit_move_delete_undo(db: Database, meeting_id: int) -> None:
    a = store.add_item(db, meeting_id, Column.WORRIES, "first")
    b = store.add_item(db, meeting_id, Column.WORRIES, "second", Category.COMPLICATING)
    store.move_item(db, b.id, -1)
    assert [i.text for i in record(db, meeting_id).items_in(Column.WORRIES)] == ["second", "first"]
    moved = store.move_item_to(db, b.id, Column.WORKING_WELL)
    assert moved.category is None  # "complicating factor" does not belong in working well
    store.edit_item(db, a.id, "first, reworded", Category.HARM)
    store.delete_item(db, a.id)
    gone = record(db, meeting_id)
    assert gone.items_in(Column.WORRIES) == ()
    assert [i.text for i in gone.deleted_items] == ["first, reworded"]
    store.restore_item(db, a.id)
    assert [i.text for i in record(db, meeting_id).items_in(Column.WORRIES)] == ["first, reworded"]


def test_category_must_fit_the_column(db: Database, meeting_id: int) -> None:
    with pytest.raises(InputError, match="does not belong"):
        store.add_item(db, meeting_id, Column.WORRIES, "x", Category.STRENGTH)


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_empty_items_names_and_statements_are_refused(
    db: Database, meeting_id: int, blank: str
) -> None:
    with pytest.raises(InputError):
        store.add_item(db, meeting_id, Column.WORRIES, blank)
    with pytest.raises(InputError):
        store.add_participant(db, meeting_id, name=blank, role="Mum", group=Group.FAMILY)
    with pytest.raises(InputError):
        store.save_pair(db, meeting_id, blank, "goal")
    assert record(db, meeting_id).items == ()


def test_long_unicode_and_control_text(db: Database, meeting_id: int) -> None:
    reason = ("Ölçü سارا 👩‍👧 " * 400)[:5000]
    scale_id, round_id = defined_scale(db, meeting_id)
    person = record(db, meeting_id).participants[0]
    store.record_score(db, round_id, person.id, typed="5", reason=reason + "\x1b[2J\x07")
    saved = record(db, meeting_id).scale(scale_id)
    assert saved is not None and saved.current_round is not None
    # The escape character is dropped, so what is left is harmless text.
    assert saved.current_round.scores[0].reason == reason + "[2J"
    added = store.add_participant(db, meeting_id, name="سارا", role="👩‍👧", group=Group.FAMILY)
    assert added.name == "سارا"


def test_round_needs_ten_then_zero(db: Database, meeting_id: int) -> None:
    scale = store.save_scale(db, meeting_id, question="How safe?", pair_id=None)
    with pytest.raises(InputError, match="10 means"):
        store.start_round(db, scale.id)
    with pytest.raises(InputError, match="10 means first"):
        store.save_scale(
            db, meeting_id, question="q", pair_id=None, zero_means="harm", scale_id=scale.id
        )
    store.save_scale(
        db, meeting_id, question="q", pair_id=None, ten_means="safe", scale_id=scale.id
    )
    with pytest.raises(InputError, match="0 means"):
        store.start_round(db, scale.id)


def test_scores_reasons_passes_and_corrections(db: Database, meeting_id: int) -> None:
    scale_id, round_id = defined_scale(db, meeting_id)
    sam, dan, *_ = record(db, meeting_id).participants
    with pytest.raises(InputError, match="say why"):
        store.record_score(db, round_id, sam.id, typed="4", reason="  ")
    for bad in ("11", "-1", "seven", "7.25", ""):
        with pytest.raises(InputError):
            store.record_score(db, round_id, sam.id, typed=bad, reason="because")
    first = store.record_score(db, round_id, sam.id, typed="4", reason="because", one_higher="x")
    store.record_score(db, round_id, dan.id, typed="pass", reason="")
    fixed = store.record_score(db, round_id, sam.id, typed="4.5", reason="on reflection")
    assert fixed.supersedes_id == first.id
    current = record(db, meeting_id).scale(scale_id)
    assert current is not None and current.current_round is not None
    by_person = {s.participant_id: s for s in current.current_round.scores}
    assert by_person[sam.id].value == 4.5
    assert by_person[dan.id].passed
    history = store.score_history(db, round_id, sam.id)
    assert [(s.value, s.reason) for s in history] == [(4.0, "because"), (4.5, "on reflection")]
    assert [s.value for s in store.corrections(db, meeting_id)[round_id]] == [4.0]


@pytest.mark.parametrize(
    "statement",
    ["UPDATE score SET value = 1", "UPDATE score SET reason = 'x'", "DELETE FROM score"],
)
def test_database_refuses_changing_recorded_scores(
    db: Database, meeting_id: int, statement: str
) -> None:
    _, round_id = defined_scale(db, meeting_id)
    sam = record(db, meeting_id).participants[0]
    store.record_score(db, round_id, sam.id, typed="4", reason="because")
    with pytest.raises(Exception, match="cannot be changed"), db.write() as session:
        session.execute(text(statement))
    assert store.score_history(db, round_id, sam.id)[0].value == 4.0


def test_someone_who_scored_cannot_be_removed(db: Database, meeting_id: int) -> None:
    _, round_id = defined_scale(db, meeting_id)
    sam, dan, *_ = record(db, meeting_id).participants
    store.record_score(db, round_id, sam.id, typed="4", reason="because")
    with pytest.raises(InputError, match="absent or as having left"):
        store.remove_participant(db, sam.id)
    store.remove_participant(db, dan.id)
    assert [p.name for p in record(db, meeting_id).participants][:2] == ["Sam", "Pat"]


def test_pair_with_a_scale_stays(db: Database, meeting_id: int) -> None:
    pair = store.save_pair(db, meeting_id, "statement", "")
    store.save_scale(db, meeting_id, question="q", pair_id=pair.id)
    with pytest.raises(InputError, match="has a scale"):
        store.delete_pair(db, pair.id)


def test_definitions_are_locked_once_scored(db: Database, meeting_id: int) -> None:
    scale_id, round_id = defined_scale(db, meeting_id)
    sam = record(db, meeting_id).participants[0]
    store.record_score(db, round_id, sam.id, typed="4", reason="because")
    with pytest.raises(InputError, match="already scored"):
        store.save_scale(
            db,
            meeting_id,
            question="q",
            pair_id=None,
            ten_means="new",
            zero_means="harm",
            scale_id=scale_id,
        )
    renamed = store.save_scale(
        db,
        meeting_id,
        question="Renamed",
        pair_id=None,
        ten_means="safe",
        zero_means="harm",
        scale_id=scale_id,
    )
    assert renamed.question == "Renamed"


def test_list_meetings_newest_first_with_search(db: Database) -> None:
    from datetime import date

    from sos_meeting.domain import MeetingKind

    for n, day in enumerate((3, 1, 2)):
        store.create_meeting(
            db,
            kind=MeetingKind.SUPERVISION,
            title=f"Family {n}",
            held_on=date(2026, 1, day),
            case_ref=f"REF-{n}",
        )
    assert [m.title for m in store.list_meetings(db)] == ["Family 0", "Family 2", "Family 1"]
    assert [m.title for m in store.list_meetings(db, search="ref-2")] == ["Family 2"]
    assert [m.title for m in store.list_meetings(db, limit=1, offset=1)] == ["Family 2"]
    assert store.list_meetings(db, search="%") == []
    assert store.list_meetings(db, search="_") == []


def test_place_is_remembered(db: Database, meeting_id: int) -> None:
    scale_id, _ = defined_scale(db, meeting_id)
    store.set_place(db, meeting_id, Step.SCALING, scale_id)
    meeting = record(db, meeting_id).meeting
    assert (meeting.step, meeting.scale_id) == (Step.SCALING, scale_id)


def test_missing_elements(db: Database, meeting_id: int) -> None:
    decision = [
        "the decision for each child (name them in Details)",
        "the chair's decision and reasoning",
    ]
    assert record(db, meeting_id).missing() == [
        "a danger statement",
        "a safety goal paired with it",
        "a scaling round with reasons",
        *decision,  # the seeded meeting is a conference
    ]
    pair = store.save_pair(db, meeting_id, "statement", "goal", coach_reason="As agreed")
    scale = store.save_scale(
        db, meeting_id, question="q", pair_id=pair.id, ten_means="a", zero_means="b"
    )
    round_id = store.start_round(db, scale.id).id
    store.record_score(
        db, round_id, record(db, meeting_id).participants[0].id, typed="3", reason="r"
    )
    assert record(db, meeting_id).missing() == decision


def test_insert_or_replace_cannot_rewrite_a_recorded_score(db: Database, db_path: Path) -> None:
    """REPLACE deletes the old row without firing the DELETE guard (issue 10, finding 8)."""
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
    )
    round_id = store.start_round(db, scale.id).id
    sam = store.load(db, meeting_id).participants[0]
    store.record_score(db, round_id, sam.id, typed="4", reason="because")
    replace = (
        "INSERT OR REPLACE INTO score (id, round_id, participant_id, value, reason, "
        "one_higher, recorded_at, child, recorded_by) "
        "SELECT id, round_id, participant_id, 9, 'rewritten', one_higher, recorded_at, child, "
        "recorded_by FROM score"
    )
    with sqlite3.connect(db_path) as raw, pytest.raises(sqlite3.IntegrityError):
        raw.execute(replace)
    with pytest.raises(Exception, match="cannot be changed"), db.write() as session:
        session.execute(text(replace))
    [score] = store.score_history(db, round_id, sam.id)
    assert (score.value, score.reason) == (4.0, "because")


def test_a_database_whose_score_guard_was_dropped_is_refused(db_path: Path) -> None:
    open_database(str(db_path)).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("DROP TRIGGER score_no_DELETE")
    with pytest.raises(DatabaseProblem, match="protection that stops recorded scores"):
        open_database(str(db_path))
