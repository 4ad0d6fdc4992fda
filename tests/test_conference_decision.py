"""A child protection conference's decision: each child's plan and category, the chair's
reasoning, each agency's recommendation, dissent from the decision (the only thing called
dissent), the core group and its dates; in the close check and every export."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from screens.app import SosMeetingApp
from screens.meeting import MeetingScreen
from sos_meeting import store
from sos_meeting.database import Database
from sos_meeting.decision import (
    ChildDecision,
    Decision,
    Plan,
    PlanCategory,
    Recommendation,
    from_text,
    to_text,
)
from sos_meeting.domain import MeetingKind, Step
from sos_meeting.exports.render import render
from sos_meeting.text import InputError

from .conftest import FIXED_DAY, name_children, seed_meeting
from .pilot_helpers import burst, settled, typed, until


def conference(db: Database, children: str = "Amy, Ben") -> int:
    """The seeded conference (Sam, Dan, Pat, Jo of Children's services, Kim of Hill School)
    with two children named."""
    meeting_id = seed_meeting(db)
    name_children(db, meeting_id, children)
    return meeting_id


def test_a_decision_is_stored_as_it_was_given() -> None:
    decision = Decision(
        children=(
            ChildDecision("Amy", Plan.YES, PlanCategory.NEGLECT),
            ChildDecision("Ben", Plan.NO),
        ),
        reasoning="Amy is often hungry.\nBen is safe with Gran.",
        recommendations=(Recommendation(4, Plan.YES, "Hungry at school"), Recommendation(5)),
        core_group="Mum, Dad, Jo",
        first_core_group=date(2026, 12, 10),
        review_conference=date(2027, 2, 20),
    )
    assert from_text(to_text(decision)) == decision
    assert from_text("") == Decision()


def test_what_a_conference_still_lacks_of_its_decision() -> None:
    assert Decision().missing(("Amy", "Ben")) == [
        "the decision for Amy and Ben",
        "the chair's decision and reasoning",
    ]
    partly = Decision(children=(ChildDecision("Amy", Plan.CONTINUE),), reasoning="As before.")
    assert partly.missing(("Amy", "Ben")) == [
        "the decision for Ben",
        "the category of the plan for Amy",
    ]
    whole = replace(
        partly,
        children=(
            ChildDecision("Amy", Plan.CONTINUE, PlanCategory.EMOTIONAL),
            ChildDecision("Ben", Plan.END),
        ),
    )
    assert whole.missing(("Amy", "Ben")) == []
    assert Decision(reasoning="x").missing(()) == [
        "the decision for each child (name them in Details)"
    ]


def test_saving_the_decision_keeps_the_dissent_already_recorded(db: Database) -> None:
    meeting_id = conference(db)
    dan = store.load(db, meeting_id).participants[1]
    store.add_dissent(db, meeting_id, dan.id, "Amy is fed well at home")
    store.save_decision(db, meeting_id, Decision(reasoning="A plan for Amy."))
    record = store.load(db, meeting_id)
    [dissent] = record.decision.dissents
    assert (dissent.participant_id, dissent.name, dissent.reason) == (
        dan.id,
        "Dan",
        "Amy is fed well at home",
    )
    assert record.decision.reasoning == "A plan for Amy."
    with pytest.raises(InputError):
        store.add_dissent(db, meeting_id, dan.id, "   ")
    other = seed_meeting(db)
    with pytest.raises(InputError):
        store.add_dissent(db, other, dan.id, "Not in that meeting")


def test_a_conference_closes_without_its_decision_only_with_a_reason(db: Database) -> None:
    meeting_id = conference(db)
    missing = store.load(db, meeting_id).missing()
    assert "the decision for Amy and Ben" in missing
    assert "the chair's decision and reasoning" in missing
    store.save_decision(
        db,
        meeting_id,
        Decision(
            children=(
                ChildDecision("Amy", Plan.YES, PlanCategory.NEGLECT),
                ChildDecision("Ben", Plan.NO),
            ),
            reasoning="A plan for Amy.",
        ),
    )
    assert not any("decision" in gap for gap in store.load(db, meeting_id).missing())
    # Other kinds of meeting have no decision step, and are never asked for one.
    other = store.create_meeting(
        db, kind=MeetingKind.MULTI_AGENCY, title="Family M", held_on=FIXED_DAY, children="Zoe"
    )
    assert not any("decision" in gap for gap in store.load(db, other.id).missing())


def test_a_change_to_a_closed_conferences_decision_is_an_amendment(db: Database) -> None:
    meeting_id = conference(db)
    store.save_decision(db, meeting_id, Decision(reasoning="First view."))
    store.close_meeting(db, meeting_id, missing=store.load(db, meeting_id).missing(), note="x")
    with pytest.raises(InputError):
        store.save_decision(db, meeting_id, Decision(reasoning="Second view."))
    with store.amending("The chair corrected a word"):
        store.save_decision(db, meeting_id, Decision(reasoning="Second view."))
    [amendment] = store.load(db, meeting_id).amendments
    assert "First view." in amendment.before and "Second view." in amendment.after


async def test_a_conference_decision_typed_back_to_back_is_recorded_and_minuted(
    db: Database,
) -> None:
    """Two children (a plan for one, none for the other), the chair's words, both agencies'
    recommendations, the core group and its dates, then a dissent: every key sent without
    waiting for a save."""
    meeting_id = conference(db)
    store.set_place(db, meeting_id, Step.SCALING)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting")
        await burst(
            pilot,
            "f12",
            "y",
            "enter",
            "n",  # Amy: a plan, under neglect
            "enter",
            "n",  # Ben: no plan
            "enter",
            *typed("Amy is often hungry and misses school. Ben is safe with Gran."),
            "tab",
            "y",
            "enter",
            *typed("Amy hungry at school"),
            "tab",
            "n",
            "enter",
            *typed("Ben settled"),
            "tab",
            *typed("Mum, Dad, Jo, Kim"),
            "tab",
            *typed("10/12/2026"),
            "tab",
            *typed("2027-02-20"),
            "ctrl+s",
            "ctrl+d",  # who disagrees: the list of people
            "down",
            "enter",  # Dan
            *typed("Dan says Amy is fed well at home\n"),
        )
        await settled(pilot)
        await until(pilot, lambda: not app.screen.waiting, "every save")  # type: ignore[attr-defined]
    record = store.load(db, meeting_id)
    decision = record.decision
    jo, kim = record.participants[3], record.participants[4]
    assert decision.children == (
        ChildDecision("Amy", Plan.YES, PlanCategory.NEGLECT),
        ChildDecision("Ben", Plan.NO),
    )
    assert decision.reasoning == "Amy is often hungry and misses school. Ben is safe with Gran."
    assert decision.recommendations == (
        Recommendation(jo.id, Plan.YES, "Amy hungry at school"),
        Recommendation(kim.id, Plan.NO, "Ben settled"),
    )
    assert (decision.core_group, decision.first_core_group, decision.review_conference) == (
        "Mum, Dad, Jo, Kim",
        date(2026, 12, 10),
        date(2027, 2, 20),
    )
    assert [(d.name, d.reason) for d in decision.dissents] == [
        ("Dan", "Dan says Amy is fed well at home")
    ]
    assert not any("decision" in gap for gap in record.missing())

    data = json.loads(render(db, meeting_id, "json"))["decision"]
    assert data["children"] == [
        {"child": "Amy", "plan": "yes", "category": "neglect"},
        {"child": "Ben", "plan": "no", "category": None},
    ]
    assert data["undecided_children"] == []
    assert [(r["participant"], r["plan"], r["note"]) for r in data["recommendations"]] == [
        ("Jo (Children's services)", "yes", "Amy hungry at school"),
        ("Kim (Hill School)", "no", "Ben settled"),
    ]
    assert [(d["name"], d["reason"]) for d in data["dissents"]] == [
        ("Dan", "Dan says Amy is fed well at home")
    ]
    assert (data["first_core_group"], data["review_conference"]) == ("2026-12-10", "2027-02-20")

    minute = render(db, meeting_id, "markdown")
    decided = minute[minute.index("## The decision") : minute.index("## The three elements")]
    for line in (
        "- **Amy:** A child protection plan is needed (category: neglect)",
        "- **Ben:** No child protection plan is needed",
        "**The chair's decision and reasoning:** Amy is often hungry and misses school.",
        "- Jo (Children's services): Plan needed. Amy hungry at school",
        "- Kim (Hill School): No plan. Ben settled",
        "- Dan disagrees: Dan says Amy is fed well at home",
        "**First core group:** 10 December 2026 · **Review conference:** 20 February 2027",
    ):
        assert line in decided, line
    page = render(db, meeting_id, "html")
    assert "<h2>The decision</h2>" in page and "Dan disagrees: Dan says Amy is fed well" in page
    # The family's version names people by role, in the dissent too.
    family = render(db, meeting_id, "markdown", family_version=True)
    assert "- Dad disagrees: Dan says Amy is fed well at home" in family


async def test_only_a_conference_has_the_decision_step(db: Database) -> None:
    other = store.create_meeting(
        db, kind=MeetingKind.MULTI_AGENCY, title="Family M", held_on=FIXED_DAY, children="Zoe"
    )
    store.set_place(db, other.id, Step.PEOPLE)
    app = SosMeetingApp(database=db)
    async with app.run_test(size=(100, 34)) as pilot:
        await settled(pilot)
        await burst(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), "the meeting")
        await settled(pilot)
        tabs = app.screen.query_one("#steps")
        assert not tabs.get_tab(Step.DECISION.value).display  # type: ignore[attr-defined]
        await burst(pilot, "f12")
        await settled(pilot)
        assert tabs.active == Step.PEOPLE.value  # type: ignore[attr-defined]
    assert json.loads(render(db, other.id, "json"))["decision"] is None
    assert "## The decision" not in render(db, other.id, "markdown")
