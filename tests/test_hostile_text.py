"""Text that looks like markup is shown as typed, everywhere, and never ends the app.

A worry with `[/b]` in it, a person called `Sam [/i] Jones`, a statement with `[link=…]`:
each screen that echoes recorded text must show it literally (not apply it, not drop it,
not fail on it)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from screens.app import SosMeetingApp
from screens.mapping import MappingStep
from sos_meeting import store
from sos_meeting.database import Database, open_database
from sos_meeting.domain import Category, Column, Group, MeetingKind, Step

from .conftest import FIXED_DAY
from .pilot_helpers import burst, open_at, screen_text, settled

PIECES = [
    "[", "]", "[/b]", "[/i]", "[b]", "[link=https://example.org]", "[/link]", "[redacted]",
    "[sic]", "[@click=app.quit]", "[/]", "[$x]", "Jo", " ", "é", "£5",
]  # fmt: skip
hostile = (
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda text: text.strip() != "")
    .map(lambda text: text.strip())
)


def hostile_meeting(db: Database, text: str) -> int:
    """A meeting with `text` in every field a facilitator types, and a scored round."""
    meeting = store.create_meeting(
        db,
        kind=MeetingKind.CONFERENCE,
        title=f"T {text}",
        held_on=FIXED_DAY,
        case_ref=f"C {text}",
        facilitator=f"F {text}",
        children=f"Amy {text}",
    )
    people = [
        store.add_participant(
            db, meeting.id, name=f"P{n} {text}", role=f"R {text}", group=group, agency=f"A {text}"
        )
        for n, group in enumerate((Group.FAMILY, Group.PROFESSIONAL))
    ]
    for column in Column:
        store.add_item(db, meeting.id, column, f"I {text}")
    store.add_item(db, meeting.id, Column.NEEDS, "N", Category.NEXT_STEP, owner=f"O {text}")
    pair = store.save_pair(db, meeting.id, f"S {text}", f"G {text}")
    scale = store.save_scale(
        db,
        meeting.id,
        question=f"Q {text}",
        pair_id=pair.id,
        ten_means=f"Ten {text}",
        zero_means=f"Zero {text}",
        threshold=2,
        children="",
    )
    round_ = store.start_round(db, scale.id)
    for person in people:
        store.record_score(db, round_.id, person.id, typed="5", reason=f"W {text}")
    store.record_score(db, round_.id, people[0].id, typed="6", reason=f"W2 {text}")
    store.set_place(db, meeting.id, Step.PEOPLE)
    return meeting.id


async def visit_everything(db: Database, text: str) -> None:
    """Every screen that shows the meeting's text, from the meetings list on."""
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settled(pilot)
        seen = [screen_text(pilot)]
        for keys in (
            ["enter"],  # the meeting, on its people
            ["f3"], ["f4"], ["f5"], ["f6"],  # map, statements, scaling, spread
            ["f5", "f9"], ["escape"],  # a person's entries in the round (a correction)
            ["ctrl+l"], ["escape", "f5"],  # the scale's editor
            ["f10"], ["escape"],  # closing: the three elements
            ["f7"], ["escape"],  # details
            ["f1"], ["escape"],  # help
            ["escape"],  # back to the meetings list
            ["ctrl+t"], ["escape"],  # the family's trend
            ["ctrl+e"], ["escape"],  # export
        ):  # fmt: skip
            await burst(pilot, *keys)
            await settled(pilot)
            seen.append(screen_text(pilot))
            assert app.is_running, f"the app ended on {keys}"
        shown = "\n".join(seen)
    assert app._exception is None
    # Read across wrapped lines: box edges and line ends are not part of the text.
    flat = " ".join(re.sub("[\u2500-\u259f]", " ", shown).split())  # box and block drawing
    for label in ("T", "C", "P0", "R", "A", "I", "O", "S", "G", "Q", "Ten", "Zero", "W", "W2"):
        expected = " ".join(f"{label} {text}".split())[:12]
        assert expected in flat, f"“{label} {text}” is not shown as typed"


@settings(
    max_examples=5,
    derandomize=True,  # the same examples on every run: CI must not find new ones by chance
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=hostile)
@example(text="Jo[[redacted][/i][/i][link=https://example.org]")  # wrapped beside a box edge
async def test_markup_like_text_is_shown_as_typed_on_every_screen(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(str(Path(folder) / "meetings.db"))
        try:
            hostile_meeting(db, text)
            await visit_everything(db, text)
        finally:
            db.close()


async def test_the_reported_strings_are_shown_as_typed(db: Database) -> None:
    """The strings found ending the app: `[/b]` in a worry, `Sam [/i] Jones` as a name."""
    typed = "Sam [/i] Jones [/b] [redacted] [sic]"
    hostile_meeting(db, typed)
    await visit_everything(db, typed)


async def test_a_message_quoting_what_was_typed_is_shown_as_typed(db: Database) -> None:
    """A refusal quotes the words it could not put back: they may look like markup."""
    meeting_id = hostile_meeting(db, "x")
    store.set_place(db, meeting_id, Step.MAPPING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, Step.MAPPING)
        step = app.screen.query_one(MappingStep)
        step.problem("Not saved: the disk is full. What you typed: “Sam [/i] Jones [sic]”")
        await settled(pilot)
        assert "What you typed: “Sam [/i] Jones [sic]”" in screen_text(pilot)
        assert app.is_running
