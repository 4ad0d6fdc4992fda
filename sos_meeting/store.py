"""Reading and writing meetings. Every write is one durable transaction; reads return plain objects.

Each function that records something commits before it returns, so a screen that
shows "saved" after calling it is telling the truth.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlmodel import col

from sos_meeting import text as checks
from sos_meeting.database import Database, explain
from sos_meeting.domain import (
    Attendance,
    Category,
    Column,
    Group,
    MapItem,
    Meeting,
    MeetingKind,
    MeetingRecord,
    MeetingSummary,
    Participant,
    Round,
    Scale,
    Score,
    StatementPair,
    Step,
    Wording,
)
from sos_meeting.tables import (
    MapItemRow,
    MeetingRow,
    ParticipantRow,
    RoundRow,
    ScaleRow,
    ScoreRow,
    StatementPairRow,
)

T = TypeVar("T")


class StorageError(Exception):
    """A write or read failed; nothing was saved. The message is plain and names no content."""


def now() -> datetime:
    """Time stamps are recorded in UTC."""
    return datetime.now(UTC)


def _write(db: Database, work: Callable[[Session], T]) -> T:
    try:
        with db.write() as session:
            return work(session)
    except SQLAlchemyError as error:
        raise StorageError(explain(error, db.where)) from error


def _read(db: Database, work: Callable[[Session], T]) -> T:
    try:
        with db.read() as session:
            return work(session)
    except SQLAlchemyError as error:
        raise StorageError(explain(error, db.where)) from error


def _get(session: Session, row_type: type[T], row_id: int) -> T:
    row = session.get(row_type, row_id)
    if row is None:
        raise StorageError("That entry no longer exists; it may have been removed elsewhere.")
    return row


def _touch(session: Session, meeting_id: int) -> None:
    _get(session, MeetingRow, meeting_id).updated_at = now()


# Meetings ---------------------------------------------------------------------------------


def create_meeting(
    db: Database,
    *,
    kind: MeetingKind,
    title: str,
    held_on: date,
    case_ref: str = "",
    facilitator: str = "",
    wording: Wording = Wording.SAFETY,
) -> Meeting:
    """Record a new meeting and return it."""
    row = MeetingRow(
        kind=MeetingKind(kind).value,
        title=checks.required(title, "a title (a family pseudonym such as “Family A”)"),
        case_ref=checks.optional(case_ref, "the case reference"),
        held_on=held_on,
        facilitator=checks.optional(facilitator, "the facilitator's name"),
        wording=Wording(wording).value,
        step=Step.PEOPLE.value,
        created_at=now(),
        updated_at=now(),
    )

    def work(session: Session) -> Meeting:
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
) -> Meeting:
    """Change a meeting's details."""
    values = {
        "kind": MeetingKind(kind).value,
        "title": checks.required(title, "a title (a family pseudonym such as “Family A”)"),
        "case_ref": checks.optional(case_ref, "the case reference"),
        "held_on": held_on,
        "facilitator": checks.optional(facilitator, "the facilitator's name"),
        "wording": Wording(wording).value,
    }

    def work(session: Session) -> Meeting:
        row = _get(session, MeetingRow, meeting_id)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = now()
        return _meeting(row)

    return _write(db, work)


def set_place(db: Database, meeting_id: int, step: Step, scale_id: int | None = None) -> None:
    """Remember where the meeting is, so that resuming returns there."""

    def work(session: Session) -> None:
        row = _get(session, MeetingRow, meeting_id)
        row.step = Step(step).value
        row.scale_id = scale_id

    _write(db, work)


def _count(row_type: type, meeting_column: object, *where: object) -> object:
    return (
        select(func.count())
        .select_from(row_type)
        .where(meeting_column == MeetingRow.id, *where)  # type: ignore[arg-type]
        .scalar_subquery()
    )


def list_meetings(
    db: Database, *, search: str = "", limit: int = 50, offset: int = 0
) -> list[MeetingSummary]:
    """Meetings newest first, a page at a time, optionally matching a title or case reference."""
    scores = (
        select(func.count())
        .select_from(ScoreRow)
        .join(RoundRow, RoundRow.id == ScoreRow.round_id)  # type: ignore[arg-type]
        .join(ScaleRow, ScaleRow.id == RoundRow.scale_id)  # type: ignore[arg-type]
        .where(ScaleRow.meeting_id == MeetingRow.id)
        .scalar_subquery()
    )
    query = select(
        MeetingRow,
        _count(ParticipantRow, ParticipantRow.meeting_id),
        _count(MapItemRow, MapItemRow.meeting_id, MapItemRow.deleted_at.is_(None)),  # type: ignore[union-attr]
        _count(StatementPairRow, StatementPairRow.meeting_id),
        _count(ScaleRow, ScaleRow.meeting_id),
        scores,
    ).order_by(MeetingRow.held_on.desc(), MeetingRow.id.desc())  # type: ignore[attr-defined,union-attr]
    wanted = checks.clean(search)
    if wanted:
        literal = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{literal}%"
        query = query.where(
            or_(
                col(MeetingRow.title).ilike(pattern, escape="\\"),
                col(MeetingRow.case_ref).ilike(pattern, escape="\\"),
            )
        )
    query = query.limit(limit).offset(offset)

    def work(session: Session) -> list[MeetingSummary]:
        return [
            MeetingSummary(
                id=row.id or 0,
                held_on=row.held_on,
                kind=MeetingKind(row.kind),
                title=row.title,
                case_ref=row.case_ref,
                step=Step(row.step),
                participants=people,
                items=items,
                pairs=pairs,
                scales=scales,
                scores=score_count,
            )
            for row, people, items, pairs, scales, score_count in session.execute(query)
        ]

    return _read(db, work)


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
    )


def load(db: Database, meeting_id: int) -> MeetingRecord:
    """Everything recorded for a meeting, with each scale's rounds and current scores."""

    def work(session: Session) -> MeetingRecord:
        meeting = session.get(MeetingRow, meeting_id)
        if meeting is None:
            raise StorageError(f"There is no meeting number {meeting_id}.")
        people = session.scalars(
            select(ParticipantRow)
            .where(ParticipantRow.meeting_id == meeting_id)
            .order_by(ParticipantRow.seat, ParticipantRow.id)  # type: ignore[arg-type]
        ).all()
        items = session.scalars(
            select(MapItemRow)
            .where(MapItemRow.meeting_id == meeting_id)
            .order_by(MapItemRow.position, MapItemRow.id)  # type: ignore[arg-type]
        ).all()
        pairs = session.scalars(
            select(StatementPairRow)
            .where(StatementPairRow.meeting_id == meeting_id)
            .order_by(StatementPairRow.position, StatementPairRow.id)  # type: ignore[arg-type]
        ).all()
        scales = session.scalars(
            select(ScaleRow)
            .where(ScaleRow.meeting_id == meeting_id)
            .order_by(ScaleRow.position, ScaleRow.id)  # type: ignore[arg-type]
        ).all()
        return MeetingRecord(
            meeting=_meeting(meeting),
            participants=tuple(_participant(p) for p in people),
            items=tuple(_item(i) for i in items if i.deleted_at is None),
            deleted_items=tuple(
                _item(i)
                for i in sorted(
                    (i for i in items if i.deleted_at is not None),
                    key=lambda i: i.deleted_at or now(),
                )
            ),
            pairs=tuple(_pair(p) for p in pairs),
            scales=tuple(_scale(session, s) for s in scales),
        )

    return _read(db, work)


# Participants ------------------------------------------------------------------------------


def _participant(row: ParticipantRow) -> Participant:
    return Participant(
        id=row.id or 0,
        name=row.name,
        role=row.role,
        agency=row.agency,
        group=Group(row.group),
        seat=row.seat,
        attendance=Attendance(row.attendance),
    )


def add_participant(
    db: Database, meeting_id: int, *, name: str, role: str, group: Group, agency: str = ""
) -> Participant:
    """Add someone to the end of the seating order."""
    row = ParticipantRow(
        meeting_id=meeting_id,
        name=checks.required(name, "a name"),
        role=checks.optional(role, "the role"),
        agency=checks.optional(agency, "the agency"),
        group=Group(group).value,
        seat=0,
        attendance=Attendance.PRESENT.value,
        created_at=now(),
    )

    def work(session: Session) -> Participant:
        last = session.scalar(
            select(func.max(ParticipantRow.seat)).where(ParticipantRow.meeting_id == meeting_id)
        )
        row.seat = (last or 0) + 1
        session.add(row)
        _touch(session, meeting_id)
        session.flush()
        return _participant(row)

    return _write(db, work)


def update_participant(
    db: Database,
    participant_id: int,
    *,
    name: str,
    role: str,
    group: Group,
    agency: str = "",
) -> Participant:
    """Correct someone's name, role, agency or group."""
    values = {
        "name": checks.required(name, "a name"),
        "role": checks.optional(role, "the role"),
        "agency": checks.optional(agency, "the agency"),
        "group": Group(group).value,
    }

    def work(session: Session) -> Participant:
        row = _get(session, ParticipantRow, participant_id)
        for key, value in values.items():
            setattr(row, key, value)
        _touch(session, row.meeting_id)
        return _participant(row)

    return _write(db, work)


def set_attendance(db: Database, participant_id: int, attendance: Attendance) -> Participant:
    """Mark someone here, absent, or as having left part way."""

    def work(session: Session) -> Participant:
        row = _get(session, ParticipantRow, participant_id)
        row.attendance = Attendance(attendance).value
        _touch(session, row.meeting_id)
        return _participant(row)

    return _write(db, work)


def remove_participant(db: Database, participant_id: int) -> None:
    """Remove someone added by mistake; refused once they have scored."""

    def work(session: Session) -> None:
        row = _get(session, ParticipantRow, participant_id)
        scored = session.scalar(
            select(func.count()).where(ScoreRow.participant_id == participant_id)
        )
        if scored:
            raise checks.InputError(
                f"{row.name} has given a score, which stays on the record. "
                "Mark them as absent or as having left instead."
            )
        _touch(session, row.meeting_id)
        session.delete(row)

    _write(db, work)


def move_participant(db: Database, participant_id: int, steps: int) -> None:
    """Move someone earlier (negative) or later in the seating order."""

    def work(session: Session) -> None:
        row = _get(session, ParticipantRow, participant_id)
        rows = list(
            session.scalars(
                select(ParticipantRow)
                .where(ParticipantRow.meeting_id == row.meeting_id)
                .order_by(ParticipantRow.seat, ParticipantRow.id)  # type: ignore[arg-type]
            )
        )
        _reorder(rows, rows.index(row), steps, "seat")
        _touch(session, row.meeting_id)

    _write(db, work)


def _reorder(rows: Sequence[object], index: int, steps: int, attribute: str) -> None:
    ordered = list(rows)
    moved = ordered.pop(index)
    ordered.insert(max(0, min(len(ordered), index + steps)), moved)
    for position, row in enumerate(ordered, start=1):
        setattr(row, attribute, position)


# Mapping -----------------------------------------------------------------------------------


def _item(row: MapItemRow) -> MapItem:
    return MapItem(
        id=row.id or 0,
        column=Column(row.column),
        category=Category(row.category) if row.category else None,
        text=row.text,
        position=row.position,
    )


def _check_category(column: Column, category: Category | None) -> str | None:
    if category is None:
        return None
    category = Category(category)
    if category.column is not Column(column):
        raise checks.InputError(f"“{category.label}” does not belong in “{column.heading}”.")
    return category.value


def add_item(
    db: Database, meeting_id: int, column: Column, text: str, category: Category | None = None
) -> MapItem:
    """Add an item at the bottom of a mapping column."""
    row = MapItemRow(
        meeting_id=meeting_id,
        column=Column(column).value,
        category=_check_category(column, category),
        text=checks.required(text, "what to add", limit=checks.LONG_TEXT, multiline=True),
        position=0,
        created_at=now(),
        updated_at=now(),
    )

    def work(session: Session) -> MapItem:
        last = session.scalar(
            select(func.max(MapItemRow.position)).where(
                MapItemRow.meeting_id == meeting_id, MapItemRow.column == row.column
            )
        )
        row.position = (last or 0) + 1
        session.add(row)
        _touch(session, meeting_id)
        session.flush()
        return _item(row)

    return _write(db, work)


def edit_item(db: Database, item_id: int, text: str, category: Category | None = None) -> MapItem:
    """Change an item's words and category."""
    cleaned = checks.required(text, "the item's words", limit=checks.LONG_TEXT, multiline=True)

    def work(session: Session) -> MapItem:
        row = _get(session, MapItemRow, item_id)
        row.text = cleaned
        row.category = _check_category(Column(row.column), category)
        row.updated_at = now()
        _touch(session, row.meeting_id)
        return _item(row)

    return _write(db, work)


def delete_item(db: Database, item_id: int) -> None:
    """Take an item off the map; it is kept so that `restore_item` can undo this."""

    def work(session: Session) -> None:
        row = _get(session, MapItemRow, item_id)
        row.deleted_at = now()
        _touch(session, row.meeting_id)

    _write(db, work)


def restore_item(db: Database, item_id: int) -> MapItem:
    """Put a deleted item back where it was."""

    def work(session: Session) -> MapItem:
        row = _get(session, MapItemRow, item_id)
        row.deleted_at = None
        _touch(session, row.meeting_id)
        return _item(row)

    return _write(db, work)


def move_item(db: Database, item_id: int, steps: int) -> None:
    """Move an item up (negative) or down its column."""

    def work(session: Session) -> None:
        row = _get(session, MapItemRow, item_id)
        rows = list(
            session.scalars(
                select(MapItemRow)
                .where(
                    MapItemRow.meeting_id == row.meeting_id,
                    MapItemRow.column == row.column,
                    MapItemRow.deleted_at.is_(None),  # type: ignore[union-attr]
                )
                .order_by(MapItemRow.position, MapItemRow.id)  # type: ignore[arg-type]
            )
        )
        _reorder(rows, rows.index(row), steps, "position")
        _touch(session, row.meeting_id)

    _write(db, work)


def move_item_to(db: Database, item_id: int, column: Column) -> MapItem:
    """Move an item to the bottom of another column, clearing a category that no longer fits."""

    def work(session: Session) -> MapItem:
        row = _get(session, MapItemRow, item_id)
        last = session.scalar(
            select(func.max(MapItemRow.position)).where(
                MapItemRow.meeting_id == row.meeting_id, MapItemRow.column == Column(column).value
            )
        )
        row.column = Column(column).value
        if row.category and Category(row.category).column is not Column(column):
            row.category = None
        row.position = (last or 0) + 1
        row.updated_at = now()
        _touch(session, row.meeting_id)
        return _item(row)

    return _write(db, work)


# Statement pairs ---------------------------------------------------------------------------


def _pair(row: StatementPairRow) -> StatementPair:
    return StatementPair(
        id=row.id or 0, position=row.position, statement=row.statement, goal=row.goal
    )


def save_pair(
    db: Database, meeting_id: int, statement: str, goal: str, pair_id: int | None = None
) -> StatementPair:
    """Add a statement/goal pair, or change one. The statement is needed; the goal may follow."""
    statement = checks.required(statement, "the statement", limit=checks.LONG_TEXT, multiline=True)
    goal = checks.optional(goal, "the goal", limit=checks.LONG_TEXT, multiline=True)

    def work(session: Session) -> StatementPair:
        if pair_id is None:
            last = session.scalar(
                select(func.max(StatementPairRow.position)).where(
                    StatementPairRow.meeting_id == meeting_id
                )
            )
            row = StatementPairRow(
                meeting_id=meeting_id,
                position=(last or 0) + 1,
                statement=statement,
                goal=goal,
                created_at=now(),
                updated_at=now(),
            )
            session.add(row)
        else:
            row = _get(session, StatementPairRow, pair_id)
            row.statement, row.goal, row.updated_at = statement, goal, now()
        _touch(session, meeting_id)
        session.flush()
        return _pair(row)

    return _write(db, work)


def delete_pair(db: Database, pair_id: int) -> None:
    """Remove a pair that has no scale yet."""

    def work(session: Session) -> None:
        row = _get(session, StatementPairRow, pair_id)
        if session.scalar(select(func.count()).where(ScaleRow.pair_id == pair_id)):
            raise checks.InputError(
                "This pair has a scale, so it stays on the record. Edit its words instead."
            )
        _touch(session, row.meeting_id)
        session.delete(row)

    _write(db, work)


# Scales, rounds and scores ------------------------------------------------------------------


def _scale(session: Session, row: ScaleRow) -> Scale:
    rounds = session.scalars(
        select(RoundRow).where(RoundRow.scale_id == row.id).order_by(RoundRow.number)  # type: ignore[arg-type]
    ).all()
    return Scale(
        id=row.id or 0,
        position=row.position,
        question=row.question,
        pair_id=row.pair_id,
        ten_means=row.ten_means,
        zero_means=row.zero_means,
        rounds=tuple(_round(session, r) for r in rounds),
    )


def _round(session: Session, row: RoundRow) -> Round:
    latest = (
        select(func.max(ScoreRow.id))
        .where(ScoreRow.round_id == row.id)
        .group_by(ScoreRow.participant_id)  # type: ignore[arg-type]
    )
    scores = session.scalars(
        select(ScoreRow).where(ScoreRow.id.in_(latest)).order_by(ScoreRow.id)  # type: ignore[union-attr]
    ).all()
    return Round(
        id=row.id or 0,
        number=row.number,
        opened_at=row.opened_at,
        scores=tuple(_score(s) for s in scores),
    )


def _score(row: ScoreRow) -> Score:
    return Score(
        id=row.id or 0,
        participant_id=row.participant_id,
        value=row.value,
        reason=row.reason,
        one_higher=row.one_higher,
        recorded_at=row.recorded_at,
        supersedes_id=row.supersedes_id,
    )


def save_scale(
    db: Database,
    meeting_id: int,
    *,
    question: str,
    pair_id: int | None,
    ten_means: str = "",
    zero_means: str = "",
    scale_id: int | None = None,
) -> Scale:
    """Add a scale or change its question and definitions.

    What 0 means can only be written once what 10 means is written; once scores
    are recorded the definitions they were given against stay as they are.
    """
    question = checks.required(question, "the scaling question", limit=checks.LONG_TEXT)
    ten = checks.optional(ten_means, "what 10 means", limit=checks.LONG_TEXT, multiline=True)
    zero = checks.optional(zero_means, "what 0 means", limit=checks.LONG_TEXT, multiline=True)
    if zero and not ten:
        raise checks.InputError(
            "Write what 10 means first: it is what everyone is working towards."
        )

    def work(session: Session) -> Scale:
        if scale_id is None:
            last = session.scalar(
                select(func.max(ScaleRow.position)).where(ScaleRow.meeting_id == meeting_id)
            )
            row = ScaleRow(
                meeting_id=meeting_id,
                pair_id=pair_id,
                position=(last or 0) + 1,
                question=question,
                ten_means=ten,
                zero_means=zero,
                created_at=now(),
            )
            session.add(row)
        else:
            row = _get(session, ScaleRow, scale_id)
            has_scores = session.scalar(
                select(func.count())
                .select_from(ScoreRow)
                .join(RoundRow, RoundRow.id == ScoreRow.round_id)  # type: ignore[arg-type]
                .where(RoundRow.scale_id == scale_id)
            )
            if has_scores and (ten != row.ten_means or zero != row.zero_means):
                raise checks.InputError(
                    "People have already scored against these definitions, so they stay as "
                    "they are. Add a new scale to score against different ones."
                )
            row.question, row.pair_id, row.ten_means, row.zero_means = question, pair_id, ten, zero
        _touch(session, meeting_id)
        session.flush()
        return _scale(session, row)

    return _write(db, work)


def start_round(db: Database, scale_id: int) -> Round:
    """Open the first (or next) round of a scale; refused until 10 and 0 are both defined."""

    def work(session: Session) -> Round:
        scale = _get(session, ScaleRow, scale_id)
        if not scale.ten_means:
            raise checks.InputError("Write what 10 means before the round starts.")
        if not scale.zero_means:
            raise checks.InputError("Write what 0 means before the round starts.")
        last = session.scalar(
            select(func.max(RoundRow.number)).where(RoundRow.scale_id == scale_id)
        )
        row = RoundRow(scale_id=scale_id, number=(last or 0) + 1, opened_at=now())
        session.add(row)
        _touch(session, scale.meeting_id)
        session.flush()
        return _round(session, row)

    return _write(db, work)


def record_score(
    db: Database,
    round_id: int,
    participant_id: int,
    *,
    typed: str,
    reason: str,
    one_higher: str = "",
) -> Score:
    """Record a participant's number and reason (or a pass) in a round.

    If they already have an entry in this round, the new one is a correction: it is
    added as a new row that supersedes the old one, which stays in the history.
    """
    entry = checks.parse_score(typed)
    what = "why (you will need to say why)"
    reason = (
        checks.optional(reason, what, limit=checks.LONG_TEXT, multiline=True)
        if entry.passed
        else checks.required(reason, what, limit=checks.LONG_TEXT, multiline=True)
    )
    one_higher = checks.optional(
        one_higher, "what would make it one point higher", limit=checks.LONG_TEXT, multiline=True
    )

    def work(session: Session) -> Score:
        round_row = _get(session, RoundRow, round_id)
        person = _get(session, ParticipantRow, participant_id)
        scale = _get(session, ScaleRow, round_row.scale_id)
        if person.meeting_id != scale.meeting_id:
            raise StorageError("That person is not in this meeting.")
        previous = session.scalar(
            select(func.max(ScoreRow.id)).where(
                ScoreRow.round_id == round_id, ScoreRow.participant_id == participant_id
            )
        )
        row = ScoreRow(
            round_id=round_id,
            participant_id=participant_id,
            value=entry.value,
            reason=reason,
            one_higher=one_higher,
            recorded_at=now(),
            supersedes_id=previous,
        )
        session.add(row)
        _touch(session, scale.meeting_id)
        session.flush()
        return _score(row)

    return _write(db, work)


def score_history(db: Database, round_id: int, participant_id: int) -> list[Score]:
    """Every entry a participant gave in a round, oldest first (the last is current)."""

    def work(session: Session) -> list[Score]:
        rows = session.scalars(
            select(ScoreRow)
            .where(ScoreRow.round_id == round_id, ScoreRow.participant_id == participant_id)
            .order_by(ScoreRow.id)  # type: ignore[arg-type]
        ).all()
        return [_score(r) for r in rows]

    return _read(db, work)


def corrections(db: Database, meeting_id: int) -> dict[int, list[Score]]:
    """Superseded entries of a meeting, by the id of the round they were given in."""

    def work(session: Session) -> dict[int, list[Score]]:
        superseded = select(ScoreRow.supersedes_id).where(ScoreRow.supersedes_id.is_not(None))  # type: ignore[union-attr]
        rows = session.execute(
            select(ScoreRow)
            .join(RoundRow, RoundRow.id == ScoreRow.round_id)  # type: ignore[arg-type]
            .join(ScaleRow, ScaleRow.id == RoundRow.scale_id)  # type: ignore[arg-type]
            .where(ScaleRow.meeting_id == meeting_id, ScoreRow.id.in_(superseded))  # type: ignore[union-attr]
            .order_by(ScoreRow.id)  # type: ignore[arg-type]
        ).scalars()
        found: dict[int, list[Score]] = {}
        for row in rows:
            found.setdefault(row.round_id, []).append(_score(row))
        return found

    return _read(db, work)
