"""After a meeting is closed, nothing is rewritten without trace: each change keeps the words
before and after, who made it, when and why; a rename never re-attributes earlier scores."""

from __future__ import annotations

import json

import pytest

from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Column, Group
from sos_meeting.exports.render import render
from sos_meeting.text import InputError

from .conftest import name_children, seed_meeting


def closed_meeting(db: Database) -> tuple[int, int, int, int, int]:
    """A scored, closed meeting: its id, a worry, a pair, the first person and the round."""
    meeting_id = seed_meeting(db)
    worry = store.add_item(db, meeting_id, Column.WORRIES, "Dad shouts at night")
    pair = store.save_pair(db, meeting_id, "Workers are worried that Amy is hit", "Amy is safe")
    scale = store.save_scale(
        db,
        meeting_id,
        question="Where are we?",
        pair_id=pair.id,
        ten_means="safe",
        zero_means="not",
    )
    round_ = store.start_round(db, scale.id)
    person = store.load(db, meeting_id).participants[0]
    store.record_score(db, round_.id, person.id, typed="4", reason="Dad has moved out")
    missing = store.load(db, meeting_id).missing()
    store.close_meeting(db, meeting_id, missing=missing, note="test" if missing else "")
    return meeting_id, worry.id, pair.id, person.id, round_.id


def test_a_change_to_a_closed_meeting_without_a_reason_changes_nothing(db: Database) -> None:
    meeting_id, worry_id, _, _, _ = closed_meeting(db)
    before = store.load(db, meeting_id)
    with pytest.raises(InputError, match="needs a reason"):
        store.edit_item(db, worry_id, "Dad shouted once", None)
    with pytest.raises(InputError, match="needs a reason"):
        store.delete_item(db, worry_id)
    assert store.load(db, meeting_id) == before


def test_amendments_keep_the_words_before_and_after_who_and_why(db: Database) -> None:
    meeting_id, worry_id, pair_id, person_id, round_id = closed_meeting(db)
    person = store.load(db, meeting_id).participants[0]
    with store.amending("Typing mistakes noticed when the minute was checked"):
        store.edit_item(db, worry_id, "Dad shouts at night, Mum says", None)
        store.save_pair(
            db, meeting_id, "Workers are worried that Amy is hurt", "Amy is safe", pair_id
        )
        store.update_participant(
            db, person_id, name="Renamed Person", role=person.role, group=person.group
        )
        store.delete_item(db, worry_id)
    record = store.load(db, meeting_id)
    changes = record.amendments
    assert [c.what for c in changes] == [
        "a map item's words",
        "a statement and goal",
        "a person's details",
        "a map item deleted",
    ]
    assert all(c.reason == "Typing mistakes noticed when the minute was checked" for c in changes)
    assert all(c.recorded_by == store.computer_user() for c in changes)
    assert "words: Dad shouts at night" in changes[0].before
    assert "words: Dad shouts at night, Mum says" in changes[0].after
    assert "statement: Workers are worried that Amy is hit" in changes[1].before
    assert "statement: Workers are worried that Amy is hurt" in changes[1].after
    assert f"name: {person.name}" in changes[2].before
    assert "name: Renamed Person" in changes[2].after
    assert "Dad shouts at night, Mum says" in changes[3].before
    assert changes[3].after == "(removed)"

    # The score stays under the name given when it was said.
    score = record.scales[0].rounds[0].scores[0]
    assert score.name == person.name
    assert record.scored_as(score) == f"{person.name} (now Renamed Person)"
    data = json.loads(render(db, meeting_id, "json"))
    given = data["scales"][0]["rounds"][0]["scores"][0]
    assert (given["participant"], given["participant_now"]) == (person.name, "Renamed Person")
    assert len(data["completeness"]["amendments"]) == 4
    assert data["completeness"]["amendments"][0]["before"] == changes[0].before
    minute = render(db, meeting_id, "markdown")
    assert f"{person.name} (now Renamed Person)" in minute
    assert "Why: Typing mistakes noticed when the minute was checked" in minute
    assert "Before: column: worries; words: Dad shouts at night" in minute

    # A correction after closing keeps the entry it replaced, word for word.
    with store.amending("Her reason was cut short"):
        store.record_score(
            db, round_id, person_id, typed="4", reason="Dad has moved out and visits on Sundays"
        )
    last = store.load(db, meeting_id).amendments[-1]
    assert last.what == "an entry in round 1"
    assert (
        "who: Renamed Person" in last.after
        and "score: 4" in last.before
        and "why: Dad has moved out" in last.before
    )
    assert "why: Dad has moved out and visits on Sundays" in last.after


def test_details_saved_unchanged_are_not_an_amendment(db: Database) -> None:
    meeting_id, *_ = closed_meeting(db)
    family = store.load(db, meeting_id).family
    with store.amending("checking"):
        name_children(db, meeting_id, ", ".join(family.children) if family else "")
    assert store.load(db, meeting_id).amendments == ()


def test_a_rename_while_open_keeps_each_score_under_the_name_it_was_given(db: Database) -> None:
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db, meeting_id, question="Q", pair_id=None, ten_means="a", zero_means="b"
    )
    round_ = store.start_round(db, scale.id)
    person = store.load(db, meeting_id).participants[0]
    store.record_score(db, round_.id, person.id, typed="3", reason="first")
    store.update_participant(db, person.id, name="New Name", role="", group=Group.FAMILY)
    store.record_score(db, round_.id, person.id, typed="5", reason="second")
    history = store.score_history(db, round_.id, person.id)
    assert [s.name for s in history] == [person.name, "New Name"]


async def test_the_screen_asks_why_once_and_gives_back_what_was_typed_if_not(
    db: Database,
) -> None:
    from textual.widgets import Input

    from screens.amend_dialog import AmendDialog
    from screens.app import SosMeetingApp
    from sos_meeting.domain import Step

    from .pilot_helpers import burst, open_at, settled, shown, typed, until

    meeting_id, *_ = closed_meeting(db)
    store.set_place(db, meeting_id, Step.MAPPING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_at(pilot, Step.MAPPING)
        # Saying no: nothing is saved, and the words go back into the box.
        await burst(pilot, *typed("Gran [visits] daily\n"))
        await until(pilot, lambda: isinstance(app.screen, AmendDialog), "the question why")
        await burst(pilot, "escape")
        await until(pilot, lambda: not isinstance(app.screen, AmendDialog), "the dialog to go")
        await settled(pilot)
        assert app.screen.query_one("#map-input", Input).value == "Gran [visits] daily"
        assert "Nothing was changed" in shown(pilot, "#meeting-status")
        assert len(store.load(db, meeting_id).items) == 1
        # Saying why: the item is saved as an amendment, and the next is not asked again.
        await burst(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, AmendDialog), "the question why")
        # The reason and the next item typed back to back: each lands in its own box.
        await burst(pilot, *typed("Gran told us after the meeting\nGrandad drives them\n"))
        await settled(pilot)
        assert not isinstance(app.screen, AmendDialog)
        assert "an amendment" in shown(pilot, "#meeting-status")
    record = store.load(db, meeting_id)
    assert [i.text for i in record.items_in(Column.WORRIES)] == [
        "Dad shouts at night",
        "Gran [visits] daily",
        "Grandad drives them",
    ]
    assert [(a.what, a.reason) for a in record.amendments] == [
        ("a map item added", "Gran told us after the meeting"),
        ("a map item added", "Gran told us after the meeting"),
    ]
