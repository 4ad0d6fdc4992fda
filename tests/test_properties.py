"""Generated inputs: anything typed is saved as shown or refused with a message, and no sequence
of operations changes or deletes a recorded score."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import text

from sos_meeting import store
from sos_meeting.database import Database, open_database
from sos_meeting.domain import Attendance, Column, Group
from sos_meeting.text import InputError, clean

from .conftest import seed_meeting

T = TypeVar("T")

ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.text(alphabet=st.sampled_from("\x00\x07\x1b[]0123456789;m\n\r\t\u202e\u200f"), max_size=30),
    st.builds(lambda n, c: c * n, st.integers(10_000, 25_000), st.sampled_from(["a", "é", "👩"])),
)
TYPED_SCORES = st.one_of(
    st.text(max_size=8),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-50, 50).map(str),
    st.integers(0, 20).map(lambda n: f"{n / 2}"),
)
GENERATED = settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def attempt(action: Callable[[], T]) -> T | InputError:
    """The action's result, or the refusal it raised (which must say why)."""
    try:
        return action()
    except InputError as refused:
        return refused


@GENERATED
@given(words=ANY_TEXT, typed=TYPED_SCORES)
def test_anything_typed_is_saved_as_shown_or_refused(
    db: Database, meeting_id: int, words: str, typed: str
) -> None:
    record = store.load(db, meeting_id)
    if not record.scales:
        made = store.save_scale(
            db, meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
        )
        store.start_round(db, made.id)
        record = store.load(db, meeting_id)
    round_, sam = record.scales[0].rounds[0], record.participants[0]
    shown = clean(words, multiline=True)

    item = attempt(lambda: store.add_item(db, meeting_id, Column.WORRIES, words))
    if isinstance(item, InputError):
        assert str(item)
        assert not shown or len(shown) > 20_000
    else:
        assert item.text == shown
        if len(words) < 100:  # read back from a fresh load too (cheap for short ones)
            assert {i.id: i.text for i in store.load(db, meeting_id).items}[item.id] == shown

    person = attempt(
        lambda: store.add_participant(db, meeting_id, name=words, role="", group=Group.NETWORK)
    )
    if isinstance(person, InputError):
        assert str(person)
        assert not clean(words) or len(clean(words)) > 200
    else:
        assert person.name == clean(words)

    score = attempt(
        lambda: store.record_score(db, round_.id, sam.id, typed=typed, reason=words or "why")
    )
    if isinstance(score, InputError):
        assert str(score)
    else:
        assert score.value is None or (0 <= score.value <= 10 and (score.value * 2).is_integer())
        assert store.score_history(db, round_.id, sam.id)[-1] == score


class ScoresStayRecorded(RuleBasedStateMachine):
    """Random meetings: whatever the app does, every recorded score row stays as it was."""

    @initialize()
    def open(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.path = Path(self.folder.name) / "m.db"
        self.db = open_database(str(self.path))
        self.meeting_id = seed_meeting(self.db)
        scale = store.save_scale(
            self.db, self.meeting_id, question="q", pair_id=None, ten_means="a", zero_means="b"
        )
        self.round_id = store.start_round(self.db, scale.id).id
        self.recorded: dict[int, tuple[float | None, str]] = {}

    def people(self) -> list[int]:
        return [p.id for p in store.load(self.db, self.meeting_id).participants]

    @rule(who=st.integers(0, 20), typed=TYPED_SCORES, reason=st.text(max_size=20))
    def score(self, who: int, typed: str, reason: str) -> None:
        people = self.people()
        if not people:
            return
        try:
            made = store.record_score(
                self.db, self.round_id, people[who % len(people)], typed=typed, reason=reason
            )
        except InputError:
            return
        self.recorded[made.id] = (made.value, made.reason)

    @rule(who=st.integers(0, 20))
    def remove_person(self, who: int) -> None:
        people = self.people()
        if people:
            with contextlib.suppress(InputError):
                store.remove_participant(self.db, people[who % len(people)])

    @rule(who=st.integers(0, 20), attendance=st.sampled_from(list(Attendance)))
    def attendance(self, who: int, attendance: Attendance) -> None:
        people = self.people()
        if not people:
            return
        store.set_attendance(self.db, people[who % len(people)], attendance)

    @rule(who=st.integers(0, 20), steps=st.integers(-3, 3))
    def move(self, who: int, steps: int) -> None:
        people = self.people()
        if not people:
            return
        store.move_participant(self.db, people[who % len(people)], steps)

    @rule(
        statement=st.sampled_from(
            [
                "UPDATE score SET value = 0",
                "UPDATE score SET reason = ''",
                "DELETE FROM score",
                "UPDATE score SET participant_id = 1",
            ]
        )
    )
    def tamper(self, statement: str) -> None:
        if not self.recorded:
            return  # with no score rows the statement touches nothing
        with pytest.raises(Exception, match="cannot be changed"), self.db.write() as session:
            session.execute(text(statement))

    @invariant()
    def every_score_is_as_recorded(self) -> None:
        if not hasattr(self, "db"):
            return
        with sqlite3.connect(self.path) as raw:
            rows = {i: (v, r) for i, v, r in raw.execute("SELECT id, value, reason FROM score")}
        assert rows == self.recorded

    def teardown(self) -> None:
        if hasattr(self, "db"):
            self.db.close()
            self.folder.cleanup()


ScoresStayRecorded.TestCase.settings = settings(
    max_examples=60, stateful_step_count=30, deadline=None
)
test_no_sequence_changes_a_recorded_score = ScoresStayRecorded.TestCase
