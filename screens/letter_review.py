"""Reading a letter to the family before it is written: how each person is named, then every
passage of free text with names and a child's reported words marked, each kept, reworded or
left out. The choices are recorded with the meeting; only then is the letter written."""

from __future__ import annotations

import re

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static, TextArea

from screens.key_bar import KeyBar
from screens.plain import plain
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import MeetingRecord
from sos_meeting.exports.family_letter import Choice, Decided, Passage, letter_names, passages

CHOICES = (Choice.KEEP, Choice.REWORD, Choice.LEAVE_OUT)


def marked(passage: Passage) -> Content:
    """The passage with each name reversed and what a child is reported to have said
    underlined (marked in shape, not colour alone)."""
    text = passage.text
    spans: list[tuple[int, int, str]] = []
    for sentence in passage.reported:
        at = text.find(sentence)
        if at >= 0:
            spans.append((at, at + len(sentence), "underline italic"))
    for name in passage.names:
        for found in re.finditer(rf"(?<![\w]){re.escape(name)}(?![\w])", text):
            spans.append((found.start(), found.end(), "bold reverse"))
    content = Content(text)
    for start, end, style in spans:
        content = content.stylize(style, start, end)
    return content


class PassageChoice(Vertical):
    """One passage: where it goes, its words marked, and the choice for it."""

    def __init__(self, number: int, passage: Passage, decided: Decided | None) -> None:
        super().__init__(classes="passage")
        self.number = number
        self.passage = passage
        self.decided = decided

    def compose(self) -> ComposeResult:
        passage, decided = self.passage, self.decided
        yield Static(Content.assemble((f"{self.number}. {passage.where}", "bold")), classes="where")
        yield Static(marked(passage), classes="words")
        if passage.reported:
            yield Static(
                "What a child is reported to have said (underlined) goes to everyone who reads "
                "the letter. Is that right for this family?",
                classes="hint",
            )
        with RadioSet(classes="choice"):
            for choice in CHOICES:
                yield RadioButton(
                    choice.label, value=decided is not None and decided.choice is choice
                )
        reworded = decided.words if decided and decided.choice is Choice.REWORD else passage.text
        area = TextArea(reworded, classes="reword", soft_wrap=True)
        area.display = decided is not None and decided.choice is Choice.REWORD
        yield area

    @on(RadioSet.Changed)
    def _chose(self, event: RadioSet.Changed) -> None:
        """Keep or leave out: on to the next passage; reword: into the words to change."""
        rewording = event.index == CHOICES.index(Choice.REWORD)
        area = self.query_one(TextArea)
        area.display = rewording
        if not event.radio_set.has_focus:
            return  # chosen by the app (a review read back), not by a key
        if rewording:
            area.focus()
        else:
            self.screen.focus_next()

    def choice(self) -> Decided | None:
        """The choice made, with the new words if reworded (None: not chosen yet)."""
        index = self.query_one(RadioSet).pressed_index
        if index < 0:
            return None
        choice = CHOICES[index]
        words = self.query_one(TextArea).text if choice is Choice.REWORD else ""
        return Decided(choice, words, self.passage.text)


class LetterReview(Screen[bool]):
    """Every passage of the letter, each to keep, reword or leave out. Returns True once the
    choices are recorded (then the letter can be written)."""

    BINDINGS = [
        Binding("ctrl+s", "done", "Record and write", id="letter-done"),
        Binding("escape", "cancel", "Cancel", id="letter-cancel"),
    ]

    def __init__(self, db: Database, record: MeetingRecord) -> None:
        super().__init__()
        self.db = db
        self.record = record
        decided, chosen = store.letter_review(db, record.meeting.id)
        self.decided = decided
        self.names = letter_names(record, chosen)
        self.passages = passages(record, self.names)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="letter"):
            yield Static("A letter to the family: read it before it is written", id="letter-title")
            yield Static(
                "Names are shown reversed. Choose for each passage: keep it, reword it, or leave "
                "it out. Nothing is written until every passage has a choice.",
                classes="hint",
            )
            yield Static("How the letter names each person", classes="help-heading")
            for person in self.record.participants:
                with Horizontal(classes="letter-name"):
                    yield Label(plain(person.label), classes="field-label")
                    yield Input(
                        self.names.get(person.id, ""), id=f"name-{person.id}", max_length=200
                    )
            yield Static("What the letter says", classes="help-heading")
            if not self.passages:
                yield Static("The letter has no free text to read.", classes="hint")
            for number, passage in enumerate(self.passages, start=1):
                decided = self.decided.get(passage.key)
                still = decided if decided is not None and decided.text == passage.text else None
                yield PassageChoice(number, passage, still)
            yield Static("", id="letter-problem", classes="step-error error")
            with Horizontal(classes="buttons"):
                yield Button("Record and write the letter (ctrl+s)", id="letter-write")
                yield Button("Cancel (Esc)", id="letter-close")
        yield KeyBar()

    def on_mount(self) -> None:
        first = self.query(Input)
        if first:
            first.first().focus()

    def _problem(self, words: str) -> None:
        """Said under the passages and where the facilitator is looking (the screen may
        have scrolled to the passage it is about)."""
        self.query_one("#letter-problem", Static).update(plain(words))
        self.notify(words, title="The letter", severity="warning", markup=False)

    @on(Button.Pressed, "#letter-write")
    def action_done(self) -> None:
        problem = self.query_one("#letter-problem", Static)
        names = {
            person.id: self.query_one(f"#name-{person.id}", Input).value.strip()
            for person in self.record.participants
        }
        unnamed = [p.label for p in self.record.participants if not names[p.id]]
        if unnamed:
            self._problem(f"Say how the letter names {unnamed[0]}.")
            return
        decided: dict[str, Decided] = {}
        for widget in self.query(PassageChoice).results(PassageChoice):
            choice = widget.choice()
            if choice is None:
                self._problem(
                    f"Passage {widget.number} ({widget.passage.where}) has no choice yet."
                )
                widget.query_one(RadioSet).focus()
                return
            if choice.choice is Choice.REWORD and not choice.words.strip():
                self._problem(f"Passage {widget.number}: write the new words, or keep it.")
                return
            decided[widget.passage.key] = choice
        renamed = any(names[p.id] != self.names.get(p.id) for p in self.record.participants)
        if renamed:
            # Names changed: the passages read differently, so they are read again.
            self.names = letter_names(self.record, names)
            problem.update(
                "The names changed: read the passages again as they now read, then ctrl+s."
            )
            self.passages = passages(self.record, self.names)
            self.decided = decided
            self.refresh(recompose=True)
            return
        problem.update("Recording your choices…")
        self._record(decided, names)

    @work(thread=True, exclusive=True, group="letter", exit_on_error=False)
    def _record(self, decided: dict[str, Decided], names: dict[int, str]) -> None:
        try:
            store.record_letter_review(self.db, self.record.meeting.id, decided, names)
        except (store.StorageError, ValueError) as error:
            self.app.call_from_thread(
                self.query_one("#letter-problem", Static).update, plain(f"Not recorded: {error}")
            )
            return
        self.app.call_from_thread(self.dismiss, True)

    @on(Button.Pressed, "#letter-close")
    def action_cancel(self) -> None:
        self.dismiss(False)
