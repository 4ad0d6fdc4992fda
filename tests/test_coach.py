"""The statement coach asks what the model asks, for statements and goals as people write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from sos_meeting import coach
from sos_meeting.coach import goal_questions, statement_questions

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
            await burst(pilot, "ctrl+s")  # it asks; it never blocks the save
            await settled(pilot)
        [pair] = store.load(db, meeting_id).pairs
        assert (pair.statement, pair.goal) == ("Concerns around DV.", "Dad to stop drinking.")
    finally:
        db.close()
