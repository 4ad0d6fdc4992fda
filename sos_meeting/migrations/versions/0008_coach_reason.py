"""A statement pair saved while the statement coach still asks questions keeps what the coach
asked and the facilitator's one-line reason for keeping the words as written.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in ("coach_asked", "coach_reason"):
        op.add_column(
            "statement_pair",
            sa.Column(name, sa.Text(), nullable=False, server_default=""),
        )


def downgrade() -> None:
    raise NotImplementedError("This upgrade is not undone.")
