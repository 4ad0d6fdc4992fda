"""The database tables (SQLModel). Only `store` reads and writes them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, Text, false
from sqlmodel import Column, Field, SQLModel


class FamilyRow(SQLModel, table=True):
    """A family (or a team, for its own timeline) whose meetings belong together."""

    __tablename__ = "family"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    case_ref: str = Field(default="", max_length=200)
    children: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime
    team: str | None = Field(default=None, max_length=63)
    """On a shared server: the team (a database role) whose members see this family; set by
    the server from the creator's team. Unused in an SQLite file."""


class TeamRow(SQLModel, table=True):
    """On a shared server: a team is a database role; its members see its families."""

    __tablename__ = "team"

    name: str = Field(primary_key=True, max_length=63)
    created_at: datetime


class FamilyShareRow(SQLModel, table=True):
    """A family shared with another team, on purpose: who shared it, and when."""

    __tablename__ = "family_share"

    family_id: int = Field(foreign_key="family.id", primary_key=True, ondelete="CASCADE")
    team: str = Field(primary_key=True, max_length=63)
    shared_at: datetime
    shared_by: str = Field(default="", max_length=63, sa_column_kwargs={"server_default": ""})


class AmendmentRow(SQLModel, table=True):
    """A change made after the meeting was closed."""

    __tablename__ = "amendment"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    recorded_at: datetime
    what: str = Field(sa_column=Column(Text, nullable=False))
    text_before: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """The words as they were, one "label: value" line each (empty for an addition)."""
    text_after: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """The words as they are now ("(removed)" for a removal)."""
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    recorded_by: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    recorded_role: str = Field(default="", max_length=63, sa_column_kwargs={"server_default": ""})
    """On a server, the database role that recorded it (set by the server, not the app)."""


class MeetingRow(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_newest", "held_on", "id"),
        Index("ix_meeting_family", "family_id", "held_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    title: str = Field(max_length=200)
    case_ref: str = Field(default="", max_length=200)
    held_on: date
    facilitator: str = Field(default="", max_length=200)
    wording: str = Field(default="safety", max_length=20)
    step: str = Field(default="people", max_length=20)
    scale_id: int | None = Field(default=None)
    created_at: datetime
    updated_at: datetime
    family_id: int | None = Field(default=None)
    previous_id: int | None = Field(default=None)
    """The meeting this one reviews, whose scales and next steps it carried over."""
    closed_at: datetime | None = None
    close_note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    question: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """For group supervision: the presenter's question for the group."""
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    """Counts the saves of the meeting's details (F7), so an edit over someone else's is caught."""


class ParticipantRow(SQLModel, table=True):
    __tablename__ = "participant"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    role: str = Field(default="", max_length=200)
    agency: str = Field(default="", max_length=200)
    group: str = Field(max_length=20)
    seat: int
    attendance: str = Field(default="present", max_length=20)
    created_at: datetime
    carried_from_id: int | None = None
    sent_report: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    """For a conference: whether they sent a report."""
    session_role: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    """For group supervision: presenter, facilitator, advisor, scribe or participant."""
    reflection: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """For group supervision: what was useful, in one line."""
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    """Counts the saves of the person's details, so an edit over someone else's is caught."""
    recorded_role: str = Field(default="", max_length=63, sa_column_kwargs={"server_default": ""})
    """On a server, the database role that last saved this row (set by the server)."""


class MapItemRow(SQLModel, table=True):
    __tablename__ = "map_item"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    column: str = Field(max_length=20)
    category: str | None = Field(default=None, max_length=20)
    text: str = Field(sa_column=Column(Text, nullable=False))
    position: int
    deleted_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    owner: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    due: date | None = None
    status: str = Field(default="", max_length=20, sa_column_kwargs={"server_default": ""})
    """For a next step: '', 'done', 'not_done' or 'carried' (decided at the review)."""
    carried_from_id: int | None = None
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    """Counts the saves of the item's words, so an edit over someone else's is caught."""
    recorded_role: str = Field(default="", max_length=63, sa_column_kwargs={"server_default": ""})
    """On a server, the database role that last saved this row (set by the server)."""


class StatementPairRow(SQLModel, table=True):
    __tablename__ = "statement_pair"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    position: int
    statement: str = Field(sa_column=Column(Text, nullable=False))
    goal: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime
    updated_at: datetime
    carried_from_id: int | None = None
    coach_asked: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """What the statement coach still asked when the words were saved, one question a line."""
    coach_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """The facilitator's one line on why the words were kept as written despite the coach."""
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    """Counts the saves of these words, so an edit made over someone else's newer one is
    caught instead of silently replacing it."""
    recorded_role: str = Field(default="", max_length=63, sa_column_kwargs={"server_default": ""})
    """On a server, the database role that last saved this row (set by the server)."""


class ScaleRow(SQLModel, table=True):
    __tablename__ = "scale"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    pair_id: int | None = Field(default=None, foreign_key="statement_pair.id", ondelete="SET NULL")
    position: int
    question: str = Field(sa_column=Column(Text, nullable=False))
    ten_means: str = Field(sa_column=Column(Text, nullable=False))
    zero_means: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime
    mode: str = Field(default="open", max_length=10, sa_column_kwargs={"server_default": "open"})
    threshold: float = Field(default=2.0, sa_column_kwargs={"server_default": "2"})
    children: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    """The children scored separately, one name per line; empty for one judgement."""
    carried_from_id: int | None = None
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    """Counts the saves of the definition, so an edit over someone else's is caught."""


class RoundRow(SQLModel, table=True):
    __tablename__ = "scale_round"
    __table_args__ = (Index("ux_scale_round_number", "scale_id", "number", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    scale_id: int = Field(foreign_key="scale.id", index=True, ondelete="CASCADE")
    number: int
    opened_at: datetime
    mode: str = Field(default="open", max_length=10, sa_column_kwargs={"server_default": "open"})
    """How this round is run; taken from the scale when the round starts."""
    revealed_at: datetime | None = None
    closed_at: datetime | None = None
    agreed_to_differ_at: datetime | None = None
    differ_withdrawn_at: datetime | None = None


class ScoreRow(SQLModel, table=True):
    """One entry said in a round. Never updated or deleted: a correction is a new row."""

    __tablename__ = "score"
    __table_args__ = (
        CheckConstraint(
            "value IS NULL OR (value >= 0 AND value <= 10"
            " AND value * 2 = CAST(value * 2 AS INTEGER))",
            name="ck_score_value",
        ),
        Index("ix_score_round_participant", "round_id", "participant_id", "child", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="scale_round.id", ondelete="CASCADE")
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    value: float | None = None
    reason: str = Field(sa_column=Column(Text, nullable=False))
    one_higher: str = Field(sa_column=Column(Text, nullable=False))
    recorded_at: datetime
    supersedes_id: int | None = Field(default=None, foreign_key="score.id", index=True, unique=True)
    """The entry this one corrects; each entry is corrected at most once (a chain)."""
    recorded_by: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    """The facilitator (or the computer's user) who typed the entry."""
    recorded_role: str = Field(default="", max_length=63, sa_column_kwargs={"server_default": ""})
    """On a server, the database role that recorded it (set by the server, not the app)."""
    child: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    """Which child this score is about, where the scale is scored per child."""
    name: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    """The person's name when they gave this entry: a later change of name leaves it."""


class ConferenceDecisionRow(SQLModel, table=True):
    """A conference's decision (sos_meeting.decision), kept together as JSON."""

    __tablename__ = "conference_decision"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, unique=True, ondelete="CASCADE")
    body: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime
    recorded_role: str = Field(default="", max_length=63, sa_column_kwargs={"server_default": ""})
    """On a server, the database role that last saved this row (set by the server)."""


class VoiceRow(SQLModel, table=True):
    """A parent's or a child's views (sos_meeting.voices), each a record of its own."""

    __tablename__ = "voice"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    whose: str = Field(max_length=20)
    name: str = Field(max_length=200)
    form: str = Field(max_length=30)
    text: str = Field(sa_column=Column(Text, nullable=False))
    gathered_by: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    gathered_on: date | None = None
    position: int
    created_at: datetime
    updated_at: datetime
    recorded_role: str = Field(default="", max_length=63, sa_column_kwargs={"server_default": ""})
    """On a server, the database role that last saved this row (set by the server)."""


class AppliedEditRow(SQLModel, table=True):
    """Which app-made edits were committed, by the key the app gave each: after a connection
    lost mid-commit, the edit is tried again only if it is not here (nothing is doubled).
    Holds no words."""

    __tablename__ = "applied_edit"

    key: str = Field(primary_key=True, max_length=64)
    applied_at: datetime


class EditConflictRow(SQLModel, table=True):
    """Two people changed the same words at once: both versions, and what the one saving
    second chose (kept theirs, took the other, or merged by hand). Never changed."""

    __tablename__ = "edit_conflict"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    what: str = Field(max_length=80)
    """What was edited, e.g. "statement_pair 3"."""
    mine: str = Field(sa_column=Column(Text, nullable=False))
    """The words the person saving second had typed."""
    theirs: str = Field(sa_column=Column(Text, nullable=False))
    """The words saved meanwhile by someone else."""
    choice: str = Field(max_length=20)
    decided_at: datetime
    decided_by: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    recorded_role: str = Field(default="", max_length=63, sa_column_kwargs={"server_default": ""})


class LetterChoiceRow(SQLModel, table=True):
    """The facilitator's review of one passage of a letter to the family: kept, reworded or
    left out, for the words it had then. Never changed: a new review adds rows."""

    __tablename__ = "letter_choice"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    passage: str = Field(max_length=80)
    choice: str = Field(max_length=20)
    words: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    decided_at: datetime
    decided_by: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    recorded_role: str = Field(default="", max_length=63, sa_column_kwargs={"server_default": ""})
    """On a server, the database role that last saved this row (set by the server)."""
