"""The statement coach: what the model asks of a danger (worry) statement or a safety
(wellbeing) goal that the words typed do not show yet. It never blocks; it asks.

A danger statement says *who* is worried, *what the adult did or might do* (behaviour, not a
label), the *impact on the child*, and *what could happen if nothing changes*. A goal says
what people will *see the adults doing* (not what they must stop) and *for how long*. The
checks are plain word patterns: they look for the parts, they do not judge the writing.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORDS_FILE = Path(__file__).with_name("coach_words.toml")
EXTRA_WORDS = "SOS_MEETING_COACH_WORDS"
"""An environment variable naming a council's own word list (same form as WORDS_FILE)."""


@dataclass(frozen=True, slots=True)
class Label:
    """A label or piece of jargon, and what to write instead."""

    words: tuple[str, ...]
    instead: str

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """Each word as a whole-word pattern, compiled once (the coach runs on every key)."""
        return _whole_words(self.words)


@cache
def _whole_words(words: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE) for w in words)


@cache
def labels() -> tuple[Label, ...]:
    """The word list: the app's own, then a council's if `SOS_MEETING_COACH_WORDS` names one."""
    found = list(_read(WORDS_FILE))
    extra = os.environ.get(EXTRA_WORDS)
    if extra:
        found += _read(Path(extra))
    return tuple(found)


def _read(path: Path) -> list[Label]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Label(tuple(str(w) for w in entry.get("words", ())), str(entry.get("instead", "")))
        for entry in data.get("label", ())
        if entry.get("words")
    ]


def _pattern(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts), re.IGNORECASE)


WHO_IS_WORRIED = _pattern(
    r"\b(is|are|am|was|were|feel|feels|remain|remains)\s+(\w+\s+)?(worried|concerned|scared)\b",
    r"\bworr(y|ies)\s+(is\s+)?that\b",
)
ADULT = _pattern(
    r"\b(mum|mom|mother|dad|father|parents?|carers?|step-?\w+|grand\w*|gran|nan|grandad|"
    r"uncle|aunt(ie)?|partner|boyfriend|girlfriend|adults?|he|she|they|him|her)\b"
)
ACTION = _pattern(
    # A past tense that is an action (not a feeling or a label), or a verb people use for
    # what an adult does or fails to do.
    r"\b(?!(worried|concerned|scared|engaged|disengaged|neglected|frightened|injured|harmed|"
    r"involved|needed|based|related|called|required|reported|expected)\b)\w{3,}ed\b",
    r"\b(hit|hits|shout|shouts|left|leaves|drank|drinks|took|takes|used|uses|pushed|pushes|"
    r"kicked|slapped|smacked|locked|forgot|forgets|falls asleep|fell asleep|sleeps|"
    r"goes out|went out|smokes|smoked|injects|threw|throws|grabbed|grabs|screams|screamed|"
    r"did not|didn't|does not|doesn't|has not|hasn't|was not|wasn't|cannot|can't|will not|"
    r"won't)\b",
)
IMPACT = _pattern(
    r"\b(hurt|harmed|injured|injury|frightened|scared|afraid|upset|unsafe|hungry|cold|alone|"
    r"bruis\w*|cry|cries|crying|miss\w*|distress\w*|sad|anxious|die|killed|ill|sick|"
    r"burn\w*|fall|fell|see|saw|hear|heard|witness\w*)\b"
)
IF_NOTHING_CHANGES = _pattern(
    r"\bif\s+(nothing|this|things|it|that|these|he|she|they|mum|dad)\s+"
    r"(\w+\s+)?(changes?|continues?|carries on|keeps?|stays?|happens?|goes on|does not change)\b",
    r"\b(could|might|may|will|would)\s+(\w+\s+)?(be|get|end up|happen|lose|have to|suffer)\b",
)
SEEN = _pattern(
    r"\b(see|seeing|seen|notice|know|show|shows|showing)\b",
    r"\b(will|need to|needs to|must)\s+(\w+\s+){0,3}(be|keep|have|make|take|look|stay|use|go|"
    r"get|ask|call|tell|come|live|do|put|work|talk|spend)\b",
)
STOP = _pattern(
    r"\b(stop|stops|stopping|quit|no longer|no more|not to|never|refrain|cease|give up)\b"
)
HOW_LONG = _pattern(
    r"\b(for|over|during)\s+(at least\s+|the next\s+|a\s+|the\s+)?(\w+\s+)?"
    r"(days?|weeks?|months?|years?|terms?|school years?)\b",
    r"\buntil\b",
    r"\b(every|each)\s+(day|week|night|evening|morning|month)\b",
)


def found_labels(text: str) -> list[tuple[str, Label]]:
    """The labels in `text`, each once, as typed, with what to write instead."""
    found: list[tuple[str, Label]] = []
    for label in labels():
        for pattern in label.patterns:
            match = pattern.search(text)
            if match:
                found.append((match.group(0), label))
                break
    return found


@dataclass(frozen=True, slots=True)
class Ask:
    """One thing the model asks that the words do not show yet."""

    kind: str
    """'label', 'who', 'behaviour', 'impact', 'if nothing changes', 'seen', 'stop', 'how long'."""
    words: str

    def __str__(self) -> str:
        return self.words


def _labels_said(text: str) -> list[Ask]:
    return [
        Ask("label", f"“{typed}” is a label: {label.instead}.")
        for typed, label in found_labels(text)
    ]


def statement_questions(text: str) -> list[Ask]:
    """What the model asks of a danger (worry) statement that `text` does not show yet."""
    words = text.strip()
    if not words:
        return []
    asks: list[Ask] = []
    if not WHO_IS_WORRIED.search(words):
        asks.append(Ask("who", "Who is worried? e.g. “Jo (social worker) is worried that …”"))
    if not (ADULT.search(words) and ACTION.search(words)):
        asks.append(
            Ask("behaviour", "What did the adult do, or might do? The behaviour, not a label.")
        )
    if not IMPACT.search(words):
        asks.append(Ask("impact", "What was the impact on the child, in plain words?"))
    if not IF_NOTHING_CHANGES.search(words):
        asks.append(Ask("if nothing changes", "What could happen to the child if nothing changes?"))
    return _labels_said(words) + asks


def goal_questions(text: str) -> list[Ask]:
    """What the model asks of a safety (wellbeing) goal that `text` does not show yet."""
    words = text.strip()
    if not words:
        return []
    asks: list[Ask] = []
    if STOP.search(words):
        asks.append(
            Ask(
                "stop",
                "Say what people will see happening instead of what must stop, e.g. "
                "“Everyone will see Dad sober whenever he looks after Ava”.",
            )
        )
    elif not SEEN.search(words):
        asks.append(
            Ask("seen", "What will people see the adults doing? e.g. “Everyone will see Mum …”")
        )
    if not HOW_LONG.search(words):
        asks.append(Ask("how long", "For how long? e.g. “… for the next six months”."))
    return _labels_said(words) + asks


def pair_questions(statement: str, goal: str) -> tuple[str, ...]:
    """What the coach asks of a pair, one line each, naming the box it is about."""
    return tuple(f"Statement: {ask}" for ask in statement_questions(statement)) + tuple(
        f"Goal: {ask}" for ask in goal_questions(goal)
    )
