"""Amendments keep the words before and after, the reason and who made them; a score keeps
the name its giver had; round numbers and corrections are unique, so two writers at once
cannot number two rounds alike or correct one entry twice.

Earlier scores keep an empty name (it was not recorded; the current name is shown), as a
recorded score is never rewritten.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def upgrade() -> None:
    for column in ("text_before", "text_after", "reason"):
        op.add_column("amendment", _text(column))
    op.add_column(
        "amendment", sa.Column("recorded_by", sa.String(200), nullable=False, server_default="")
    )
    op.add_column("score", sa.Column("name", sa.String(200), nullable=False, server_default=""))
    op.create_index("ux_scale_round_number", "scale_round", ["scale_id", "number"], unique=True)
    op.drop_index("ix_score_supersedes_id", table_name="score")
    op.create_index("ix_score_supersedes_id", "score", ["supersedes_id"], unique=True)


def downgrade() -> None:
    raise NotImplementedError("This upgrade is not undone.")
