"""Close the gaps in the scores' append-only guard: on SQLite an INSERT OR REPLACE of an
existing score deleted and rewrote it without firing the DELETE guard; on PostgreSQL a
TRUNCATE removed every score.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_NO_REPLACE_SQLITE = """
CREATE TRIGGER score_no_REPLACE BEFORE INSERT ON score
WHEN EXISTS (SELECT 1 FROM score WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'recorded scores cannot be changed or deleted; add a correction');
END
"""
_NO_TRUNCATE_POSTGRES = """
CREATE TRIGGER score_no_TRUNCATE BEFORE TRUNCATE ON score
FOR EACH STATEMENT EXECUTE FUNCTION score_append_only()
"""


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(_NO_TRUNCATE_POSTGRES)
    else:
        op.execute(_NO_REPLACE_SQLITE)


def downgrade() -> None:
    raise NotImplementedError("This upgrade is not undone.")
