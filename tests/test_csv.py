"""The CSV opens right in a spreadsheet: a byte-order mark, and no cell taken for a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from sos_meeting import store
from sos_meeting.cli import main
from sos_meeting.database import Database
from sos_meeting.domain import Group
from sos_meeting.exports.csv_rows import as_text
from sos_meeting.exports.render import render

from .conftest import seed_meeting

PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("start", PREFIXES)
def test_a_cell_starting_like_a_formula_starts_with_a_quote(start: str) -> None:
    assert as_text(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


def test_other_cells_are_left_as_they_are() -> None:
    for value in ("", "Gran helps", "7", "'already quoted", " =not at the start", "Zoë"):
        assert as_text(value) == value


def scored(db: Database, reasons: list[str], role: str = "Mum") -> int:
    meeting_id = seed_meeting(db, (("Zoë Ñúñez", role, Group.FAMILY, ""),))
    scale = store.save_scale(
        db,
        meeting_id,
        question='=HYPERLINK("http://evil.example","How safe?")',
        pair_id=None,
        ten_means="Safe",
        zero_means="Hurt",
    )
    person = store.load(db, meeting_id).participants[0]
    for reason in reasons:
        round_id = store.start_round(db, scale.id).id
        store.record_score(db, round_id, person.id, typed="5", reason=reason)
    return meeting_id


def test_the_csv_reads_back_with_utf8_sig_and_no_formula_survives(db: Database) -> None:
    reasons = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "Zoë's ½ day"]
    meeting_id = scored(db, reasons, role="@Mum")
    data = render(db, meeting_id, "csv").encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["reason"] for r in rows] == [
        "'=1+1",
        "'+cmd|' /C calc'!A0",
        "'-2+3",
        "'@SUM(A1)",
        "Zoë's ½ day",
    ]
    assert {r["scale"] for r in rows} == {'\'=HYPERLINK("http://evil.example","How safe?")'}
    assert {r["participant_role"] for r in rows} == {"'@Mum"}
    for row in rows:
        for value in row.values():
            assert not value.startswith(PREFIXES), value


def test_the_csv_written_to_a_file_has_the_mark_once(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    meeting_id = scored(db, ["Zoë's reason"])
    out = tmp_path / "scores.csv"
    assert (
        main(["--db", str(db_path), "export", str(meeting_id), "--format", "csv", "-o", str(out)])
        == 0
    )
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["meeting_id"] == str(meeting_id)
    assert rows[0]["reason"] == "Zoë's reason"
