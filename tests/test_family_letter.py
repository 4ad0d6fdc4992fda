"""The letter to the family: read passage by passage before it is written, then written in
plain words, with everyone named the same way and nothing left out that should not be."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import RadioButton, RadioSet, Select, TextArea

from screens.app import SosMeetingApp
from screens.export_dialog import ExportDialog, export_folder
from screens.letter_review import LetterReview, PassageChoice
from sos_meeting import store
from sos_meeting.cli import main
from sos_meeting.database import Database
from sos_meeting.domain import Category, Column, Group, MeetingKind
from sos_meeting.exports.family_letter import (
    Choice,
    Decided,
    letter,
    letter_names,
    passages,
    reported_words,
)

from .conftest import FIXED_DAY
from .pilot_helpers import burst, settled, until

PEOPLE = (
    ("Sam Smith", "Mum", Group.FAMILY),
    ("Dan Smith", "Dad", Group.FAMILY),
    ("Jo Price", "Social worker", Group.PROFESSIONAL),
    ("Kim Lee", "Class teacher", Group.PROFESSIONAL),
)
LEAVE_OUT = ("Kim Lee said Ava told her she was scared at night.", "Dan Smith was seen drunk.")
STATISTICS = ("median", "quartile", "attention", "dissent", "elements", "Median")


def named_meeting(db: Database) -> int:
    meeting = store.create_meeting(
        db,
        kind=MeetingKind.CONFERENCE,
        title="Family S",
        held_on=FIXED_DAY,
        facilitator="Alex Morgan",
        children="Ava",
    )
    for name, role, group in PEOPLE:
        store.add_participant(db, meeting.id, name=name, role=role, group=group)
    store.add_item(db, meeting.id, Column.WORRIES, LEAVE_OUT[0], Category.HARM)
    store.add_item(db, meeting.id, Column.WORRIES, LEAVE_OUT[1], Category.COMPLICATING)
    store.add_item(db, meeting.id, Column.WORKING_WELL, "Sam Smith walks Ava to school.")
    step = store.add_item(
        db, meeting.id, Column.NEEDS, "Jo Price to visit Sam weekly.", Category.NEXT_STEP
    )
    store.set_next_step(db, step.id, owner="Jo Price", due=None)
    pair = store.save_pair(
        db,
        meeting.id,
        "Jo Price and Kim Lee are worried that Dan Smith drinks and Ava could be hurt.",
        "Everyone will see Dan Smith sober when he looks after Ava.",
    )
    scale = store.save_scale(
        db,
        meeting.id,
        question="How safe is Ava at home?",
        pair_id=pair.id,
        ten_means="Safe",
        zero_means="Hurt",
    )
    round_id = store.start_round(db, scale.id).id
    for person, (typed, why) in zip(
        store.load(db, meeting.id).participants,
        [
            ("6", "Dan Smith has stopped."),
            ("7", "I am trying."),
            ("3", "Kim Lee saw bruises."),
            ("4", "Ava is tired at school."),
        ],
        strict=True,
    ):
        store.record_score(db, round_id, person.id, typed=typed, reason=why)
    return meeting.id


def test_everyone_is_named_the_same_way_and_childs_words_are_found(db: Database) -> None:
    record = store.load(db, named_meeting(db))
    names = letter_names(record)
    assert sorted(names.values()) == ["Dan", "Sam", "the class teacher", "the social worker"]
    found = {p.key: p for p in passages(record, names)}
    texts = " ".join(p.text for p in found.values())
    assert "Jo Price" not in texts and "Kim Lee" not in texts and "Jo " not in texts
    statement = next(p for p in found.values() if p.key.endswith(":statement"))
    assert statement.text.startswith("the social worker and the class teacher are worried")
    assert "the social worker" in statement.names
    told = next(p for p in found.values() if "scared" in p.text)
    assert told.reported == ("the class teacher said Ava told her she was scared at night.",)
    assert reported_words("Ava is tired.", ["Ava"]) == ()
    assert reported_words('Ava said "I like Gran".', ["Ava"]) == ('Ava said "I like Gran".',)


def test_the_letter_needs_every_passage_read_first(db: Database) -> None:
    record = store.load(db, named_meeting(db))
    with pytest.raises(ValueError, match="not been reviewed"):
        letter(record, {})


def chosen(widget: PassageChoice) -> Callable[[], bool]:
    return lambda: widget.choice() is not None


async def test_the_review_then_the_letter_in_word(db: Database, db_path: Path) -> None:
    from docx import Document

    meeting_id = named_meeting(db)
    assert main(["--db", str(db_path), "export", str(meeting_id), "--format", "letter"]) == 2
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(110, 40)) as pilot:
        await settled(pilot)
        await burst(pilot, "ctrl+e")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        app.screen.query_one("#export-format", Select).value = "letter-docx"
        await burst(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, LetterReview), "the review")
        review = app.screen
        assert isinstance(review, LetterReview)
        await settled(pilot)
        choices = list(review.query(PassageChoice).results(PassageChoice))
        assert len(choices) == len(passages(review.record, review.names))
        # Nothing is recorded until every passage has a choice.
        await burst(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: "has no choice yet" in str(review.query_one("#letter-problem").render()),
            "the word that a passage has no choice",
        )
        reworded = ""
        for widget in choices:
            buttons = list(widget.query(RadioButton).results(RadioButton))
            if widget.passage.text.startswith(("the class teacher said", "Dan was seen")):
                buttons[2].value = True  # leave out
            elif "walks Ava" in widget.passage.text:
                buttons[1].value = True  # reword
                await settled(pilot)
                widget.query_one(TextArea).text = reworded = "Sam takes Ava to school every day."
            else:
                widget.query_one(RadioSet).focus()
                await burst(pilot, "enter")  # the first (Keep), as a keyboard user chooses it
                await until(pilot, chosen(widget), "the choice")
        await burst(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ExportDialog), "back to the dialog")
        await until(
            pilot,
            lambda: "Written" in str(app.screen.query_one("#export-result").render()),
            "the letter written",
        )
    (written,) = export_folder(app).glob("*letter-to-the-family.docx")
    assert (written.stat().st_mode & 0o777) == 0o600
    document = Document(str(written))
    text = "\n".join(p.text for p in document.paragraphs)
    for passage in LEAVE_OUT:
        assert passage not in text
    assert "scared" not in text and "drunk" not in text
    assert reworded in text and "walks Ava" not in text
    for full in ("Jo Price", "Kim Lee", "Sam Smith", "Dan Smith", "Alex Morgan"):
        assert full not in text
    for word in STATISTICS:
        assert word not in text
    assert "Dear Sam and Dan," in text
    assert "The social worker to visit Sam weekly. (who: The social worker)" in text
    moment = re.search(r"Written on (.+) at (\d\d:\d\d)\.", text)
    assert moment is not None
    local = datetime.now().astimezone()
    assert moment.group(1) == f"{local:%-d %B %Y}"
    # The choices are recorded with the meeting, and the command line writes the same letter.
    decided, names = store.letter_review(db, meeting_id)
    assert sum(d.choice is Choice.LEAVE_OUT for d in decided.values()) == 2
    assert any(d.choice is Choice.REWORD and d.words == reworded for d in decided.values())
    assert sorted(names.values()) == ["Dan", "Sam", "the class teacher", "the social worker"]
    assert main(["--db", str(db_path), "export", str(meeting_id), "--format", "letter"]) == 0


def test_a_passage_changed_after_its_review_must_be_read_again(db: Database) -> None:
    meeting_id = named_meeting(db)
    record = store.load(db, meeting_id)
    names = letter_names(record)
    found = passages(record, names)
    store.record_letter_review(
        db, meeting_id, {p.key: Decided(Choice.KEEP, text=p.text) for p in found}, names
    )
    decided, chosen = store.letter_review(db, meeting_id)
    assert letter(record, decided, chosen)
    item = record.items[2]
    store.edit_item(db, item.id, "Sam Smith walks Ava to school and back.")
    changed = store.load(db, meeting_id)
    with pytest.raises(ValueError, match="1 passages"):
        letter(changed, decided, chosen)
