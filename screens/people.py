"""Who is here: names, roles, groups, the seating order the round follows, who has left."""

from __future__ import annotations

from dataclasses import replace

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.widgets import Button, DataTable, Static

from screens.group_choice import GroupChoice
from screens.keys import (
    EntryInput,
    focus_now,
    pass_on,
    type_into,
)
from screens.plain import plain, short, show
from screens.record_list import RecordTable
from screens.step import StepPanel, typed_text
from sos_meeting import edits
from sos_meeting.changes import Change
from sos_meeting.conflicts import EditConflict
from sos_meeting.domain import (
    Attendance,
    Group,
    MeetingKind,
    MeetingRecord,
    Participant,
    Step,
)
from sos_meeting.supervision import SessionRole, rota_line
from sos_meeting.words import listed
from sos_meeting.writer import Edit


def invitations(record: MeetingRecord) -> str:
    """For a conference: who sent apologies, who was not invited and who sent a report."""
    kind = record.meeting.kind
    by_mark: dict[str, list[str]] = {}
    for person in record.participants:
        by_mark.setdefault(person.attendance.label_in(kind), []).append(person.speaking_for)
    parts = [
        f"{mark}: {listed(names)}."
        for mark, names in by_mark.items()
        if mark not in ("Attended", "Left early")
    ]
    reports = [p.speaking_for for p in record.participants if p.sent_report]
    parts.append(f"Reports from {listed(reports)}." if reports else "No reports recorded (ctrl+r).")
    return " ".join(parts)


def session_roles(record: MeetingRecord) -> str:
    """For group supervision: who takes each role in this session."""
    parts = []
    for role in SessionRole:
        if role in (SessionRole.NONE, SessionRole.PARTICIPANT):
            continue
        names = [p.name for p in record.participants if p.session_role is role]
        parts.append(f"{role.label}: {listed(names) if names else 'not chosen yet'}.")
    return " ".join(parts)


class PeopleTable(RecordTable):
    """Everyone in seating order. Typing a letter here starts a new person with it."""

    async def _on_key(self, event: events.Key) -> None:
        if pass_on(self, event) or not event.is_printable:
            return
        step = self.query_ancestor(PeopleStep)
        type_into(self, event, step.query_one("#person-name", EntryInput), step.action_add)


class PeopleStep(StepPanel):
    """Add everyone in the room, in the order the round will go."""

    STEP = Step.PEOPLE
    BINDINGS = [
        Binding("enter", "edit", "Edit", id="person-edit", tooltip="Change this person's details"),
        Binding(
            "ctrl+t",
            "attendance",
            "Here/left/absent",
            id="person-attendance",
            tooltip="Mark as here, as having left, or absent",
        ),
        Binding(
            "ctrl+t",
            "invited",
            "Attended/apologies/…",
            id="person-invited",
            tooltip="Mark as attended, left early, sent apologies, did not come, or not invited",
        ),
        Binding(
            "ctrl+r",
            "session_role",
            "Role in session",
            id="person-session-role",
            tooltip="Presenter (brings the case), facilitator, advisor, scribe or participant",
        ),
        Binding(
            "ctrl+r",
            "report",
            "Sent a report",
            id="person-report",
            tooltip="Mark (or unmark) that they sent a report to the conference",
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
        Binding("ctrl+n", "add", "Add", id="person-add", tooltip="Add someone"),
    ]
    TABLE_ACTIONS = frozenset(
        {"edit", "attendance", "invited", "report", "session_role", "move", "remove"}
    )
    CONFERENCE_ACTIONS = frozenset({"invited", "report"})

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.editing: Participant | None = None
        self.roles: dict[int, SessionRole] = {}
        """Roles asked for and not shown yet, by person (as `marking`)."""
        self.marking: dict[int, tuple[Attendance, bool]] = {}
        """Marks asked for and not shown yet, by person: ctrl+t pressed twice before the
        first is saved steps on from the first, not from what the screen shows."""

    def compose(self) -> ComposeResult:
        yield Static(self._hint(), classes="hint", id="people-hint")
        table = PeopleTable(id="people", cursor_type="row", zebra_stripes=True)
        table.add_column("#", key="seat", width=3)
        table.add_column("Name", key="name", width=16)
        table.add_column("Role", key="role", width=13)
        table.add_column("Agency", key="agency", width=12)
        table.add_column("Group", key="group", width=12)
        table.add_column("Here?", key="here", width=12)
        yield table
        yield Static("", id="invitations", classes="hint")
        yield Static("", id="rota", classes="hint")
        with Grid(id="person-form"):
            yield EntryInput(placeholder="Name", id="person-name", max_length=200)
            yield EntryInput(placeholder="Role, e.g. Mum", id="person-role", max_length=200)
            yield EntryInput(placeholder="Agency (optional)", id="person-agency", max_length=200)
        with Horizontal(classes="buttons", id="person-actions"):
            yield GroupChoice(id="person-group")
            yield Button("Add to the room", id="person-save", variant="primary")
            yield Button("Cancel edit", id="person-cancel", classes="hidden")
        yield Static("", classes="step-error error")

    def _hint(self) -> str:
        if self.record.meeting.kind is MeetingKind.SUPERVISION:
            return (
                "Add the team members here today; ctrl+r gives each their role in this session. "
                "The presenter scales first."
            )
        if self.record.meeting.kind is MeetingKind.CONFERENCE:
            return (
                "Add everyone invited, in seating order (the scaling round goes in this order); "
                "mark who came with ctrl+t and who sent a report with ctrl+r."
            )
        return "Add everyone in the room in seating order: the scaling round goes in this order."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        conference = self.record.meeting.kind is MeetingKind.CONFERENCE
        if action in self.CONFERENCE_ACTIONS and not conference:
            return False
        if action == "session_role" and self.record.meeting.kind is not MeetingKind.SUPERVISION:
            return False
        if action == "attendance" and conference:
            return False
        if action in self.TABLE_ACTIONS:
            return self.query_one("#people").has_focus
        return True

    def focus_first(self) -> None:
        target = "#people" if self.record.participants else "#person-name"
        focus_now(self.query_one(target))

    async def show(self, record: MeetingRecord) -> None:
        await super().show(record)
        for person in record.participants:
            if self.marking.get(person.id) == (person.attendance, person.sent_report):
                del self.marking[person.id]
            if self.roles.get(person.id) == person.session_role:
                del self.roles[person.id]
        kind = record.meeting.kind
        # Each only when it changed: an update lays out the screen (a save's frame).
        show(self.query_one("#people-hint", Static), self._hint())
        notes = self.query_one("#invitations", Static)
        wanted = kind in (MeetingKind.CONFERENCE, MeetingKind.SUPERVISION)
        if notes.display != wanted:
            notes.display = wanted
        if kind is MeetingKind.CONFERENCE:
            show(notes, invitations(record))
        elif kind is MeetingKind.SUPERVISION:
            show(notes, session_roles(record))
        rota = self.query_one("#rota", Static)
        if rota.display != (kind is MeetingKind.SUPERVISION):
            rota.display = kind is MeetingKind.SUPERVISION
        if rota.display:
            here = [p.name for p in record.participants if p.attendance is Attendance.PRESENT]
            show(rota, rota_line(here, record.rota))
        self.query_one("#people", PeopleTable).draw(
            [
                (
                    str(p.id),
                    (
                        str(p.seat),
                        plain(short(p.name, 30)),
                        plain(short(p.role, 30)),
                        plain(short(p.agency, 30)),
                        p.group.label,
                        p.attendance.label_in(kind),
                    ),
                )
                for p in record.participants
            ]
        )

    def unsaved(self) -> list[str]:
        name = self.query_one("#person-name", EntryInput).value
        role = self.query_one("#person-role", EntryInput).value
        agency = self.query_one("#person-agency", EntryInput).value
        editing = self.editing
        if editing is not None and (name, role, agency) == (
            editing.name,
            editing.role,
            editing.agency,
        ):
            return []
        typed = " ".join(t for t in (name, role, agency) if t.strip())
        return [typed_text(typed)] if typed else []

    def leave_text(self) -> None:
        focus_now(self.query_one("#people"))

    def highlighted(self) -> Participant | None:
        table = self.query_one("#people", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.record.participant(int(key)) if key is not None else None

    @on(EntryInput.Submitted, "#person-name")
    def _name_done(self) -> None:
        focus_now(self.query_one("#person-role", EntryInput))

    @on(EntryInput.Submitted, "#person-role")
    def _role_done(self) -> None:
        focus_now(self.query_one("#person-agency", EntryInput))

    @on(EntryInput.Submitted, "#person-agency")
    def _to_group(self) -> None:
        focus_now(self.query_one("#person-group", GroupChoice))

    @on(GroupChoice.Submitted, "#person-group")
    def _group_done(self) -> None:
        self._save()

    @on(Button.Pressed, "#person-save")
    def _save(self) -> None:
        """Capture the form, clear it for the next person, and ask for the save."""
        name_box = self.query_one("#person-name", EntryInput)
        name = name_box.value
        role = self.query_one("#person-role", EntryInput).value
        agency = self.query_one("#person-agency", EntryInput).value
        choice = self.query_one("#person-group", GroupChoice)
        if not name.strip():
            self.problem("Please write their name (a first name is enough).")
            focus_now(name_box)
            return
        if choice.value is None:
            self.problem(
                "Choose their group: press f (family), n (network), p (professional) or "
                "c (a child or young person)."
            )
            focus_now(choice)
            return
        group = choice.value
        editing = self.editing
        meeting_id = self.record.meeting.id
        given = {"person-name": name, "person-role": role, "person-agency": agency}
        if editing is None:
            self.submit(
                edits.add_person(meeting_id, name=name, role=role, agency=agency, group=group),
                f"{name.strip()[:30]} added as {group.label.lower()}",
                given=given,
            )
        else:
            self.submit(
                edits.change_person(
                    meeting_id,
                    editing.id,
                    name=name,
                    role=role,
                    agency=agency,
                    group=group,
                    started_from=editing.version,
                ),
                "details changed",
                given=given,
            )
        self._clear_form()
        focus_now(name_box)

    async def conflicted(self, edit: Edit, conflict: EditConflict) -> None:
        """Someone else changed this person's details meanwhile: keep theirs, take the other,
        or merge by hand in the form (both versions and the choice are kept)."""
        meeting_id = self.record.meeting.id
        mine = dict(conflict.mine.fields)
        group = Group(mine["group"])

        def keep() -> None:
            if self.record.participant(conflict.row_id) is None:
                return
            self.submit(
                edits.change_person(
                    meeting_id,
                    conflict.row_id,
                    name=mine["name"],
                    role=mine["role"],
                    agency=mine["agency"],
                    group=group,
                    started_from=conflict.theirs.version,
                ),
                "details changed (yours kept)",
            )

        def merge() -> None:  # yours in the form, theirs beside it, saved over theirs
            person = self.record.participant(conflict.row_id)
            if person is None:
                return
            self.edit_person(
                replace(
                    person,
                    name=mine["name"],
                    role=mine["role"],
                    agency=mine["agency"],
                    group=group,
                    version=conflict.theirs.version,
                )
            )
            theirs = ", ".join(v for v in dict(conflict.theirs.fields).values() if v)
            self.problem(f"Merge by hand. Theirs: {theirs}. Change yours, then Enter.")

        self.choose(conflict, keep=keep, take=lambda: None, merge=merge)

    def _clear_form(self) -> None:
        """Empty the form; the group stays, as the next person is often in the same one."""
        for field in self.query("#person-form EntryInput").results(EntryInput):
            field.value = ""
        self.editing = None
        self.query_one("#person-save", Button).label = "Add to the room"
        self.query_one("#person-cancel", Button).set_class(True, "hidden")

    @on(Button.Pressed, "#person-cancel")
    def _cancel(self) -> None:
        self._clear_form()
        focus_now(self.query_one("#people"))

    def action_add(self) -> None:
        self._clear_form()
        focus_now(self.query_one("#person-name", EntryInput))

    @on(DataTable.RowSelected, "#people")
    def action_edit(self) -> None:
        person = self.highlighted()
        if person is not None:
            self.edit_person(person)

    def edit_person(self, person: Participant) -> None:
        """Put `person`'s details in the form to change them."""
        self.editing = person
        self.query_one("#person-name", EntryInput).value = person.name
        self.query_one("#person-role", EntryInput).value = person.role
        self.query_one("#person-agency", EntryInput).value = person.agency
        self.query_one("#person-group", GroupChoice).value = person.group
        self.query_one("#person-save", Button).label = "Save changes"
        self.query_one("#person-cancel", Button).set_class(False, "hidden")
        focus_now(self.query_one("#person-name", EntryInput))

    def _marks(self, person: Participant) -> tuple[Attendance, bool]:
        return self.marking.get(person.id, (person.attendance, person.sent_report))

    def settled(self, edit: Edit, change: Change | None) -> None:
        if change is None:
            self.marking.clear()  # refused: step on from what is saved
            self.roles.clear()

    def action_attendance(self) -> None:
        person = self.highlighted()
        if person is not None:
            kind = self.record.meeting.kind
            attendance, report = self._marks(person)
            new = attendance.next_in(kind)
            self.marking[person.id] = (new, report)
            self.submit(
                edits.set_attendance(self.record.meeting.id, person.id, new),
                f"{short(person.name, 30)} marked as {new.label_in(kind).lower()}",
            )

    def action_invited(self) -> None:
        self.action_attendance()

    def action_session_role(self) -> None:
        person = self.highlighted()
        if person is not None:
            role = self.roles.get(person.id, person.session_role).next()
            others = [p for p in self.record.participants if p.id != person.id]
            if role is SessionRole.PRESENTER and any(
                self.roles.get(p.id, p.session_role) is SessionRole.PRESENTER for p in others
            ):
                role = role.next()  # one presenter: change theirs first to choose another
            self.roles[person.id] = role
            self.submit(
                edits.set_session_role(self.record.meeting.id, person.id, role),
                f"{short(person.name, 30)}: {role.label.lower() or 'no role'}",
            )

    def action_report(self) -> None:
        person = self.highlighted()
        if person is not None:
            attendance, report = self._marks(person)
            sent = not report
            self.marking[person.id] = (attendance, sent)
            self.submit(
                edits.set_report(self.record.meeting.id, person.id, sent),
                f"{short(person.name, 30)} {'sent' if sent else 'did not send'} a report",
            )

    def action_move(self, steps: int) -> None:
        person = self.highlighted()
        if person is None:
            return
        table = self.query_one("#people", DataTable)
        self.submit(edits.move_person(self.record.meeting.id, person.id, steps), "order changed")
        table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + steps)))

    def action_remove(self) -> None:
        from screens.dialogs import Confirm

        person = self.highlighted()
        if person is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.submit(
                    edits.remove_person(self.record.meeting.id, person.id), "person removed"
                )

        self.app.push_screen(
            Confirm(f"Remove {short(person.label, 40)} from this meeting?", "Remove"), confirmed
        )
