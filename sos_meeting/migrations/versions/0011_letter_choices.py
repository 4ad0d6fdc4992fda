"""A letter to the family is written only after the facilitator has reviewed each passage:
each choice (keep, reword, leave out, and how each person is named) is kept.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_choice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("passage", sa.String(80), nullable=False),
        sa.Column("choice", sa.String(20), nullable=False),
        sa.Column("words", sa.Text(), nullable=False, server_default=""),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_letter_choice_meeting_id", "letter_choice", ["meeting_id"])


def downgrade() -> None:
    raise NotImplementedError("This upgrade is not undone.")
