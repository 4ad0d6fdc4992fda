"""Alembic migrations of the sos-meeting schema."""
