"""Say who recorded each score, and find corrections quickly.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN changes no existing row, so the append-only triggers stay satisfied.
    op.add_column(
        "score",
        sa.Column("recorded_by", sa.String(200), nullable=False, server_default=""),
    )
    op.create_index("ix_score_supersedes_id", "score", ["supersedes_id"])


def downgrade() -> None:
    raise NotImplementedError("Scores are append-only; this upgrade is not undone.")
