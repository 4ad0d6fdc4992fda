"""Schema upgrades with Alembic, run in one transaction so a failure leaves nothing half-done."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema up to `revision` (imports Alembic only when needed)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    writer = engine.execution_options(sqlite_write=True)
    with writer.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
