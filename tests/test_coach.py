"""The statement coach asks what the model asks, for statements and goals as people write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from sos_meeting import coach
from sos_meeting.coach import goal_questions, statement_questions
from sos_meeting.text import InputError

ALL = {"who", "behaviour", "impact", "if nothing changes"}

STATEMENTS: list[tuple[str, set[str]]] = [
    # Good statements: nothing to ask.
    (
        "Jo (social worker) and Kim (teacher) are worried that Dad hits Mum when he has been "
        "drinking, and Ava and Ben see it. Ava says she is scared at night. If nothing changes "
        "the children could be hurt or frightened.",
        set(),
    ),
    (
        "The police are worried that Mum left Sam (3) alone at home for the evening in June. "
        "Sam was found crying at the window. If this happens again Sam could be badly hurt.",
        set(),
    ),
    (
        "Children's services are worried that Dad shouts at the children and pushed Ben into "
        "the door, and Ben had a bruise on his arm. Ben could be injured if nothing changes.",
        set(),
    ),
    (
        "The school is worried that Mum does not wake the children in the morning and they "
        "miss school most weeks. If this continues they will fall behind and feel alone.",
        set(),
    ),
    (
        "Gran is worried that Mum takes tablets and falls asleep while she is looking after "
        "the baby. If nothing changes the baby could be hurt.",
        set(),
    ),
    # Labels instead of behaviour.
    ("Concerns around DV and neglect.", {"label", *ALL}),
    ("There are safeguarding concerns due to domestic violence.", {"label", *ALL}),
    ("Mum has mental health issues and is not engaging.", {"label", *ALL}),
    ("Dad is non-compliant with the plan.", {"label", *ALL}),
    ("The children are at risk of significant harm.", {"label", *ALL}),
    ("Substance misuse by both parents.", {"label", *ALL}),
    ("Poor home conditions and a chaotic lifestyle.", {"label", *ALL}),
    (
        "Jo is worried about neglect: the children could be hurt if nothing changes.",
        {"label", "behaviour"},
    ),
    # Parts missing.
    (
        "Dad hit Mum in front of the children and they were frightened.",
        {"who", "if nothing changes"},
    ),
    ("Jo is worried that Dad hit Mum.", {"impact", "if nothing changes"}),
    ("Jo is worried.", {"behaviour", "impact", "if nothing changes"}),
    (
        "Jo is worried that the children saw Dad hit Mum and were scared.",
        {"if nothing changes"},
    ),
    (
        "Jo is worried the children could be hurt if nothing changes.",
        {"behaviour"},
    ),
    ("Drinking.", ALL),
    ("Sam was hurt.", {"who", "behaviour", "if nothing changes"}),
]

GOALS: list[tuple[str, set[str]]] = [
    (
        "Everyone will see Mum and Dad keep the children safe when Dad drinks, for the next "
        "six months.",
        set(),
    ),
    (
        "Children's services need to see Mum get the children to school every day for a "
        "school term.",
        set(),
    ),
    ("Everyone will see Sam looked after by a sober adult every evening.", set()),
    ("Jo will know that Ava is safe at home until the review in March.", set()),
    ("Dad to stop drinking.", {"stop", "how long"}),
    ("Dad will no longer drink around the children.", {"stop", "how long"}),
    ("Mum must never leave Sam alone for six months.", {"stop"}),
    ("The children are safe.", {"seen", "how long"}),
    ("Safe care.", {"seen", "how long"}),
    ("Everyone will see Mum and Dad sort out their arguments calmly.", {"how long"}),
    ("Mum to engage with services for 6 months.", {"label", "seen"}),
    ("No more DV.", {"label", "stop", "how long"}),
]


@pytest.mark.parametrize(("text", "expected"), STATEMENTS)
def test_the_coach_asks_of_a_statement_what_it_does_not_show(text: str, expected: set[str]) -> None:
    assert {ask.kind for ask in statement_questions(text)} == expected


@pytest.mark.parametrize(("text", "expected"), GOALS)
def test_the_coach_asks_of_a_goal_what_it_does_not_show(text: str, expected: set[str]) -> None:
    assert {ask.kind for ask in goal_questions(text)} == expected


def test_at_least_thirty_real_style_examples() -> None:
    assert len(STATEMENTS) + len(GOALS) >= 30


def test_a_label_is_named_with_a_plain_alternative() -> None:
    [label] = [a for a in statement_questions("Concerns around neglect.") if a.kind == "label"][:1]
    assert "neglect" in str(label) and "went without" in str(label)
    assert statement_questions("") == [] and goal_questions("   ") == []


def test_a_council_can_add_its_own_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "ours.toml"
    extra.write_text(
        '[[label]]\nwords = ["LAC"]\ninstead = "say where the child lives, e.g. with a foster '
        'family"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(coach.EXTRA_WORDS, str(extra))
    coach.labels.cache_clear()
    try:
        asks = statement_questions("Ava is LAC.")
        assert any("LAC" in str(a) and "foster" in str(a) for a in asks)
    finally:
        monkeypatch.delenv(coach.EXTRA_WORDS)
        coach.labels.cache_clear()


async def test_the_coach_line_follows_what_is_typed_and_never_blocks(tmp_path: Path) -> None:
    from screens.app import SosMeetingApp
    from sos_meeting import store
    from sos_meeting.database import open_database
    from sos_meeting.domain import Step

    from .conftest import seed_meeting
    from .pilot_helpers import burst, open_at, settled, shown, typed

    db = open_database(str(tmp_path / "m.db"))
    try:
        meeting_id = seed_meeting(db)
        store.set_place(db, meeting_id, Step.STATEMENTS)
        app = SosMeetingApp(database=db)
        async with app.run_test(size=(100, 34)) as pilot:
            await open_at(pilot, Step.STATEMENTS)
            await burst(pilot, *typed("Concerns around DV."))
            await settled(pilot)
            line = shown(pilot, "#statement-coach")
            assert "“DV” is a label" in line and "more questions" in line
            await burst(pilot, "tab", *typed("Dad to stop drinking."))
            await settled(pilot)
            assert "instead of what must stop" in shown(pilot, "#goal-coach")
            # It asks; it never blocks the save: a line on why keeps the words as written.
            await burst(pilot, "ctrl+s", *typed("The family's own words\n"))
            await settled(pilot)
        [pair] = store.load(db, meeting_id).pairs
        assert (pair.statement, pair.goal) == ("Concerns around DV.", "Dad to stop drinking.")
        assert pair.coach_reason == "The family's own words"
        assert pair.coach_asked == coach.pair_questions(pair.statement, pair.goal)
        assert pair.coach_asked[0].startswith("Statement: “DV” is a label")
        assert pair.settled
    finally:
        db.close()


GOOD_STATEMENT = STATEMENTS[1][0]
GOOD_GOAL = GOALS[2][0]


async def test_a_questioned_pair_waits_for_its_reason_and_keys_typed_after_land_in_turn(
    tmp_path: Path,
) -> None:
    """Typed back to back: a questioned pair, its reason, then a pair the coach is happy
    with (saved at once, nothing asked), then a questioned pair left with Esc to reword."""
    from textual.widgets import TextArea

    from screens.app import SosMeetingApp
    from sos_meeting import store
    from sos_meeting.database import open_database
    from sos_meeting.domain import Step

    from .conftest import seed_meeting
    from .pilot_helpers import burst, open_at, settled, typed

    db = open_database(str(tmp_path / "m.db"))
    try:
        meeting_id = seed_meeting(db)
        store.set_place(db, meeting_id, Step.STATEMENTS)
        app = SosMeetingApp(database=db)
        async with app.run_test(size=(100, 34)) as pilot:
            await open_at(pilot, Step.STATEMENTS)
            await burst(
                pilot,
                *typed("Jo is worried that Dad hit Mum."),
                "tab",
                *typed("Dad will be kind."),
                "ctrl+s",
                "enter",  # an empty reason is refused, and nothing is lost
                *typed("Agreed with Mum\n"),
                *typed(GOOD_STATEMENT),
                "tab",
                *typed(GOOD_GOAL),
                "ctrl+s",
                *typed("Mum is unwell."),
                "tab",
                *typed("Mum will rest."),
                "ctrl+s",
                "escape",  # back to the words
                *typed(" She sleeps all day and Sam (3) is alone and hungry."),
            )
            await settled(pilot)
            assert not app.screen.query_one("#coach-reason-row").display
            statement = app.screen.query_one("#statement", TextArea)
            assert statement.text == (
                "Mum is unwell. She sleeps all day and Sam (3) is alone and hungry."
            )
        first, second = store.load(db, meeting_id).pairs
        assert (first.statement, first.goal, first.coach_reason) == (
            "Jo is worried that Dad hit Mum.",
            "Dad will be kind.",
            "Agreed with Mum",
        )
        assert first.coach_asked and first.settled
        assert (second.statement, second.goal) == (GOOD_STATEMENT, GOOD_GOAL)
        assert second.coach_asked == () and second.coach_reason == "" and second.settled
    finally:
        db.close()


def test_a_reason_belongs_to_the_words_it_was_given_for(tmp_path: Path) -> None:
    from sos_meeting import store
    from sos_meeting.database import open_database

    from .conftest import seed_meeting

    db = open_database(str(tmp_path / "m.db"))
    try:
        meeting_id = seed_meeting(db)
        pair = store.save_pair(db, meeting_id, "Jo is worried.", "Dad will be kind.")
        assert pair.coach_asked and not pair.settled
        assert "a reason for keeping pair 1 as written" in " ".join(
            store.load(db, meeting_id).missing()
        )
        pair = store.save_pair(
            db, meeting_id, "Jo is worried.", "Dad will be kind.", pair.id, coach_reason="Kept"
        )
        assert pair.settled
        assert not any("reason for keeping" in gap for gap in store.load(db, meeting_id).missing())
        # Saved again unchanged (e.g. from the editor): the reason stays.
        pair = store.save_pair(db, meeting_id, "Jo is worried.", "Dad will be kind.", pair.id)
        assert pair.coach_reason == "Kept"
        # Other words: the reason was not given for them.
        pair = store.save_pair(db, meeting_id, "Jo is worried!", "Dad will be kind.", pair.id)
        assert pair.coach_reason == "" and not pair.settled
        # Words the coach has nothing to ask of need no reason, and keep none.
        pair = store.save_pair(
            db, meeting_id, GOOD_STATEMENT, GOOD_GOAL, pair.id, coach_reason="Not needed"
        )
        assert pair.coach_asked == () and pair.coach_reason == "" and pair.settled
        with pytest.raises(InputError):
            store.save_pair(db, meeting_id, "Jo is worried.", "", pair.id, coach_reason="x" * 301)
    finally:
        db.close()


def test_the_record_keeps_what_the_coach_asked_and_why_the_words_stayed(tmp_path: Path) -> None:
    import html
    import json

    from sos_meeting import store
    from sos_meeting.database import open_database
    from sos_meeting.exports.render import render

    from .conftest import seed_meeting

    db = open_database(str(tmp_path / "m.db"))
    try:
        meeting_id = seed_meeting(db)
        store.save_pair(
            db, meeting_id, "Jo is worried.", "Dad will be kind.", coach_reason="Mum's words"
        )
        store.save_pair(db, meeting_id, GOOD_STATEMENT, GOOD_GOAL)
        asked = coach.pair_questions("Jo is worried.", "Dad will be kind.")
        data = json.loads(render(db, meeting_id, "json"))
        assert [p["coach"] for p in data["pairs"]] == [
            {"asked": list(asked), "reason": "Mum's words"},
            {"asked": [], "reason": ""},
        ]
        first = store.load(db, meeting_id).pairs[0]
        assert first.coach_note == (
            "Kept as written: Mum's words. The statement coach had asked: " + " / ".join(asked)
        )
        assert html.escape(first.coach_note) in render(db, meeting_id, "html")
        minute = render(db, meeting_id, "markdown")
        assert "*Kept as written: Mum's words. The statement coach had asked: Statement: " in minute
        assert minute.count("Kept as written") == 1
        # A note for professionals: not in the family's version.
        for fmt in ("markdown", "html", "json"):
            family = render(db, meeting_id, fmt, family_version=True)
            assert "Mum's words" not in family and "statement coach" not in family
    finally:
        db.close()


def test_pairs_written_before_the_coach_kept_reasons_are_not_questioned_after_an_upgrade(
    tmp_path: Path,
) -> None:
    """A meeting from before (schema 0007) keeps its words, and gains no gap at closing."""
    import sqlite3

    from sqlalchemy import create_engine

    from sos_meeting import store
    from sos_meeting.database import open_database
    from sos_meeting.migrate import upgrade

    path = tmp_path / "at-0007.db"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine, "0007")
    engine.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO meeting (id, kind, title, case_ref, held_on, facilitator, step, "
            "wording, created_at, updated_at) VALUES (1, 'conference', 'Family A', '', "
            "'2026-09-01', '', 'statements', 'safety', '2026-09-01 10:00', '2026-09-01 10:00')"
        )
        raw.execute(
            "INSERT INTO statement_pair (meeting_id, position, statement, goal, created_at, "
            "updated_at) VALUES (1, 1, 'Concerns around DV.', 'Dad to stop drinking.', "
            "'2026-09-01 10:00', '2026-09-01 10:00')"
        )
    database = open_database(str(path))
    try:
        [pair] = store.load(database, 1).pairs
        gaps = store.load(database, 1).missing()
    finally:
        database.close()
    assert (pair.statement, pair.goal) == ("Concerns around DV.", "Dad to stop drinking.")
    assert (pair.coach_asked, pair.coach_reason) == ((), "") and pair.settled
    assert not any("reason for keeping" in gap for gap in gaps)
