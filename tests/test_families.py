"""Families across meetings: reviews carry over, next steps, closing and amendments, the trend,
and the exports people file, print and share."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.domain import Category, Column, Group, MeetingKind, StepStatus
from sos_meeting.exports.render import render
from sos_meeting.text import InputError
from sos_meeting.trend import chart, series

from .conftest import PEOPLE

FIRST_DAY, REVIEW_DAY = date(2026, 9, 1), date(2026, 11, 26)


def first_meeting(db: Database) -> int:
    meeting = store.create_meeting(
        db,
        kind=MeetingKind.CONFERENCE,
        title="Family A",
        held_on=FIRST_DAY,
        case_ref="CP-1234",
        facilitator="Alex",
        children="Amy, Ben",
    )
    for name, role, group, agency in PEOPLE:
        store.add_participant(db, meeting.id, name=name, role=role, group=group, agency=agency)
    store.add_item(db, meeting.id, Column.WORRIES, "Dad hit Mum in June", Category.HARM)
    done = store.add_item(db, meeting.id, Column.NEEDS, "Dad to see the GP", Category.NEXT_STEP)
    store.set_next_step(db, done.id, owner="Dad", due=date(2026, 9, 15))
    store.decide_next_step(db, done.id, StepStatus.DONE)
    still = store.add_item(db, meeting.id, Column.NEEDS, "Jo to visit weekly", Category.NEXT_STEP)
    store.set_next_step(db, still.id, owner="Jo", due=date(2026, 10, 1))
    pair = store.save_pair(
        db, meeting.id, "Jo is worried Dad hits Mum.", "Mum and Dad keep the children safe."
    )
    scale = store.save_scale(
        db,
        meeting.id,
        question="How safe?",
        pair_id=pair.id,
        ten_means="safe to close",
        zero_means="hurt again",
    )
    round_id = store.start_round(db, scale.id).id
    people = store.load(db, meeting.id).participants
    for person, typed in zip(people, ("4", "7", "5", "2", "3"), strict=True):
        store.record_score(
            db, round_id, person.id, typed=typed, reason=f"{person.name} first reason"
        )
    return meeting.id


def test_a_review_carries_the_last_meeting_over(db: Database) -> None:
    first = first_meeting(db)
    review = store.start_review(db, first, held_on=REVIEW_DAY)
    record = store.load(db, review.id)
    assert record.meeting.previous_id == first
    assert record.family is not None and record.family.children == ("Amy", "Ben")
    assert record.meeting.title == "Family A" and record.meeting.facilitator == "Alex"
    assert [p.name for p in record.participants] == [p[0] for p in PEOPLE]
    assert all(p.carried_from_id for p in record.participants)
    assert [p.statement for p in record.pairs] == ["Jo is worried Dad hits Mum."]
    [scale] = record.scales
    assert scale.rounds == () and scale.ten_means == "safe to close"
    assert scale.pair_id == record.pairs[0].id and scale.carried_from_id is not None
    # Only the open next step comes across, with its owner and date.
    [step] = record.items
    assert (step.text, step.owner, step.due) == ("Jo to visit weekly", "Jo", date(2026, 10, 1))
    assert step.carried_from_id is not None and step.status is StepStatus.OPEN
    store.decide_next_step(db, step.id, StepStatus.CARRIED)
    assert store.load(db, review.id).items[0].status is StepStatus.CARRIED
    assert [m.id for m in store.family_meetings(db, record.family.id)] == [first, review.id]


def test_closing_checks_the_three_elements_and_later_changes_are_amendments(db: Database) -> None:
    meeting = store.create_meeting(
        db, kind=MeetingKind.SUPERVISION, title="Team B", held_on=FIRST_DAY
    )
    missing = store.load(db, meeting.id).missing()
    with pytest.raises(InputError, match="Say why"):
        store.close_meeting(db, meeting.id, missing=missing)
    closed = store.close_meeting(db, meeting.id, missing=missing, note="Practice session only")
    assert closed.closed and closed.close_note == "Practice session only"
    with store.amending("Remembered after the meeting"):
        store.add_item(db, meeting.id, Column.GREY, "Added after the meeting")
    record = store.load(db, meeting.id)
    assert len(record.amendments) == 1
    data = json.loads(render(db, meeting.id, "json"))
    assert data["completeness"]["closed_at"] is not None
    assert data["completeness"]["close_note"] == "Practice session only"
    assert len(data["completeness"]["amendments"]) == 1
    assert data["completeness"]["complete"] is False


def test_trend_across_meetings(db: Database) -> None:
    first = first_meeting(db)
    review = store.start_review(db, first, held_on=REVIEW_DAY)
    record = store.load(db, review.id)
    round_id = store.start_round(db, record.scales[0].id).id
    for person, typed in zip(record.participants, ("6", "8", "6", "5", "5"), strict=True):
        store.record_score(db, round_id, person.id, typed=typed, reason="better")
    assert record.family is not None
    [found] = series(store.trend_points(db, record.family.id))
    assert [(r.held_on, r.median, r.low, r.high) for r in found.rows] == [
        (FIRST_DAY, 4, 2, 7),
        (REVIEW_DAY, 6, 5, 8),
    ]
    assert found.rows[1].groups[Group.FAMILY] == 7
    assert found.change_in_words() == "The median went up from 4 to 6 over 2 meetings."
    lines = chart(found, 80)
    assert all(len(line) <= 80 for line in lines)
    assert lines[1].startswith("01 Sep 26") and lines[1].endswith("4 (2-7)")


def test_markdown_minute_has_every_score_and_reason(db: Database) -> None:
    meeting_id = first_meeting(db)
    minute = render(db, meeting_id, "markdown")
    for name, *_ in PEOPLE:
        assert f"{name} first reason" in minute
    assert "| Sam (Mum) | 4 |" in minute
    assert "Scores range from 2 to 7: a wide difference of views." in minute
    assert "Dad to see the GP (Dad, by 15 September 2026; done)" in minute
    assert "CP-1234" in minute


def test_family_version_has_roles_not_names_and_no_case_reference(db: Database) -> None:
    meeting_id = first_meeting(db)
    for fmt in ("markdown", "html", "json"):
        text = render(db, meeting_id, fmt, family_version=True)
        assert "CP-1234" not in text and "Alex" not in text
        for name in ("Sam", "Dan", "Pat", "Jo ", "Kim"):
            assert f"{name} (" not in text and f'"{name}"' not in text
        assert "Social worker" in text and "Mum" in text


def test_csv_one_row_per_score(db: Database) -> None:
    meeting_id = first_meeting(db)
    rows = list(csv.reader(io.StringIO(render(db, meeting_id, "csv").encode().decode("utf-8-sig"))))
    assert rows[0] == [
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
    ]
    assert len(rows) == 1 + 5
    assert rows[1][6:] == ["Mum", "family", "4", "Sam first reason"]
    assert all(cell != "Sam" for row in rows for cell in row)  # roles, never names


def test_exports_written_by_the_command_line_are_private(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    from sos_meeting.cli import main

    meeting_id = first_meeting(db)
    for fmt in ("markdown", "html", "csv", "json"):
        out = tmp_path / f"export.{fmt}"
        assert (
            main(["--db", str(db_path), "export", str(meeting_id), "--format", fmt, "-o", str(out)])
            == 0
        )
        assert (out.stat().st_mode & 0o777) == 0o600
        assert out.read_text()


def test_the_html_page_prints_on_one_a4_page_in_a_real_browser(
    db: Database, tmp_path: Path
) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("SOS_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium is needed for this test (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    meeting_id = first_meeting(db)
    page = tmp_path / "map.html"
    page.write_text(render(db, meeting_id, "html"), encoding="utf-8")
    pdf = tmp_path / "map.pdf"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", pages, re.MULTILINE), pages
    assert re.search(r"^Page size:.*\(A4\)$", pages, re.MULTILINE), pages
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())  # the columns wrap their headings
    assert "What are we worried about?" in text and "What needs to happen?" in text
    for name, *_ in PEOPLE:
        assert f"{name} first reason" in text
