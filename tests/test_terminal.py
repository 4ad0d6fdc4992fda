"""The real app in a real terminal (tmux): SIGKILL at random moments loses nothing shown as saved,
and SIGTERM or a closed window (SIGHUP) ends it cleanly.

SOS_TERMINAL_KILLS sets how many kills (default 20).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sos_meeting import store
from sos_meeting.database import open_database
from sos_meeting.domain import Step

from .conftest import seed_meeting

ROOT = Path(__file__).parent.parent
KILLS = int(os.environ.get("SOS_TERMINAL_KILLS", "20"))
SAVED = re.compile(r"Saved ✓ added to worries: “entry (\d+)”")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Terminal:
    """One tmux session running the app."""

    def __init__(self, name: str, db_path: Path) -> None:
        self.name = name
        command = f"exec {sys.executable} -m sos_meeting --db {db_path}"
        # When the last session has just been closed, the tmux server is still exiting and
        # a new session can fail to start: try again (a few times) until one starts.
        for attempt in range(10):
            started = subprocess.run(
                ["tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command],
                cwd=ROOT,
                env={**os.environ, "TERM": "xterm-256color"},
                capture_output=True,
                text=True,
            )
            if started.returncode == 0:
                break
            time.sleep(0.1 * (attempt + 1))
        else:
            raise AssertionError(f"tmux could not start a session: {started.stderr}")
        self.pid = int(self.tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, seconds: float = 120) -> str:
        """Wait until `text` is on screen (the cap is generous: machines are shared)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def alive(self) -> bool:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        return Path(f"/proc/{self.pid}/stat").read_text().split()[2] != "Z"

    def close(self) -> None:
        self.tmux("kill-session", "-t", self.name)


@pytest.fixture
def meeting_db(db_path: Path) -> Path:
    db = open_database(str(db_path))
    meeting_id = seed_meeting(db)
    store.set_place(db, meeting_id, Step.MAPPING)
    db.close()
    return db_path


def test_sigkill_in_a_real_terminal_loses_nothing_shown_as_saved(meeting_db: Path) -> None:
    rng = random.Random(7)
    shown_saved: set[int] = set()
    entry = 0
    for kill in range(KILLS):
        terminal = Terminal(f"sos-kill-{os.getpid()}-{kill}", meeting_db)
        try:
            terminal.wait_for("Family A")
            terminal.keys("Enter")
            terminal.wait_for("What are we worried about?")
            terminal.keys("C-n")  # keys typed at once after it still go into the new item
            # Kill at a random moment, but only once this round has seen a save on screen
            # (a busy machine may take longer than the random window to show the first).
            before = len(shown_saved)
            deadline = time.monotonic() + rng.uniform(0.3, 1.5)
            cap = time.monotonic() + 120
            while time.monotonic() < deadline or (
                len(shown_saved) == before and time.monotonic() < cap
            ):
                terminal.keys(f"entry {entry}", literal=True)
                terminal.keys("Enter")
                entry += 1
                time.sleep(rng.uniform(0.0, 0.12))
                for number in SAVED.findall(terminal.screen()):
                    shown_saved.add(int(number))
            os.kill(terminal.pid, signal.SIGKILL)
        finally:
            terminal.close()
        with sqlite3.connect(meeting_db) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            on_disk = {t for (t,) in raw.execute("SELECT text FROM map_item")}
        lost = {n for n in shown_saved if f"entry {n}" not in on_disk}
        assert not lost, f"after kill {kill + 1}, shown as saved but missing: {sorted(lost)}"
    assert len(shown_saved) >= KILLS
    print(f"{KILLS} kills in a terminal, {len(shown_saved)} entries seen saved, none lost")


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP"])
def test_signals_end_the_app_cleanly(meeting_db: Path, how: str) -> None:
    terminal = Terminal(f"sos-signal-{os.getpid()}-{how}", meeting_db)
    try:
        terminal.wait_for("Family A")
        terminal.keys("Enter")
        terminal.wait_for("What are we worried about?")
        terminal.keys("C-n")
        terminal.keys("before the signal", literal=True)
        terminal.keys("Enter")
        terminal.wait_for("Saved ✓")
        if how == "SIGTERM":
            os.kill(terminal.pid, signal.SIGTERM)
        else:
            terminal.close()  # closing the window hangs up on the app
        deadline = time.monotonic() + 10
        while terminal.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not terminal.alive(), f"still running after {how}"
    finally:
        terminal.close()
    with sqlite3.connect(meeting_db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert ("before the signal",) in raw.execute("SELECT text FROM map_item").fetchall()
    if how == "SIGTERM":
        # A tidy close checkpoints the journal into the database file. (A hang-up ends at
        # once: the log is committed and is read back at the next open.)
        wal = Path(f"{meeting_db}-wal")
        assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP"])
def test_signals_end_the_app_during_a_burst_of_typing(meeting_db: Path, how: str) -> None:
    """About 30 KB typed at once, then the signal: the app ended only after typing it all
    (SIGTERM) or never (SIGHUP, the terminal closed), holding the database."""
    terminal = Terminal(f"sos-burst-{os.getpid()}-{how}", meeting_db)
    try:
        terminal.wait_for("Family A")
        terminal.keys("Enter")
        terminal.wait_for("What are we worried about?")
        terminal.keys("C-n")
        for _ in range(25):
            terminal.keys("gran picks them up every day " * 40, literal=True)
            terminal.keys("Enter")
        if how == "SIGTERM":
            os.kill(terminal.pid, signal.SIGTERM)
        else:
            terminal.close()
        deadline = time.monotonic() + 60  # a cap for a busy machine; it ends well before
        while terminal.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not terminal.alive(), f"still running after {how}"
    finally:
        if terminal.alive():
            os.kill(terminal.pid, signal.SIGKILL)
        terminal.close()
    with sqlite3.connect(meeting_db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


TMUX_KEYS = {
    "enter": "Enter",
    "tab": "Tab",
    "escape": "Escape",
    "right": "Right",
    "down": "Down",
    "home": "Home",
    "space": "Space",
}


def tmux_key(key: str) -> tuple[str, bool]:
    """A Textual key name as tmux send-keys takes it, and whether it is literal text."""
    if key == ";":
        return "\\;", True  # a lone ; separates tmux commands
    if len(key) == 1:
        return key, True
    if key.startswith("ctrl+"):
        return f"C-{key[5:]}", False
    if key.startswith("f") and key[1:].isdigit():
        return key.upper(), False
    return TMUX_KEYS[key], False


def test_a_meeting_typed_in_a_real_terminal_at_30_keys_a_second(db_path: Path) -> None:
    """The fast typist's whole meeting at 30 keys a second, never waiting for a save: people,
    the map, two pairs, an open round with a pass and a correction, then a private scale
    scored round the room and revealed."""
    from .test_fast_typist import check_typed_meeting, meeting_keys

    open_database(str(db_path)).close()
    terminal = Terminal(f"sos-typist-{os.getpid()}", db_path)
    try:
        terminal.wait_for("No meetings yet")
        for key in meeting_keys():
            name, literal = tmux_key(key)
            terminal.keys(name, literal=literal)
            time.sleep(1 / 30)  # the typist's pace, not a wait for the app
        # The reveal is the last key typed, and edits are saved in the order asked for.
        revealed = "SELECT count(*) FROM scale_round WHERE revealed_at IS NOT NULL"
        deadline = time.monotonic() + 600  # a generous cap on a busy machine
        while time.monotonic() < deadline:
            with sqlite3.connect(db_path) as raw:
                if raw.execute(revealed).fetchone() == (1,):
                    break
            time.sleep(0.2)
        terminal.keys("C-q")
        while terminal.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        terminal.close()
    db = open_database(str(db_path))
    try:
        check_typed_meeting(db)
    finally:
        db.close()
