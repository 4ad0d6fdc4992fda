"""F1: what to do next where the facilitator is, the keys that work there (read from the
bindings themselves, so the help cannot drift from them), then the guide for a whole
meeting."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

INTRO = (
    "Typing never runs a command: letters always go into a box. Commands use Enter, Delete, "
    "the F-keys or ctrl, and are shown at the bottom of the screen."
)

STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Meetings list",
        (
            "type to find",
            "Enter open",
            "ctrl+n new meeting",
            "ctrl+r review (carries it over)",
            "ctrl+t trend",
            "ctrl+e export",
            "ctrl+q quit",
        ),
    ),
    (
        "Any step",
        (
            "F2 People",
            "F11 Views (a conference) or Question (group supervision); or click its tab",
            "F3 Mapping",
            "F4 Statements",
            "F5 Scaling",
            "F6 How far apart",
            "F12 Decision (a conference) or Reflection (group supervision)",
            "F7 meeting details",
            "F10 close the meeting",
            "Esc back to meetings",
            "keep typing while an entry saves: nothing you type is lost",
        ),
    ),
    (
        "People",
        (
            "name, Enter, role, Enter, agency, Enter, then f / n / p / c (or ←/→) for the group "
            "and Enter adds them",
            "typing in the list starts a new person",
            "in the list: Enter edit",
            "ctrl+t here/left/absent (a conference: attended/left early/apologies/did not "
            "come/not invited)",
            "ctrl+r sent a report (a conference)",
            "ctrl+r role in the session (group supervision: presenter, facilitator, advisor, "
            "scribe, participant)",
            "shift+↑/↓ seating order",
            "Delete remove (before scoring)",
            "Home/End first/last",
        ),
    ),
    (
        "Views",
        (
            "a conference only: p / c (a parent's or the child's), Enter, whose, Enter, how "
            "(o own words / w written / h Three Houses / p Words and Pictures), Enter, who "
            "gathered them, Enter, when, Enter, then the views",
            "ctrl+s saves them",
            "in the list: Enter corrects",
            "shift+↑/↓ order",
            "Delete removes",
            "ctrl+n new views",
        ),
    ),
    (
        "Question",
        (
            "group supervision only: the presenter's question for the group, Enter saves",
            "the way the session goes: gather, analyse, judge (the presenter first), act",
        ),
    ),
    (
        "Mapping",
        (
            "←/→ choose a column",
            "typing in a column adds to it (Enter saves, keep typing the next one)",
            "Enter edit",
            "ctrl+k kind",
            "shift+↑/↓ reorder",
            "shift+←/→ move column",
            "Delete removes",
            "ctrl+z brings it back",
            "next steps: who, Enter, by when, Enter",
            "ctrl+d done / not done / carried",
        ),
    ),
    (
        "Statements",
        ("write the statement and its goal", "ctrl+s save the pair", "ctrl+n new pair"),
    ),
    (
        "Scaling",
        (
            "question, Enter, link, Enter, what 10 means, then what 0 means, open or private, "
            "children to score separately",
            "ctrl+s saves and starts the round",
            "each person: number, Enter, why, Enter, one point higher, Enter saves",
            '"pass" or F8 records a pass (a reason is optional)',
            "Enter on someone in the list corrects them",
            "F9 on someone in the list: every entry they gave (corrections kept)",
            "private round: the screen clears between people",
            "ctrl+y everyone scores on their own phone (a private round): links and QR codes, "
            "← / → person by person, ctrl+w a page to print, ctrl+x stops the phones",
            "ctrl+r reveals together (naming anyone still to score first)",
            "ctrl+t closes the round",
            "ctrl+g scores again (a new round)",
            "ctrl+o reopens a closed round",
            "ctrl+n another scale",
            "ctrl+l change the question",
        ),
    ),
    (
        "How far apart",
        (
            "the statement being scaled, the number line, who to hear first and what to ask, "
            "the figures, each group's median, scores for the chair's (or facilitator's) "
            "attention, movement since the last round",
            "ctrl+d records that the room agreed to differ (asked first)",
            "ctrl+d again withdraws it (both stay on record)",
        ),
    ),
    (
        "Decision",
        (
            "a conference only: for each child y / n / c / e (a plan / no plan / continues / "
            "ends), Enter, then its category (n / p / e / s)",
            "the chair's reasoning",
            "each agency's recommendation and why",
            "the core group and its dates",
            "ctrl+s saves the decision",
            "ctrl+d: who disagrees with the decision, and why (Enter records it)",
        ),
    ),
    (
        "Reflection",
        ("group supervision only: what was useful, one line each; Enter saves and goes on",),
    ),
)
"""Each step and what its keys do, as items joined with ' · ' when laid out."""

NO_BREAK = "\u00a0"

LABEL_WIDTH = 18
"""The first column (the step a line is about), where there is room for it."""


def laid_out(width: int) -> str:
    """The guide laid out for `width` columns: each step beside its keys where there is
    room, above them where there is not; nothing wraps into the other column."""
    width = max(20, width)
    lines = [*textwrap.wrap(INTRO, width), ""]
    beside = width >= LABEL_WIDTH + 30
    for label, items in STEPS:
        # A key stays with its first word, and a '·' with the item before it.
        kept = [item.replace(" ", NO_BREAK, 1) for item in items]
        text = " ".join(f"{item}{NO_BREAK}·" for item in kept[:-1]) + " " + kept[-1]
        if beside:
            body = textwrap.wrap(text, width - LABEL_WIDTH)
            lines.append(label.ljust(LABEL_WIDTH) + body[0])
            lines += [" " * LABEL_WIDTH + more for more in body[1:]]
        else:
            lines.append(label)
            lines += textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines)


NEXT = {
    "people": "Add everyone in the room in the order they sit: the scaling round goes round "
    "in this order. Mark anyone who is not here. Then F3 to map the worries.",
    "voices": "Record the parents' and the child's views before the scaling, in their own "
    "words where you can; a child's views need who gathered them and when.",
    "question": "Write the presenter's question for the group. Then gather what is known on "
    "the map (F3).",
    "mapping": "Ask what everyone is worried about, what is working well and what needs to "
    "happen; type each answer in its column and press Enter. Then F4 for the statements.",
    "statements": "Write each danger statement with the safety goal that answers it, and "
    "ctrl+s. The line under each box says what the words do not show yet. Then F5 to scale.",
    "scaling": "Write what 10 means, then what 0 means; then go round the room in seating "
    "order, a number and why from each person. A private round (or phones: ctrl+y) keeps "
    "the numbers hidden until ctrl+r reveals them together.",
    "spread": "Hear first from the people whose numbers are furthest apart, with the "
    "questions shown. Then score again (F5, ctrl+g) or agree to differ (ctrl+d).",
    "decision": "Record the decision for each child, the chair's reasoning and each agency's "
    "recommendation; ctrl+s saves. Dissent is recorded on its own (ctrl+d).",
    "reflection": "One line each: what was useful in this session, and what to do differently.",
    "home": "Open a meeting with Enter, start a new one with ctrl+n, or type to find one.",
}
"""What to do next, by where the facilitator is."""

KEY_WIDTH = 12


def where(under: Screen[object]) -> tuple[str, str]:
    """Where the facilitator is (a step's name) and what to do next there."""
    from screens.home import HomeScreen
    from sos_meeting.domain import Step

    if isinstance(under, HomeScreen):
        return "The meetings list", NEXT["home"]
    tabs = under.query("#steps")
    active = getattr(tabs.first(), "active", "") if tabs else ""
    if active in {s.value for s in Step}:
        step = Step(active)
        return step.label, NEXT.get(step.value, "")
    return str(under.title or under.__class__.__name__), ""


def keys_here(under: Screen[object], width: int) -> str:
    """The keys that work where the facilitator is, from the bindings, laid out for `width`:
    each key beside what it does."""
    from screens.commands import offered

    width = max(30, width)
    lines = []
    for command in offered(under):
        about = command.title
        if command.about and command.about != command.title:
            about = f"{command.title}: {command.about}"
        body = textwrap.wrap(about, width - KEY_WIDTH) or [""]
        lines.append(command.key.ljust(KEY_WIDTH) + body[0])
        lines += [" " * KEY_WIDTH + more for more in body[1:]]
    return "\n".join(lines) or "No keys here beyond typing."


class KeysHere(Static):
    """The keys of the screen underneath, laid out again whenever the width changes."""

    def __init__(self, under: Screen[object], content: str, **kwargs: object) -> None:
        super().__init__(content, **kwargs)  # type: ignore[arg-type]
        self.under = under

    def on_resize(self) -> None:
        self.update(keys_here(self.under, self.content_size.width))


class GuideText(Static):
    """The guide, laid out again whenever its width changes."""

    def on_resize(self) -> None:
        self.update(laid_out(self.content_size.width))


class HelpScreen(ModalScreen[None]):
    """The keys for a whole meeting; any key closes it."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close help", id="help-close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        place, next_step = where(self.under)
        with VerticalScroll(id="help"):
            yield Static(f"Help: {place}", id="help-title")
            if next_step:
                yield Static(next_step, id="help-next")
            yield Static("The keys here", classes="help-heading")
            yield KeysHere(self.under, keys_here(self.under, 80), id="help-keys")
            yield Static("Keys for a whole meeting", classes="help-heading")
            yield GuideText(laid_out(90), id="help-text")
            yield Static("Esc closes this help.", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
