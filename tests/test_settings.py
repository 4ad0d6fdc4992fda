"""The facilitator's settings file, the command palette, themes and remapped keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from screens.app import SosMeetingApp
from screens.meeting_form import MeetingForm
from sos_meeting.cli import main
from sos_meeting.config import describe, load_settings, remember_theme
from sos_meeting.database import Database

from .conftest import seed_meeting
from .pilot_helpers import settled, until

GOOD = """# my settings
facilitator = "Alex Morgan"
organisation = "Anytown Council"
marking = "OFFICIAL-SENSITIVE"

[keymap]
new = "ctrl+b"
"""


def test_settings_are_read_and_a_missing_file_is_no_problem(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml").facilitator == ""
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    settings = load_settings(path)
    assert (settings.facilitator, settings.organisation, settings.marking) == (
        "Alex Morgan",
        "Anytown Council",
        "OFFICIAL-SENSITIVE",
    )
    assert dict(settings.keymap) == {"new": "ctrl+b"}
    assert settings.problem == ""


def test_a_broken_or_odd_file_is_named_and_the_rest_used(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('facilitator = "Alex\n')
    broken = load_settings(path)
    assert broken.facilitator == ""
    assert str(path) in broken.problem and "were not used" in broken.problem
    path.write_text('facilitator = 7\norganisation = "Anytown"\ncolour = "blue"\n')
    odd = load_settings(path)
    assert odd.organisation == "Anytown"
    assert "facilitator" in odd.problem and "colour" in odd.problem


def test_a_chosen_theme_is_kept_and_the_rest_of_the_file_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    remember_theme("nord", path)
    remember_theme("sos-high-contrast", path)
    text = path.read_text()
    assert text.count("theme =") == 1
    assert "# my settings" in text and '[keymap]\nnew = "ctrl+b"' in text
    assert load_settings(path).theme == "sos-high-contrast"
    assert (path.stat().st_mode & 0o777) == 0o600


def test_config_says_where_the_file_is_and_what_it_sets(
    own_settings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config"]) == 0
    said = capsys.readouterr().out
    assert str(own_settings) in said and "not created yet" in said
    own_settings.write_text(GOOD)
    assert main(["config"]) == 0
    said = capsys.readouterr().out
    assert "Alex Morgan" in said and "new = ctrl+b" in said
    assert describe(load_settings(own_settings), own_settings) in said


def test_db_is_taken_after_the_command_and_from_the_settings(
    db: Database, db_path: Path, own_settings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_meeting(db)
    assert main(["list", "--db", str(db_path)]) == 0
    assert "Family A" in capsys.readouterr().out
    assert main(["--db", str(db_path), "list"]) == 0
    assert "Family A" in capsys.readouterr().out
    own_settings.write_text(f'database = "{db_path}"\n')
    assert main(["list"]) == 0
    assert "Family A" in capsys.readouterr().out


async def test_a_new_meeting_has_the_facilitator_from_the_settings(
    db: Database, own_settings: Path
) -> None:
    own_settings.write_text(GOOD)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+b")  # the settings' own key for a new meeting
        await until(pilot, lambda: isinstance(app.screen, MeetingForm), "the new meeting form")
        assert app.screen.query_one("#facilitator", Input).value == "Alex Morgan"


async def test_the_palette_runs_the_screens_commands(db: Database) -> None:
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"new meeting")

        def found() -> bool:
            commands = app.screen.query(CommandList)
            if not commands or commands.first().option_count == 0:
                return False
            first = commands.first().get_option_at_index(0)
            return "New meeting\nSet up a new meeting (^n)" in str(first.prompt)

        await until(pilot, found, "the command found, with its key")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingForm), "the new meeting form")


async def test_a_theme_chosen_in_the_palette_is_kept_for_next_time(
    db: Database, own_settings: Path
) -> None:
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        assert "sos-high-contrast" in app.available_themes
        app.theme = "sos-high-contrast"
        await until(pilot, lambda: load_settings(own_settings).theme == "sos-high-contrast", "kept")
    again = SosMeetingApp(database=db)
    async with again.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        assert again.theme == "sos-high-contrast"


async def test_with_colour_removed_every_step_still_says_what_it_means(db: Database) -> None:
    """Read each step as plain text (no colour at all) in the high-contrast theme: what the
    colours mark is said in words or symbols too."""
    from sos_meeting.config import Settings

    from .pilot_helpers import screen_text
    from .test_snapshots import full_meeting

    full_meeting(db)
    app = SosMeetingApp(database=db, settings=Settings(theme="sos-high-contrast"))
    expected = {
        "f2": ["Family", "Network", "Professional"],
        "f3": ["Harm", "Complicating", "Existing safety", "Next step"],
        "f5": ["10 means", "0 means", "Round 1"],
        "f6": ["● family", "▲ network", "■ professional", "Median"],
    }
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await settled(pilot)
        assert "Still needed" in screen_text(pilot) or "This meeting has" in screen_text(pilot)
        for key, words in expected.items():
            await pilot.press(key)
            await settled(pilot)
            text = screen_text(pilot)
            for word in words:
                assert word in text, (key, word)


async def test_the_palette_opens_the_highlighted_meeting_though_enter_is_the_lists_too(
    db: Database,
) -> None:
    from screens.meeting import MeetingScreen

    seed_meeting(db)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"open")

        def found() -> bool:
            commands = app.screen.query(CommandList)
            return bool(commands) and commands.first().option_count == 1

        await until(pilot, found, "the one command")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting open")
        await settled(pilot)
