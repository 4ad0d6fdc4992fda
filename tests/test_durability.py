"""Acknowledged entries survive SIGKILL at any moment, and two writers never refuse each other.

SOS_KILLS sets how many kills the storage-layer test makes (default 100).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from sos_meeting import store
from sos_meeting.database import Database

from .conftest import seed_meeting

ROOT = Path(__file__).parent.parent
KILLS = int(os.environ.get("SOS_KILLS", "100"))


def prepare(db: Database) -> tuple[int, list[int]]:
    meeting_id = seed_meeting(db)
    scale = store.save_scale(
        db, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
    )
    round_id = store.start_round(db, scale.id).id
    return round_id, [p.id for p in store.load(db, meeting_id).participants]


def writer(
    db_path: Path, round_id: int, participant_id: int, first: int, count: int
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.writer",
            str(db_path),
            str(round_id),
            str(participant_id),
            str(first),
            str(count),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def reasons_on_disk(db_path: Path) -> set[str]:
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {r for (r,) in raw.execute("SELECT reason FROM score")}


def test_sigkill_loses_no_acknowledged_entry(db: Database, db_path: Path) -> None:
    round_id, people = prepare(db)
    db.close()
    rng = random.Random(20261126)
    acknowledged: set[str] = set()
    next_entry = 0
    for kill in range(KILLS):
        process = writer(db_path, round_id, people[kill % len(people)], next_entry, 10_000)
        seen: list[str] = []
        reader = threading.Thread(target=lambda p=process, s=seen: s.extend(p.stdout or []))
        reader.start()
        # Let it start, then kill at a random moment while it writes.
        deadline = time.monotonic() + 5
        while not seen and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.05))
        process.send_signal(signal.SIGKILL)
        process.wait()
        reader.join()
        assert seen, process.stderr.read() if process.stderr else "the writer never wrote"
        acknowledged |= {f"entry {line.strip()}" for line in seen}
        next_entry = (
            max(int(line) for line in seen) + 2
        )  # the next writer starts past any unacknowledged one
        missing = acknowledged - reasons_on_disk(db_path)
        assert not missing, f"after kill {kill + 1}: {len(missing)} acknowledged entries lost"
    print(f"{KILLS} kills, {len(acknowledged)} acknowledged entries, none lost")


def test_two_writers_2000_each(db: Database, db_path: Path) -> None:
    round_id, people = prepare(db)
    first = writer(db_path, round_id, people[0], 0, 2000)
    second = writer(db_path, round_id, people[1], 10_000, 2000)
    outputs = [process.communicate(timeout=600) for process in (first, second)]
    for process, (_, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err[-2000:]
    assert all(len(out.split()) == 2000 for out, _ in outputs)
    on_disk = reasons_on_disk(db_path)
    expected = {f"entry {n}" for n in range(2000)} | {f"entry {n}" for n in range(10_000, 12_000)}
    assert expected <= on_disk and len(on_disk) == 4000
