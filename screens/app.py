"""The sos-meeting app: wires the database to the screens; holds no meeting logic itself."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import threading
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.binding import Binding
from textual.reactive import reactive

from screens.elsewhere import ChangedElsewhere
from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.keys import OrderedKeysApp
from screens.problem import ProblemScreen
from screens.stylesheets import stylesheets
from sos_meeting.location import DatabaseProblem

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.app import SystemCommand
    from textual.screen import Screen
    from textual.theme import Theme

    from sos_meeting.config import Settings
    from sos_meeting.database import Database
    from sos_meeting.domain import MeetingSummary
    from sos_meeting.holds import Hold
    from sos_meeting.phones.settings import RoomSettings


SIGNAL_GRACE = 1.0
"""Seconds the app has to close tidily after SIGTERM before it ends regardless."""


SWITCH_INTERVAL = 0.001
"""Seconds a thread holds the interpreter before another may run (Python's default: 0.005)."""


class SosMeetingApp(OrderedKeysApp):
    """Leads a Signs of Safety meeting and saves every entry as it is made."""

    TITLE = "sos-meeting"
    CSS_PATH = stylesheets()
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="Show the keys for this step"),
        Binding(
            "ctrl+q", "quit", "Quit", id="quit", tooltip="Close the app; all is saved", show=False
        ),
    ]
    """App-wide keys; each step adds its own."""

    db: reactive[Database | None] = reactive(None, init=False)
    """The open database, once it has been opened and checked."""

    def __init__(
        self,
        target: str | None = None,
        *,
        database: Database | None = None,
        passphrase: str | None = None,
        room: RoomSettings | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        from sos_meeting.config import load_settings

        self.settings = settings if settings is not None else load_settings()
        """The facilitator's own settings (the config file); defaults where it is silent."""
        # A meeting's writer thread needs the interpreter for a moment at each step of a
        # save; while the screen draws, Python's default 5 ms turns made a save wait tens
        # of milliseconds for them. 1 ms turns cost the drawing nothing measurable.
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.target = target
        self._given = database
        self._passphrase = passphrase
        self.room = room
        """Where phones reach the laptop in a round scored from phones (None: the default)."""
        self._hold: Hold | None = None
        """While the app has its database open, commands that rewrite the whole file wait."""
        self._signals_before: dict[int, Any] = {}
        """The signal handlers in place before the app's, put back when it ends."""
        self.stop_watching = threading.Event()
        """Set to stop noticing changes saved elsewhere (the app sets it when it ends)."""

    def on_mount(self) -> None:
        from screens.themes import HIGH_CONTRAST

        self.register_theme(HIGH_CONTRAST)
        settings = self.settings
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        if settings.keymap:
            self.set_keymap(settings.keymap)
        if settings.problem:
            self.notify(
                settings.problem, title="Settings", severity="warning", timeout=20, markup=False
            )
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        self._exit_on_signals()
        self.push_screen(HomeScreen())
        if self._given is not None:
            self.db = self._given

    def watch_db(self, db: Database | None) -> None:
        """Tell every screen what other apps save to this database. The watch waits on the
        database itself (a server's notices, or an SQLite file's data version) on a thread of
        its own for as long as the app runs, so it never holds one of the workers' threads."""
        if db is None:
            return
        from screens.elsewhere import watch_elsewhere

        threading.Thread(
            target=watch_elsewhere,
            args=(
                db,
                lambda noticed: self.post_message(ChangedElsewhere(noticed)),
                self.stop_watching,
            ),
            name="sos-meeting-watch",
            daemon=True,
        ).start()

    @on(ChangedElsewhere)
    def _changed_elsewhere(self, message: ChangedElsewhere) -> None:
        for screen in self.screen_stack:
            screen.post_message(ChangedElsewhere(message.noticed))

    def on_ready(self) -> None:
        # After the first paint, so opening the database never delays the first screen.
        if self._given is None:
            self.open_database()

    @work(thread=True, exclusive=True, group="database")
    def open_database(self) -> None:
        """Open and check the database off the UI thread, so the first screen paints at once.

        SQLAlchemy is first imported here, in the worker, for the same reason; and before
        that, an up-to-date SQLite file is read with the standard library alone so that the
        newest meetings show at once.
        """
        from sos_meeting.holds import hold_for_app
        from sos_meeting.location import database_file
        from sos_meeting.newest import quick_look

        file = database_file(self.target)
        try:
            self._hold = None if file is None else hold_for_app(file)
        except DatabaseProblem as problem:
            self.call_from_thread(self.push_screen, ProblemScreen(str(problem)))
            return
        early = quick_look(self.target) if self._passphrase is None else None
        if early is not None:
            self.call_from_thread(self._show_early, early)
        from sos_meeting.database import open_database

        try:
            database = open_database(self.target, passphrase=self._passphrase, defer_check=True)
        except DatabaseProblem as problem:
            self.call_from_thread(self.push_screen, ProblemScreen(str(problem)))
            return
        self.call_from_thread(setattr, self, "db", database)
        # Meetings can be opened and read now; writes wait for this (it reads every page).
        damage = database.check_integrity()
        if damage is not None:
            self.call_from_thread(self.push_screen, ProblemScreen(damage))
            return
        if database.backup is not None:
            self.call_from_thread(
                self.notify,
                f"The database was upgraded for this version. A copy of it as it was is at "
                f"{database.backup}",
                title="Upgraded",
                timeout=30,
                markup=False,  # a folder's name can contain [brackets]
            )

    def _theme_chosen(self, theme: Theme) -> None:
        """A theme chosen in the app is kept for next time (in the settings file)."""
        if theme.name != self.settings.theme:
            from dataclasses import replace

            self.settings = replace(self.settings, theme=theme.name)
            self._remember_theme(theme.name)

    @work(thread=True, group="settings", exit_on_error=False)
    def _remember_theme(self, name: str) -> None:
        from sos_meeting.config import remember_theme

        try:
            remember_theme(name)
        except OSError as error:
            self.call_from_thread(
                self.notify,
                f"The theme is used now but could not be kept for next time: {error.strerror}.",
                title="Settings",
                severity="warning",
                markup=False,
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette (ctrl+p): every command the screen offers now, then Textual's own
        (the theme, the keys panel, quit)."""
        from screens.commands import screen_commands

        yield from screen_commands(screen)
        yield from super().get_system_commands(screen)

    def _exit_on_signals(self) -> None:
        """SIGTERM closes the app as quitting does, at once: keys still queued are dropped,
        not typed. A closed terminal window (SIGHUP) leaves no terminal to restore, so the
        app ends there and then.

        Both are handled in the signal handler itself, not queued for the screen's loop: a
        burst of typing can keep that loop busy for many seconds, and a vanished terminal
        can leave it stuck writing. Every entry shown as saved is already committed, so
        neither loses anything.
        """
        loop = asyncio.get_running_loop()

        def terminate(number: int, frame: object) -> None:
            self.closing = True  # every queued key is now dropped as it comes up
            loop.call_soon_threadsafe(self.exit)
            # If the screen's thread cannot get to it (stuck on a dead terminal), end anyway.
            watchdog = threading.Timer(SIGNAL_GRACE, os._exit, args=(0,))
            watchdog.daemon = True
            watchdog.start()

        for name, handler in (("SIGTERM", terminate), ("SIGHUP", _hang_up)):
            number = getattr(signal, name, None)
            if number is None:
                continue
            with suppress(ValueError):  # not the main thread (as in some test runners)
                self._signals_before[number] = signal.signal(number, handler)

    def _show_early(self, meetings: list[MeetingSummary]) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_early(meetings)

    def on_unmount(self) -> None:
        self.stop_watching.set()
        for number, handler in self._signals_before.items():
            with suppress(ValueError, TypeError):
                signal.signal(number, handler)
        if self.db is not None and self._given is None:
            self.db.close()
        if self._hold is not None:
            self._hold.release()

    def _fatal_error(self) -> None:
        """Replace Textual's crash report, which prints local variables (meeting content).

        Textual offers no public hook for this; the override keeps its behaviour (ring,
        print on exit, close) and changes only what is printed.
        """
        import sys

        from rich.text import Text

        from sos_meeting.diagnostics import write_diagnostic

        error = sys.exc_info()[1] or self._exception
        where = write_diagnostic(error) if error is not None else None
        self.bell()
        self._exit_renderables.append(
            Text(
                "sos-meeting stopped because of an unexpected problem. Everything shown as "
                "saved is in the database; open the app again to carry on."
                + (f"\nA diagnostic (with no meeting content) is in {where}" if where else "")
            )
        )
        self._close_messages_no_wait()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def _hang_up(number: int, frame: object) -> None:
    """The terminal has gone: end now. An unfinished write is not committed, and was not
    shown as saved; SQLite rolls it back at the next open."""
    os._exit(0)


def run(
    target: str | None = None,
    passphrase: str | None = None,
    room: RoomSettings | None = None,
    settings: Settings | None = None,
) -> int:
    """Run the app in the terminal; the exit code for the command line."""
    app = SosMeetingApp(target, passphrase=passphrase, room=room, settings=settings)
    app.run()
    return app.return_code or 0
