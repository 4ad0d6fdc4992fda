"""Producing an export by name, for the command line and the app alike."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import MeetingKind

FORMATS = ("json", "markdown", "html", "csv", "note")
SUFFIX = {"json": "json", "markdown": "md", "html": "html", "csv": "csv", "note": "md"}


def render(
    db: Database,
    meeting_id: int | None,
    fmt: str,
    *,
    family_version: bool = False,
    replacements: Mapping[str, str] | None = None,
) -> str:
    """The export as text. CSV may cover every meeting (no id); the others need one. A
    group supervision note takes the scribe's `replacements` for words that may be names."""
    if fmt == "csv":
        from sos_meeting.exports.csv_rows import write_csv

        buffer = io.StringIO()
        write_csv(db, buffer, meeting_id)
        return buffer.getvalue()
    if meeting_id is None:
        raise store.StorageError(f"Say which meeting to export as {fmt}.")
    record = store.load(db, meeting_id)
    if family_version:
        from sos_meeting.exports.family_version import for_family

        record = for_family(record)
    if fmt == "json":
        from sos_meeting.exports.json_record import to_json

        return to_json(record, None if family_version else store.corrections(db, meeting_id))
    if fmt == "markdown":
        from sos_meeting.exports.minutes import minute

        return minute(record)
    if fmt == "html":
        from sos_meeting.exports.html_page import page

        return page(record)
    if fmt == "note":
        from sos_meeting.exports.brief_note import note

        if record.meeting.kind is not MeetingKind.SUPERVISION:
            raise store.StorageError("A brief note is for a group supervision session.")
        return note(record, replacements or {})
    raise ValueError(f"Unknown export format {fmt!r}; choose from {', '.join(FORMATS)}.")


PLAIN_EXPORT = (
    "This file is not encrypted, though the database is: anyone who can read the file can "
    "read it. Keep it somewhere safe and delete it when it is no longer needed."
)


def write_private(path: Path, content: str, *, live: Path | None = None) -> Path:
    """Write an export readable by its owner only, whatever the umask; never over the
    live database `live`, and in place only once complete."""
    from sos_meeting.destinations import checked_destination, write_atomically

    def fill(into: Path) -> None:
        with into.open("w", encoding="utf-8", newline="") as handle:
            handle.write(content)

    return write_atomically(checked_destination(path, live), fill)


def default_name(title: str, meeting_id: int | None, held_on: str, fmt: str, family: bool) -> str:
    """A file name that says what is in it: 'family-a-2026-11-26-minute.md'."""
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")[:40] or "meeting"
    kinds = {"markdown": "minute", "html": "map", "note": "note"}
    kind = "for-the-family" if family else kinds.get(fmt, "record")
    name = f"{slug}-{held_on}-{kind}" if meeting_id is not None else "all-scores"
    return f"{name}.{SUFFIX[fmt]}"
