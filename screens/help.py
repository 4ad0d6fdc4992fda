"""F1: the keyboard guide for a whole meeting, and the keys of the screen underneath."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GUIDE = """\
Typing never runs a command: letters always go into a box. Commands use Enter, Delete,
the F-keys or ctrl, and are shown at the bottom of the screen.

Meetings list     type to find · Enter open · ctrl+n new meeting · ctrl+r review (carries
                  it over) · ctrl+t trend · ctrl+e export · ctrl+q quit
Any step          F2 People · F3 Mapping · F4 Statements · F5 Scaling · F6 How far apart
                  F7 meeting details · F10 close the meeting · Esc back to meetings
                  Keep typing while an entry saves: nothing you type is lost.
People            name, Enter, role, Enter, agency, Enter, then f / n / p / c (or ←/→) for the
                  group and Enter adds them · typing in the list starts a new person
                  in the list: Enter edit · ctrl+t here/left/absent · shift+↑/↓ seating
                  order · Delete remove (before scoring) · Home/End first/last
Mapping           ←/→ choose a column · typing in a column adds to it (Enter saves, keep
                  typing the next one) · Enter edit · ctrl+k kind · shift+↑/↓ reorder
                  shift+←/→ move column · Delete removes · ctrl+z brings it back
                  next steps: who, Enter, by when, Enter · ctrl+d done / not done / carried
Statements        write the statement and its goal · ctrl+s save the pair · ctrl+n new pair
Scaling           question, link, what 10 means, then what 0 means, open or private,
                  children to score separately · ctrl+s saves and starts the round
                  each person: number, Enter, why, Enter, one point higher, Enter saves
                  "pass" or F8 records a pass · Enter on someone in the list corrects them
                  F9 on someone in the list: every entry they gave (corrections kept)
                  private round: the screen clears between people; ctrl+r reveals together
                  (naming anyone still to score first) · ctrl+t closes the round
                  ctrl+g scores again (a new round) · ctrl+o reopens a closed round
                  ctrl+n another scale · ctrl+l change the question
How far apart     the number line, figures, each group's median, who to hear first and what
                  to ask, scores for the chair's attention, movement since the last round
                  ctrl+d records that the room agreed to differ (asked first);
                  ctrl+d again withdraws it (both stay on record)
"""


class HelpScreen(ModalScreen[None]):
    """The keys for a whole meeting; any key closes it."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close help", id="help-close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Keys for a whole meeting", id="help-title")
            yield Static(GUIDE, id="help-text")
            yield Static("Esc closes this help.", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
