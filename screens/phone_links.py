"""The links to hand out for a round scored from phones: on screen one at a time with a QR
code each, or every one on a page to print."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.phones import PLAIN_HTTP, PhoneState
from screens.plain import plain, short


def print_page(title: str, room_url: str, code: str, people: list[tuple[str, str]]) -> str:
    """Every link of the round on one page to print: the room link and code, then each
    person's own link and code (the page is deleted when the round stops taking phones)."""
    from html import escape

    from sos_meeting.phones.pages import page
    from sos_meeting.phones.qr import qr_svg

    cards = [
        "<div style='break-inside:avoid;margin:1em 0'>"
        f"<h2>{escape(label)}</h2>{qr_svg(url)}<p>{escape(url)}</p></div>"
        for label, url in people
    ]
    return page(
        title,
        f"<h1>{escape(title)}</h1><p>Cut along the lines; give each person only their own.</p>"
        f"<div style='border-bottom:2px dashed #555'><h2>Everyone (choose your own name)</h2>"
        f"{qr_svg(room_url)}<p>{escape(room_url)}</p><p>Code: <b>{escape(code)}</b></p></div>"
        + "<div style='border-bottom:2px dashed #555'></div>".join(cards),
    )


class PhoneLinks(ModalScreen[str | None]):
    """The links to hand out, one at a time: the room's (with its code), then each
    person's. Dismissed with 'stop' when the facilitator stops taking phones."""

    BINDINGS = [
        Binding("right,down,n", "move(1)", "Next", id="phones-next"),
        Binding("left,up,p", "move(-1)", "Back", id="phones-back"),
        Binding("ctrl+w", "print", "Page to print", id="phones-print"),
        Binding("ctrl+x", "stop", "Stop phones", id="phones-stop"),
        Binding("escape", "close", "Back to the round", id="phones-close"),
    ]

    def __init__(self, state: PhoneState, people: list[tuple[str, str]], title: Content) -> None:
        super().__init__()
        self.state = state
        self.people = people
        self.title_text = title
        self.at = 0

    def compose(self) -> ComposeResult:
        from screens.key_bar import KeyBar

        with Vertical(id="phones"):
            yield Static(id="phones-title")
            with Horizontal(id="phones-body"):
                yield Static(id="phones-qr")
                yield Static(id="phones-words")
            yield Static(id="phones-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        from sos_meeting.phones.qr import qr_lines

        state = self.state
        pages = len(self.people) + 1
        title = Content.assemble(
            ("Score from phones", "bold"), f" · {self.at + 1} of {pages} · ", self.title_text
        )
        self.query_one("#phones-title", Static).update(title)
        if self.at == 0:
            url = state.room_url
            words = Content.assemble(
                ("Everyone", "bold"),
                "\n\nScan, or open:\n",
                (url, "bold"),
                "\n\nthen type the code\n",
                (" ".join(state.code), "bold reverse"),
                "\n\nand choose your own name.",
            )
        else:
            label, url = self.people[self.at - 1]
            words = Content.assemble(
                ("Only for ", ""),
                plain(short(label, 60)).stylize("bold"),
                "\n\nScan, or open:\n",
                (url, "bold"),
                "\n\nThis link works for this person, in this round only.",
            )
        self.query_one("#phones-qr", Static).update(
            Content("\n".join(qr_lines(url))).stylize("#000000 on #ffffff")
        )
        self.query_one("#phones-words", Static).update(words)
        note = (
            "→ next person, ← back · the laptop's round fills as answers arrive; "
            "numbers stay hidden until ctrl+r."
        )
        if not state.secure:
            note = f"{PLAIN_HTTP}\n{note}"
        self.query_one("#phones-note", Static).update(note)

    def action_move(self, step: int) -> None:
        self.at = (self.at + step) % (len(self.people) + 1)
        self._show()

    def action_print(self) -> None:
        self.dismiss("print")

    def action_stop(self) -> None:
        self.dismiss("stop")

    def action_close(self) -> None:
        self.dismiss(None)
