"""A person's entries in a round, oldest first: what was corrected, when and by whom."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.plain import plain
from sos_meeting.domain import Score
from sos_meeting.text import format_score


def history_content(scores: Sequence[Score]) -> Content:
    """Each entry on its own lines; the last is the current one."""
    if not scores:
        return Content("No entries yet.")
    rows: list[Content] = []
    for number, score in enumerate(scores, start=1):
        when = score.recorded_at.astimezone().strftime("%d %b %Y %H:%M:%S")
        state = "current" if number == len(scores) else "corrected"
        by = f", typed by {score.recorded_by}" if score.recorded_by else ""
        if score.recorded_role:
            by += f", saved as {score.recorded_role}"
        rows.append(
            Content.assemble(
                (f"{format_score(score.value)}", "bold"),
                f"  ({state}, {when}{by})\n   Why: ",
                plain(score.reason) if score.reason else Content("(none given)"),
            )
        )
        if score.one_higher:
            rows.append(Content.assemble("   One point higher: ", plain(score.one_higher)))
    return Content("\n").join(rows)


class HistoryScreen(ModalScreen[None]):
    """Shows every entry a person gave in a round; nothing here can be changed."""

    BINDINGS = [Binding("escape,f9,q", "close", "Close", id="history-close")]

    def __init__(self, who: Content, scores: Sequence[Score]) -> None:
        super().__init__()
        self.who = who
        self.scores = scores

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history"):
            yield Static(Content.assemble("Entries from ", self.who), id="history-title")
            yield Static(history_content(self.scores), id="history-text")
            yield Static("Esc closes. Earlier entries are kept as they were said.", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
