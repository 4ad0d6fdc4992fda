"""The mapping: what are we worried about, what's working well, what needs to happen."""

from __future__ import annotations

from dataclasses import replace

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label, OptionList, Select, Static

from screens.keys import (
    EntryInput,
    focus_now,
    pass_on,
    type_into,
)
from screens.plain import Picker, plain, short
from screens.record_list import RecordList
from screens.step import StepPanel, typed_text
from sos_meeting import edits
from sos_meeting.changes import Change
from sos_meeting.conflicts import EditConflict
from sos_meeting.domain import (
    Category,
    Column,
    MapItem,
    MeetingRecord,
    Step,
    StepStatus,
    Wording,
    categories_for,
)
from sos_meeting.text import InputError, parse_date
from sos_meeting.writer import Edit

COLUMNS = (Column.WORRIES, Column.WORKING_WELL, Column.NEEDS, Column.GREY)
NO_CATEGORY = "none"


def item_content(item: MapItem, wording: Wording = Wording.SAFETY) -> Content:
    """An item as shown in its column: its category first, then its words; a next step
    also says who, by when, what became of it, and if it came from the last meeting."""
    words = plain(item.text)
    if item.category is not None:
        words = Content.assemble((f"{item.category.label_in(wording)}: ", "bold"), words)
    if not item.is_next_step:
        return words
    who = plain(short(item.owner, 30)) if item.owner else Content("no one named")
    when = f", by {item.due:%d %b %Y}" if item.due else ""
    extra = Content.assemble(" (", who, when, ")")
    if item.status is not StepStatus.OPEN:
        extra += Content.styled(f" [{item.status.label}]", "bold")
    if item.carried_from_id is not None:
        extra += Content.styled(" ↻ from last time", "italic")
    return words + extra


class ColumnList(RecordList):
    """One mapping column. Typing a letter in it starts a new item in this column with that
    letter, as a spreadsheet does."""

    def __init__(self, column: Column) -> None:
        super().__init__(id=f"column-{column.value}", classes="map-list")
        self.column = column
        self.shown: tuple[MapItem, ...] = ()
        self.wording = Wording.SAFETY

    def highlighted_id(self) -> int | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index].id

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls each class's handler in turn: this one first.
        if pass_on(self, event) or not event.is_printable:
            return
        step = self.query_ancestor(MappingStep)
        type_into(
            self,
            event,
            step.query_one("#map-input", EntryInput),
            lambda: step.start_typing(self.column),
        )

    def show_items(self, items: tuple[MapItem, ...], wording: Wording) -> None:
        if (items, wording) != (self.shown, self.wording):
            self.shown, self.wording = items, wording
            self.draw([item_content(i, wording) for i in items])


class MappingStep(StepPanel):
    """Three columns side by side (and what is not known yet); the focused one is widest."""

    STEP = Step.MAPPING
    BINDINGS = [
        Binding("ctrl+n", "add", "New item", id="map-add", tooltip="Add an item to this column"),
        Binding("enter", "edit", "Edit", id="map-edit", tooltip="Change this item"),
        Binding(
            "ctrl+k",
            "category",
            "Kind",
            id="map-category",
            tooltip="Change the item's kind (a worry, a strength, ...)",
        ),
        Binding("delete", "delete", "Delete", id="map-delete", tooltip="Delete this item"),
        Binding(
            "ctrl+z", "undo", "Undo delete", id="map-undo", tooltip="Bring back the last deletion"
        ),
        Binding(
            "ctrl+d",
            "decide",
            "Done?",
            id="map-decide",
            tooltip="A next step: open, done, not done or carried over",
        ),
        Binding("shift+up", "move(-1)", "Up", id="map-up", tooltip="Move the item up"),
        Binding("shift+down", "move(1)", "Down", id="map-down", tooltip="Move the item down"),
        Binding(
            "shift+left",
            "to_column(-1)",
            "◀ Move",
            id="map-left",
            tooltip="Move the item to the column on the left",
        ),
        Binding(
            "shift+right",
            "to_column(1)",
            "Move ▶",
            id="map-right",
            tooltip="Move the item to the column on the right",
        ),
        Binding("left", "column(-1)", "◀", id="map-prev", show=False),
        Binding("right", "column(1)", "▶", id="map-next", show=False),
    ]
    LIST_ACTIONS = frozenset(
        {"edit", "category", "delete", "undo", "move", "to_column", "column", "decide"}
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.target = Column.WORRIES
        self.editing: MapItem | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="map-columns"):
            for column in COLUMNS:
                with Vertical(classes="map-column", id=f"box-{column.value}") as box:
                    box.border_title = column.heading_in(self.record.meeting.kind)
                    yield ColumnList(column)
        with Horizontal(id="map-entry"):
            yield Label("Add to worries:", id="map-entry-label")
            yield EntryInput(placeholder="Type and press Enter", id="map-input")
            yield Picker[str]([("No category", NO_CATEGORY)], id="map-category", allow_blank=False)
        with Horizontal(id="map-step", classes="hidden"):
            yield Label("Who will do it:", classes="field-label")
            yield EntryInput(placeholder="name or role (optional)", id="map-owner", max_length=200)
            yield Label("By when:", classes="field-label")
            yield EntryInput(placeholder="YYYY-MM-DD (optional)", id="map-due", max_length=10)
        yield Static("", classes="step-error error")

    async def on_mount(self) -> None:
        await super().on_mount()
        self._retarget(Column.WORRIES)

    def focus_first(self) -> None:
        focus_now(self.query_one(f"#column-{self.target.value}", ColumnList))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.LIST_ACTIONS:
            focused = self.screen.focused
            return isinstance(focused, ColumnList) and focused in self.query(ColumnList)
        return True

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        for column in COLUMNS:
            self._show_column(column, record)

    async def changed(self, change: Change, record: MeetingRecord) -> None:
        before = self.record
        self.record = record
        for column in COLUMNS:
            if before.items_in(column) != record.items_in(column):
                self._show_column(column, record)

    def _show_column(self, column: Column, record: MeetingRecord) -> None:
        items = record.items_in(column)
        listing = self.query_one(f"#column-{column.value}", ColumnList)
        added = len(items) > len(listing.shown)
        listing.show_items(items, record.meeting.wording)
        box = self.query_one(f"#box-{column.value}")
        box.border_subtitle = f"{len(items)}" if items else ""
        if added and self.screen.focused is not listing:
            listing.highlighted = len(items) - 1  # the newest shows where the eye expects it

    def _retarget(self, column: Column) -> None:
        """Point the entry line at `column` and offer that column's categories."""
        self.target = column
        for box in self.query(".map-column"):
            box.set_class(box.id == f"box-{column.value}", "target")
        label = self.query_one("#map-entry-label", Label)
        label.update(f"Add to {column.short}:" if self.editing is None else "Edit:")
        options = [("No category", NO_CATEGORY)] + [
            (c.label_in(self.record.meeting.wording), c.value) for c in categories_for(column)
        ]
        select: Picker[str] = self.query_one("#map-category", Picker)
        select.offer(options, NO_CATEGORY)
        self.query_one("#map-step").set_class(column is not Column.NEEDS, "hidden")

    def on_descendant_focus(self) -> None:
        """The entry line follows the column the facilitator is in."""
        focused = self.screen.focused
        if (
            isinstance(focused, ColumnList)
            and self.editing is None
            and focused.column is not self.target
        ):
            self._retarget(focused.column)

    def start_typing(self, column: Column) -> None:
        """A new item in `column`: the cursor goes to the entry line at once."""
        if self.editing is not None:
            self.editing = None
            self.query_one("#map-input", EntryInput).value = ""
        if column is not self.target or self.editing is None:
            self._retarget(column)
        focus_now(self.query_one("#map-input", EntryInput))

    def _current(self) -> tuple[ColumnList, MapItem] | None:
        focused = self.screen.focused
        if not isinstance(focused, ColumnList):
            return None
        item_id = focused.highlighted_id()
        item = next((i for i in self.record.items if i.id == item_id), None)
        return (focused, item) if item else None

    @on(EntryInput.Submitted, "#map-input")
    def _text_done(self, event: EntryInput.Submitted) -> None:
        if not event.value.strip():
            self.problem("Please write what to add, then press Enter.")
            return
        if self.target is Column.NEEDS and self._category() in (None, Category.NEXT_STEP):
            focus_now(self.query_one("#map-owner", EntryInput))  # next steps: who, by when
            return
        self._submit()

    @on(EntryInput.Submitted, "#map-owner")
    def _owner_done(self) -> None:
        focus_now(self.query_one("#map-due", EntryInput))

    @on(EntryInput.Submitted, "#map-due")
    def _due_done(self) -> None:
        self._submit()

    def _category(self) -> Category | None:
        chosen = self.query_one("#map-category", Select).value
        return None if chosen in (NO_CATEGORY, Select.NULL) else Category(str(chosen))

    def _submit(self) -> None:
        """Capture what is typed, clear the boxes for the next entry, and ask for the save."""
        field = self.query_one("#map-input", EntryInput)
        owner_box = self.query_one("#map-owner", EntryInput)
        due_box = self.query_one("#map-due", EntryInput)
        text, owner, due_text = field.value, owner_box.value, due_box.value.strip()
        if not text.strip():
            self.problem("Please write what to add, then press Enter.")
            focus_now(field)
            return
        category = self._category()
        due = None
        needs = self.target is Column.NEEDS
        if needs and due_text:
            try:
                due = parse_date(due_text)
            except InputError as problem:
                self.problem(str(problem))
                focus_now(due_box)
                return
        if needs and (owner.strip() or due) and category is None:
            category = Category.NEXT_STEP
        is_step = needs and category is Category.NEXT_STEP
        meeting_id, editing, column = self.record.meeting.id, self.editing, self.target
        given = {"map-input": text, "map-owner": owner, "map-due": due_text}
        if editing is None:
            write = edits.add_item(
                meeting_id, column, text, category, owner=owner if is_step else "", due=due
            )
            what = f"added to {column.short}: “{short(text, 40)}”"
        else:
            write = edits.edit_item(
                meeting_id,
                editing.id,
                text,
                category,
                owner=owner if is_step else None,
                due=due,
                started_from=editing.version,
            )
            what = "item changed"
        self.submit(write, what, given=given)
        field.value = owner_box.value = due_box.value = ""
        if editing is None:
            focus_now(field)
        else:
            self.editing = None
            self._retarget(editing.column)
            focus_now(self.query_one(f"#column-{editing.column.value}", ColumnList))

    async def conflicted(self, edit: Edit, conflict: EditConflict) -> None:
        """Someone else changed this item while it was being edited here: keep theirs, take
        the other, or merge by hand (both versions and the choice are kept)."""
        meeting_id = self.record.meeting.id
        mine, theirs = dict(conflict.mine.fields), dict(conflict.theirs.fields)

        def item() -> MapItem | None:  # as it is when the choice is made
            return next((i for i in self.record.items if i.id == conflict.row_id), None)

        def keep() -> None:
            if (shown := item()) is None:
                return
            self.submit(
                edits.edit_item(
                    meeting_id,
                    shown.id,
                    mine["words"],
                    shown.category,
                    owner=mine.get("who", shown.owner) if shown.is_next_step else None,
                    due=shown.due,
                    started_from=conflict.theirs.version,
                ),
                "item changed (yours kept)",
                given={"map-input": mine["words"]},
            )

        def take() -> None:
            self.problem(f"Their words stay: “{short(theirs['words'], 60)}”.")

        def merge() -> None:  # yours in the box, theirs beside it, saved over theirs
            if (shown := item()) is None:
                return
            self.action_edit_item(replace(shown, version=conflict.theirs.version))
            self.query_one("#map-input", EntryInput).value = mine["words"]
            self.problem(
                f"Merge by hand. Theirs: “{theirs['words']}”. Change yours to hold what "
                "matters from both, then Enter."
            )

        self.choose(conflict, keep=keep, take=take, merge=merge)

    def unsaved(self) -> list[str]:
        text = self.query_one("#map-input", EntryInput).value
        return [typed_text(text)] if text.strip() and self.editing is None else []

    def leave_text(self) -> None:
        if self.editing is not None:
            self.editing = None
            self.query_one("#map-input", EntryInput).value = ""
            self._retarget(self.target)
        self.focus_first()

    def action_add(self) -> None:
        focused = self.screen.focused
        column = focused.column if isinstance(focused, ColumnList) else self.target
        self.editing = None
        self.start_typing(column)

    def action_edit(self) -> None:
        current = self._current()
        if current is None:
            return
        self.action_edit_item(current[1])

    def action_edit_item(self, item: MapItem) -> None:
        """Put `item` in the box to change its words (Enter saves, Esc cancels)."""
        self._retarget(item.column)
        self.editing = item
        self.query_one("#map-entry-label", Label).update("Edit (Esc to cancel):")
        self.query_one("#map-category", Select).value = (
            item.category.value if item.category else NO_CATEGORY
        )
        self.query_one("#map-owner", EntryInput).value = item.owner
        self.query_one("#map-due", EntryInput).value = item.due.isoformat() if item.due else ""
        field = self.query_one("#map-input", EntryInput)
        field.value = item.text
        focus_now(field)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, ColumnList):
            self.action_edit()

    def action_category(self) -> None:
        current = self._current()
        if current is None:
            return
        _, item = current
        choices: list[Category | None] = [None, *categories_for(item.column)]
        new = choices[(choices.index(item.category) + 1) % len(choices)]
        label = new.label_in(self.record.meeting.wording) if new else "no category"
        # The words, who and when stay as they are: only the kind changes.
        self.submit(
            edits.edit_item(self.record.meeting.id, item.id, item.text, new),
            f"marked as {label}",
        )

    def action_decide(self) -> None:
        current = self._current()
        if current is None or not current[1].is_next_step:
            self.problem("Only next steps (in what needs to happen) are marked done or not.")
            return
        _, item = current
        order = list(StepStatus)
        new = order[(order.index(item.status) + 1) % len(order)]
        self.submit(
            edits.decide_next_step(self.record.meeting.id, item.id, new), f"next step {new.label}"
        )

    def action_delete(self) -> None:
        current = self._current()
        if current is None:
            return
        _, item = current
        self.submit(
            edits.delete_item(self.record.meeting.id, item.id),
            f"deleted “{short(item.text, 30)}”. Press ctrl+z to undo",
        )

    def action_undo(self) -> None:
        if not self.record.deleted_items:
            self.problem("Nothing deleted to bring back.")
            return
        item = self.record.deleted_items[-1]
        self.submit(edits.restore_item(self.record.meeting.id, item.id), "brought back")

    def action_move(self, steps: int) -> None:
        current = self._current()
        if current is None:
            return
        listing, item = current
        self.submit(edits.move_item(self.record.meeting.id, item.id, steps), "order changed")
        if listing.highlighted is not None:
            listing.highlighted = max(0, min(len(listing.shown) - 1, listing.highlighted + steps))

    def action_to_column(self, direction: int) -> None:
        current = self._current()
        if current is None:
            return
        _, item = current
        target = COLUMNS[(COLUMNS.index(item.column) + direction) % len(COLUMNS)]
        self.submit(
            edits.move_item_to(self.record.meeting.id, item.id, target), f"moved to {target.short}"
        )
        focus_now(self.query_one(f"#column-{target.value}", ColumnList))

    def action_column(self, direction: int) -> None:
        focused = self.screen.focused
        if not isinstance(focused, ColumnList):
            return
        target = COLUMNS[(COLUMNS.index(focused.column) + direction) % len(COLUMNS)]
        focus_now(self.query_one(f"#column-{target.value}", ColumnList))
