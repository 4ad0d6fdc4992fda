"""Plain English for what the room hears read out: counts, articles and lists of names."""

from __future__ import annotations

from collections.abc import Sequence

from sos_meeting.text import format_score


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """'1 pair', '2 pairs', '0 people' (give `plural` where adding 's' is wrong)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def points(value: float) -> str:
    """'1 point', '0.5 points', '2 points'."""
    return f"{format_score(value)} {'point' if value == 1 else 'points'}"


def a_score(value: float) -> str:
    """The score with its article, as said aloud: 'a 7', 'an 8', 'an 8.5', 'an 11'."""
    said = format_score(value)
    spoken_with_vowel = said.startswith("8") or said == "11" or said.startswith("11.")
    return f"{'an' if spoken_with_vowel else 'a'} {said}"


def listed(names: Sequence[str]) -> str:
    """'Sam', 'Sam and Jo', 'Sam, Jo and Kim'."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def has_or_have(number: int) -> str:
    return "has" if number == 1 else "have"
