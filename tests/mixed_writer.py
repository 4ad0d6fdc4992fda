"""A separate process that changes one meeting as fast as it can, in a random mix: scores,
corrections of the entry it last read, new rounds and new people. Each outcome is printed
after its commit returns (or its refusal), one line each:

    score <id> <seen>      an entry recorded, correcting entry <seen> ('-' for none)
    round <id> <number>    a new round started
    person <id> <seat>     a person added
    refused <why>          refused as the app would refuse it (the view was stale, the
                           round had closed meanwhile)

Used by tests/test_concurrency.py:
python -m tests.mixed_writer TARGET MEETING SCALE WRITER COUNT GO_FILE
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from sos_meeting import store
from sos_meeting.database import open_database
from sos_meeting.domain import Group
from sos_meeting.store import parts
from sos_meeting.text import InputError


def main(argv: list[str]) -> int:
    target, meeting, scale, writer, count, go = argv
    meeting_id, scale_id, k = int(meeting), int(scale), int(writer)
    db = open_database(target)
    rng = random.Random(k)
    print("ready", flush=True)
    while not Path(go).exists():  # all writers start together
        time.sleep(0.005)
    round_id = parts.scale(db, scale_id).scale.rounds[-1].id
    people = [p.id for p in parts.people(db, meeting_id).participants]
    for n in range(int(count)):
        kind = rng.choices(("score", "round", "person"), weights=(85, 3, 12))[0]
        try:
            if kind == "person":
                person = store.add_participant(
                    db, meeting_id, name=f"w{k} person {n}", role="", group=rng.choice(list(Group))
                )
                people.append(person.id)
                line = f"person {person.id} {person.seat}"
            elif kind == "round":
                round_ = store.start_round(db, scale_id)
                round_id = round_.id
                line = f"round {round_.id} {round_.number}"
            else:
                # As a screen does: the entry it shows is the one it read; a correction
                # is made against that entry.
                person_id = rng.choice(people)
                history = store.score_history(db, round_id, person_id)
                seen = history[-1].id if history else None
                score = store.record_score(
                    db,
                    round_id,
                    person_id,
                    typed=str(rng.randint(0, 10)),
                    reason=f"w{k} op {n}",
                    seen=seen,
                )
                line = f"score {score.id} {seen if seen is not None else '-'}"
        except (InputError, store.StaleEntry) as refused:
            line = f"refused {type(refused).__name__}"
            if isinstance(refused, InputError):  # the round closed: look for the new one
                round_id = parts.scale(db, scale_id).scale.rounds[-1].id
        print(line, flush=True)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
