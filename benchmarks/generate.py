"""A seeded synthetic database: N meetings (families of 10 reviews), 12 people each, 3 scales,
2 rounds a scale; realistic text lengths. Written in bulk, straight into the schema."""

from __future__ import annotations

import random
import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sos_meeting.database import open_database

PEOPLE = 12
SCALES = 3
ROUNDS = 2
TEXT = (
    "the children said they felt safe at school and Gran collects them every day while Dad "
    "has been going to the group but there were two police call outs in October and Mum is "
    "worried about money and the housing officer will visit next week to look at the damp"
)
WORDS = tuple(TEXT.split())
ROLES = [
    ("Mum", "family"),
    ("Dad", "family"),
    ("Gran", "network"),
    ("Uncle", "network"),
    ("Neighbour", "network"),
    ("Social worker", "professional"),
    ("Class teacher", "professional"),
    ("Health visitor", "professional"),
    ("Police", "professional"),
    ("GP", "professional"),
    ("Housing", "professional"),
    ("Advocate", "professional"),
]


VERSION = 2
"""Bumped whenever what is generated changes, so a cached database is made again."""


def sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


def generate(path: Path, meetings: int, seed: int = 20261126, family_size: int = 10) -> Path:
    """Create `path` with `meetings` meetings, `family_size` to a family; returns the path."""
    path.unlink(missing_ok=True)
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    open_database(str(path)).close()  # the real schema, at the current revision
    rng = random.Random(seed)
    stamp = datetime(2016, 1, 1, 9, 0, 0)
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("PRAGMA synchronous = OFF")  # generation only; the app never does this
    ids = {"participant": 0, "scale": 0, "round": 0, "score": 0, "item": 0, "pair": 0}
    families = max(1, meetings // family_size)
    with raw:
        raw.executemany(
            "INSERT INTO family (id, title, case_ref, children, created_at) VALUES (?, ?, ?, ?, ?)",
            [(f, f"Family {f}", f"CP-{100000 + f}", "A\nB", stamp) for f in range(1, families + 1)],
        )
        for m in range(1, meetings + 1):
            family = (m - 1) % families + 1
            held = date(2016, 1, 1) + timedelta(days=(m * 3652) // meetings)
            previous = m - families if m > families else None
            raw.execute(
                "INSERT INTO meeting (id, kind, title, case_ref, held_on, facilitator, wording, "
                "step, scale_id, created_at, updated_at, family_id, previous_id, closed_at, "
                "close_note) VALUES (?, 'conference', ?, ?, ?, 'Alex', 'safety', 'spread', NULL, "
                "?, ?, ?, ?, ?, '')",
                (
                    m,
                    f"Family {family}",
                    f"CP-{100000 + family}",
                    held,
                    stamp,
                    stamp,
                    family,
                    previous,
                    # Each family's latest meeting is still open; the earlier ones are closed.
                    None if m > meetings - families else stamp,
                ),
            )
            people = []
            for seat, (role, group) in enumerate(ROLES[:PEOPLE], start=1):
                ids["participant"] += 1
                people.append(ids["participant"])
                raw.execute(
                    'INSERT INTO participant (id, meeting_id, name, role, agency, "group", seat, '
                    "attendance, created_at) VALUES (?, ?, ?, ?, '', ?, ?, 'present', ?)",
                    (ids["participant"], m, f"Person {seat}", role, group, seat, stamp),
                )
            items = []
            for column in ("worries", "working_well", "needs", "grey"):
                for position in range(1, 4):
                    ids["item"] += 1
                    items.append(
                        (ids["item"], m, column, None, sentence(rng, 6, 25), position, stamp, stamp)
                    )
            raw.executemany(
                'INSERT INTO map_item (id, meeting_id, "column", category, text, position, '
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                items,
            )
            scores = []
            for position in range(1, SCALES + 1):
                ids["pair"] += 1
                raw.execute(
                    "INSERT INTO statement_pair (id, meeting_id, position, statement, goal, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        ids["pair"],
                        m,
                        position,
                        sentence(rng, 25, 50),
                        sentence(rng, 15, 35),
                        stamp,
                        stamp,
                    ),
                )
                ids["scale"] += 1
                carried = ids["scale"] - families * SCALES if previous else None
                raw.execute(
                    "INSERT INTO scale (id, meeting_id, pair_id, position, question, ten_means, "
                    "zero_means, created_at, carried_from_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        ids["scale"],
                        m,
                        ids["pair"],
                        position,
                        "Where are we today?",
                        sentence(rng, 8, 16),
                        sentence(rng, 8, 16),
                        stamp,
                        carried,
                    ),
                )
                for number in range(1, ROUNDS + 1):
                    ids["round"] += 1
                    raw.execute(
                        "INSERT INTO scale_round (id, scale_id, number, opened_at, closed_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (
                            ids["round"],
                            ids["scale"],
                            number,
                            stamp,
                            stamp if number < ROUNDS else None,
                        ),
                    )
                    for person in people:
                        ids["score"] += 1
                        scores.append(
                            (
                                ids["score"],
                                ids["round"],
                                person,
                                rng.randint(0, 20) / 2,
                                sentence(rng, 8, 40),
                                "",
                                stamp,
                            )
                        )
            raw.executemany(
                "INSERT INTO score (id, round_id, participant_id, value, reason, one_higher, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                scores,
            )
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.execute("ANALYZE")
    raw.close()
    return path


if __name__ == "__main__":
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    target = Path(sys.argv[2] if len(sys.argv) > 2 else f"/tmp/sos-bench-{size}.db")
    began = time.perf_counter()
    generate(target, size)
    print(f"{size} meetings in {time.perf_counter() - began:.1f} s: {target}")
