"""A letter to the family about their meeting, in plain words.

Everyone is named the same way throughout: the family and their network by the name the
facilitator chooses (their first name unless changed), professionals by their role ("the
social worker"). Every free-text passage that goes into the letter (an item on the map, a
statement, a reason, a view) is a `Passage`: the facilitator reads each before the letter is
written and keeps it, rewords it or leaves it out (`Choice`). No statistics words: the letter
says who gave which number and why, and how far apart the numbers were.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sos_meeting.domain import Column, Group, MeetingKind, MeetingRecord, Participant
from sos_meeting.exports.brief_note import name_like, replaced
from sos_meeting.text import clean, format_score


class Choice(StrEnum):
    """What the facilitator decided for a passage."""

    KEEP = "keep"
    REWORD = "reword"
    LEAVE_OUT = "leave_out"

    @property
    def label(self) -> str:
        return {"keep": "Keep", "reword": "Reword", "leave_out": "Leave out"}[self.value]


@dataclass(frozen=True, slots=True)
class Decided:
    """A passage's choice, and the words for it when reworded."""

    choice: Choice
    words: str = ""
    text: str = ""
    """The passage as it read when the choice was made: a choice is for those words only."""


@dataclass(frozen=True, slots=True)
class Passage:
    """A piece of free text in the letter, as the letter would say it."""

    key: str
    """Which record it comes from, such as 'item:12' or 'score:40:reason'."""
    where: str
    """Where it goes in the letter, in a few words ('What we are worried about')."""
    text: str
    """The words, with everyone named as the letter names them."""
    names: tuple[str, ...] = ()
    """Words in it that are (or may be) someone's name: the reviewer looks at each."""
    reported: tuple[str, ...] = ()
    """Parts that report what a child said: shared with everyone who reads the letter."""


_SAID = re.compile(r"\b(said|says|told|tells|telling|asked|wrote|drew|shared|disclosed)\b", re.I)
_QUOTED = re.compile(r"[\"“][^\"”]{2,}[\"”]")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def letter_names(record: MeetingRecord, chosen: Mapping[int, str] | None = None) -> dict[int, str]:
    """How the letter names each person: the name chosen for them, else the first name of
    the family and their network, else 'the' and the professional's role."""
    chosen = chosen or {}
    names: dict[int, str] = {}
    for person in record.participants:
        if chosen.get(person.id, "").strip():
            names[person.id] = chosen[person.id].strip()
        elif person.group is Group.PROFESSIONAL:
            names[person.id] = f"the {_role(person)}"
        else:
            names[person.id] = (person.name.split() or ["Someone"])[0]
    return names


def _role(person: Participant) -> str:
    """'Social worker' as said in a sentence: 'social worker' (an acronym such as GP stays)."""
    role = person.role.strip() or "worker"
    first = role.split()[0]
    return role if first.isupper() and len(first) > 1 else role[0].lower() + role[1:]


def renamed(text: str, record: MeetingRecord, names: Mapping[int, str]) -> str:
    """`text` with each person as the letter names them: 'Jo (Social worker)', 'Jo Smith'
    and a professional's first name all become 'the social worker'."""
    swaps: dict[str, str] = {}
    for person in record.participants:
        said = names.get(person.id, person.name)
        full = person.name.strip()
        if not full:
            continue
        if person.role:
            swaps[f"{full} ({person.role})"] = said
        swaps.setdefault(full, said)
        if person.group is Group.PROFESSIONAL:
            swaps.setdefault(full.split()[0], said)  # 'Jo' in 'Jo will visit' is the worker
    return replaced(clean(text, multiline=True), swaps)


def reported_words(text: str, children: Iterable[str]) -> tuple[str, ...]:
    """Sentences that report what a child said (a child is named, and said/told/asked ...
    or words in quotes)."""
    kids = [c for c in children if c.strip()]
    found = []
    for sentence in _SENTENCE.findall(text):
        names_child = any(re.search(rf"\b{re.escape(c)}\b", sentence) for c in kids)
        if names_child and (_SAID.search(sentence) or _QUOTED.search(sentence)):
            found.append(sentence.strip())
    return tuple(found)


def passages(record: MeetingRecord, names: Mapping[int, str]) -> list[Passage]:
    """Every free-text passage the letter would hold, in the letter's order."""
    known = set(names.values()) | set(record.children)
    found: list[Passage] = []

    def add(key: str, where: str, raw: str) -> None:
        if not raw.strip():
            return
        text = renamed(raw, record, names)
        spotted = [n for n in known if n and re.search(rf"\b{re.escape(n)}\b", text)]
        spotted += [w for w in name_like(text) if w not in spotted]
        found.append(
            Passage(key, where, text, tuple(spotted), reported_words(text, record.children))
        )

    for column in Column:
        for item in record.items_in(column):
            add(f"item:{item.id}", _COLUMN_WORDS[column], item.text)
    for number, pair in enumerate(record.pairs, start=1):
        add(f"pair:{pair.id}:statement", f"The worry ({number})", pair.statement)
        add(f"pair:{pair.id}:goal", f"What everyone wants to see ({number})", pair.goal)
    for voice in record.voices:
        add(f"voice:{voice.id}", f"Views: {voice.name}", voice.text)
    for scale in record.scales:
        for round_ in scale.rounds:
            if not round_.visible:
                continue
            for score in round_.scores:
                who = names.get(score.participant_id, "Someone")
                add(f"score:{score.id}:reason", f"Why {who} gave that number", score.reason)
                add(f"score:{score.id}:higher", f"What would help, said {who}", score.one_higher)
    if record.meeting.kind is MeetingKind.CONFERENCE and record.decision.reasoning:
        add("decision:reasoning", "What was decided, and why", record.decision.reasoning)
    return found


_COLUMN_WORDS = {
    Column.WORRIES: "What we are worried about",
    Column.WORKING_WELL: "What is working well",
    Column.NEEDS: "What needs to happen",
    Column.GREY: "What we do not know yet",
}


def undecided(found: list[Passage], choices: Mapping[str, Decided]) -> list[Passage]:
    """Passages with no choice yet for the words they have now."""
    return [p for p in found if (c := choices.get(p.key)) is None or c.text != p.text]


def _said(passage: Passage | None, choices: Mapping[str, Decided]) -> str | None:
    """What the letter says for a passage: as it is, reworded, or nothing."""
    if passage is None:
        return None
    decided = choices.get(passage.key)
    if decided is None or decided.text != passage.text:
        raise ValueError(f"{passage.key} has not been reviewed.")
    if decided.choice is Choice.LEAVE_OUT:
        return None
    if decided.choice is Choice.REWORD:
        return clean(decided.words, multiline=True) or None
    return passage.text


def letter(
    record: MeetingRecord,
    choices: Mapping[str, Decided],
    chosen_names: Mapping[int, str] | None = None,
    *,
    written: datetime | None = None,
) -> str:
    """The letter, in Markdown. Every passage must have been reviewed (`undecided` is
    empty); a passage left out is not in it at all."""
    names = letter_names(record, chosen_names)
    found = {p.key: p for p in passages(record, names)}
    missing = undecided(list(found.values()), choices)
    if missing:
        raise ValueError(f"{len(missing)} passages have not been reviewed.")
    meeting = record.meeting
    words = meeting.wording
    family = [p for p in record.participants if p.group is not Group.PROFESSIONAL]
    dear = [names[p.id] for p in family if p.group is Group.FAMILY] or ["everyone"]
    day = f"{meeting.held_on:%-d %B %Y}"
    children = list(record.children)
    about = f" about {_and(children)}" if children else ""
    lines = [
        f"# Our meeting on {day}",
        "",
        f"Dear {_and(dear)},",
        "",
        f"This letter is about the meeting{about} on {day}. It says what we talked about, "
        "what everyone said, and what will happen next.",
        "",
        "Who was there: "
        + (_and([names[p.id] for p in record.present]) or "no one recorded")
        + ".",
        "",
    ]

    def say(key: str) -> str | None:
        return _said(found.get(key), choices)

    for column in Column:
        said = []
        for item in record.items_in(column):
            text = say(f"item:{item.id}")
            if text is None:
                continue
            if item.is_next_step:
                who = _cap(renamed(item.owner, record, names)) if item.owner else "to be agreed"
                when = f", by {item.due:%-d %B %Y}" if item.due else ""
                text = f"{_cap(text)} (who: {who}{when})"
            said.append(f"- {_cap(text)}")
        if said:
            lines += [f"## {_COLUMN_WORDS[column]}", "", *said, ""]
    pairs = []
    for pair in record.pairs:
        statement, goal = say(f"pair:{pair.id}:statement"), say(f"pair:{pair.id}:goal")
        if statement:
            pairs.append(f"- **What we are worried could happen:** {_cap(statement)}")
        if goal:
            pairs.append(f"- **What everyone wants to see:** {_cap(goal)}")
    if pairs:
        lines += [f"## The {words.statement} and the {words.goal}", "", *pairs, ""]
    views = [
        f"- **{_cap(renamed(v.name, record, names))}:** {_cap(text)}"
        for v in record.voices
        if (text := say(f"voice:{v.id}"))
    ]
    if views:
        lines += ["## What the parents and the children said before the meeting", "", *views, ""]
    for scale in record.scales:
        for round_ in scale.rounds:
            if not round_.visible or not round_.scores:
                continue
            lines += [
                f"## {clean(scale.question)}",
                "",
                f"Everyone gave a number from 0 to 10. 10 means: {clean(scale.ten_means)}. "
                f"0 means: {clean(scale.zero_means)}.",
                "",
            ]
            numbers = []
            for score in round_.scores:
                who = _cap(names.get(score.participant_id, "Someone"))
                about_child = f" about {score.child}" if score.child else ""
                if score.value is None:
                    lines.append(f"- {who} did not give a number{about_child}.")
                    continue
                numbers.append(score.value)
                why = say(f"score:{score.id}:reason")
                higher = say(f"score:{score.id}:higher")
                line = f"- {who} gave {format_score(score.value)}{about_child}"
                line += f": {_cap(why)}" if why else "."
                line += f" What would make it one number higher: {_cap(higher)}" if higher else ""
                lines.append(line)
            if numbers:
                low, high = min(numbers), max(numbers)
                lines += [
                    "",
                    f"The numbers went from {format_score(low)} to {format_score(high)}."
                    if low != high
                    else f"Everyone gave {format_score(low)}.",
                ]
            lines.append("")
    if meeting.kind is MeetingKind.CONFERENCE:
        decided = [
            f"- For {d.child}: {d.in_words.lower()}" for d in record.decision.children if d.plan
        ]
        reasoning = say("decision:reasoning")
        if decided or reasoning:
            lines += ["## What was decided", "", *decided]
            if reasoning:
                lines += ["", _cap(reasoning)]
            lines.append("")
    moment = (written or datetime.now()).astimezone()
    lines += [
        "If anything in this letter is not right, please tell us.",
        "",
        f"Written on {moment:%-d %B %Y} at {moment:%H:%M}.",
        "",
    ]
    return "\n".join(lines)


def _cap(text: str) -> str:
    """A sentence that starts with a capital ('the social worker will visit' begins a line)."""
    return text[:1].upper() + text[1:]


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
