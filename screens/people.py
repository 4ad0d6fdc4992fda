"""Who is here: names, roles, groups, the seating order the round follows, who has left."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.widgets import Button, DataTable, Input, Static

from screens.group_choice import GroupChoice
from screens.plain import plain, short
from screens.step import StepPanel
from sos_meeting import store
from sos_meeting.domain import Attendance, MeetingRecord, Participant

NEXT_ATTENDANCE = {
    Attendance.PRESENT: Attendance.LEFT,
    Attendance.LEFT: Attendance.ABSENT,
    Attendance.ABSENT: Attendance.PRESENT,
}


class PeopleStep(StepPanel):
    """Add everyone in the room, in the order the round will go."""

    BINDINGS = [
        Binding("e", "edit", "Edit", id="person-edit", tooltip="Change this person's details"),
        Binding(
            "h",
            "attendance",
            "Here/left/absent",
            id="person-attendance",
            tooltip="Mark as here, as having left, or absent",
        ),
        Binding(
            "shift+up", "move(-1)", "Earlier", id="person-up", tooltip="Move earlier in the round"
        ),
        Binding(
            "shift+down", "move(1)", "Later", id="person-down", tooltip="Move later in the round"
        ),
        Binding(
            "delete",
            "remove",
            "Remove",
            id="person-remove",
            tooltip="Remove someone added by mistake",
        ),
        Binding("n", "add", "Add", id="person-add", tooltip="Add someone"),
    ]
    TABLE_ACTIONS = frozenset({"edit", "attendance", "move", "remove", "add"})

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.editing: Participant | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            "Add everyone in the room in seating order: the scaling round goes in this order.",
            classes="hint",
        )
        table = DataTable[object](id="people", cursor_type="row", zebra_stripes=True)
        table.add_column("#", key="seat", width=3)
        table.add_column("Name", key="name", width=16)
        table.add_column("Role", key="role", width=15)
        table.add_column("Agency", key="agency", width=14)
        table.add_column("Group", key="group", width=12)
        table.add_column("Here?", key="here", width=8)
        yield table
        with Grid(id="person-form"):
            yield Input(placeholder="Name", id="person-name", max_length=200)
            yield Input(placeholder="Role, e.g. Mum", id="person-role", max_length=200)
            yield Input(placeholder="Agency (optional)", id="person-agency", max_length=200)
        with Horizontal(classes="buttons", id="person-actions"):
            yield GroupChoice(id="person-group")
            yield Button("Add to the room", id="person-save", variant="primary")
            yield Button("Cancel edit", id="person-cancel", classes="hidden")
        yield Static("", classes="step-error error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.TABLE_ACTIONS:
            return self.query_one("#people").has_focus
        return True

    def focus_first(self) -> None:
        target = "#people" if self.record.participants else "#person-name"
        self.query_one(target).focus()

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        table = self.query_one("#people", DataTable)
        row = table.cursor_row
        table.clear()
        for p in record.participants:
            table.add_row(
                str(p.seat),
                plain(short(p.name, 30)),
                plain(short(p.role, 30)),
                plain(short(p.agency, 30)),
                p.group.label,
                p.attendance.label,
                key=str(p.id),
            )
        if record.participants:
            table.move_cursor(row=min(row, len(record.participants) - 1))

    def leave_text(self) -> None:
        self.query_one("#people").focus()

    def highlighted(self) -> Participant | None:
        table = self.query_one("#people", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.record.participant(int(key)) if key is not None else None

    @on(Input.Submitted, "#person-name, #person-role")
    def _next(self) -> None:
        self.screen.focus_next()

    @on(Input.Submitted, "#person-agency")
    def _to_group(self) -> None:
        self.query_one("#person-group", GroupChoice).focus()

    @on(GroupChoice.Submitted, "#person-group")
    @on(Button.Pressed, "#person-save")
    async def _save(self) -> None:
        name = self.query_one("#person-name", Input)
        role = self.query_one("#person-role", Input).value
        agency = self.query_one("#person-agency", Input).value
        choice = self.query_one("#person-group", GroupChoice)
        if choice.value is None:
            self.problem("Choose their group: press f (family), n (network) or p (professional).")
            choice.focus()
            return
        group = choice.value
        editing = self.editing
        if editing is None:
            saved = await self.save(
                lambda: store.add_participant(
                    self.db,
                    self.record.meeting.id,
                    name=name.value,
                    role=role,
                    agency=agency,
                    group=group,
                ),
                f"{name.value.strip()[:30]} added as {group.label.lower()}",
                on_error=name,
            )
        else:
            saved = await self.save(
                lambda: store.update_participant(
                    self.db, editing.id, name=name.value, role=role, agency=agency, group=group
                ),
                "details changed",
                on_error=name,
            )
        if saved:
            self._clear_form()
            name.focus()

    def _clear_form(self) -> None:
        """Empty the form; the group stays, as the next person is often in the same one."""
        for field in self.query("#person-form Input").results(Input):
            field.value = ""
        self.editing = None
        self.query_one("#person-save", Button).label = "Add to the room"
        self.query_one("#person-cancel", Button).set_class(True, "hidden")

    @on(Button.Pressed, "#person-cancel")
    def _cancel(self) -> None:
        self._clear_form()
        self.query_one("#people").focus()

    def action_add(self) -> None:
        self._clear_form()
        self.query_one("#person-name").focus()

    def action_edit(self) -> None:
        person = self.highlighted()
        if person is None:
            return
        self.editing = person
        self.query_one("#person-name", Input).value = person.name
        self.query_one("#person-role", Input).value = person.role
        self.query_one("#person-agency", Input).value = person.agency
        self.query_one("#person-group", GroupChoice).value = person.group
        self.query_one("#person-save", Button).label = "Save changes"
        self.query_one("#person-cancel", Button).set_class(False, "hidden")
        self.query_one("#person-name").focus()

    async def action_attendance(self) -> None:
        person = self.highlighted()
        if person is not None:
            new = NEXT_ATTENDANCE[person.attendance]
            await self.save(
                lambda: store.set_attendance(self.db, person.id, new),
                f"marked as {new.label.lower()}",
            )

    async def action_move(self, steps: int) -> None:
        person = self.highlighted()
        if person is None:
            return
        table = self.query_one("#people", DataTable)
        if not await self.save(
            lambda: store.move_participant(self.db, person.id, steps), "order changed"
        ):
            return
        table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + steps)))

    def action_remove(self) -> None:
        from screens.dialogs import Confirm

        person = self.highlighted()
        if person is None:
            return

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self.save(
                    lambda: store.remove_participant(self.db, person.id), "person removed"
                )

        self.app.push_screen(
            Confirm(f"Remove {short(person.label, 40)} from this meeting?", "Remove"), confirmed
        )
