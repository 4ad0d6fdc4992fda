"""The mapping: what are we worried about, what's working well, what needs to happen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, ListItem, ListView, Select, Static

from screens.plain import plain, short
from screens.step import StepPanel
from sos_meeting import store
from sos_meeting.domain import (
    Category,
    Column,
    MapItem,
    MeetingRecord,
    StepStatus,
    categories_for,
)
from sos_meeting.text import InputError, parse_date

COLUMNS = (Column.WORRIES, Column.WORKING_WELL, Column.NEEDS, Column.GREY)
NO_CATEGORY = "none"


def item_content(item: MapItem) -> Content:
    """An item as shown in its column: its category first, then its words; a next step
    also says who, by when, what became of it, and if it came from the last meeting."""
    words = plain(item.text)
    if item.category is not None:
        words = Content.assemble((f"{item.category.label}: ", "bold"), words)
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


class ColumnList(ListView):
    """One mapping column; its items carry their ids."""

    def __init__(self, column: Column) -> None:
        super().__init__(id=f"column-{column.value}", classes="map-list")
        self.column = column
        self.item_ids: list[int] = []

    def highlighted_id(self) -> int | None:
        index = self.index
        if index is None or not 0 <= index < len(self.item_ids):
            return None
        return self.item_ids[index]


class MappingStep(StepPanel):
    """Three columns side by side (and what is not known yet); the focused one is widest."""

    BINDINGS = [
        Binding("n", "add", "Add", id="map-add", tooltip="Add an item to this column"),
        Binding("e", "edit", "Edit", id="map-edit", tooltip="Change this item"),
        Binding(
            "c",
            "category",
            "Category",
            id="map-category",
            tooltip="Change the item's category (harm, strength, ...)",
        ),
        Binding("delete", "delete", "Delete", id="map-delete", tooltip="Delete this item"),
        Binding("u", "undo", "Undo delete", id="map-undo", tooltip="Bring back the last deletion"),
        Binding(
            "x",
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
        {"add", "edit", "category", "delete", "undo", "move", "to_column", "column", "decide"}
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.target = Column.WORRIES
        self.editing: MapItem | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="map-columns"):
            for column in COLUMNS:
                with Vertical(classes="map-column", id=f"box-{column.value}") as box:
                    box.border_title = column.heading
                    yield ColumnList(column)
        with Horizontal(id="map-entry"):
            yield Label("Add to worries:", id="map-entry-label")
            yield Input(placeholder="Type and press Enter", id="map-input")
            yield Select[str]([("No category", NO_CATEGORY)], id="map-category", allow_blank=False)
        with Horizontal(id="map-step", classes="hidden"):
            yield Label("Who will do it:", classes="field-label")
            yield Input(placeholder="name or role (optional)", id="map-owner", max_length=200)
            yield Label("By when:", classes="field-label")
            yield Input(placeholder="YYYY-MM-DD (optional)", id="map-due", max_length=10)
        yield Static("", classes="step-error error")

    async def on_mount(self) -> None:
        await super().on_mount()
        self._retarget(Column.WORRIES)

    def focus_first(self) -> None:
        self.query_one(f"#column-{self.target.value}", ColumnList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.LIST_ACTIONS:
            focused = self.screen.focused
            return isinstance(focused, ColumnList) and focused in self.query(ColumnList)
        return True

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        for column in COLUMNS:
            listing = self.query_one(f"#column-{column.value}", ColumnList)
            items = record.items_in(column)
            index = listing.index or 0
            await listing.clear()
            listing.item_ids = [i.id for i in items]
            await listing.extend(
                ListItem(Static(item_content(i), classes="map-item")) for i in items
            )
            box = self.query_one(f"#box-{column.value}")
            box.border_subtitle = f"{len(items)}" if items else ""
            if items:
                listing.index = min(index, len(items) - 1)

    def _retarget(self, column: Column) -> None:
        """Point the entry line at `column` and offer that column's categories."""
        self.target = column
        for box in self.query(".map-column"):
            box.set_class(box.id == f"box-{column.value}", "target")
        label = self.query_one("#map-entry-label", Label)
        label.update(f"Add to {column.short}:" if self.editing is None else "Edit:")
        options = [("No category", NO_CATEGORY)] + [
            (c.label, c.value) for c in categories_for(column)
        ]
        select = self.query_one("#map-category", Select)
        select.set_options(options)
        select.value = NO_CATEGORY
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

    def _current(self) -> tuple[ColumnList, MapItem] | None:
        focused = self.screen.focused
        if not isinstance(focused, ColumnList):
            return None
        item_id = focused.highlighted_id()
        item = next((i for i in self.record.items if i.id == item_id), None)
        return (focused, item) if item else None

    @on(Input.Submitted, "#map-input")
    async def _text_done(self) -> None:
        if self.target is Column.NEEDS and self.query_one("#map-input", Input).value.strip():
            self.query_one("#map-owner", Input).focus()  # next steps say who and by when
            return
        await self._submit()

    @on(Input.Submitted, "#map-owner")
    def _owner_done(self) -> None:
        self.query_one("#map-due", Input).focus()

    @on(Input.Submitted, "#map-due")
    async def _submit(self) -> None:
        field = self.query_one("#map-input", Input)
        chosen = self.query_one("#map-category", Select).value
        category = None if chosen in (NO_CATEGORY, Select.NULL) else Category(str(chosen))
        owner_box, due_box = self.query_one("#map-owner", Input), self.query_one("#map-due", Input)
        owner, due_text = owner_box.value, due_box.value.strip()
        due = None
        if self.target is Column.NEEDS and due_text:
            try:
                due = parse_date(due_text)
            except InputError as problem:
                self.problem(str(problem))
                due_box.focus()
                return
        if self.target is Column.NEEDS and (owner.strip() or due) and category is None:
            category = Category.NEXT_STEP
        step = self.target is Column.NEEDS and category is Category.NEXT_STEP
        editing = self.editing
        meeting_id = self.record.meeting.id

        def write() -> None:
            if editing is None:
                item = store.add_item(self.db, meeting_id, self.target, field.value, category)
            else:
                item = store.edit_item(self.db, editing.id, field.value, category)
            if step:
                store.set_next_step(self.db, item.id, owner=owner, due=due)

        what = (
            f"added to {self.target.short}: “{short(field.value, 40)}”"
            if editing is None
            else "item changed"
        )
        if not await self.save(write, what, on_error=field):
            return
        field.value = ""
        owner_box.value = ""
        due_box.value = ""
        if editing is None:
            field.focus()
        if editing is not None:
            self.editing = None
            self._retarget(editing.column)
            self.focus_first()
        else:
            listing = self.query_one(f"#column-{self.target.value}", ColumnList)
            listing.index = len(listing.item_ids) - 1

    def leave_text(self) -> None:
        if self.editing is not None:
            self.editing = None
            self.query_one("#map-input", Input).value = ""
            self._retarget(self.target)
        self.focus_first()

    def action_add(self) -> None:
        self.editing = None
        self._retarget(self.target)
        self.query_one("#map-input", Input).focus()

    def action_edit(self) -> None:
        current = self._current()
        if current is None:
            return
        _, item = current
        self._retarget(item.column)
        self.editing = item
        self.query_one("#map-entry-label", Label).update("Edit (Esc to cancel):")
        self.query_one("#map-category", Select).value = (
            item.category.value if item.category else NO_CATEGORY
        )
        self.query_one("#map-owner", Input).value = item.owner
        self.query_one("#map-due", Input).value = item.due.isoformat() if item.due else ""
        field = self.query_one("#map-input", Input)
        field.value = item.text
        field.focus()

    @on(ListView.Selected)
    def _selected(self, event: ListView.Selected) -> None:
        if isinstance(event.list_view, ColumnList):
            self.action_edit()

    async def action_category(self) -> None:
        current = self._current()
        if current is None:
            return
        _, item = current
        choices: list[Category | None] = [None, *categories_for(item.column)]
        new = choices[(choices.index(item.category) + 1) % len(choices)]
        label = new.label if new else "no category"
        await self.save(
            lambda: store.edit_item(self.db, item.id, item.text, new), f"marked as {label}"
        )

    async def action_decide(self) -> None:
        current = self._current()
        if current is None or not current[1].is_next_step:
            self.problem("Only next steps (in what needs to happen) are marked done or not.")
            return
        _, item = current
        order = list(StepStatus)
        new = order[(order.index(item.status) + 1) % len(order)]
        await self.save(
            lambda: store.decide_next_step(self.db, item.id, new), f"next step {new.label}"
        )

    async def action_delete(self) -> None:
        current = self._current()
        if current is None:
            return
        _, item = current
        await self.save(
            lambda: store.delete_item(self.db, item.id),
            f"deleted “{short(item.text, 30)}”. Press u to undo",
        )

    async def action_undo(self) -> None:
        if not self.record.deleted_items:
            self.problem("Nothing deleted to bring back.")
            return
        item = self.record.deleted_items[-1]
        if await self.save(lambda: store.restore_item(self.db, item.id), "brought back"):
            listing = self.query_one(f"#column-{item.column.value}", ColumnList)
            if item.id in listing.item_ids:
                listing.index = listing.item_ids.index(item.id)
            listing.focus()

    async def action_move(self, steps: int) -> None:
        current = self._current()
        if current is None:
            return
        listing, item = current
        if await self.save(lambda: store.move_item(self.db, item.id, steps), "order changed"):
            pass
        if item.id in listing.item_ids:
            listing.index = listing.item_ids.index(item.id)

    async def action_to_column(self, direction: int) -> None:
        current = self._current()
        if current is None:
            return
        _, item = current
        target = COLUMNS[(COLUMNS.index(item.column) + direction) % len(COLUMNS)]
        moved = await self.save(
            lambda: store.move_item_to(self.db, item.id, target), f"moved to {target.short}"
        )
        if moved:
            listing = self.query_one(f"#column-{target.value}", ColumnList)
            listing.focus()
            listing.index = len(listing.item_ids) - 1

    def action_column(self, direction: int) -> None:
        focused = self.screen.focused
        if not isinstance(focused, ColumnList):
            return
        target = COLUMNS[(COLUMNS.index(focused.column) + direction) % len(COLUMNS)]
        self.query_one(f"#column-{target.value}", ColumnList).focus()
