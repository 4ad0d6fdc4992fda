"""A conference hears the parents' views and the child's views before the scaling: each is
recorded on its own, with how it came (the child's own words, Three Houses, Words and
Pictures) and, for the child's, who gathered it and when."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import OptionList, Static, TextArea

from screens.choice import OneKeyChoice, Option
from screens.keys import EntryInput, act_in_turn, focus_now, pass_on, type_into
from screens.plain import plain, short
from screens.record_list import RecordList
from screens.step import StepPanel, typed_text
from sos_meeting import edits
from sos_meeting.domain import Group, MeetingRecord, Step
from sos_meeting.text import InputError
from sos_meeting.voices import Views, Voice, VoiceForm, Whose, problems


class WhoseChoice(OneKeyChoice[Whose]):
    OPTIONS = (
        Option("p", "Parent", Whose.PARENT),
        Option("c", "Child", Whose.CHILD),
    )


class HowChoice(OneKeyChoice[VoiceForm]):
    TITLE = "How"
    OPTIONS = (
        Option("o", "Own words", VoiceForm.WORDS),
        Option("w", "Written", VoiceForm.WRITTEN),
        Option("h", "Three Houses", VoiceForm.THREE_HOUSES),
        Option("p", "Words and Pictures", VoiceForm.WORDS_AND_PICTURES),
    )


HINT = "Each parent's and child's views, recorded on its own before the scaling."
NEW_PLACEHOLDER = "The views, as they were given (ctrl+s saves)"

FIELDS = ("voice-name", "voice-by", "voice-on")
"""The form's text boxes, in the order Enter goes through them (then the views)."""


class VoicesList(RecordList):
    """The views recorded. Typing here starts new views with that key (p or c: whose)."""

    async def _on_key(self, event: events.Key) -> None:
        if pass_on(self, event) or not event.is_printable:
            return
        step = self.query_ancestor(VoicesStep)
        type_into(self, event, step.query_one("#voice-whose", WhoseChoice), step.clear_form)


def voice_entry(number: int, voice: Voice) -> Content:
    """One record of views as the list shows it: whose, how, then the words."""
    heading = Content.assemble(
        (f"{number}. {voice.whose.label}: {short(voice.name, 40)}", "bold"),
        (f" · {short(voice.source(), 90)}", "dim"),
    )
    return Content("\n").join([heading, plain(short(" ".join(voice.text.split()), 300))])


class VoicesStep(StepPanel):
    """The parents' and the child's views, in the order they are heard; ctrl+s saves."""

    STEP = Step.VOICES
    BINDINGS = [
        Binding(
            "ctrl+s",
            "save_voice",
            "Save views",
            id="voice-save",
            tooltip="Save these views as typed",
            priority=True,  # in turn with the keys typed before it
        ),
        Binding("ctrl+n", "new", "New", id="voice-new", tooltip="Start a new record of views"),
        Binding(
            "shift+up", "move(-1)", "Earlier", id="voice-up", tooltip="Move earlier in the order"
        ),
        Binding(
            "shift+down", "move(1)", "Later", id="voice-down", tooltip="Move later in the order"
        ),
        Binding(
            "delete", "remove", "Remove", id="voice-remove", tooltip="Remove views added by mistake"
        ),
    ]
    LIST_ACTIONS = frozenset({"move", "remove"})

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.editing: Voice | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            HINT,
            classes="hint",
            id="voices-hint",
        )
        yield VoicesList(id="voices")
        with Horizontal(classes="voice-row"):
            yield WhoseChoice(id="voice-whose")
            yield EntryInput(placeholder="Whose views (a name)", id="voice-name", max_length=200)
        with Horizontal(classes="voice-row"):
            yield HowChoice(id="voice-how")
        with Horizontal(classes="voice-row"):
            yield EntryInput(
                placeholder="Gathered by (for the child's)", id="voice-by", max_length=200
            )
            yield EntryInput(placeholder="On (YYYY-MM-DD)", id="voice-on", max_length=20)
        yield TextArea(
            id="voice-text", soft_wrap=True, show_line_numbers=False, placeholder=NEW_PLACEHOLDER
        )
        yield Static("", classes="step-error error")

    async def on_mount(self) -> None:
        self.query_one("#voice-how", HowChoice).value = VoiceForm.WORDS
        self.watch(
            self.query_one("#voice-whose", WhoseChoice), "value", self._whose_chosen, init=False
        )
        await super().on_mount()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.LIST_ACTIONS:
            return self.query_one("#voices").has_focus and bool(self.record.voices)
        return True

    def focus_first(self) -> None:
        target = "#voices" if self.record.voices else "#voice-whose"
        focus_now(self.query_one(target))

    def unsaved(self) -> list[str]:
        text = self.query_one("#voice-text", TextArea).text
        saved = self.editing.text if self.editing else ""
        return [typed_text(text)] if text.strip() and text != saved else []

    def leave_text(self) -> None:
        focus_now(self.query_one("#voices" if self.record.voices else "#voice-whose"))

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        self.query_one("#voices", RecordList).draw(
            [voice_entry(n, v) for n, v in enumerate(record.voices, start=1)]
        )
        self._suggest()

    def _suggest(self) -> None:
        """Offer the children's names, or the family's, as the name is typed."""
        whose = self.query_one("#voice-whose", WhoseChoice).value
        record = self.record
        if whose is Whose.CHILD:
            names = list(record.children)
        else:
            names = [p.name for p in record.participants if p.group is Group.FAMILY]
        self.query_one("#voice-name", EntryInput).suggester = (
            SuggestFromList(names, case_sensitive=False) if names else None
        )

    def highlighted(self) -> Voice | None:
        index = self.query_one("#voices", RecordList).highlighted
        voices = self.record.voices
        return voices[index] if index is not None and 0 <= index < len(voices) else None

    # Moving through the form --------------------------------------------------------------

    def _whose_chosen(self, whose: Whose | None) -> None:
        """A parent's views cannot be Three Houses or Words and Pictures: back to their own
        words when a parent is chosen after a child."""
        how = self.query_one("#voice-how", HowChoice)
        if whose is Whose.PARENT and how.value is not None and how.value.for_children_only:
            how.value = VoiceForm.WORDS
        self._suggest()

    @on(OneKeyChoice.Submitted, "#voice-whose")
    def _whose_done(self) -> None:
        self._suggest()
        focus_now(self.query_one("#voice-name", EntryInput))

    @on(EntryInput.Submitted, "#voice-name")
    def _name_done(self) -> None:
        focus_now(self.query_one("#voice-how", HowChoice))

    @on(OneKeyChoice.Submitted, "#voice-how")
    def _how_done(self) -> None:
        focus_now(self.query_one("#voice-by", EntryInput))

    @on(EntryInput.Submitted, "#voice-by")
    def _by_done(self) -> None:
        focus_now(self.query_one("#voice-on", EntryInput))

    @on(EntryInput.Submitted, "#voice-on")
    def _on_done(self) -> None:
        focus_now(self.query_one("#voice-text", TextArea))

    # Saving -------------------------------------------------------------------------------

    def action_save_voice(self) -> None:
        act_in_turn(self, self._save)

    def _save(self) -> None:
        whose_choice = self.query_one("#voice-whose", WhoseChoice)
        whose = whose_choice.value
        name_box = self.query_one("#voice-name", EntryInput)
        text_box = self.query_one("#voice-text", TextArea)
        by = self.query_one("#voice-by", EntryInput).value
        form = self.query_one("#voice-how", HowChoice).value or VoiceForm.WORDS
        if whose is None:
            self.problem("Choose whose views these are: p (a parent) or c (the child).")
            focus_now(whose_choice)
            return
        if not name_box.value.strip():
            self.problem(f"Please write whose views these are ({whose.label.lower()}).")
            focus_now(name_box)
            return
        if not text_box.text.strip():
            self.problem("Please write the views, then ctrl+s.")
            focus_now(text_box)
            return
        try:
            on_day = self.day_in("voice-on")
        except InputError:
            return
        problem = problems(whose, form, by, on_day)
        if problem:
            self.problem(f"Not saved: {problem}")
            focus_now(self.query_one("#voice-by" if whose is Whose.CHILD else "#voice-how"))
            return
        given = {
            "voice-name": name_box.value,
            "voice-by": by,
            "voice-on": self.query_one("#voice-on", EntryInput).value,
            "voice-text": text_box.text,
        }
        views = Views(whose, name_box.value, form, text_box.text, by, on_day)
        if self.editing is None:
            write = edits.add_voice(self.record.meeting.id, views)
            what = f"{whose.label.lower()} ({short(name_box.value.strip(), 30)})"
        else:
            write = edits.change_voice(self.editing.id, views)
            what = "the views corrected"
        self.submit(write, what, given=given)
        self.clear_form()
        focus_now(whose_choice)

    def clear_form(self) -> None:
        """Empty the form for the next views; whose and how stay, as the next are often
        of the same kind."""
        for box_id in FIELDS:
            self.query_one(f"#{box_id}", EntryInput).value = ""
        self.query_one("#voice-text", TextArea).text = ""
        self.editing = None
        self.query_one("#voices-hint", Static).update(HINT)

    def action_new(self) -> None:
        self.clear_form()
        focus_now(self.query_one("#voice-whose", WhoseChoice))

    @on(OptionList.OptionSelected, "#voices")
    def _edit(self) -> None:
        voice = self.highlighted()
        if voice is None:
            return
        self.editing = voice
        self.query_one("#voice-whose", WhoseChoice).value = voice.whose
        self.query_one("#voice-how", HowChoice).value = voice.form
        self.query_one("#voice-name", EntryInput).value = voice.name
        self.query_one("#voice-by", EntryInput).value = voice.gathered_by
        on_day = voice.gathered_on
        self.query_one("#voice-on", EntryInput).value = on_day.isoformat() if on_day else ""
        text = self.query_one("#voice-text", TextArea)
        text.text = voice.text
        self.query_one("#voices-hint", Static).update(
            Content.assemble(
                ("Correcting ", "bold"),
                f"{voice.whose.label.lower()} ({short(voice.name, 30)}): "
                "ctrl+s saves, ctrl+n starts new views instead.",
            )
        )
        self._suggest()
        focus_now(text)

    def action_move(self, steps: int) -> None:
        voice = self.highlighted()
        if voice is None:
            return
        views = self.query_one("#voices", RecordList)
        self.submit(edits.move_voice(voice.id, steps), "order changed")
        views.highlighted = max(
            0, min(len(self.record.voices) - 1, (views.highlighted or 0) + steps)
        )

    def action_remove(self) -> None:
        from screens.dialogs import Confirm

        voice = self.highlighted()
        if voice is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.submit(edits.remove_voice(voice.id), "views removed")

        self.app.push_screen(
            Confirm(f"Remove {voice.whose.label.lower()} ({short(voice.name, 30)})?", "Remove"),
            confirmed,
        )
