"""The sos-meeting app: wires the database to the screens; holds no meeting logic itself."""

from __future__ import annotations

import asyncio
import signal
from contextlib import suppress
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.reactive import reactive

from screens.help import HelpScreen
from screens.home import HomeScreen
from screens.keys import OrderedKeysApp
from screens.problem import ProblemScreen
from sos_meeting.location import DatabaseProblem

if TYPE_CHECKING:
    from sos_meeting.database import Database
    from sos_meeting.domain import MeetingSummary


def stylesheets() -> list[str | PurePath]:
    """The app's stylesheets: inside the package when installed, in styles/ in a checkout."""
    here = Path(__file__).parent
    folder = here / "styles"
    if not folder.is_dir():
        folder = here.parent / "styles"
    return [folder / "app.tcss"]


class SosMeetingApp(OrderedKeysApp):
    """Leads a Signs of Safety meeting and saves every entry as it is made."""

    TITLE = "sos-meeting"
    CSS_PATH = stylesheets()
    ENABLE_COMMAND_PALETTE = False
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
    ) -> None:
        super().__init__()
        self.target = target
        self._given = database
        self._passphrase = passphrase

    def on_mount(self) -> None:
        self._exit_on_signals()
        self.push_screen(HomeScreen())
        if self._given is not None:
            self.db = self._given

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
        from sos_meeting.newest import quick_look

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

    def _exit_on_signals(self) -> None:
        """SIGTERM closes the app as quitting does. A closed terminal window (SIGHUP) leaves
        no terminal to restore, so the app closes the database and ends at once: writing to
        the vanished terminal could otherwise block the exit.

        Every entry is already committed, so closing only lets SQLite finish tidily.
        """
        loop = asyncio.get_running_loop()
        handlers = {"SIGTERM": self.exit, "SIGHUP": self._hang_up}
        for name, handler in handlers.items():
            number = getattr(signal, name, None)
            if number is not None:
                with suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, handler)

    def _hang_up(self) -> None:
        import os

        if self.db is not None and self._given is None:
            with suppress(Exception):  # ending anyway; nothing unsaved depends on this
                self.db.close()
        os._exit(0)

    def _show_early(self, meetings: list[MeetingSummary]) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_early(meetings)

    def on_unmount(self) -> None:
        if self.db is not None and self._given is None:
            self.db.close()

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


def run(target: str | None = None, passphrase: str | None = None) -> int:
    """Run the app in the terminal; the exit code for the command line."""
    app = SosMeetingApp(target, passphrase=passphrase)
    app.run()
    return app.return_code or 0
