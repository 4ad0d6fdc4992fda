"""A stored row in plain words, for an amendment's "before" and "after": what a reader of
the record needs to see what was there, without the database's ids."""

from __future__ import annotations

from sos_meeting.domain import Attendance, Category, Column, Group, StepStatus
from sos_meeting.supervision import SessionRole
from sos_meeting.tables import (
    MapItemRow,
    MeetingRow,
    ParticipantRow,
    RoundRow,
    ScaleRow,
    ScoreRow,
    StatementPairRow,
    VoiceRow,
)
from sos_meeting.text import format_score
from sos_meeting.voices import VoiceForm, Whose

DELETED = "(removed)"

Described = (
    MapItemRow
    | MeetingRow
    | ParticipantRow
    | RoundRow
    | ScaleRow
    | ScoreRow
    | StatementPairRow
    | VoiceRow
)


def describe(row: Described) -> str:
    """The row's words, one "label: value" line each (empty values left out)."""
    return "\n".join(f"{label}: {value}" for label, value in _fields(row) if value)


def _fields(row: Described) -> list[tuple[str, str]]:
    if isinstance(row, MapItemRow):
        status = StepStatus(row.status).label if row.status else ""
        return [
            ("column", Column(row.column).short),
            ("category", Category(row.category).label if row.category else ""),
            ("words", row.text),
            ("who", row.owner),
            ("by when", row.due.isoformat() if row.due else ""),
            ("outcome", status),
            ("place in the column", str(row.position)),
            ("deleted", "yes" if row.deleted_at else ""),
        ]
    if isinstance(row, ParticipantRow):
        return [
            ("name", row.name),
            ("role", row.role),
            ("agency", row.agency),
            ("group", Group(row.group).label),
            ("attendance", Attendance(row.attendance).label),
            ("sent a report", "yes" if row.sent_report else ""),
            ("role in the session", SessionRole(row.session_role).label),
            ("what was useful", row.reflection),
            ("seat", str(row.seat)),
        ]
    if isinstance(row, VoiceRow):
        return [
            ("views", Whose(row.whose).label),
            ("whose", row.name),
            ("how", VoiceForm(row.form).label),
            ("words", row.text),
            ("gathered by", row.gathered_by),
            ("gathered on", row.gathered_on.isoformat() if row.gathered_on else ""),
        ]
    if isinstance(row, StatementPairRow):
        return [
            ("statement", row.statement),
            ("goal", row.goal),
            ("kept as written because", row.coach_reason),
        ]
    if isinstance(row, ScaleRow):
        return [
            ("question", row.question),
            ("10 means", row.ten_means),
            ("0 means", row.zero_means),
            ("rounds", row.mode),
            ("attention at or below", format_score(row.threshold)),
            ("children", ", ".join(row.children.split("\n")) if row.children else ""),
        ]
    if isinstance(row, RoundRow):
        return [
            ("round", str(row.number)),
            ("closed", "yes" if row.closed_at else "no"),
            ("revealed", "yes" if row.revealed_at else ""),
            ("agreed to differ", "yes" if row.agreed_to_differ_at else ""),
            ("agreement to differ withdrawn", "yes" if row.differ_withdrawn_at else ""),
        ]
    if isinstance(row, ScoreRow):
        return [
            ("who", row.name),
            ("about", row.child),
            ("score", format_score(row.value)),
            ("why", row.reason),
            ("one point higher", row.one_higher),
        ]
    return [
        ("title", row.title),
        ("case reference", row.case_ref),
        ("held on", row.held_on.isoformat()),
        ("facilitator", row.facilitator),
        ("kind", row.kind),
        ("wording", row.wording),
    ]
