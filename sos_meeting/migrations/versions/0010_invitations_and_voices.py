"""A conference lists who was invited, who came, who sent apologies and who sent a report;
the parents' and the child's views are each a record of their own; in group supervision,
each team member has a role in the session (presenter, facilitator, advisor, scribe) and a
closing reflection, and the session keeps the presenter's question for the group.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "participant",
        sa.Column("sent_report", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "participant",
        sa.Column("session_role", sa.String(20), nullable=False, server_default=""),
    )
    op.add_column(
        "participant", sa.Column("reflection", sa.Text(), nullable=False, server_default="")
    )
    op.add_column("meeting", sa.Column("question", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "voice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("whose", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("form", sa.String(30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("gathered_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("gathered_on", sa.Date(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_voice_meeting_id", "voice", ["meeting_id"])


def downgrade() -> None:
    raise NotImplementedError("This upgrade is not undone.")
