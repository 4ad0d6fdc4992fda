"""The home screen: meetings newest first, a search, and starting a new one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Static

from screens import memory
from screens.elsewhere import ChangedElsewhere
from screens.key_bar import KeyBar
from screens.keys import (
    EntryInput,
    begin_hand_over,
    focus_now,
    hold_keys,
    pass_on,
    release_keys,
    type_into,
)
from screens.meeting_list import ListedMeeting, MeetingList
from screens.plain import plain, short
from screens.title_bar import TitleBar
from sos_meeting.words import counted

if TYPE_CHECKING:
    # Not imported for the first paint: the newest meetings are read (and the domain
    # imported) on the opening worker's thread, after it.
    from sos_meeting.database import Database
    from sos_meeting.domain import MeetingRecord, MeetingSummary

PAGE = 50
"""How many meetings are read at a time; more are read as the cursor nears the end."""


def progress(summary: MeetingSummary) -> str:
    """How far a meeting got, most telling first: '5 people, 1 statement, scored, 6 items'."""
    parts = [counted(summary.participants, "person", "people")]
    if summary.pairs:
        parts.append(counted(summary.pairs, "statement"))
    if summary.scored:
        parts.append("scored")
    elif summary.scales:
        parts.append("scale set")
    if summary.items:
        parts.append(counted(summary.items, "item"))
    return ", ".join(parts)


class MeetingsTable(MeetingList):
    """The meetings. Typing here types into Find, so a letter never runs a command."""

    OWN_KEYS = frozenset({"enter"})

    async def _on_key(self, event: events.Key) -> None:
        if pass_on(self, event):
            return
        if event.key == "enter":
            # Open at once, in turn: keys typed after Enter go to the meeting.
            begin_hand_over(self, event)
            self.screen.action_open()  # type: ignore[attr-defined]
            release_keys(self)  # opening holds its own until the meeting has the cursor
            return
        if event.is_printable:
            type_into(self, event, self.screen.query_one("#home-search", Input))


class FindBox(EntryInput):
    """Find: what is typed narrows the list. Enter or Down goes to the list, and the keys
    typed after them go there too, however fast they come."""

    BINDINGS = [Binding("down", "to_list", "To the list", show=False)]

    def action_to_list(self) -> None:
        focus_now(self.screen.query_one(MeetingList))


class HomeScreen(Screen[None]):
    """Start a new meeting or carry on with one."""

    AUTO_FOCUS = "#meetings"

    BINDINGS = [
        Binding("ctrl+n", "new", "New meeting", id="new", tooltip="Set up a new meeting"),
        Binding("enter", "open", "Open", id="open", tooltip="Carry on with this meeting"),
        Binding(
            "ctrl+r",
            "review",
            "Review",
            id="review",
            tooltip="A review of this meeting: the same family, carried over",
        ),
        Binding("ctrl+t", "trend", "Trend", id="trend", tooltip="This family's scales over time"),
        Binding("ctrl+e", "export", "Export", id="export", tooltip="Write this meeting to a file"),
        Binding("ctrl+q", "app.quit", "Quit", id="home-quit", tooltip="Close the app"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._loaded: list[MeetingSummary] = []
        self._more = False
        self.reloads = 0
        """How many times the list was read again (for the benchmark)."""
        self._pending: Callable[[], object] | None = None
        """What was asked for before the database was ready (open a meeting, start a new
        one), done as soon as it is."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="home-search-row"):
            yield Static("Find:", classes="field-label")
            yield FindBox(
                placeholder="type to find a title or case reference",
                id="home-search",
                select_on_focus=False,
            )
        yield Static("Opening the meetings database…", id="home-status")
        yield MeetingsTable(id="meetings")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Meetings"
        self.watch(self.app, "db", self._database_ready)

    def on_screen_resume(self) -> None:
        if self.database is not None:
            self.reload()

    @property
    def database(self) -> Database | None:
        db: Database | None = getattr(self.app, "db", None)
        return db

    def _database_ready(self, db: Database | None) -> None:
        if db is not None:
            self.reload()
            memory.settle()  # the app is built: keep the collector off what lives on
            if self._pending is not None:
                # Asked for on the early list: do it now.
                pending, self._pending = self._pending, None
                pending()

    def reload(self) -> None:
        """Read the newest page of meetings again (after a change or a new search), keeping
        the highlighted meeting highlighted and the cursor where it is."""
        self.reloads += 1
        self._loaded = []
        self._more = True
        self._load_page(replace=True)
        if self.focused is None:
            focus_now(self.query_one(MeetingList))

    def _load_page(self, *, replace: bool = False) -> None:
        """Read the next page of the list (with `replace`, the first page again, the cursor
        staying on the meeting it was on if that is still listed)."""
        from sos_meeting import store

        db = self.database
        if db is None or not self._more:
            return
        search = self.query_one("#home-search", Input).value
        try:
            page = store.list_meetings(db, search=search, limit=PAGE, offset=len(self._loaded))
        except store.StorageError as error:
            self.query_one("#home-status", Static).update(plain(str(error)))
            return
        self._add_rows(page, replace=replace)
        self._show_status(search)

    def show_early(self, page: list[MeetingSummary]) -> None:
        """The newest meetings, read before the database is fully open (nothing can be
        opened until it is; the list is read again then)."""
        if self.database is None and not self._loaded:
            self._add_rows(page)
            self._show_status("")
            focus_now(self.query_one(MeetingList))

    def _add_rows(self, page: list[MeetingSummary], *, replace: bool = False) -> None:
        self._more = len(page) == PAGE
        self._loaded.extend(page)
        rows = [
            ListedMeeting(
                summary.id,
                (
                    summary.held_on.isoformat(),
                    summary.kind.label,
                    short(summary.title, 40),
                    short(summary.case_ref, 20),
                    progress(summary),
                ),
            )
            for summary in page
        ]
        listing = self.query_one(MeetingList)
        listed = bool(listing.row_count)
        if replace:
            listing.show(rows, keep=listing.highlighted_id)
        else:
            listing.extend(rows)
        if bool(listing.row_count) != listed:
            self.refresh_bindings()

    def _show_status(self, search: str) -> None:
        status = self.query_one("#home-status", Static)
        if not self._loaded:
            status.update(
                "No meetings match that search."
                if search
                else "No meetings yet. Press ctrl+n to set up the first one."
            )
        else:
            more = "+" if self._more else ""
            count = len(self._loaded)
            noun = "meeting" if count == 1 else "meetings"
            status.update(
                f"{count}{more} {noun}, newest first. Enter opens one; ctrl+n starts a new one; "
                "type to find one."
            )

    @on(MeetingList.Highlighted, "#meetings")
    def _near_end(self, event: MeetingList.Highlighted) -> None:
        if self._more and event.index >= len(self._loaded) - 5:
            self._load_page()

    @on(MeetingList.Chosen, "#meetings")
    def _chosen(self, event: MeetingList.Chosen) -> None:
        self.open_meeting(event.meeting_id)

    @on(ChangedElsewhere)
    def _changed_elsewhere(self) -> None:
        """Another app saved something: the list shows it now (or when it is next shown)."""
        if self.is_current and self.database is not None:
            self.reload()

    @on(Input.Changed, "#home-search")
    def _search_changed(self) -> None:
        if self.database is not None:
            self.reload()

    @on(Input.Submitted, "#home-search")
    def _search_done(self) -> None:
        focus_now(self.query_one(MeetingList))
        release_keys(self)  # Enter's hand-over: the keys after it reach the list

    def action_open(self) -> None:
        meeting_id = self.highlighted_id()
        if meeting_id is not None:
            self.open_meeting(meeting_id)

    def action_new(self) -> None:
        from screens.meeting_form import MeetingForm

        # The form opens at once, even while the database is still opening: it saves
        # when the database is ready.

        def opened(meeting_id: int | None) -> None:
            if meeting_id is not None:
                self.open_meeting(meeting_id)
                release_keys(self)  # the form's hold; the meeting now holds its own

        self.app.push_screen(MeetingForm(self.database), opened)

    def highlighted_id(self) -> int | None:
        return self.query_one(MeetingList).highlighted_id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """What acts on a meeting is offered only while one is listed."""
        if action in {"open", "review", "trend", "export"}:
            return self.highlighted_id() is not None
        return True

    def action_review(self) -> None:
        from screens.meeting_form import MeetingForm
        from sos_meeting import store

        meeting_id, db = self.highlighted_id(), self.database
        if meeting_id is None or db is None:
            return
        record = self._read(lambda: store.load(db, meeting_id))
        if record is None:
            return

        def opened(new_id: int | None) -> None:
            if new_id is not None:
                self.open_meeting(new_id)
                release_keys(self)  # the form's hold; the meeting now holds its own

        children = record.family.children if record.family else ()
        self.app.push_screen(MeetingForm(db, review_of=record.meeting, children=children), opened)

    def action_trend(self) -> None:
        from screens.trend import TrendScreen
        from sos_meeting import store

        meeting_id, db = self.highlighted_id(), self.database
        if meeting_id is None or db is None:
            return
        record = self._read(lambda: store.load(db, meeting_id))
        if record is not None and record.family is not None:
            from sos_meeting.domain import MeetingKind

            team = record.meeting.kind is MeetingKind.SUPERVISION
            self.app.push_screen(TrendScreen(db, record.family, team=team))

    def action_export(self) -> None:
        from screens.export_dialog import ExportDialog
        from sos_meeting import store

        meeting_id, db = self.highlighted_id(), self.database
        if meeting_id is None or db is None:
            return
        record = self._read(lambda: store.load(db, meeting_id))
        if record is not None:
            self.app.push_screen(ExportDialog(db, record.meeting))

    def _read(self, read: Callable[[], MeetingRecord]) -> MeetingRecord | None:
        """`read()`, or None with the reason on the status line (a busy or damaged
        database is said where the facilitator is looking, and the list stays)."""
        from sos_meeting import store

        try:
            return read()
        except store.StorageError as error:
            self.query_one("#home-status", Static).update(plain(str(error)))
            return None

    def open_meeting(self, meeting_id: int) -> None:
        from screens.meeting import MeetingScreen

        if self.database is None:
            self._pending = lambda: self.open_meeting(meeting_id)
            self.query_one("#home-status", Static).update(
                "Opening it as soon as the database has been checked (a moment)..."
            )
            return
        hold_keys(self)  # the meeting lets them go once its step has the cursor
        listed = next((s for s in self._loaded if s.id == meeting_id), None)
        likely = (listed.kind, listed.step) if listed is not None else None
        self.app.push_screen(MeetingScreen(self.database, meeting_id, likely))
