"""Six writers at once on one meeting, on each engine: round numbers and seats stay unique,
every correction chain is linear and corrects exactly the entry its writer saw, and the
CSV's current entries are the app's."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import text

from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.exports.csv_rows import score_rows

from .conftest import seed_meeting

WRITERS, OPERATIONS = 6, 500
ROOT = Path(__file__).parent.parent


def prepare(db: Database) -> tuple[int, int]:
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db, meeting_id, question="Where are we?", pair_id=None, ten_means="safe", zero_means="not"
    )
    store.start_round(db, scale.id)
    return meeting_id, scale.id


def run_writers(target: str, meeting_id: int, scale_id: int, go: Path) -> list[list[str]]:
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.mixed_writer",
                target,
                str(meeting_id),
                str(scale_id),
                str(k),
                str(OPERATIONS),
                str(go),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(WRITERS)
    ]
    for writer in writers:  # every writer has opened the database before any starts
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
    go.touch()
    outputs = []
    for writer in writers:
        out, err = writer.communicate(timeout=1800)
        assert writer.returncode == 0, err[-3000:]
        assert "locked" not in err
        outputs.append(out.split("\n")[:-1])
    return outputs


def check(db: Database, meeting_id: int, scale_id: int, outputs: list[list[str]]) -> None:
    lines = [line.split() for output in outputs for line in output]
    assert len(lines) == WRITERS * OPERATIONS
    kinds = Counter(line[0] for line in lines)
    assert kinds["score"] > WRITERS * OPERATIONS / 3, kinds  # mostly saved, some refused
    with db.engine.connect() as connection:
        rounds = (
            connection.execute(
                text("SELECT number FROM scale_round WHERE scale_id = :s ORDER BY number"),
                {"s": scale_id},
            )
            .scalars()
            .all()
        )
        seats = (
            connection.execute(
                text("SELECT seat FROM participant WHERE meeting_id = :m"), {"m": meeting_id}
            )
            .scalars()
            .all()
        )
        scores = connection.execute(
            text("SELECT s.id, s.round_id, s.participant_id, s.child, s.supersedes_id FROM score s")
        ).all()
    assert rounds == list(range(1, len(rounds) + 1)), "round numbers are unique, no gaps"
    assert len(rounds) == 1 + kinds["round"]
    assert sorted(seats) == list(range(1, len(seats) + 1)), "seats are unique, no gaps"

    # Each writer's correction superseded exactly the entry it saw.
    supersedes = {row.id: row.supersedes_id for row in scores}
    for line in lines:
        if line[0] == "score":
            seen = None if line[2] == "-" else int(line[2])
            assert supersedes[int(line[1])] == seen
    # Every chain is linear: one first entry per person, each entry corrected at most once.
    chains: defaultdict[tuple[int, int, str], list[tuple[int, int | None]]] = defaultdict(list)
    for row in scores:
        chains[(row.round_id, row.participant_id, row.child)].append((row.id, row.supersedes_id))
    for entries in chains.values():
        assert sum(1 for _, old in entries if old is None) == 1
        corrected = [old for _, old in entries if old is not None]
        assert len(corrected) == len(set(corrected))
        ids = {entry for entry, _ in entries}
        assert set(corrected) <= ids

    # The CSV's current entries are the ones the app shows.
    record = store.load(db, meeting_id)
    shown = Counter(
        (round_.number, score.reason)
        for scale in record.scales
        for round_ in scale.rounds
        for score in round_.scores
    )
    exported = Counter((int(str(row[4])), str(row[9])) for row in score_rows(db, meeting_id))
    assert exported == shown
    print(f"{kinds} · rounds {len(rounds)} · people {len(seats)} · entries {len(scores)}")


def test_six_writers_on_sqlite(db: Database, db_path: Path, tmp_path: Path) -> None:
    meeting_id, scale_id = prepare(db)
    outputs = run_writers(str(db_path), meeting_id, scale_id, tmp_path / "go")
    check(db, meeting_id, scale_id, outputs)


@pytest.mark.postgres
def test_six_writers_on_postgres(pg_url: str, tmp_path: Path) -> None:
    from sos_meeting.database import open_database

    db = open_database(pg_url)
    try:
        meeting_id, scale_id = prepare(db)
        outputs = run_writers(pg_url, meeting_id, scale_id, tmp_path / "go")
        check(db, meeting_id, scale_id, outputs)
    finally:
        db.close()
