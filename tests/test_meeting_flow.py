"""A whole meeting driven from the keyboard, then a look at what was saved."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Input, TabbedContent

from screens.app import SosMeetingApp
from screens.meeting import MeetingScreen
from screens.problem import ProblemScreen
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Group, Step
from sos_meeting.exports.json_record import to_json

from .conftest import seed_meeting
from .pilot_helpers import screen_text, settled, shown, type_in

ROOM = [
    # name, role, agency, the key that chooses the group (none keeps the last one)
    ("Sam", "Mum", "", "f"),
    ("Dan", "Dad", "", ""),
    ("Pat", "Gran", "", "n"),
    ("Jo", "Social worker", "Council", "p"),
]


async def test_a_whole_meeting_from_the_home_screen(db: Database) -> None:
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        assert "No meetings yet" in shown(pilot, "#home-status")
        # Set up.
        await pilot.press("ctrl+n")
        await type_in(pilot, "Family A", "enter")
        await type_in(pilot, "CP-1234", "enter", "enter")
        await type_in(pilot, "Amy, Ben", "enter")  # the children
        await type_in(pilot, "Alex", "enter")
        assert isinstance(app.screen, MeetingScreen)
        meeting_id = app.screen.meeting_id
        assert isinstance(app.focused, Input) and app.focused.id == "person-name"

        # Who is here: name, role, agency, then the group.
        for name, role, agency, group_key in ROOM:
            await type_in(pilot, name, "enter")
            await type_in(pilot, role, "enter")
            await type_in(pilot, agency, "enter", *([group_key] if group_key else []), "enter")
        people = store.load(db, meeting_id).participants
        assert [(p.name, p.role) for p in people] == [(n, r) for n, r, _, _ in ROOM]
        assert [p.group for p in people] == [
            Group.FAMILY,
            Group.FAMILY,
            Group.NETWORK,
            Group.PROFESSIONAL,
        ]
        assert people[3].agency == "Council"

        # Mapping: a worry, then a strength in the next column.
        await pilot.press("f3")
        await settled(pilot)
        await pilot.press("ctrl+n")
        await type_in(pilot, "Dad hit Mum in June", "enter")
        await type_in(pilot, "Dad drinks most evenings", "enter", "escape")
        await pilot.press("right", "ctrl+n")
        await type_in(pilot, "Gran collects the children every day", "enter", "escape")
        await pilot.press("ctrl+k")  # its kind: strength
        await settled(pilot)

        # Statement and goal.
        await pilot.press("f4")
        await settled(pilot)
        await type_in(pilot, "Jo is worried that Dad hits Mum when he drinks.", "tab")
        await type_in(pilot, "Mum and Dad keep the children safe for 6 months.", "ctrl+s")
        # The statement coach still asks (the impact; what if nothing changes): one line on
        # why the words stay as written.
        await type_in(pilot, "The family's own words", "enter")
        pairs = store.load(db, meeting_id).pairs
        assert len(pairs) == 1 and pairs[0].goal.startswith("Mum and Dad")
        assert pairs[0].coach_reason == "The family's own words" and pairs[0].coach_asked

        # Scaling: 10 first, then 0, then round the room.
        await pilot.press("f5")
        await settled(pilot)
        await pilot.press("enter", "tab")
        await type_in(pilot, "Safe enough to close the case", "enter")
        await type_in(pilot, "The children will be hurt again", "enter")
        assert app.focused is not None and app.focused.id == "scale-mode"
        await type_in(pilot, "", "ctrl+s")
        assert "Now: Sam (Mum)" in shown(pilot, "#round-turn")
        await type_in(pilot, "3", "enter")
        await type_in(pilot, "Dad still drinks", "enter")
        await type_in(pilot, "Dad sees the alcohol service", "enter")
        await type_in(pilot, "6.5", "enter")
        await type_in(pilot, "I have stopped", "enter", "enter")
        await type_in(pilot, "pass", "enter", "enter")  # a pass; no reason given
        await type_in(pilot, "4", "enter")
        await type_in(pilot, "Working with us", "enter", "enter")
        assert "Everyone here has scored" in shown(pilot, "#round-waiting")

        # Correct Dan's entry from the list: the old one stays in the history.
        table = app.screen.query_one("#round-table", DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settled(pilot)
        assert "Correcting Dan (Dad)" in shown(pilot, "#round-turn")
        # The number is selected, so typing replaces it.
        await pilot.press("6", "enter", "enter", "enter")

        # How far apart.
        await pilot.press("f6")
        await settled(pilot)
        text = screen_text(pilot)
        # People first (who to hear), the figures under them.
        assert shown(pilot, "#spread-words") == (
            "Scores run from 3 to 6: the widest views are Sam's and Dan's. Hear from them first."
        )
        assert shown(pilot, "#spread-figures").startswith("Median 4 · middle half")
        assert "Sam (Mum) gave 3: the lowest score" in text
        assert "Dan (Dad) gave 6: the highest score" in text
        assert "What makes it a 3 and not a 0?" in text
        assert "Dad still drinks" in shown(pilot, "#spread-reasons")

    record = store.load(db, meeting_id)
    data = json.loads(to_json(record, store.corrections(db, meeting_id)))
    assert data["mapping"]["worries"][0]["text"] == "Dad hit Mum in June"
    assert data["mapping"]["working_well"][0]["category"] == "strength"
    scores = data["scales"][0]["rounds"][0]["scores"]
    assert [(s["participant"], s["value"], s["passed"]) for s in scores] == [
        ("Sam", 3.0, False),
        ("Dan", 6.0, False),
        ("Pat", None, True),
        ("Jo", 4.0, False),
    ]
    assert scores[0]["one_higher"] == "Dad sees the alcohol service"
    assert [e["value"] for e in scores[1]["earlier_entries"]] == [6.5]
    assert data["scales"][0]["ten_means"] == "Safe enough to close the case"
    assert data["missing"] == []
    assert data["family"]["children"] == ["Amy", "Ben"]


async def test_bad_scores_are_refused_beside_the_field(db: Database) -> None:
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
    )
    store.start_round(db, scale.id)
    store.set_place(db, meeting_id, Step.SCALING, scale.id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert app.focused is not None and app.focused.id == "score-value"
        for bad, words in (
            ("11", "above 10"),
            ("-1", "below 0"),
            ("seven", "not a number"),
            ("7.25", "between halves"),
            ("", "Please give a number"),
        ):
            field = app.screen.query_one("#score-value", Input)
            field.value = bad
            await pilot.press("enter")
            await settled(pilot)
            assert words in shown(pilot, "#round-error")
            assert app.focused is field
        field.value = "5"
        await pilot.press("enter", "enter")  # no reason given
        await settled(pilot)
        assert "Please say why" in shown(pilot, "#round-error")
        assert app.focused is not None and app.focused.id == "score-reason"
    current = store.load(db, meeting_id).scale(scale.id)
    assert current is not None and current.current_round is not None
    assert current.current_round.scores == ()


async def test_quit_half_way_and_resume_where_it_was(db: Database) -> None:
    meeting_id = seed_meeting(db)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("f5")
        await settled(pilot)
        await pilot.press("enter", "tab")
        await type_in(pilot, "Safe", "enter")
        await type_in(pilot, "Hurt", "enter", "ctrl+s")
        await type_in(pilot, "5", "enter")
        await type_in(pilot, "Some reason", "enter", "enter")
        await type_in(pilot, "7", "enter")
        await type_in(pilot, "Half typed, not saved yet")
        await pilot.press("ctrl+q")
    again = SosMeetingApp(database=db)
    async with again.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert again.screen.query_one("#steps", TabbedContent).active == Step.SCALING.value
        assert "Now: Dan (Dad)" in shown(pilot, "#round-turn")
        assert "10 means: Safe" in shown(pilot, "#round-ten")
        assert again.focused is not None and again.focused.id == "score-value"
    scale = store.load(db, meeting_id).scales[0]
    assert scale.current_round is not None
    assert [s.value for s in scale.current_round.scores] == [5.0]


async def test_control_characters_never_reach_the_screen(db: Database) -> None:
    meeting_id = seed_meeting(db, people=(("\x1b[31m[b]Jo[/b]\x07", "Mum", Group.FAMILY, ""),))
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        text = screen_text(pilot)
        assert "[31m[b]Jo[/b]" in text  # markup shown as typed, not applied
        assert "\x1b[31m" not in text
    assert store.load(db, meeting_id).participants[0].name == "[31m[b]Jo[/b]"


async def test_a_bad_database_gets_a_plain_message_in_the_app(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("my notes, not a database\n")
    before = bad.read_bytes()
    app = SosMeetingApp(str(bad))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await settled(pilot)
        assert isinstance(app.screen, ProblemScreen)
        # Read from the widgets: on screen a long folder name wraps the words anywhere.
        assert "cannot be opened" in shown(pilot, "#problem-title")
        assert "not a sos-meeting database" in shown(pilot, "#problem-message")
        await pilot.press("q")
    assert bad.read_bytes() == before


async def test_long_unicode_reason_is_shown_whole_and_wrapped(db: Database) -> None:
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
    )
    round_id = store.start_round(db, scale.id).id
    sam = store.load(db, meeting_id).participants[0]
    reason = "سارا said 👩‍👧 " + "the children were fine at Gran's. " * 150 + "THE END"
    assert len(reason) > 5000
    store.record_score(db, round_id, sam.id, typed="5", reason=reason)
    store.set_place(db, meeting_id, Step.SPREAD, scale.id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        body = app.screen.query_one("#spread-body")
        body.scroll_end(animate=False)
        await settled(pilot)
        text = screen_text(pilot)
        assert "THE END" in text
    assert store.load(db, meeting_id).scales[0].rounds[0].scores[0].reason == reason


async def test_history_of_corrections_on_request(db: Database) -> None:
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
    )
    round_id = store.start_round(db, scale.id).id
    sam = store.load(db, meeting_id).participants[0]
    store.record_score(db, round_id, sam.id, typed="3", reason="first thoughts")
    store.record_score(db, round_id, sam.id, typed="4", reason="after hearing Gran")
    store.set_place(db, meeting_id, Step.SCALING, scale.id)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        app.screen.query_one("#round-table", DataTable).focus()
        await pilot.press("f9")
        await settled(pilot)
        text = screen_text(pilot)
        assert "first thoughts" in text and "corrected" in text
        assert "after hearing Gran" in text and "current" in text
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, MeetingScreen)
