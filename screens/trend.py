"""A family's (or a team's) scales across meetings: one line a meeting, oldest first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from screens.key_bar import KeyBar
from screens.plain import plain, short
from screens.title_bar import TitleBar
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Family
from sos_meeting.trend import Series, chart, series


class TrendScreen(Screen[None]):
    """Each scale's median and range at every meeting; g shows each group's median."""

    BINDINGS = [
        Binding(
            "g",
            "groups",
            "By group",
            id="trend-groups",
            tooltip="Show each group's median instead of everyone's",
        ),
        Binding("escape", "app.pop_screen", "Back", id="trend-back"),
    ]

    def __init__(self, db: Database, family: Family, *, team: bool = False) -> None:
        super().__init__()
        self.db = db
        self.family = family
        self.team = team
        """The team's own scales across its group supervision sessions, not one case's."""
        self.by_group = False
        self.found: list[Series] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="trend-body"):
            yield Static(id="trend-chart")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = (
            "The team's own scales, session by session"
            if self.team
            else f"{short(self.family.title, 40)}: over time"
        )
        try:
            points = (
                store.team_trend_points(self.db)
                if self.team
                else store.trend_points(self.db, self.family.id)
            )
            self.found = series(points)
        except store.StorageError as error:
            self.query_one("#trend-chart", Static).update(plain(str(error)))
            return
        self.draw()

    def on_resize(self) -> None:
        if self.found:
            self.draw()

    def draw(self) -> None:
        if not self.found:
            self.query_one("#trend-chart", Static).update(
                "No scale has been asked in two group supervision sessions yet. Ask the "
                "team's own scale (for example: How well are we using Signs of Safety in our "
                "work?) in the same words each session, and it shows here, session by session."
                if self.team
                else "No scores yet. A scale asked again at a review (r on the meetings list) "
                "shows here, meeting by meeting."
            )
            return
        width = max(40, self.size.width - 4)
        blocks: list[Content] = []
        for found in self.found:
            about = f" (about {found.child})" if found.child else ""
            blocks.append(plain(short(found.question, width - 12) + about).stylize("bold"))
            blocks.extend(Content(line) for line in chart(found, width, by_group=self.by_group))
            blocks.append(Content(found.change_in_words()))
            blocks.append(Content(""))
        key = (
            "● family  ▲ network  ■ professional  ◆ child or young person: each group's "
            "median; ━ the range"
            if self.by_group
            else "● the median; ━ from the lowest to the highest score"
        )
        blocks.append(Content.styled(key, "dim"))
        self.query_one("#trend-chart", Static).update(Content("\n").join(blocks))

    def action_groups(self) -> None:
        self.by_group = not self.by_group
        self.draw()
