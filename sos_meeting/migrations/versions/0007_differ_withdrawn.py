"""Agreeing to differ can be withdrawn: the withdrawal is recorded beside the agreement,
which stays.

A child or young person scoring is a group of its own ("child"); the group column already
holds any group's name, so existing people keep theirs and nothing else changes.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("scale_round", sa.Column("differ_withdrawn_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("This upgrade is not undone.")
