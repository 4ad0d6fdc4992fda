"""Word and PDF exports, and the protective marking on every page of every export."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sos_meeting import store
from sos_meeting.cli import main
from sos_meeting.database import Database
from sos_meeting.domain import Category, Column, Group, MeetingKind
from sos_meeting.exports.heading import Heading
from sos_meeting.exports.render import render, render_file

from .conftest import FIXED_DAY

HEADING = Heading("OFFICIAL-SENSITIVE", "Anytown Council")


def typical_meeting(db: Database) -> int:
    """12 people, 20 map items, 2 statement pairs and 3 scales scored by everyone."""
    meeting = store.create_meeting(
        db, kind=MeetingKind.CONFERENCE, title="Family T", held_on=FIXED_DAY, facilitator="Alex"
    )
    groups = (Group.FAMILY, Group.NETWORK, Group.PROFESSIONAL)
    for n in range(12):
        store.add_participant(
            db, meeting.id, name=f"Person{n}", role=f"Role {n}", group=groups[n % 3]
        )
    columns = [
        (Column.WORRIES, Category.HARM),
        (Column.WORKING_WELL, Category.STRENGTH),
        (Column.NEEDS, Category.NEXT_STEP),
        (Column.GREY, Category.GREY_AREA),
    ]
    for n in range(20):
        column, category = columns[n % 4]
        store.add_item(
            db,
            meeting.id,
            column,
            f"Map item {n}: what was said about it, in a sentence.",
            category,
        )
    pair = store.save_pair(
        db,
        meeting.id,
        "Jo is worried that Dad hits Mum when he drinks, and Ava sees it; she could be hurt.",
        "Everyone will see Dad sober whenever he looks after Ava, for six months.",
    )
    store.save_pair(db, meeting.id, "Kim is worried Ava misses school.", "Ava at school daily.")
    people = store.load(db, meeting.id).participants
    for s in range(3):
        scale = store.save_scale(
            db,
            meeting.id,
            question=f"Scale question {s}: how safe is Ava at home?",
            pair_id=pair.id if s == 0 else None,
            ten_means="Safe enough to close",
            zero_means="Ava will be hurt again",
        )
        round_id = store.start_round(db, scale.id).id
        for person in people:
            store.record_score(
                db,
                round_id,
                person.id,
                typed=str((person.seat + s) % 11),
                reason=f"Reason of {person.name} on scale {s}",
            )
    return meeting.id


def test_the_word_minute_reads_back_with_headings_tables_and_every_score(db: Database) -> None:
    from docx import Document

    meeting_id = typical_meeting(db)
    data = render_file(db, meeting_id, "docx", heading=HEADING)
    path = Path(os.environ["SOS_MEETING_EXPORTS"])
    path.mkdir(parents=True, exist_ok=True)
    (path / "m.docx").write_bytes(data)
    document = Document(str(path / "m.docx"))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE · Anytown Council"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("OFFICIAL-SENSITIVE · Anytown Council · page")
    assert "NUMPAGES" in footer._p.xml and "PAGE" in footer._p.xml
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and str(p.style.name).startswith(("Heading", "Title"))
    ]
    assert headings[0].startswith("Family T")
    for wanted in ("Mapping", "What are we worried about?", "Danger statements and safety goals"):
        assert wanted in headings
    assert sum(h.startswith("Scale: Scale question") for h in headings) == 3
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    for person in store.load(db, meeting_id).participants:
        for s in range(3):
            assert f"Reason of {person.name} on scale {s}" in cells
    # Each round's number line: a table of 0 to 10 with the names at their numbers.
    lines = [
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells] == [str(n) for n in range(11)]
    ]
    assert len(lines) == 3
    assert "Person0" in lines[0].rows[1].cells[1].text  # seat 1 gave 1 on scale 0
    text = "\n".join(p.text for p in document.paragraphs)
    assert "**" not in text and "| ---" not in text


def pdf_text(pdf: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def needs_chromium() -> None:
    if shutil.which("chromium") is None or shutil.which("pdftotext") is None:
        if os.environ.get("SOS_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium and poppler-utils are needed (.ci/run installs them)")
        pytest.skip("chromium or poppler-utils is not installed")


def test_the_pdf_has_the_map_on_page_one_and_the_marking_on_every_page(
    db: Database, db_path: Path, tmp_path: Path, own_settings: Path
) -> None:
    needs_chromium()
    meeting_id = typical_meeting(db)
    own_settings.write_text('marking = "OFFICIAL-SENSITIVE"\norganisation = "Anytown Council"\n')
    pdf = tmp_path / "map.pdf"
    args = ["--db", str(db_path), "export", str(meeting_id), "--format", "pdf", "-o", str(pdf)]
    assert main(args) == 0
    assert (pdf.stat().st_mode & 0o777) == 0o600
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert re.search(r"^Page size:.*\(A4\)$", info.stdout, re.MULTILINE)
    first = " ".join(pdf_text(pdf, 1).split())
    for n in range(20):
        assert f"Map item {n}:" in first, n  # the whole map on page 1
    assert "Jo is worried that Dad hits Mum" in first
    assert f"page 1 of {pages}" in first
    for page in range(1, pages + 1):
        text = " ".join(pdf_text(pdf, page).split())
        assert "OFFICIAL-SENSITIVE · Anytown Council" in text, page
        assert f"page {page} of {pages}" in text
    everything = " ".join(pdf_text(pdf).split())
    assert "Reason of Person11 on scale 2" in everything


def test_without_a_browser_the_pdf_says_how_to_print_by_hand(
    db: Database,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    meeting_id = typical_meeting(db)
    monkeypatch.setenv("SOS_MEETING_BROWSER", str(tmp_path / "no-such-browser"))
    out = tmp_path / "map.pdf"
    args = ["--db", str(db_path), "export", str(meeting_id), "--format", "pdf", "-o", str(out)]
    assert main(args) == 2
    said = capsys.readouterr().err
    assert "No browser engine was found" in said and "--format html" in said
    assert not out.exists()


def test_every_text_export_carries_the_marking(db: Database) -> None:
    meeting_id = typical_meeting(db)
    minute = render(db, meeting_id, "markdown", heading=HEADING)
    assert minute.startswith("**OFFICIAL-SENSITIVE · Anytown Council**")
    assert minute.rstrip().endswith("**OFFICIAL-SENSITIVE · Anytown Council**")
    page = render(db, meeting_id, "html", heading=HEADING)
    assert 'content: "OFFICIAL-SENSITIVE · Anytown Council"' in page
    assert 'counter(page) " of " counter(pages)' in page
    record = json.loads(render(db, meeting_id, "json", heading=HEADING))
    assert list(record)[:2] == ["marking", "organisation"]
    assert record["marking"] == "OFFICIAL-SENSITIVE"
    # Without settings, nothing is added.
    assert not render(db, meeting_id, "markdown").startswith("**")
