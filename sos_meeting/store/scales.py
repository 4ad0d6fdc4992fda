"""Scales, rounds and scores: recorded once, corrected only by adding a new entry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from sos_meeting import text as checks
from sos_meeting.conflicts import EditConflict, Version
from sos_meeting.database import Database
from sos_meeting.domain import (
    Round,
    RoundMode,
    Scale,
    Score,
)
from sos_meeting.store._base import (
    UNCHECKED,
    StaleEntry,
    StorageError,
    Unchecked,
    _current_entries,
    _get,
    _next_position,
    _read,
    _touch,
    _write,
    computer_user,
    now,
)
from sos_meeting.store.describe import describe
from sos_meeting.tables import (
    MeetingRow,
    ParticipantRow,
    RoundRow,
    ScaleRow,
    ScoreRow,
)


def _scale(session: Session, row: ScaleRow) -> Scale:
    return _scales(session, [row])[0]


def _scales(session: Session, rows: Sequence[ScaleRow]) -> tuple[Scale, ...]:
    """The scales of `rows`, with their rounds and current scores, in two queries whatever
    their number (a query per round made a meeting's read wait on each in turn)."""
    ids = [row.id for row in rows]
    round_rows = (
        session.scalars(
            select(RoundRow)
            .where(col(RoundRow.scale_id).in_(ids))
            .order_by(col(RoundRow.scale_id), col(RoundRow.number))
        ).all()
        if ids
        else []
    )
    by_scale: dict[int, list[Round]] = defaultdict(list)
    for round_row, round_ in zip(round_rows, _rounds(session, round_rows), strict=True):
        by_scale[round_row.scale_id].append(round_)
    return tuple(
        Scale(
            id=row.id or 0,
            position=row.position,
            question=row.question,
            pair_id=row.pair_id,
            ten_means=row.ten_means,
            zero_means=row.zero_means,
            rounds=tuple(by_scale[row.id or 0]),
            mode=RoundMode(row.mode),
            threshold=row.threshold,
            children=split_children(row.children),
            carried_from_id=row.carried_from_id,
            version=row.version,
        )
        for row in rows
    )


def _definition(question: str, ten: str, zero: str, children: str) -> tuple[tuple[str, str], ...]:
    """A scale's definition as a conflict shows it."""
    return (
        ("question", question),
        ("10 means", ten),
        ("0 means", zero),
        ("children", children.replace("\n", ", ")),
    )


def split_children(stored: str) -> tuple[str, ...]:
    return tuple(name for name in stored.split("\n") if name)


def _round(session: Session, row: RoundRow) -> Round:
    return _rounds(session, [row])[0]


def _rounds(session: Session, rows: Sequence[RoundRow]) -> tuple[Round, ...]:
    """The rounds of `rows` with each person's current scores, in one query."""
    ids = [row.id for row in rows]
    if not ids:
        return ()
    latest = _current_entries(col(ScoreRow.round_id).in_(ids))
    scores: dict[int, list[Score]] = defaultdict(list)
    for score in session.scalars(
        select(ScoreRow).where(col(ScoreRow.id).in_(latest)).order_by(col(ScoreRow.id))
    ):
        scores[score.round_id].append(_score(score))
    return tuple(
        Round(
            id=row.id or 0,
            number=row.number,
            opened_at=row.opened_at,
            scores=tuple(scores[row.id or 0]),
            mode=RoundMode(row.mode),
            revealed_at=row.revealed_at,
            closed_at=row.closed_at,
            agreed_to_differ_at=row.agreed_to_differ_at,
            differ_withdrawn_at=row.differ_withdrawn_at,
        )
        for row in rows
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
        recorded_by=row.recorded_by,
        recorded_role=row.recorded_role,
        child=row.child,
        name=row.name,
    )


def parse_children(typed: str) -> tuple[str, ...]:
    """Children's names or initials as typed, separated by commas or new lines."""
    names: list[str] = []
    for part in typed.replace("\n", ",").split(","):
        name = checks.optional(part, "a child's name", limit=100)
        if name and name not in names:
            names.append(name)
    if len(names) > 12:
        raise checks.InputError("Up to 12 children can be scored separately on one scale.")
    return tuple(names)


def save_scale(
    db: Database,
    meeting_id: int,
    *,
    question: str,
    pair_id: int | None,
    ten_means: str = "",
    zero_means: str = "",
    scale_id: int | None = None,
    mode: RoundMode = RoundMode.OPEN,
    threshold: float = 2.0,
    children: str | tuple[str, ...] = (),
    started_from: int | None = None,
) -> Scale:
    """Add a scale or change it. `started_from` is the version an edit began from: if
    someone else has saved another definition since, `EditConflict` is raised.

    What 0 means can only be written once what 10 means is written; once scores are
    recorded, the definitions and the children they were given against stay as they are.
    """
    question = checks.required(question, "the scaling question", limit=checks.LONG_TEXT)
    ten = checks.optional(ten_means, "what 10 means", limit=checks.LONG_TEXT, multiline=True)
    zero = checks.optional(zero_means, "what 0 means", limit=checks.LONG_TEXT, multiline=True)
    if zero and not ten:
        raise checks.InputError(
            "Write what 10 means first: it is what everyone is working towards."
        )
    kids = parse_children(children if isinstance(children, str) else ",".join(children))
    if not 0 <= threshold <= 10:
        raise checks.InputError("The score that needs the chair's attention is from 0 to 10.")
    mode = RoundMode(mode)

    def work(session: Session) -> Scale:
        before = ""
        if scale_id is None:
            row = ScaleRow(
                meeting_id=meeting_id,
                pair_id=pair_id,
                position=_next_position(
                    session, col(ScaleRow.position), col(ScaleRow.meeting_id) == meeting_id
                ),
                question=question,
                ten_means=ten,
                zero_means=zero,
                created_at=now(),
                mode=mode.value,
                threshold=threshold,
                children="\n".join(kids),
            )
            session.add(row)
        else:
            row = _get(session, ScaleRow, scale_id)
            before = describe(row)
            has_scores = session.scalar(
                select(func.count())
                .select_from(ScoreRow)
                .join(RoundRow, col(RoundRow.id) == col(ScoreRow.round_id))
                .where(col(RoundRow.scale_id) == scale_id)
            )
            changed = (ten, zero, "\n".join(kids)) != (row.ten_means, row.zero_means, row.children)
            theirs = _definition(row.question, row.ten_means, row.zero_means, row.children)
            mine = _definition(question, ten, zero, "\n".join(kids))
            if mine != theirs or (pair_id, threshold) != (row.pair_id, row.threshold):
                if started_from is not None and row.version != started_from:
                    raise EditConflict(
                        "scale", scale_id, Version(mine, started_from), Version(theirs, row.version)
                    )
                row.version += 1
            if has_scores and changed:
                raise checks.InputError(
                    "People have already scored against these definitions, so they stay as "
                    "they are. Add a new scale to score against different ones."
                )
            row.question, row.pair_id, row.ten_means, row.zero_means = question, pair_id, ten, zero
            row.children, row.threshold = "\n".join(kids), threshold
            row.mode = mode.value  # for the next round; a round keeps the way it started
            current = session.scalars(
                select(RoundRow)
                .where(col(RoundRow.scale_id) == scale_id)
                .order_by(col(RoundRow.number).desc())
            ).first()
            if current is not None and not has_scores:
                current.mode = mode.value
        _touch(session, meeting_id, "a scale", before=before, after=describe(row))
        session.flush()
        return _scale(session, row)

    return _write(db, work)


def start_round(db: Database, scale_id: int, mode: RoundMode | None = None) -> Round:
    """Open the first round of a scale, or score again: a new round, the last one kept.

    `mode` overrides the scale's way of scoring for this round (phones need a private one);
    the current round takes it instead of a new round being started when nobody has scored
    in it yet, so no empty round is left in the record. Refused until 10 and 0 are both
    defined.
    """

    def work(session: Session) -> Round:
        scale = _get(session, ScaleRow, scale_id)
        if not scale.ten_means:
            raise checks.InputError("Write what 10 means before the round starts.")
        if not scale.zero_means:
            raise checks.InputError("Write what 0 means before the round starts.")
        previous = session.scalars(
            select(RoundRow)
            .where(col(RoundRow.scale_id) == scale_id)
            .order_by(col(RoundRow.number).desc())
        ).first()
        if (
            mode is not None
            and previous is not None
            and previous.closed_at is None
            and previous.revealed_at is None
            and not session.scalar(
                select(col(ScoreRow.id)).where(col(ScoreRow.round_id) == previous.id)
            )
        ):
            return _stamp_round(session, previous, mode=mode.value)
        if previous is not None and previous.closed_at is None:
            previous.closed_at = now()  # scoring again closes the round before
        row = RoundRow(
            scale_id=scale_id,
            number=(previous.number if previous else 0) + 1,
            opened_at=now(),
            mode=mode.value if mode is not None else scale.mode,
        )
        session.add(row)
        _touch(session, scale.meeting_id, "a new round", after=describe(row))
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
    child: str = "",
    seen: int | Unchecked | None = UNCHECKED,
    recorded_by: str = "",
) -> Score:
    """Record a participant's number and reason (or a pass) in a round, about `child`
    where the scale is scored per child.

    If they already have an entry in this round (about that child), the new one is a
    correction: it is added as a new row that supersedes the old one, which stays in the
    history. A closed round takes no entries until it is reopened.

    `seen` is the id of the person's current entry as the facilitator's screen showed it
    (None: no entry). If another screen has recorded one since, nothing is saved
    (`StaleEntry`): a correction supersedes only the entry that was seen.

    `recorded_by` names who recorded it when it was not the facilitator (an answer from the
    person's own phone).
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
        if round_row.closed_at is not None:
            raise checks.InputError("This round is closed. Reopen it to add or correct an entry.")
        children = split_children(scale.children)
        if (child or children) and child not in children:
            raise checks.InputError(
                f"Choose which child this score is about: {', '.join(children)}."
            )
        previous = session.scalar(
            select(func.max(col(ScoreRow.id))).where(
                col(ScoreRow.round_id) == round_id,
                col(ScoreRow.participant_id) == participant_id,
                col(ScoreRow.child) == child,
            )
        )
        if seen is not UNCHECKED and previous != seen:
            raise StaleEntry(
                "Someone has recorded an entry for this person on another screen since this "
                "one showed theirs, so yours was not saved (it is back in the boxes). To see "
                "theirs, go back to the meetings list (Esc) and open the meeting again."
            )
        meeting = _get(session, MeetingRow, scale.meeting_id)
        row = ScoreRow(
            round_id=round_id,
            participant_id=participant_id,
            value=entry.value,
            reason=reason,
            one_higher=one_higher,
            recorded_at=now(),
            supersedes_id=previous,
            recorded_by=recorded_by or meeting.facilitator or computer_user(),
            child=child,
            name=person.name,
        )
        session.add(row)
        # The entry it corrects is read only for an amendment (a closed meeting).
        closed = meeting.closed_at is not None
        earlier = session.get(ScoreRow, previous) if closed and previous is not None else None
        _touch(
            session,
            scale.meeting_id,
            f"an entry in round {round_row.number}",
            before=describe(earlier) if earlier is not None else "",
            after=describe(row) if closed else "",
        )
        session.flush()
        return _score(row)

    return _write(db, work)


def _set_round(db: Database, round_id: int, **stamps: datetime | None) -> Round:
    return _write(
        db, lambda session: _stamp_round(session, _get(session, RoundRow, round_id), **stamps)
    )


def _stamp_round(session: Session, row: RoundRow, **stamps: datetime | str | None) -> Round:
    before = describe(row)
    for name, value in stamps.items():
        setattr(row, name, value)
    scale = _get(session, ScaleRow, row.scale_id)
    _touch(session, scale.meeting_id, "a round", before=before, after=describe(row))
    session.flush()
    return _round(session, row)


def reveal(db: Database, round_id: int) -> Round:
    """Show a private round's numbers to the room, all at once. The round stays open (for
    someone still to score): closing it is a separate act."""
    return _set_round(db, round_id, revealed_at=now())


def close_round(db: Database, round_id: int) -> Round:
    """Take no more entries in this round."""
    return _set_round(db, round_id, closed_at=now())


def reopen_round(db: Database, round_id: int) -> Round:
    """Take entries again (for someone who arrived late, or a correction)."""
    return _set_round(db, round_id, closed_at=None)


def agree_to_differ(db: Database, round_id: int) -> Round:
    """Record that the room agreed to differ: each person's number and reason in the round
    stands as their view. Once withdrawn, it is not agreed again in the same round (both
    stay on record): the room scores again instead."""

    def work(session: Session) -> Round:
        row = _get(session, RoundRow, round_id)
        if row.differ_withdrawn_at is not None:
            raise checks.InputError(
                "The agreement to differ in this round was withdrawn, and both stay on record. "
                "To agree to differ again, score again (ctrl+g in Scaling) and agree then."
            )
        return _stamp_round(session, row, agreed_to_differ_at=now())

    return _write(db, work)


def withdraw_differ(db: Database, round_id: int) -> Round:
    """Record that the room no longer agrees to differ; the agreement itself stays."""

    def work(session: Session) -> Round:
        row = _get(session, RoundRow, round_id)
        if row.agreed_to_differ_at is None or row.differ_withdrawn_at is not None:
            raise checks.InputError("The room has not agreed to differ in this round.")
        return _stamp_round(session, row, differ_withdrawn_at=now())

    return _write(db, work)


def score_history(db: Database, round_id: int, participant_id: int, child: str = "") -> list[Score]:
    """Every entry a participant gave in a round, oldest first (the last is current)."""

    def work(session: Session) -> list[Score]:
        rows = session.scalars(
            select(ScoreRow)
            .where(
                col(ScoreRow.round_id) == round_id,
                col(ScoreRow.participant_id) == participant_id,
                col(ScoreRow.child) == child,
            )
            .order_by(col(ScoreRow.id))
        ).all()
        return [_score(r) for r in rows]

    return _read(db, work)


def corrections(db: Database, meeting_id: int) -> dict[int, list[Score]]:
    """Superseded entries of a meeting, by the id of the round they were given in."""

    def work(session: Session) -> dict[int, list[Score]]:
        superseded = select(col(ScoreRow.supersedes_id)).where(
            col(ScoreRow.supersedes_id).is_not(None)
        )
        rows = session.execute(
            select(ScoreRow)
            .join(RoundRow, col(RoundRow.id) == col(ScoreRow.round_id))
            .join(ScaleRow, col(ScaleRow.id) == col(RoundRow.scale_id))
            .where(col(ScaleRow.meeting_id) == meeting_id, col(ScoreRow.id).in_(superseded))
            .order_by(col(ScoreRow.id))
        ).scalars()
        found: dict[int, list[Score]] = {}
        for row in rows:
            found.setdefault(row.round_id, []).append(_score(row))
        return found

    return _read(db, work)
