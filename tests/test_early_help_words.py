"""An early help meeting speaks Signs of Wellbeing throughout: worry statements and wellbeing
goals, never danger, harm or a safety goal, on any screen or in any export."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from screens.app import SosMeetingApp
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Category, Column, Group, MeetingKind, Step, Wording
from sos_meeting.exports.render import render

from .pilot_helpers import burst, settled, typed, until

NOT_WELLBEING = re.compile(r"danger|harm|safety goal|signs of safety", re.IGNORECASE)


def early_help_meeting(db: Database) -> int:
    meeting = store.create_meeting(
        db,
        kind=MeetingKind.EARLY_HELP,
        title="Family E",
        held_on=date(2026, 11, 2),
        facilitator="Alex",
        children="Mia",
    )
    assert meeting.wording is Wording.WELLBEING  # early help's own words, unless chosen
    for name, role, group in (
        ("Sam", "Mum", Group.FAMILY),
        ("Mia", "Daughter", Group.CHILD),
        ("Jo", "Family support worker", Group.PROFESSIONAL),
    ):
        store.add_participant(db, meeting.id, name=name, role=role, group=group)
    for column, category, words in (
        (Column.WORRIES, Category.HARM, "Mia missed 12 days of school this term."),
        (Column.WORRIES, Category.COMPLICATING, "Mum works nights."),
        (Column.WORKING_WELL, Category.STRENGTH, "Mia loves her swimming club."),
        (Column.WORKING_WELL, Category.SAFETY, "Gran walks Mia to school twice a week."),
        (Column.NEEDS, Category.NEXT_STEP, "Jo to meet the school with Mum."),
        (Column.GREY, Category.GREY_AREA, "Why Mia feels unwell on Mondays."),
    ):
        store.add_item(db, meeting.id, column, words, category)
    pair = store.save_pair(
        db,
        meeting.id,
        "Jo and the school are worried that Mum does not wake Mia in the morning and she "
        "misses school most weeks. If this continues she will fall behind and feel alone.",
        "Everyone will see Mia at school every day for the rest of the term.",
    )
    scale = store.save_scale(
        db,
        meeting.id,
        question="Where are we today, on a scale from 0 to 10?",
        pair_id=pair.id,
        ten_means="Mia is at school every day and happy there",
        zero_means="Mia stops going to school",
    )
    round_id = store.start_round(db, scale.id).id
    for person, number in zip(
        store.load(db, meeting.id).participants, ("4", "6", "3"), strict=True
    ):
        store.record_score(db, round_id, person.id, typed=number, reason=f"Because {number}")
    store.set_place(db, meeting.id, Step.PEOPLE, scale.id)
    return meeting.id


def screen_words(app: SosMeetingApp) -> str:
    """Every word on the screen as drawn (the screenshot's text)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def wrong_words(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if NOT_WELLBEING.search(line)]


async def test_every_screen_of_an_early_help_meeting_speaks_of_wellbeing(db: Database) -> None:
    early_help_meeting(db)
    app = SosMeetingApp(database=db)
    seen: dict[str, list[str]] = {}

    async def look(pilot: Pilot[Any], where: str, *keys: str) -> None:
        if keys:
            await burst(pilot, *keys)
        await settled(pilot)
        seen[where] = wrong_words(screen_words(app))

    async with app.run_test(size=(120, 40)) as pilot:
        await look(pilot, "meetings list")
        await look(pilot, "trend", "ctrl+t")
        await look(pilot, "meetings list again", "escape")
        await look(pilot, "export dialog", "ctrl+e")
        await look(pilot, "meetings list again", "escape")
        await burst(pilot, "enter")
        await until(pilot, lambda: app.screen.__class__.__name__ == "MeetingScreen", "meeting")
        for key, where in (
            ("f2", "people"),
            ("f3", "mapping"),
            ("f4", "statements"),
            ("f5", "scaling round"),
            ("f6", "how far apart"),
            ("f1", "help"),
        ):
            await look(pilot, where, key)
        await look(pilot, "details", "escape", "f7")
        await look(pilot, "close", "escape", "f10")
        await look(pilot, "new scale", "escape", "f5", "ctrl+n")
        await look(pilot, "new pair", "escape", "f4", "ctrl+n", *typed("Jo is worried"))
    assert {where: lines for where, lines in seen.items() if lines} == {}
    assert len(seen) == 14  # every screen above was looked at


def test_every_export_of_an_early_help_meeting_speaks_of_wellbeing(db: Database) -> None:
    meeting_id = early_help_meeting(db)
    for family in (False, True):
        for fmt in ("markdown", "html", "csv"):
            assert wrong_words(render(db, meeting_id, fmt, family_version=family)) == []
        data = json.loads(render(db, meeting_id, "json", family_version=family))
        # A category is a code ("harm"), the same in every meeting, not wording.
        for column in data["mapping"].values():
            for item in column:
                item.pop("category")
        assert wrong_words(json.dumps(data, ensure_ascii=False, indent=1)) == []
    minute = render(db, meeting_id, "markdown")
    assert "Worry statements and wellbeing goals" in minute
    assert "**Past worry:** Mia missed 12 days" in minute


async def test_an_early_help_meeting_still_missing_its_elements_says_so_in_its_own_words(
    db: Database,
) -> None:
    meeting = store.create_meeting(
        db, kind=MeetingKind.EARLY_HELP, title="Family F", held_on=date(2026, 11, 3)
    )
    store.set_place(db, meeting.id, Step.STATEMENTS)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        await until(pilot, lambda: app.screen.__class__.__name__ == "MeetingScreen", "meeting")
        await settled(pilot)
        header = screen_words(app)
        assert "Still needed: a worry statement, a wellbeing goal paired with it" in header
        await burst(pilot, "f10")
        await settled(pilot)
        closing = screen_words(app)
        said = " ".join(str(box.render()) for box in app.screen.query(Static))
    assert "you will not be practising Signs of Wellbeing" in said
    assert wrong_words(header) == [] and wrong_words(closing) == []


def test_the_letter_word_file_and_phone_page_of_an_early_help_meeting_speak_of_wellbeing(
    db: Database,
) -> None:
    from docx import Document

    from screens.phones import question_for
    from sos_meeting.exports.family_letter import Choice, Decided, letter_names, passages
    from sos_meeting.exports.render import render_file
    from sos_meeting.phones.pages import answer_page

    meeting_id = early_help_meeting(db)
    record = store.load(db, meeting_id)
    names = letter_names(record)
    found = passages(record, names)
    store.record_letter_review(
        db, meeting_id, {p.key: Decided(Choice.KEEP, text=p.text) for p in found}, names
    )
    assert wrong_words(render(db, meeting_id, "letter")) == []
    for fmt in ("docx", "letter-docx"):
        data = render_file(db, meeting_id, fmt)
        document = Document(io.BytesIO(data))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert wrong_words(text) == [], fmt
    for scale in record.scales:
        page = answer_page("/a/x", "Sam (Mum)", question_for(record, scale), [])
        assert wrong_words(page) == []
