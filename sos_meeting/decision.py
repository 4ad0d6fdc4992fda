"""A child protection conference's decision, made after the scaling: for each child whether a
child protection plan is needed (and its category), the chair's decision in the chair's
words, each agency's recommendation, any dissent from the decision, and the core group.

Dissent here is disagreeing with the chair's decision, minuted with the reason. It is not
agreeing to differ about a score (see the practice notes): only this is called dissent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sos_meeting.words import listed


class Plan(StrEnum):
    """Whether a child needs a child protection plan."""

    YES = "yes"
    NO = "no"
    CONTINUE = "continue"
    END = "end"

    @property
    def label(self) -> str:
        return {
            "yes": "A child protection plan is needed",
            "no": "No child protection plan is needed",
            "continue": "The child protection plan continues",
            "end": "The child protection plan ends",
        }[self.value]

    @property
    def short(self) -> str:
        return {
            "yes": "Plan needed",
            "no": "No plan",
            "continue": "Plan continues",
            "end": "Plan ends",
        }[self.value]

    @property
    def needs_category(self) -> bool:
        """A plan made or kept names the category of abuse it is under."""
        return self in (Plan.YES, Plan.CONTINUE)


class PlanCategory(StrEnum):
    """The category a child protection plan is made under."""

    NEGLECT = "neglect"
    PHYSICAL = "physical"
    EMOTIONAL = "emotional"
    SEXUAL = "sexual"

    @property
    def label(self) -> str:
        return {
            "neglect": "Neglect",
            "physical": "Physical abuse",
            "emotional": "Emotional abuse",
            "sexual": "Sexual abuse",
        }[self.value]


@dataclass(frozen=True, slots=True)
class ChildDecision:
    """The decision for one child."""

    child: str
    plan: Plan | None = None
    category: PlanCategory | None = None

    @property
    def in_words(self) -> str:
        if self.plan is None:
            return "not decided yet"
        if self.plan.needs_category and self.category is not None:
            return f"{self.plan.label} (category: {self.category.label.lower()})"
        return self.plan.label


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What one agency's representative recommended, before the chair decided."""

    participant_id: int
    plan: Plan | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Dissent:
    """Someone disagreeing with the chair's decision, and why (kept as recorded)."""

    participant_id: int
    name: str
    """Their name when it was recorded."""
    reason: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class Decision:
    """The conference's decision, as far as it has been made."""

    children: tuple[ChildDecision, ...] = ()
    reasoning: str = ""
    """The chair's decision and reasoning, in the chair's words."""
    recommendations: tuple[Recommendation, ...] = ()
    dissents: tuple[Dissent, ...] = ()
    core_group: str = ""
    """The core group's members, as the chair names them."""
    first_core_group: date | None = None
    review_conference: date | None = None

    def for_child(self, child: str) -> ChildDecision:
        found = next((c for c in self.children if c.child == child), None)
        return found or ChildDecision(child)

    def recommendation_of(self, participant_id: int) -> Recommendation:
        found = next((r for r in self.recommendations if r.participant_id == participant_id), None)
        return found or Recommendation(participant_id)

    def missing(self, children: tuple[str, ...]) -> list[str]:
        """What a conference still lacks of its decision, in plain words."""
        gaps: list[str] = []
        undecided = [c for c in children if self.for_child(c).plan is None]
        if undecided or not children:
            whom = listed(undecided) if undecided else "each child (name them in Details)"
            gaps.append(f"the decision for {whom}")
        uncategorised = [
            c
            for c in children
            if (d := self.for_child(c)).plan is not None
            and d.plan.needs_category
            and d.category is None
        ]
        if uncategorised:
            gaps.append(f"the category of the plan for {listed(uncategorised)}")
        if not self.reasoning.strip():
            gaps.append("the chair's decision and reasoning")
        return gaps

    def with_dissent(self, dissent: Dissent) -> Decision:
        return replace(self, dissents=(*self.dissents, dissent))


def to_text(decision: Decision) -> str:
    """The decision as stored: JSON, keys sorted, readable in any SQL tool."""
    return json.dumps(_plain(decision), ensure_ascii=False, sort_keys=True)


def from_text(text: str) -> Decision:
    data: dict[str, Any] = json.loads(text) if text else {}
    return Decision(
        children=tuple(
            ChildDecision(
                c["child"],
                Plan(c["plan"]) if c.get("plan") else None,
                PlanCategory(c["category"]) if c.get("category") else None,
            )
            for c in data.get("children", ())
        ),
        reasoning=data.get("reasoning", ""),
        recommendations=tuple(
            Recommendation(
                int(r["participant_id"]),
                Plan(r["plan"]) if r.get("plan") else None,
                r.get("note", ""),
            )
            for r in data.get("recommendations", ())
        ),
        dissents=tuple(
            Dissent(
                int(d["participant_id"]),
                d.get("name", ""),
                d.get("reason", ""),
                datetime.fromisoformat(d["recorded_at"]),
            )
            for d in data.get("dissents", ())
        ),
        core_group=data.get("core_group", ""),
        first_core_group=_day(data.get("first_core_group")),
        review_conference=_day(data.get("review_conference")),
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _plain(decision: Decision) -> dict[str, Any]:
    """The decision as JSON-ready values (the export uses the same shape)."""
    return {
        "children": [
            {
                "child": c.child,
                "plan": c.plan.value if c.plan else None,
                "category": c.category.value if c.category else None,
            }
            for c in decision.children
        ],
        "reasoning": decision.reasoning,
        "recommendations": [
            {
                "participant_id": r.participant_id,
                "plan": r.plan.value if r.plan else None,
                "note": r.note,
            }
            for r in decision.recommendations
        ],
        "dissents": [
            {
                "participant_id": d.participant_id,
                "name": d.name,
                "reason": d.reason,
                "recorded_at": d.recorded_at.isoformat(),
            }
            for d in decision.dissents
        ],
        "core_group": decision.core_group,
        "first_core_group": decision.first_core_group.isoformat()
        if decision.first_core_group
        else None,
        "review_conference": decision.review_conference.isoformat()
        if decision.review_conference
        else None,
    }


def as_json(decision: Decision) -> dict[str, Any]:
    """The decision for the JSON export."""
    return _plain(decision)


def in_words(decision: Decision, names: dict[int, str]) -> str:
    """The decision as a reader of the record sees it, one "label: value" line each (for an
    amendment's words before and after)."""
    lines = [f"{c.child}: {c.in_words}" for c in decision.children]
    if decision.reasoning:
        lines.append(f"chair's decision and reasoning: {decision.reasoning}")
    for r in decision.recommendations:
        if r.plan or r.note:
            said = r.plan.short if r.plan else "no view"
            note = f" ({r.note})" if r.note else ""
            lines.append(f"recommended by {names.get(r.participant_id, 'someone')}: {said}{note}")
    for d in decision.dissents:
        lines.append(f"dissent: {d.name}: {d.reason}")
    if decision.core_group:
        lines.append(f"core group: {decision.core_group}")
    if decision.first_core_group:
        lines.append(f"first core group: {decision.first_core_group.isoformat()}")
    if decision.review_conference:
        lines.append(f"review conference: {decision.review_conference.isoformat()}")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Minuted:
    """The decision as a conference minute reads it, in order, in plain words."""

    children: tuple[tuple[str, str], ...]
    """Each child named for the family, with the decision in words."""
    reasoning: str
    recommendations: tuple[tuple[str, str], ...]
    """Who (and the agency they speak for), and what they recommended and why."""
    dissents: tuple[tuple[str, str, datetime], ...]
    core_group: str
    first_core_group: date | None
    review_conference: date | None


def minuted(decision: Decision, children: tuple[str, ...], speaks_for: dict[int, str]) -> Minuted:
    """`speaks_for`: each agency's representative, by participant id, as the minute names
    them ('Jo (Children's services)')."""
    recommendations = []
    for r in decision.recommendations:
        if r.plan is None and not r.note:
            continue
        said = r.plan.short if r.plan else "No recommendation"
        recommendations.append(
            (
                speaks_for.get(r.participant_id, "Someone no longer listed"),
                f"{said}. {r.note}".strip(),
            )
        )
    return Minuted(
        children=tuple((c, decision.for_child(c).in_words) for c in children),
        reasoning=decision.reasoning,
        recommendations=tuple(recommendations),
        dissents=tuple((d.name, d.reason, d.recorded_at) for d in decision.dissents),
        core_group=decision.core_group,
        first_core_group=decision.first_core_group,
        review_conference=decision.review_conference,
    )
