"""The writes a meeting takes, each as a function of the database that returns what it changed.

A step captures the values when Enter is pressed and hands one of these to the meeting's
writer; the writer runs it later, on its own thread, so nothing here may read a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sos_meeting import store
from sos_meeting.changes import Change, NothingShown, RecordReplaced, ScoreRecorded
from sos_meeting.conflicts import EditConflict, Resolution
from sos_meeting.database import Database
from sos_meeting.decision import Decision
from sos_meeting.domain import Attendance, Category, Column, Group, RoundMode, StepStatus
from sos_meeting.store import parts
from sos_meeting.supervision import SessionRole
from sos_meeting.voices import Views

Write = Callable[[Database], Change]


SCALE_TABLES = frozenset({"scale", "scale_round", "score"})


def read_again(meeting_id: int, changed: frozenset[tuple[str, int | None]] | None) -> Write:
    """Not a write: what another app saved to the meeting, read afresh. It goes through the
    writer so that it is read after every save asked for before it. Where the server said
    which table (and scale) changed, only that part is read; otherwise the whole meeting."""

    def write(db: Database) -> Change:
        tables = {table for table, _ in changed or ()}
        scales = {scale for table, scale in changed or () if table in SCALE_TABLES}
        if tables == {"map_item"}:
            return parts.items(db, meeting_id)
        if tables == {"participant"}:
            return parts.people(db, meeting_id)
        if tables == {"statement_pair"}:
            return parts.pairs(db, meeting_id)
        if tables and tables <= SCALE_TABLES and len(scales) == 1 and None not in scales:
            return parts.scale(db, scales.pop() or 0)
        return RecordReplaced(store.load(db, meeting_id))

    return write


# The map -------------------------------------------------------------------------------


def add_item(
    meeting_id: int,
    column: Column,
    text: str,
    category: Category | None,
    *,
    owner: str = "",
    due: date | None = None,
) -> Write:
    def write(db: Database) -> Change:
        store.add_item(db, meeting_id, column, text, category, owner=owner, due=due)
        return parts.items(db, meeting_id)

    return write


def edit_item(
    meeting_id: int,
    item_id: int,
    text: str,
    category: Category | None,
    *,
    owner: str | None = None,
    due: date | None = None,
    started_from: int | None = None,
) -> Write:
    def write(db: Database) -> Change:
        store.edit_item(
            db, item_id, text, category, owner=owner, due=due, started_from=started_from
        )
        return parts.items(db, meeting_id)

    return write


def on_item(meeting_id: int, action: Callable[[Database], object]) -> Write:
    """Any other change to the map (delete, bring back, move, decide a next step)."""

    def write(db: Database) -> Change:
        action(db)
        return parts.items(db, meeting_id)

    return write


def decide_next_step(meeting_id: int, item_id: int, status: StepStatus) -> Write:
    return on_item(meeting_id, lambda db: store.decide_next_step(db, item_id, status))


def delete_item(meeting_id: int, item_id: int) -> Write:
    return on_item(meeting_id, lambda db: store.delete_item(db, item_id))


def restore_item(meeting_id: int, item_id: int) -> Write:
    return on_item(meeting_id, lambda db: store.restore_item(db, item_id))


def move_item(meeting_id: int, item_id: int, steps: int) -> Write:
    return on_item(meeting_id, lambda db: store.move_item(db, item_id, steps))


def move_item_to(meeting_id: int, item_id: int, column: Column) -> Write:
    return on_item(meeting_id, lambda db: store.move_item_to(db, item_id, column))


# People --------------------------------------------------------------------------------


def on_people(meeting_id: int, action: Callable[[Database], object]) -> Write:
    def write(db: Database) -> Change:
        action(db)
        return parts.people(db, meeting_id)

    return write


def add_person(meeting_id: int, *, name: str, role: str, agency: str, group: Group) -> Write:
    return on_people(
        meeting_id,
        lambda db: store.add_participant(
            db, meeting_id, name=name, role=role, agency=agency, group=group
        ),
    )


def change_person(
    meeting_id: int,
    person_id: int,
    *,
    name: str,
    role: str,
    agency: str,
    group: Group,
    started_from: int | None = None,
) -> Write:
    return on_people(
        meeting_id,
        lambda db: store.update_participant(
            db,
            person_id,
            name=name,
            role=role,
            agency=agency,
            group=group,
            started_from=started_from,
        ),
    )


def set_attendance(meeting_id: int, person_id: int, attendance: Attendance) -> Write:
    return on_people(meeting_id, lambda db: store.set_attendance(db, person_id, attendance))


def set_report(meeting_id: int, person_id: int, sent: bool) -> Write:
    return on_people(meeting_id, lambda db: store.set_report(db, person_id, sent))


def set_session_role(meeting_id: int, person_id: int, role: SessionRole) -> Write:
    return on_people(meeting_id, lambda db: store.set_session_role(db, person_id, role))


def set_reflection(meeting_id: int, person_id: int, reflection: str) -> Write:
    return on_people(meeting_id, lambda db: store.set_reflection(db, person_id, reflection))


def set_question(meeting_id: int, question: str) -> Write:
    return on_meeting(meeting_id, lambda db: store.set_question(db, meeting_id, question))


def move_person(meeting_id: int, person_id: int, steps: int) -> Write:
    return on_people(meeting_id, lambda db: store.move_participant(db, person_id, steps))


def remove_person(meeting_id: int, person_id: int) -> Write:
    return on_people(meeting_id, lambda db: store.remove_participant(db, person_id))


# Statements and goals ------------------------------------------------------------------


class NewPair:
    """A pair asked for but not saved yet. Its first save fills in the id, so that a goal
    typed while the statement was still saving goes into the same pair (the writer saves
    in order, so the first save has always run before the next one needs the id)."""

    def __init__(self) -> None:
        self.id: int | None = None
        self.version: int | None = None


def save_pair(
    meeting_id: int,
    statement: str,
    goal: str,
    pair: int | NewPair | None,
    *,
    coach_reason: str | None = None,
    started_from: int | None = None,
) -> Write:
    """Save a pair's words; `started_from` is the version the edit of an existing pair began
    from (a pair this screen is writing counts its own saves)."""

    def write(db: Database) -> Change:
        pair_id = pair.id if isinstance(pair, NewPair) else pair
        version = pair.version if isinstance(pair, NewPair) else started_from
        saved = store.save_pair(
            db,
            meeting_id,
            statement,
            goal,
            pair_id,
            coach_reason=coach_reason,
            started_from=version,
        )
        if isinstance(pair, NewPair):
            pair.id, pair.version = saved.id, saved.version
        return parts.pairs(db, meeting_id)

    return write


def record_conflict(meeting_id: int, conflict: EditConflict, choice: Resolution) -> Write:
    """Keep both versions of words two people changed at once, and what was chosen."""

    def write(db: Database) -> Change:
        store.record_conflict(db, meeting_id, conflict, choice)
        return NothingShown()

    return write


def delete_pair(meeting_id: int, pair_id: int) -> Write:
    def write(db: Database) -> Change:
        store.delete_pair(db, pair_id)
        return parts.pairs(db, meeting_id)

    return write


# A conference's decision ------------------------------------------------------------------


def save_decision(meeting_id: int, decision: Decision) -> Write:
    def write(db: Database) -> Change:
        return store.save_decision(db, meeting_id, decision)

    return write


def add_dissent(meeting_id: int, participant_id: int, reason: str) -> Write:
    def write(db: Database) -> Change:
        return store.add_dissent(db, meeting_id, participant_id, reason)

    return write


# Scales and rounds ---------------------------------------------------------------------


def save_scale(
    meeting_id: int,
    *,
    scale_id: int | None,
    question: str,
    pair_id: int | None,
    ten_means: str,
    zero_means: str,
    mode: RoundMode,
    threshold: float,
    children: str,
    start: bool,
    started_from: int | None = None,
) -> Write:
    """Save a scale; with `start`, also open its first round once both ends are written.
    `started_from` is the version of the scale the edit began from."""

    def write(db: Database) -> Change:
        scale = store.save_scale(
            db,
            meeting_id,
            question=question,
            pair_id=pair_id,
            ten_means=ten_means,
            zero_means=zero_means,
            scale_id=scale_id,
            mode=mode,
            threshold=threshold,
            children=children,
            started_from=started_from,
        )
        if start and scale.defined and not scale.rounds:
            store.start_round(db, scale.id)
        return parts.scale(db, scale.id)

    return write


def on_round(scale_id: int, action: Callable[[Database], object]) -> Write:
    """Start, reveal, close, reopen or agree to differ: the scale with its rounds as they are."""

    def write(db: Database) -> Change:
        action(db)
        return parts.scale(db, scale_id)

    return write


def record_score(
    scale_id: int,
    round_id: int,
    person_id: int,
    *,
    typed: str,
    reason: str,
    one_higher: str,
    child: str,
    seen: int | store.Unchecked | None = store.UNCHECKED,
    recorded_by: str = "",
) -> Write:
    def write(db: Database) -> Change:
        score = store.record_score(
            db,
            round_id,
            person_id,
            typed=typed,
            reason=reason,
            one_higher=one_higher,
            child=child,
            seen=seen,
            recorded_by=recorded_by,
        )
        return ScoreRecorded(scale_id, round_id, score)

    return write


# The meeting ---------------------------------------------------------------------------


def on_meeting(meeting_id: int, action: Callable[[Database], object]) -> Write:
    """Details saved or the meeting closed: the meeting and its family as they are."""

    def write(db: Database) -> Change:
        action(db)
        return parts.meeting(db, meeting_id)

    return write


def remember_place(action: Callable[[Database], object]) -> Write:
    """Where the meeting was left: nothing on screen changes."""

    def write(db: Database) -> Change:
        action(db)
        return NothingShown()

    return write


# The views (conferences) ---------------------------------------------------------------


def add_voice(meeting_id: int, views: Views) -> Write:
    return lambda db: store.add_voice(db, meeting_id, views)


def change_voice(voice_id: int, views: Views) -> Write:
    return lambda db: store.change_voice(db, voice_id, views)


def move_voice(voice_id: int, steps: int) -> Write:
    return lambda db: store.move_voice(db, voice_id, steps)


def remove_voice(voice_id: int) -> Write:
    return lambda db: store.remove_voice(db, voice_id)
