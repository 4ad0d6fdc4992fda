"""Start-up and memory, each a separate process, against two baselines run in turn with it.

B1: a minimal Textual app (Header, Static, Footer), headless, exits on its first Ready.
B2: the same, but it imports sqlmodel, opens an SQLite file and runs one query first.
B3: B1, then a form of the new-meeting form's widgets (Textual's own) shown and painted.
Each child prints the wall-clock time of the moment measured and its peak memory (KiB).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

    def on_ready(self):
        self.ready()

    def ready(self):
        self.report()

    def report(self):
        print(time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        self.exit()
"""

MINIMAL_APP = MINIMAL + "\nMinimal().run(headless=True)\n"

B1 = "import sys, time, resource\n" + MINIMAL_APP

B2 = (
    "import sys, time, resource\n"
    "from sqlmodel import create_engine, text\n"
    'engine = create_engine("sqlite:///" + sys.argv[1])\n'
    "with engine.connect() as connection:\n"
    '    connection.execute(text("SELECT count(*) FROM meeting")).scalar()\n' + MINIMAL_APP
)

# What the new-meeting form is made of, in Textual's own widgets, shown by B1 once it is
# ready: the least any Textual app needs from launch to such a form on screen and usable.
FORM_APP = (
    MINIMAL
    + """
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Select

class Form(Screen):
    def compose(self):
        yield Header()
        with Vertical():
            with Grid():
                yield Static("Kind of meeting")
                yield Select([("One", 1), ("Two", 2), ("Three", 3)], value=1, allow_blank=False)
                for label in ("Title", "Case reference", "Date", "Children", "Facilitator"):
                    yield Static(label)
                    yield Input(placeholder=label)
                yield Static("Wording")
                yield Select([("One", 1), ("Two", 2)], value=1, allow_blank=False)
            with Horizontal():
                yield Button("Save", variant="primary")
                yield Button("Cancel")
        yield Footer()

    def on_mount(self):
        self.query_one(Input).focus()
        self.call_after_refresh(self.app.report)

class WithForm(Minimal):
    def ready(self):
        self.push_screen(Form())

WithForm().run(headless=True)
"""
)

B3 = "import sys, time, resource\n" + FORM_APP

# The real app through its command-line module, told only to report and exit.
APP_FIRST_PAINT = """
import sys, time, resource
import sos_meeting.cli
from screens.app import SosMeetingApp

class Measured(SosMeetingApp):
    def on_ready(self):
        print(time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        self.exit()

Measured(sys.argv[1]).run(headless=True)
"""

# Reports twice: when the newest meetings are on screen, and when the database is fully
# open and checked (a meeting can be opened), with the peak memory then.
APP_NEWEST_SHOWN = """
import sys, time, resource
import sos_meeting.cli
from screens.app import SosMeetingApp

class Measured(SosMeetingApp):
    shown = None
    finishing = False

    def on_ready(self):
        self.set_interval(0.002, self.check)

    def check(self):
        table = self.screen.query("#meetings")
        if self.shown is None and table and table.first().row_count:
            self.shown = time.time()
        ready = self.db is not None and table.first().row_count
        if self.shown is not None and ready and not self.finishing:
            self.finishing = True
            self.call_after_refresh(self.done)

    def done(self):
        print(self.shown, time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        self.exit()

Measured(sys.argv[1]).run(headless=True)
"""


# Launch to the first action done, as a facilitator would do it: as soon as the list is on
# screen, press a key (ctrl+n, or Enter on the highlighted meeting) and report when what it
# asked for is on screen and usable.
APP_FIRST_ACTION = """
import sys, time, resource
import sos_meeting.cli
from textual import events
from screens.app import SosMeetingApp

ACTION = sys.argv[2]

class Measured(SosMeetingApp):
    pressed = False

    def on_ready(self):
        self.set_interval(0.002, self.check)

    def press(self, key):
        event = events.Key(key, None)
        event.set_sender(self)
        self._driver.send_message(event)

    def check(self):
        screen = self.screen
        if not self.pressed:
            status = screen.query("#home-status")
            table = screen.query("#meetings")
            listed = table and table.first().row_count
            empty = status and "No meetings" in str(status.first().render())
            if listed or empty:
                self.pressed = True
                self.press("ctrl+n" if ACTION == "new" else "enter")
            return
        done = (
            type(screen).__name__ == 'MeetingForm' and screen.focused is not None
            if ACTION == "new"
            else type(screen).__name__ == 'MeetingScreen' and screen.record is not None
            and not self.holding_keys and screen.focused is not None
        )
        if done:
            self.call_after_refresh(self.finish)

    def finish(self):
        if self.pressed is not None:
            self.pressed = None
            print(time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            self.exit()

Measured(sys.argv[1]).run(headless=True)
"""


def run_child(script: str, *args: str) -> tuple[float, ...]:
    """Seconds from launching the process to each moment it reports, then its peak KiB."""
    env = {**os.environ, "TEXTUAL": "", "PYTHONDONTWRITEBYTECODE": "1"}
    began = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"benchmark child failed: {done.stderr[-1500:]}")
    *moments, peak = done.stdout.split()
    return (*(float(m) - began for m in moments), float(peak))
