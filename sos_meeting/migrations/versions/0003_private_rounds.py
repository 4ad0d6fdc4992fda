"""Private rounds with a reveal, re-scaling, agreeing to differ, and a score per child.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Only ADD COLUMN with defaults: no existing row is rewritten (scores are append-only).
    op.add_column("scale", sa.Column("mode", sa.String(10), nullable=False, server_default="open"))
    op.add_column("scale", sa.Column("threshold", sa.Float(), nullable=False, server_default="2"))
    op.add_column("scale", sa.Column("children", sa.Text(), nullable=False, server_default=""))
    op.add_column(
        "scale_round", sa.Column("mode", sa.String(10), nullable=False, server_default="open")
    )
    op.add_column("scale_round", sa.Column("revealed_at", sa.DateTime(), nullable=True))
    op.add_column("scale_round", sa.Column("closed_at", sa.DateTime(), nullable=True))
    op.add_column("scale_round", sa.Column("agreed_to_differ_at", sa.DateTime(), nullable=True))
    op.add_column("score", sa.Column("child", sa.String(100), nullable=False, server_default=""))
    op.drop_index("ix_score_round_participant", table_name="score")
    op.create_index(
        "ix_score_round_participant", "score", ["round_id", "participant_id", "child", "id"]
    )


def downgrade() -> None:
    raise NotImplementedError("Scores are append-only; this upgrade is not undone.")
