"""Meetings: create, change, find (newest first, a page at a time) and load whole."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Mapped, Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import ScalarSelect
from sqlmodel import SQLModel, col

from sos_meeting import text as checks
from sos_meeting.conflicts import EditConflict, Version
from sos_meeting.database import Database
from sos_meeting.domain import (
    Amendment,
    Family,
    Meeting,
    MeetingKind,
    MeetingRecord,
    MeetingSummary,
    Step,
    Wording,
)
from sos_meeting.newest import NEWEST_SQL, pattern_for, summaries
from sos_meeting.store._base import StorageError, _get, _read, _touch, _write, now
from sos_meeting.store.describe import describe
from sos_meeting.store.scales import _scales, parse_children
from sos_meeting.supervision import RoleTurn, SessionRole
from sos_meeting.tables import (
    AmendmentRow,
    FamilyRow,
    MeetingRow,
    ParticipantRow,
    ScaleRow,
)


def _title_words(kind: MeetingKind) -> str:
    if MeetingKind(kind) is MeetingKind.SUPERVISION:
        return "a case alias (such as “Case S”; no names)"
    return "a title (a family pseudonym such as “Family A”)"


def create_meeting(
    db: Database,
    *,
    kind: MeetingKind,
    title: str,
    held_on: date,
    case_ref: str = "",
    facilitator: str = "",
    wording: Wording | None = None,
    children: str = "",
) -> Meeting:
    """Record a new meeting, with a new family record, and return it. Its wording is the
    wellbeing one for early help and the safety one otherwise, unless `wording` says."""
    kids = "\n".join(parse_children(children))
    kind_value = MeetingKind(kind).value
    title = checks.required(title, _title_words(kind))
    case_ref = checks.optional(case_ref, "the case reference")
    facilitator = checks.optional(facilitator, "the facilitator's name")
    if wording is None:
        wording = Wording.WELLBEING if kind_value == MeetingKind.EARLY_HELP else Wording.SAFETY
    wording_value = Wording(wording).value

    def work(session: Session) -> Meeting:
        # Made inside the transaction, so a retried transaction starts from fresh rows.
        row = MeetingRow(
            kind=kind_value,
            title=title,
            case_ref=case_ref,
            held_on=held_on,
            facilitator=facilitator,
            wording=wording_value,
            step=Step.PEOPLE.value,
            created_at=now(),
            updated_at=now(),
        )
        family = FamilyRow(
            title=row.title, case_ref=row.case_ref, children=kids, created_at=row.created_at
        )
        session.add(family)
        session.flush()
        row.family_id = family.id
        session.add(row)
        session.flush()
        return _meeting(row)

    return _write(db, work)


def update_meeting(
    db: Database,
    meeting_id: int,
    *,
    kind: MeetingKind,
    title: str,
    held_on: date,
    case_ref: str,
    facilitator: str,
    wording: Wording,
    children: str | None = None,
    started_from: int | None = None,
) -> Meeting:
    """Change a meeting's details (the title, case reference and children are the family's).
    `started_from` is the version the edit began from: if someone else has saved other
    details since, `EditConflict` is raised and nothing is saved."""
    kids = None if children is None else "\n".join(parse_children(children))
    values = {
        "kind": MeetingKind(kind).value,
        "title": checks.required(title, _title_words(kind)),
        "case_ref": checks.optional(case_ref, "the case reference"),
        "held_on": held_on,
        "facilitator": checks.optional(facilitator, "the facilitator's name"),
        "wording": Wording(wording).value,
    }

    def work(session: Session) -> Meeting:
        row = _get(session, MeetingRow, meeting_id)
        family = session.get(FamilyRow, row.family_id) if row.family_id else None
        before = _details(row, family)
        theirs = _fields(row, family)
        for key, value in values.items():
            setattr(row, key, value)
        if family is not None:
            family.title, family.case_ref = row.title, row.case_ref
            if kids is not None:
                family.children = kids
        after = _details(row, family)
        if after != before:
            if started_from is not None and row.version != started_from:
                raise EditConflict(
                    "meeting's details",
                    meeting_id,
                    Version(_fields(row, family), started_from),
                    Version(theirs, row.version),
                )
            row.version += 1
            _touch(session, meeting_id, "the meeting's details", before=before, after=after)
        return _meeting(row)

    return _write(db, work)


def _fields(row: MeetingRow, family: FamilyRow | None) -> tuple[tuple[str, str], ...]:
    """The details as a conflict shows them."""
    children = family.children.replace("\n", ", ") if family and family.children else ""
    return (
        ("title", row.title),
        ("case reference", row.case_ref),
        ("date", str(row.held_on)),
        ("facilitator", row.facilitator),
        ("children", children),
    )


def _details(row: MeetingRow, family: FamilyRow | None) -> str:
    children = family.children.replace("\n", ", ") if family and family.children else ""
    return describe(row) + (f"\nchildren: {children}" if children else "")


def set_question(db: Database, meeting_id: int, question: str) -> Meeting:
    """Record the presenter's question for the group (group supervision)."""
    asked = checks.optional(question, "the question", limit=checks.LONG_TEXT)

    def work(session: Session) -> Meeting:
        row = _get(session, MeetingRow, meeting_id)
        before = row.question
        row.question = asked
        _touch(
            session,
            meeting_id,
            "the presenter's question",
            before=f"question: {before}" if before else "",
            after=f"question: {asked}" if asked else "(removed)",
        )
        return _meeting(row)

    return _write(db, work)


def set_place(db: Database, meeting_id: int, step: Step, scale_id: int | None = None) -> None:
    """Remember where the meeting is, so that resuming returns there."""

    def work(session: Session) -> None:
        row = _get(session, MeetingRow, meeting_id)
        row.step = Step(step).value
        row.scale_id = scale_id

    _write(db, work)


def _count(
    row_type: type[SQLModel], meeting_column: Mapped[int], *where: ColumnElement[bool]
) -> ScalarSelect[int]:
    """How many rows of `row_type` belong to the meeting in the outer query."""
    return (
        select(func.count())
        .select_from(row_type)
        .where(meeting_column == col(MeetingRow.id), *where)
        .scalar_subquery()
    )


def list_meetings(
    db: Database, *, search: str = "", limit: int = 50, offset: int = 0
) -> list[MeetingSummary]:
    """Meetings newest first, a page at a time, optionally matching a title or case reference."""
    params = {"pattern": pattern_for(search), "limit": limit, "offset": offset}

    def work(session: Session) -> list[MeetingSummary]:
        return summaries(session.execute(text(NEWEST_SQL), params).all())

    return _read(db, work)


def _family(row: FamilyRow | None) -> Family | None:
    if row is None:
        return None
    return Family(
        id=row.id or 0,
        title=row.title,
        case_ref=row.case_ref,
        children=tuple(c for c in row.children.split("\n") if c),
    )


def _meeting(row: MeetingRow) -> Meeting:
    return Meeting(
        id=row.id or 0,
        kind=MeetingKind(row.kind),
        title=row.title,
        case_ref=row.case_ref,
        held_on=row.held_on,
        facilitator=row.facilitator,
        wording=Wording(row.wording),
        step=Step(row.step),
        scale_id=row.scale_id,
        created_at=row.created_at,
        family_id=row.family_id,
        previous_id=row.previous_id,
        closed_at=row.closed_at,
        close_note=row.close_note,
        question=row.question,
        version=row.version,
    )


ROTA_SESSIONS = 200
"""How many of the team's earlier group supervision sessions the rota looks back over."""


def _rota(session: Session, meeting: MeetingRow) -> tuple[RoleTurn, ...]:
    """Who took which role in the group supervision sessions before `meeting`."""
    earlier = (
        select(col(MeetingRow.id))
        .where(
            col(MeetingRow.kind) == MeetingKind.SUPERVISION.value,
            or_(
                col(MeetingRow.held_on) < meeting.held_on,
                and_(col(MeetingRow.held_on) == meeting.held_on, col(MeetingRow.id) < meeting.id),
            ),
        )
        .order_by(col(MeetingRow.held_on).desc(), col(MeetingRow.id).desc())
        .limit(ROTA_SESSIONS)
    )
    rows = session.execute(
        select(col(ParticipantRow.name), col(ParticipantRow.session_role), col(MeetingRow.held_on))
        .join(MeetingRow, col(MeetingRow.id) == col(ParticipantRow.meeting_id))
        .where(
            col(ParticipantRow.meeting_id).in_(earlier.scalar_subquery()),
            col(ParticipantRow.session_role) != "",
        )
        .order_by(col(MeetingRow.held_on), col(MeetingRow.id))
    ).all()
    return tuple(RoleTurn(name, SessionRole(role), day) for name, role, day in rows)


def load(db: Database, meeting_id: int) -> MeetingRecord:
    """Everything recorded for a meeting, with each scale's rounds and current scores."""
    from sos_meeting.store import parts
    from sos_meeting.store.decisions import decision_in
    from sos_meeting.store.voices import voices_in

    def work(session: Session) -> MeetingRecord:
        meeting = session.get(MeetingRow, meeting_id)
        if meeting is None:
            raise StorageError(f"There is no meeting number {meeting_id}.")
        scales = session.scalars(
            select(ScaleRow)
            .where(col(ScaleRow.meeting_id) == meeting_id)
            .order_by(col(ScaleRow.position), col(ScaleRow.id))
        ).all()
        items = parts.items_in(session, meeting_id)
        return MeetingRecord(
            meeting=_meeting(meeting),
            participants=parts.people_in(session, meeting_id).participants,
            items=items.items,
            deleted_items=items.deleted,
            pairs=parts.pairs_in(session, meeting_id).pairs,
            decision=decision_in(session, meeting_id),
            voices=voices_in(session, meeting_id).voices,
            rota=_rota(session, meeting) if meeting.kind == MeetingKind.SUPERVISION else (),
            scales=_scales(session, scales),
            family=_family(session.get(FamilyRow, meeting.family_id))
            if meeting.family_id
            else None,
            amendments=tuple(
                Amendment(
                    recorded_at=a.recorded_at,
                    what=a.what,
                    before=a.text_before,
                    after=a.text_after,
                    reason=a.reason,
                    recorded_by=a.recorded_by,
                    recorded_role=a.recorded_role,
                )
                for a in session.scalars(
                    select(AmendmentRow)
                    .where(col(AmendmentRow.meeting_id) == meeting_id)
                    .order_by(col(AmendmentRow.id))
                )
            ),
        )

    return _read(db, work)
