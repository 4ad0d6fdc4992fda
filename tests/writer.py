"""A separate process that records scores as fast as it can, saying 'N' after each commit.

Used by the durability tests: python -m tests.writer DB ROUND PARTICIPANT FIRST COUNT
"""

from __future__ import annotations

import sys

from sos_meeting import store
from sos_meeting.database import open_database


def main(argv: list[str]) -> int:
    path, round_id, participant_id, first, count = argv
    db = open_database(path)
    for n in range(int(first), int(first) + int(count)):
        store.record_score(
            db, int(round_id), int(participant_id), typed=str(n % 11), reason=f"entry {n}"
        )
        # Only now is the entry acknowledged, as the app says "Saved" only now.
        sys.stdout.write(f"{n}\n")
        sys.stdout.flush()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
