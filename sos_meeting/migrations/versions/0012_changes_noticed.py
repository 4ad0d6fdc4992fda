"""Screens on one meeting stay live, and a server names who recorded each entry.

On PostgreSQL a trigger on every table sends a notice as a change commits, naming the
meeting it touched, the app that made it (its `sos.client` setting), the table and, for a
scale's rows, the scale, so no app can forget to tell the others and each reads only that.
Scores and amendments gain `recorded_role`: on a server, the database
role that inserted the row, set by a trigger whatever the app sends (the name typed stays in
`recorded_by` beside it); people, map items, pairs, views, decisions and letter choices keep
the role that last saved them. An SQLite file has no roles; it stays empty there.
A statement and goal pair, a map item, a person, a scale's definition and a meeting's
details count their saves (`version`), so an edit over
someone else's newer one is caught; `edit_conflict` keeps both versions and what was chosen.
`applied_edit` keeps the key of each edit the app committed, so one tried again after a
connection lost mid-commit is never saved twice. On a server a family belongs to a team (a
database role; `team`, `family_share`), which `sos-meeting server init` turns into row-level
security.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

NOTIFIED = (
    "meeting", "family", "participant", "map_item", "statement_pair", "scale", "scale_round",
    "score", "amendment", "conference_decision", "voice", "letter_choice", "edit_conflict",
    "family_share",
)  # fmt: skip
"""Every table a screen shows something of."""
SAVED_BY_ROLE = (
    "participant", "map_item", "statement_pair", "conference_decision", "voice", "letter_choice",
)  # fmt: skip
"""Rows that are changed as a meeting goes on: the role that last saved each is kept."""

MEETING_OF = """
CREATE OR REPLACE FUNCTION sos_meeting_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed record;
    meeting bigint;
    scale bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    -- Every save stamps its meeting's updated_at, which no screen shows: that alone is
    -- not news (the row saved with it is).
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'meeting'
       AND to_jsonb(NEW) - 'updated_at' = to_jsonb(OLD) - 'updated_at' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'meeting' THEN
        meeting := changed.id;
    ELSIF TG_TABLE_NAME IN ('family', 'family_share') THEN
        meeting := NULL;
    ELSIF TG_TABLE_NAME = 'scale' THEN
        meeting := changed.meeting_id;
        scale := changed.id;
    ELSIF TG_TABLE_NAME = 'scale_round' THEN
        scale := changed.scale_id;
        SELECT s.meeting_id INTO meeting FROM scale AS s WHERE s.id = scale;
    ELSIF TG_TABLE_NAME = 'score' THEN
        SELECT s.meeting_id, s.id INTO meeting, scale
        FROM scale_round AS r JOIN scale AS s ON s.id = r.scale_id WHERE r.id = changed.round_id;
    ELSE
        meeting := changed.meeting_id;
    END IF;
    PERFORM pg_notify(
        'sos_meeting',
        concat_ws(
            ' ', coalesce(meeting::text, '-'), coalesce(current_setting('sos.client', true), '-'),
            TG_TABLE_NAME, coalesce(scale::text, '-')
        )
    );
    RETURN NULL;
END $$
"""

RECORDED_ROLE = """
CREATE OR REPLACE FUNCTION sos_meeting_recorded_role() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.recorded_role := current_user;
    RETURN NEW;
END $$
"""


def upgrade() -> None:
    # ADD COLUMN changes no existing row, so the append-only triggers stay satisfied.
    for table in ("score", "amendment", *SAVED_BY_ROLE):
        op.add_column(
            table, sa.Column("recorded_role", sa.String(63), nullable=False, server_default="")
        )
    for table in ("statement_pair", "map_item", "participant", "meeting", "scale"):
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "edit_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(80), nullable=False),
        sa.Column("mine", sa.Text(), nullable=False),
        sa.Column("theirs", sa.Text(), nullable=False),
        sa.Column("choice", sa.String(20), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("recorded_role", sa.String(63), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_edit_conflict_meeting_id", "edit_conflict", ["meeting_id"])
    op.add_column("family", sa.Column("team", sa.String(63), nullable=True))
    op.create_table(
        "team",
        sa.Column("name", sa.String(63), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "family_share",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(63), nullable=False),
        sa.Column("shared_at", sa.DateTime(), nullable=False),
        sa.Column("shared_by", sa.String(63), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["family_id"], ["family.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("family_id", "team"),
    )
    op.create_table(
        "applied_edit",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(MEETING_OF)
    for table in NOTIFIED:
        op.execute(
            f"CREATE TRIGGER sos_meeting_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION sos_meeting_changed()"
        )
    op.execute(RECORDED_ROLE)
    for table in ("score", "amendment", "edit_conflict"):
        op.execute(
            f"CREATE TRIGGER sos_meeting_recorded_role BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION sos_meeting_recorded_role()"
        )
    for table in SAVED_BY_ROLE:
        op.execute(
            f"CREATE TRIGGER sos_meeting_recorded_role BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION sos_meeting_recorded_role()"
        )


def downgrade() -> None:
    raise NotImplementedError("Scores are append-only; this upgrade is not undone.")
