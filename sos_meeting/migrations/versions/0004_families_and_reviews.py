"""Families tie meetings together: reviews carry things over, next steps have owners,
meetings can be closed (later changes are amendments).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "family",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("case_ref", sa.String(200), nullable=False),
        sa.Column("children", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "amendment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
    )
    op.create_index("ix_amendment_meeting_id", "amendment", ["meeting_id"])
    with op.batch_alter_table("meeting", recreate="never") as batch:
        batch.add_column(sa.Column("family_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("previous_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("close_note", sa.Text(), nullable=False, server_default=""))
    op.create_index("ix_meeting_family", "meeting", ["family_id", "held_on"])
    for table in ("participant", "statement_pair", "scale", "map_item"):
        op.add_column(table, sa.Column("carried_from_id", sa.Integer(), nullable=True))
    op.add_column("map_item", sa.Column("owner", sa.String(200), nullable=False, server_default=""))
    op.add_column("map_item", sa.Column("due", sa.Date(), nullable=True))
    op.add_column("map_item", sa.Column("status", sa.String(20), nullable=False, server_default=""))
    # Every existing meeting becomes its own family, so no meeting is left without one.
    op.execute(
        "INSERT INTO family (id, title, case_ref, children, created_at) "
        "SELECT id, title, case_ref, '', created_at FROM meeting"
    )
    op.execute("UPDATE meeting SET family_id = id")


def downgrade() -> None:
    raise NotImplementedError("This upgrade is not undone.")
