"""A child protection conference's decision: one row a meeting, its parts kept together as
JSON (each child's plan and category, the chair's reasoning, each agency's recommendation,
dissent from the decision, the core group and the dates that follow).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conference_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_conference_decision_meeting_id", "conference_decision", ["meeting_id"], unique=True
    )


def downgrade() -> None:
    raise NotImplementedError("This upgrade is not undone.")
