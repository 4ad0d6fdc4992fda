"""One row per recorded score, for spreadsheets: current entries only, revealed rounds only,
people by role (a spreadsheet travels further than the minute).

The file opens right in a spreadsheet: UTF-8 with a byte-order mark (Excel on Windows reads
names as mojibake without one), and any cell a spreadsheet would take for a formula (one
starting with =, +, -, @, a tab or a carriage return) starts with a quote instead, as OWASP
advises against CSV injection.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from sqlalchemy import text

from sos_meeting.database import Database
from sos_meeting.text import clean, format_score

HEADER = (
    "meeting_id",
    "date",
    "meeting",
    "scale",
    "round",
    "child",
    "participant_role",
    "group",
    "value",
    "reason",
)

_QUERY = """
SELECT m.id, m.held_on, m.title, sc.question, r.number, s.child, p.role, p."group",
       s.value, s.reason
FROM score AS s
JOIN scale_round AS r ON r.id = s.round_id
JOIN scale AS sc ON sc.id = r.scale_id
JOIN meeting AS m ON m.id = sc.meeting_id
JOIN participant AS p ON p.id = s.participant_id
WHERE NOT EXISTS (SELECT 1 FROM score AS later WHERE later.supersedes_id = s.id)
  AND (r.mode = 'open' OR r.revealed_at IS NOT NULL)
  {only}
ORDER BY m.held_on, m.id, sc.position, r.number, p.seat, s.child
"""


FORMULA_STARTS = frozenset("=+-@\t\r")
BOM = "\ufeff"


def as_text(value: str) -> str:
    """`value`, never read as a formula: one that starts like one gets a leading quote."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def cell(text: str) -> str:
    """Typed text as a cell: cleaned, and never read as a formula (one call per cell: the
    export streams hundreds of thousands of rows)."""
    text = clean(text)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def score_rows(db: Database, meeting_id: int | None = None) -> Iterator[tuple[object, ...]]:
    """The rows, streamed from the database in batches (all meetings when no id is given)."""
    query = text(_QUERY.format(only="AND m.id = :meeting_id" if meeting_id is not None else ""))
    params = {"meeting_id": meeting_id} if meeting_id is not None else {}
    with db.engine.connect() as connection:
        result = connection.execution_options(yield_per=5000).execute(query, params)
        for meeting, held_on, title, question, number, child, role, group, value, reason in result:
            yield (
                meeting,
                str(held_on)[:10],
                cell(title),
                cell(question),
                number,
                cell(child),
                cell(role),
                group,
                format_score(value),
                cell(reason),
            )


def write_csv(db: Database, handle: TextIO, meeting_id: int | None = None) -> int:
    """Write the CSV to `handle`, byte-order mark first; returns how many score rows were
    written."""
    handle.write(BOM)
    writer = csv.writer(handle)
    writer.writerow(HEADER)
    count = 0
    for row in score_rows(db, meeting_id):
        writer.writerow(row)
        count += 1
    return count
