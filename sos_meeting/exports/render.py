"""Producing an export by name, for the command line and the app alike."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import MeetingKind, MeetingRecord
from sos_meeting.exports.heading import Heading

FORMATS = ("json", "markdown", "html", "csv", "note", "docx", "pdf", "letter", "letter-docx")
SUFFIX = {
    "json": "json",
    "markdown": "md",
    "html": "html",
    "csv": "csv",
    "note": "md",
    "docx": "docx",
    "pdf": "pdf",
    "letter": "md",
    "letter-docx": "docx",
}
BINARY = frozenset({"docx", "pdf", "letter-docx"})
"""Formats that are files, not text."""


def render(
    db: Database,
    meeting_id: int | None,
    fmt: str,
    *,
    family_version: bool = False,
    replacements: Mapping[str, str] | None = None,
    heading: Heading | None = None,
) -> str:
    """The export as text. CSV may cover every meeting (no id); the others need one. A
    group supervision note takes the scribe's `replacements` for words that may be names.
    `heading` (the protective marking and organisation) heads the minute, the page and the
    record; a CSV is a table for a spreadsheet and has no head."""
    heading = heading or Heading()
    if fmt == "csv":
        from sos_meeting.exports.csv_rows import write_csv

        buffer = io.StringIO()
        write_csv(db, buffer, meeting_id)
        return buffer.getvalue()
    if meeting_id is None:
        raise store.StorageError(f"Say which meeting to export as {fmt}.")
    if fmt == "letter":
        return _with_heading_md(_letter(db, meeting_id), heading)
    record = _record(db, meeting_id, fmt, family_version)
    if fmt == "json":
        from sos_meeting.exports.json_record import to_json

        text = to_json(record, None if family_version else store.corrections(db, meeting_id))
        return _with_heading_json(text, heading)
    if fmt == "markdown":
        from sos_meeting.exports.minutes import minute

        return _with_heading_md(minute(record), heading)
    if fmt == "html":
        from sos_meeting.exports.html_page import page

        return page(record, heading=heading)
    if fmt == "note":
        from sos_meeting.exports.brief_note import note

        if record.meeting.kind is not MeetingKind.SUPERVISION:
            raise store.StorageError("A brief note is for a group supervision session.")
        return _with_heading_md(note(record, replacements or {}), heading)
    raise ValueError(f"Unknown export format {fmt!r}; choose from {', '.join(FORMATS)}.")


PLAIN_EXPORT = (
    "This file is not encrypted, though the database is: anyone who can read the file can "
    "read it. Keep it somewhere safe and delete it when it is no longer needed."
)


def render_file(
    db: Database,
    meeting_id: int | None,
    fmt: str,
    *,
    family_version: bool = False,
    replacements: Mapping[str, str] | None = None,
    heading: Heading | None = None,
) -> bytes:
    """The export as the file's bytes: Word and PDF, or any text format in UTF-8."""
    if fmt == "docx":
        from sos_meeting.exports.minutes import minute
        from sos_meeting.exports.word import word_document

        record = _record(db, meeting_id, fmt, family_version)
        return word_document(record, minute(record), heading or Heading())
    if fmt == "letter-docx":
        from sos_meeting.exports.word import word_document

        record = _record(db, meeting_id, fmt, family_version=False)
        return word_document(record, _letter(db, record.meeting.id), heading or Heading())
    if fmt == "pdf":
        from sos_meeting.exports.pdf import PrintProblem, print_pdf

        html = render(db, meeting_id, "html", family_version=family_version, heading=heading)
        try:
            return print_pdf(html)
        except PrintProblem as problem:
            raise store.StorageError(str(problem)) from problem
    text = render(
        db,
        meeting_id,
        fmt,
        family_version=family_version,
        replacements=replacements,
        heading=heading,
    )
    return text.encode("utf-8")


def _record(db: Database, meeting_id: int | None, fmt: str, family_version: bool) -> MeetingRecord:
    """The meeting as the export shows it: as recorded, or its family version."""
    if meeting_id is None:
        raise store.StorageError(f"Say which meeting to export as {fmt}.")
    record = store.load(db, meeting_id)
    if family_version:
        from sos_meeting.exports.family_version import for_family

        record = for_family(record)
    return record


def _letter(db: Database, meeting_id: int) -> str:
    """The letter to the family, once every passage has been reviewed in the app."""
    from sos_meeting.exports.family_letter import letter, letter_names, passages, undecided

    record = store.load(db, meeting_id)
    decided, names = store.letter_review(db, meeting_id)
    waiting = undecided(passages(record, letter_names(record, names)), decided)
    if waiting:
        raise store.StorageError(
            f"{len(waiting)} passages of the letter have not been read and chosen (keep, "
            "reword or leave out) since they last changed. Review the letter in the app first: "
            "ctrl+e on the meeting, then 'A letter to the family'."
        )
    return letter(record, decided, names)


def _with_heading_md(text: str, heading: Heading) -> str:
    line = heading.line()
    if not line:
        return text
    return f"**{line}**\n\n{text.rstrip()}\n\n**{line}**\n"


def _with_heading_json(text: str, heading: Heading) -> str:
    if not heading.line():
        return text
    import json

    record = json.loads(text)
    headed = {"marking": heading.marking, "organisation": heading.organisation, **record}
    return json.dumps(headed, indent=2, ensure_ascii=True)


def write_private(path: Path, content: str | bytes, *, live: Path | None = None) -> Path:
    """Write an export readable by its owner only, whatever the umask; never over the
    live database `live`, and in place only once complete."""
    from sos_meeting.destinations import checked_destination, write_atomically

    def fill(into: Path) -> None:
        if isinstance(content, bytes):
            into.write_bytes(content)
            return
        with into.open("w", encoding="utf-8", newline="") as handle:
            handle.write(content)

    return write_atomically(checked_destination(path, live), fill)


def default_name(title: str, meeting_id: int | None, held_on: str, fmt: str, family: bool) -> str:
    """A file name that says what is in it: 'family-a-2026-11-26-minute.md'."""
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")[:40] or "meeting"
    kinds = {
        "markdown": "minute",
        "docx": "minute",
        "html": "map",
        "pdf": "map",
        "note": "note",
        "letter": "letter-to-the-family",
        "letter-docx": "letter-to-the-family",
    }
    kind = "for-the-family" if family else kinds.get(fmt, "record")
    name = f"{slug}-{held_on}-{kind}" if meeting_id is not None else "all-scores"
    return f"{name}.{SUFFIX[fmt]}"
