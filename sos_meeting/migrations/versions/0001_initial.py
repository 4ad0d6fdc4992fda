"""The first schema: meetings, participants, mapping, statement pairs, scales, rounds, scores.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_NO_CHANGE_SQLITE = """
CREATE TRIGGER score_no_{verb} BEFORE {verb} ON score
BEGIN
    SELECT RAISE(ABORT, 'recorded scores cannot be changed or deleted; add a correction');
END
"""
_NO_CHANGE_POSTGRES_FUNCTION = """
CREATE FUNCTION score_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'recorded scores cannot be changed or deleted; add a correction';
END
$$
"""
_NO_CHANGE_POSTGRES = """
CREATE TRIGGER score_no_{verb} BEFORE {verb} ON score
FOR EACH ROW EXECUTE FUNCTION score_append_only()
"""


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("case_ref", sa.String(200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("facilitator", sa.String(200), nullable=False),
        sa.Column("wording", sa.String(20), nullable=False),
        sa.Column("step", sa.String(20), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_meeting_newest", "meeting", ["held_on", "id"])
    op.create_table(
        "participant",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("group", sa.String(20), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("attendance", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_participant_meeting_id", "participant", ["meeting_id"])
    op.create_table(
        "map_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("column", sa.String(20), nullable=False),
        sa.Column("category", sa.String(20), nullable=True),
        _text("text"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_map_item_meeting_id", "map_item", ["meeting_id"])
    op.create_table(
        "statement_pair",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("statement"),
        _text("goal"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_statement_pair_meeting_id", "statement_pair", ["meeting_id"])
    op.create_table(
        "scale",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "pair_id",
            sa.Integer(),
            sa.ForeignKey("statement_pair.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("question"),
        _text("ten_means"),
        _text("zero_means"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_scale_meeting_id", "scale", ["meeting_id"])
    op.create_table(
        "scale_round",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "scale_id", sa.Integer(), sa.ForeignKey("scale.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_scale_round_scale_id", "scale_round", ["scale_id"])
    op.create_table(
        "score",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "round_id",
            sa.Integer(),
            sa.ForeignKey("scale_round.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "participant_id",
            sa.Integer(),
            sa.ForeignKey("participant.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("value", sa.Float(), nullable=True),
        _text("reason"),
        _text("one_higher"),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), sa.ForeignKey("score.id"), nullable=True),
        sa.CheckConstraint(
            "value IS NULL OR (value >= 0 AND value <= 10"
            " AND value * 2 = CAST(value * 2 AS INTEGER))",
            name="ck_score_value",
        ),
    )
    op.create_index("ix_score_round_participant", "score", ["round_id", "participant_id", "id"])
    op.create_index("ix_score_participant_id", "score", ["participant_id"])

    # Recorded scores are append-only in the database itself, not only in the app.
    if op.get_context().dialect.name == "postgresql":
        op.execute(_NO_CHANGE_POSTGRES_FUNCTION)
        for verb in ("UPDATE", "DELETE"):
            op.execute(_NO_CHANGE_POSTGRES.format(verb=verb))
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(_NO_CHANGE_SQLITE.format(verb=verb))


def downgrade() -> None:
    raise NotImplementedError("The first schema has nothing to go back to.")
