"""Families: reviews that carry the last meeting over, closing a meeting, and the trend data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from sos_meeting import text as checks
from sos_meeting.database import Database
from sos_meeting.domain import Category, Group, Meeting, MeetingKind, StepStatus
from sos_meeting.store._base import _current_entries, _get, _read, _write, now
from sos_meeting.store.meetings import _meeting
from sos_meeting.tables import (
    MapItemRow,
    MeetingRow,
    ParticipantRow,
    RoundRow,
    ScaleRow,
    ScoreRow,
    StatementPairRow,
)


def start_review(
    db: Database, previous_id: int, *, held_on: date, facilitator: str = ""
) -> Meeting:
    """A review of `previous_id` for the same family, carrying over the people, the statement
    pairs, the scale questions with their definitions (to be scored afresh) and the next steps
    that are still open."""
    facilitator = checks.optional(facilitator, "the facilitator's name")

    def work(session: Session) -> Meeting:
        before = _get(session, MeetingRow, previous_id)
        stamp = now()
        review = MeetingRow(
            kind=before.kind,
            title=before.title,
            case_ref=before.case_ref,
            held_on=held_on,
            facilitator=facilitator or before.facilitator,
            wording=before.wording,
            step="people",
            created_at=stamp,
            updated_at=stamp,
            family_id=before.family_id,
            previous_id=previous_id,
        )
        session.add(review)
        session.flush()
        new_id = review.id or 0
        for person in session.scalars(
            select(ParticipantRow).where(col(ParticipantRow.meeting_id) == previous_id)
        ):
            session.add(
                ParticipantRow(
                    meeting_id=new_id,
                    name=person.name,
                    role=person.role,
                    agency=person.agency,
                    group=person.group,
                    seat=person.seat,
                    attendance="present",
                    created_at=stamp,
                    carried_from_id=person.id,
                )
            )
        pairs: dict[int, int] = {}
        for pair in session.scalars(
            select(StatementPairRow).where(col(StatementPairRow.meeting_id) == previous_id)
        ):
            copy = StatementPairRow(
                meeting_id=new_id,
                position=pair.position,
                statement=pair.statement,
                goal=pair.goal,
                coach_asked=pair.coach_asked,
                coach_reason=pair.coach_reason,
                created_at=stamp,
                updated_at=stamp,
                carried_from_id=pair.id,
            )
            session.add(copy)
            session.flush()
            pairs[pair.id or 0] = copy.id or 0
        for scale in session.scalars(
            select(ScaleRow).where(col(ScaleRow.meeting_id) == previous_id)
        ):
            session.add(
                ScaleRow(
                    meeting_id=new_id,
                    pair_id=pairs.get(scale.pair_id or -1),
                    position=scale.position,
                    question=scale.question,
                    ten_means=scale.ten_means,
                    zero_means=scale.zero_means,
                    created_at=stamp,
                    mode=scale.mode,
                    threshold=scale.threshold,
                    children=scale.children,
                    carried_from_id=scale.id,
                )
            )
        open_steps = select(MapItemRow).where(
            col(MapItemRow.meeting_id) == previous_id,
            col(MapItemRow.category) == Category.NEXT_STEP.value,
            col(MapItemRow.deleted_at).is_(None),
            col(MapItemRow.status).in_([StepStatus.OPEN.value, StepStatus.CARRIED.value]),
        )
        for step in session.scalars(open_steps.order_by(col(MapItemRow.position))):
            session.add(
                MapItemRow(
                    meeting_id=new_id,
                    column=step.column,
                    category=step.category,
                    text=step.text,
                    position=step.position,
                    created_at=stamp,
                    updated_at=stamp,
                    owner=step.owner,
                    due=step.due,
                    carried_from_id=step.id,
                )
            )
        session.flush()
        return _meeting(review)

    return _write(db, work)


def close_meeting(db: Database, meeting_id: int, *, missing: list[str], note: str = "") -> Meeting:
    """Mark the meeting closed. Where any of the three elements is missing, a reason is needed."""
    note = checks.optional(note, "the reason", limit=checks.LONG_TEXT, multiline=True)
    if missing and not note:
        raise checks.InputError(
            "This meeting is missing " + ", ".join(missing) + ". Say why it is closing without."
        )

    def work(session: Session) -> Meeting:
        row = _get(session, MeetingRow, meeting_id)
        if row.closed_at is None:
            row.closed_at, row.close_note = now(), note
        return _meeting(row)

    return _write(db, work)


def family_meetings(db: Database, family_id: int, limit: int = 200) -> list[Meeting]:
    """A family's meetings, oldest first (the most recent `limit`)."""

    def work(session: Session) -> list[Meeting]:
        rows = session.scalars(
            select(MeetingRow)
            .where(col(MeetingRow.family_id) == family_id)
            .order_by(col(MeetingRow.held_on).desc(), col(MeetingRow.id).desc())
            .limit(limit)
        ).all()
        return [_meeting(r) for r in reversed(rows)]

    return _read(db, work)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One scale's scores in one meeting: those of its fullest round the room has seen (the
    round with the most people scoring; of equals, the later)."""

    meeting_id: int
    held_on: date
    scale_id: int
    root_scale_id: int
    question: str
    child: str
    values: tuple[tuple[Group, float], ...]
    partial: bool = False
    """Not everyone present in the meeting scored in that round."""


def trend_points(db: Database, family_id: int, limit: int = 50) -> list[TrendPoint]:
    """Every scale's scores across a family's last `limit` meetings, in a few queries.

    A review's scale is the same series as the scale it carried over (followed back to
    the first meeting that asked it).
    """
    return _read(
        db, lambda session: _points(session, col(MeetingRow.family_id) == family_id, limit)
    )


def team_trend_points(db: Database, limit: int = 50) -> list[TrendPoint]:
    """The team's own scales across its last `limit` group supervision sessions: a scale
    asked with the same words in two or more sessions is one series (each session is about
    another case, so nothing is carried over)."""

    def work(session: Session) -> list[TrendPoint]:
        where = col(MeetingRow.kind) == MeetingKind.SUPERVISION.value
        points = _points(session, where, limit, by_question=True)
        sessions: dict[int, set[int]] = {}
        for point in points:
            sessions.setdefault(point.root_scale_id, set()).add(point.meeting_id)
        return [p for p in points if len(sessions[p.root_scale_id]) >= 2]

    return _read(db, work)


def _points(
    session: Session, where: ColumnElement[bool], limit: int, *, by_question: bool = False
) -> list[TrendPoint]:
    """The scales' points in the last `limit` meetings matching `where`: a series follows
    carried-over scales back to the first, or (`by_question`) the same words."""
    meetings = session.execute(
        select(col(MeetingRow.id), col(MeetingRow.held_on))
        .where(where)
        .order_by(col(MeetingRow.held_on).desc(), col(MeetingRow.id).desc())
        .limit(limit)
    ).all()
    held: dict[int, date] = {mid or 0: day for mid, day in meetings}
    if not held:
        return []
    scales = session.execute(
        select(
            col(ScaleRow.id),
            col(ScaleRow.meeting_id),
            col(ScaleRow.carried_from_id),
            col(ScaleRow.question),
        ).where(col(ScaleRow.meeting_id).in_(held))
    ).all()
    carried = {sid: source for sid, _, source, _ in scales}
    shown: dict[int, int] = {
        rid or 0: sid
        for rid, sid, mode, revealed in session.execute(
            select(
                col(RoundRow.id),
                col(RoundRow.scale_id),
                col(RoundRow.mode),
                col(RoundRow.revealed_at),
            ).where(col(RoundRow.scale_id).in_(carried))
        )
        if mode == "open" or revealed is not None
    }
    present: dict[int, int] = dict(
        session.execute(
            select(col(ParticipantRow.meeting_id), func.count())
            .where(
                col(ParticipantRow.meeting_id).in_(held),
                col(ParticipantRow.attendance) == "present",
            )
            .group_by(col(ParticipantRow.meeting_id))
        ).all()
    )
    latest = _current_entries(col(ScoreRow.round_id).in_(shown))
    entries: dict[tuple[int, str], int] = {}  # people with an entry, passes included
    scores: dict[tuple[int, str], list[tuple[Group, float]]] = {}
    for round_id, child, value, group in session.execute(
        select(
            col(ScoreRow.round_id),
            col(ScoreRow.child),
            col(ScoreRow.value),
            col(ParticipantRow.group),
        )
        .join(ParticipantRow, col(ParticipantRow.id) == col(ScoreRow.participant_id))
        .where(col(ScoreRow.id).in_(latest))
    ):
        entries[(round_id, child)] = entries.get((round_id, child), 0) + 1
        if value is not None:
            scores.setdefault((round_id, child), []).append((Group(group), float(value)))
    fullest: dict[tuple[int, str], int] = {}  # (scale, child): its fullest round
    for (round_id, child), values in scores.items():
        key = (shown[round_id], child)
        best = fullest.get(key)
        if best is None or (len(values), round_id) > (len(scores[(best, child)]), best):
            fullest[key] = round_id
    points: list[TrendPoint] = []
    first_asked: dict[str, int] = {}
    for found_id, _, _, question in sorted(scales, key=lambda row: row[0] or 0):
        first_asked.setdefault(" ".join(question.casefold().split()), found_id or 0)
    for found_id, meeting_id, _, question in scales:
        sid = found_id or 0
        root = sid
        while carried.get(root) is not None and carried[root] in carried:
            root = carried[root] or root
        if by_question:
            root = first_asked[" ".join(question.casefold().split())]
        for (scale_id, child), round_id in fullest.items():
            if scale_id == sid:
                points.append(
                    TrendPoint(
                        meeting_id,
                        held[meeting_id],
                        sid,
                        root,
                        question,
                        child,
                        tuple(scores[(round_id, child)]),
                        partial=entries[(round_id, child)] < present.get(meeting_id, 0),
                    )
                )
    return sorted(points, key=lambda p: (p.root_scale_id, p.child, p.held_on, p.meeting_id))
