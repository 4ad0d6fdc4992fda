"""Checking what people type: plain text without hidden control codes, and score numbers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

SHORT_TEXT = 200
"""Longest name, role, agency, title or case reference, in characters."""

LONG_TEXT = 20_000
"""Longest item, statement, scale definition or reason, in characters."""

# C0 and C1 control characters except newline and tab, plus DEL. Escape sequences
# start with ESC (or the C1 CSI), so removing these makes them harmless text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates could reorder what a projector shows;
# right-to-left *letters* are kept, only the invisible format controls go.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


class InputError(ValueError):
    """Something typed that cannot be saved; the message says why, in plain words."""


def clean(text: str, *, multiline: bool = False) -> str:
    """Return `text` without control characters or escape sequences, trimmed.

    Newlines are kept only where `multiline`; elsewhere they become spaces.
    """
    if text.isprintable() and unicodedata.is_normalized("NFC", text):
        # Nothing below would change it (a printable string has no control, line break,
        # tab or bidirectional format character): most text, and the CSV export's
        # hundreds of thousands of cells, take this path.
        return text.strip()
    return _cleaned(text, multiline=multiline)


def _cleaned(text: str, *, multiline: bool) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    text = _CONTROL.sub("", text)
    text = _BIDI_CONTROL.sub("", text)
    return text.strip()


def required(text: str, what: str, *, limit: int = SHORT_TEXT, multiline: bool = False) -> str:
    """Clean `text` and refuse it if it is empty or longer than `limit`."""
    cleaned = clean(text, multiline=multiline)
    if not cleaned:
        raise InputError(f"Please write {what}.")
    return within(cleaned, what, limit)


def optional(text: str, what: str, *, limit: int = SHORT_TEXT, multiline: bool = False) -> str:
    """Clean `text`, which may be empty, and refuse it if longer than `limit`."""
    return within(clean(text, multiline=multiline), what, limit)


def within(text: str, what: str, limit: int) -> str:
    if len(text) > limit:
        raise InputError(
            f"{what[0].upper()}{what[1:]} is {len(text):,} characters long; the most is {limit:,}."
        )
    return text


@dataclass(frozen=True, slots=True)
class ScoreEntry:
    """A parsed score: a number from 0 to 10 in halves, or a pass (value None)."""

    value: float | None

    @property
    def passed(self) -> bool:
        return self.value is None


SCORE_HELP = "Use a whole number from 0 to 10, or a half such as 6.5."
PASS_WORDS = frozenset({"pass", "p", "-"})


def parse_score(typed: str) -> ScoreEntry:
    """Read a score as typed: '7', '6.5', '6,5', '6½', or 'pass'."""
    text = clean(typed).lower().replace(" ", "")
    if not text:
        raise InputError(f"Please give a number. {SCORE_HELP}")
    if text in PASS_WORDS:
        return ScoreEntry(None)
    text = text.replace(",", ".")
    if text.endswith("½"):
        text = (text[:-1] or "0") + ".5"
    if re.fullmatch(r"-\d+(\.\d+)?", text):
        raise InputError(f"{text} is below 0. {SCORE_HELP}")
    if not re.fullmatch(r"\d{1,3}(\.\d+)?", text):
        raise InputError(f"“{clean(typed)[:20]}” is not a number. {SCORE_HELP}")
    value = float(text)
    if value > 10:
        raise InputError(f"{format_score(value)} is above 10. {SCORE_HELP}")
    if value * 2 != int(value * 2):
        raise InputError(f"{text} is between halves. {SCORE_HELP}")
    return ScoreEntry(value)


REASON_NEEDED = "Please say why: everyone gives a reason for their number."


class EntryProblem(InputError):
    """An entry in a round that cannot be saved; `box` is the one to correct."""

    def __init__(self, message: str, box: str) -> None:
        super().__init__(message)
        self.box = box
        """'number' or 'why'."""


def check_entry(typed: str, why: str) -> ScoreEntry:
    """An entry as the laptop and the phones both check it before it is saved: a number (or
    a pass), and a reason unless it is a pass."""
    try:
        entry = parse_score(typed)
    except InputError as problem:
        raise EntryProblem(str(problem), "number") from problem
    if not entry.passed and not why.strip():
        raise EntryProblem(REASON_NEEDED, "why")
    return entry


def check_score_value(value: float | None) -> float | None:
    """Refuse a stored value that is not 0 to 10 in halves (None is a pass)."""
    if value is None:
        return None
    if not 0 <= value <= 10 or value * 2 != int(value * 2):
        raise InputError(f"{value} is not a score. {SCORE_HELP}")
    return float(value)


def format_score(value: float | None) -> str:
    """'7', '6.5' or 'pass'; medians may be quarters ('6.75')."""
    if value is None:
        return "pass"
    return f"{value:g}"


def parse_date(typed: str) -> date:
    """A date typed as YYYY-MM-DD (or DD/MM/YYYY, as people write it in the UK)."""
    text = typed.strip()
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError as error:
        raise InputError(
            "Write the date as YYYY-MM-DD (for example 2026-11-26) or DD/MM/YYYY."
        ) from error
