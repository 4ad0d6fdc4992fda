"""A choice made with one key (or the arrows), shown as a row of options; Enter moves on.

Enter hands over like an entry box does: keys typed after it wait until the screen has
acted on the choice and moved the cursor on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from screens.keys import begin_hand_over, pass_on

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    """The letter that chooses it (shown underlined in the label)."""
    label: str
    value: T


class OneKeyChoice(Widget, Generic[T], can_focus=True):
    """Shows the options; a letter or an arrow chooses, Enter posts `Submitted`."""

    DEFAULT_CSS = """
    OneKeyChoice {
        height: 3;
        width: auto;
        padding: 1 1 0 1;
    }
    OneKeyChoice:focus {
        background: $accent 30%;
    }
    """

    BINDINGS = [
        Binding("left", "step(-1)", "◀", show=False),
        Binding("right", "step(1)", "▶", show=False),
    ]

    OWN_KEYS = frozenset({"enter"})
    """Handled here, in order with the letters (see screens.keys)."""
    TITLE = ""
    OPTIONS: tuple[Option[T], ...] = ()

    value: reactive[T | None] = reactive(None)

    @dataclass
    class Submitted(Message):
        """Enter: the facilitator is done with this choice."""

        choice: OneKeyChoice[object]

        @property
        def control(self) -> OneKeyChoice[object]:
            return self.choice

    def render(self) -> Content:
        parts: list[Content] = [Content.styled(f"{self.TITLE}: ", "bold")] if self.TITLE else []
        for option in self.OPTIONS:
            chosen = option.value == self.value
            at = option.label.lower().find(option.key)
            label = (
                Content.assemble(
                    option.label[:at],
                    (option.label[at], "bold underline"),
                    option.label[at + 1 :],
                )
                if at >= 0
                else Content(option.label)
            )
            text = Content.assemble("● " if chosen else "○ ", label, "  ")
            parts.append(text.stylize("reverse") if chosen else text)
        return Content("").join(parts)

    async def _on_key(self, event: events.Key) -> None:
        if pass_on(self, event):
            return
        if event.key == "enter":
            begin_hand_over(self, event)  # the app lets go once Submitted is handled
            self.post_message(self.Submitted(self))  # type: ignore[arg-type]
            return
        for option in self.OPTIONS:
            if event.key == option.key:
                event.stop()
                event.prevent_default()
                self.value = option.value
                return

    def action_step(self, direction: int) -> None:
        values = [o.value for o in self.OPTIONS]
        index = values.index(self.value) if self.value in values else -1
        self.value = values[(index + direction) % len(values)]
