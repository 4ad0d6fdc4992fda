"""Group supervision's brief note for the child's file: the question, the key points, the
scales and the ideas for the accountable manager, with no one's name.

The team are named by their role in the session ("the presenter"). Other capitalised words
in what was typed may be names: `possible_names` lists them so that the scribe can say what to
write instead (`replacements`) before the note is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path

from sos_meeting.differences import marks_for, presenter_gap
from sos_meeting.domain import Column, MeetingRecord
from sos_meeting.exports.minutes import md
from sos_meeting.scaling import spread
from sos_meeting.supervision import SessionRole
from sos_meeting.text import format_score

COMMON_WORDS_FILE = Path(__file__).parent.parent / "common_words.txt"

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


@cache
def common_words() -> frozenset[str]:
    """Everyday words (lower case) that begin sentences and are nobody's name."""
    text = COMMON_WORDS_FILE.read_text(encoding="utf-8")
    return frozenset(
        word.casefold()
        for line in text.splitlines()
        if not line.startswith("#")
        for word in line.split()
    )


def role_words(record: MeetingRecord) -> dict[str, str]:
    """Each team member's name (full, then first) as the note says it: 'the presenter'."""
    words: dict[str, str] = {}
    for person in record.participants:
        role = person.session_role
        said = (
            f"the {role.value}"
            if role not in (SessionRole.NONE, SessionRole.PARTICIPANT)
            else "a team member"
        )
        name = person.name.strip()
        if name:
            words.setdefault(name, said)
            words.setdefault(name.split()[0], said)
    return words


def _as_written(words: str) -> Callable[[re.Match[str]], str]:
    """A replacement taken as written (no group references)."""
    return lambda _match: words


def replaced(text: str, replacements: Mapping[str, str]) -> str:
    """`text` with each whole word (or words) in `replacements` written as given, longest
    first, so that a full name goes before its first name."""
    for name in sorted(replacements, key=len, reverse=True):
        if name.strip():
            pattern = rf"(?<![\w]){re.escape(name)}(?![\w])"
            text = re.sub(pattern, _as_written(replacements[name]), text)
    return text


def _free_text(record: MeetingRecord) -> Iterable[str]:
    yield record.meeting.question
    for item in record.items:
        yield item.text
        yield item.owner
    for pair in record.pairs:
        yield pair.statement
        yield pair.goal
    for scale in record.scales:
        yield scale.question


def possible_names(record: MeetingRecord, replacements: Mapping[str, str] = {}) -> list[str]:
    """Capitalised words in the note's free text that may be names, in the order found: not
    the team's (they are replaced), not an everyday word (which may start a sentence)."""
    words = {**role_words(record), **replacements}
    found: list[str] = []
    for text in _free_text(record):
        found += [w for w in name_like(replaced(text, words)) if w not in found]
    return found


def name_like(text: str) -> list[str]:
    """Capitalised words in `text` that are not everyday words (so may be names), in order."""
    found: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if (
            word[0].isupper()
            and not word.isupper()
            and word.casefold() not in common_words()
            and word not in found
        ):
            found.append(word)
    return found


def note(record: MeetingRecord, replacements: Mapping[str, str] = {}) -> str:
    """The brief note as Markdown: no one's name, the scribe's replacements applied."""
    words = {**role_words(record), **replacements}

    def say(text: str) -> str:
        return md(replaced(text, words))

    meeting = record.meeting
    lines = [
        f"# Group supervision: {md(meeting.title)}, {meeting.held_on:%d %B %Y}",
        "",
        "A note for the child's file. Group supervision helps the worker think; it does not "
        "decide. The ideas below are for the accountable manager to agree.",
        "",
        "## The question",
        "",
        say(meeting.question) or "(none recorded)",
        "",
        "## Key points",
        "",
    ]
    for column in (Column.WORRIES, Column.WORKING_WELL, Column.GREY):
        items = record.items_in(column)
        if items:
            lines += [f"**{column.heading}**", ""]
            lines += [f"- {say(item.text)}" for item in items]
            lines.append("")
    pairs = [p for p in record.pairs if p.statement]
    if pairs:
        wording = meeting.wording
        lines += [f"**{wording.statement.capitalize()}s and {wording.goal}s**", ""]
        for pair in pairs:
            goal = say(pair.goal) or "(not written yet)"
            lines.append(f"- {say(pair.statement)} *Goal:* {goal}")
        lines.append("")
    lines += ["## The scales", ""]
    presenter = record.presenter
    scaled = False
    for scale in record.scales:
        seen = [r for r in scale.rounds if r.visible and r.scores]
        if not seen:
            continue
        result = spread(*marks_for(record, seen[-1]))
        if result is None:
            continue
        scaled = True
        gap = presenter_gap(result, presenter.id if presenter else None)
        lines.append(
            f"- {say(scale.question)} From {format_score(result.lowest)} to "
            f"{format_score(result.highest)}, median {format_score(result.median)} "
            f"({result.count} scores)." + (f" {gap}" if gap else "")
        )
    if not scaled:
        lines.append("(no scaling round)")
    lines += ["", "## Ideas for the accountable manager to agree", ""]
    ideas = record.items_in(Column.NEEDS)
    lines += [
        f"- {say(item.text)}" + (f" (suggested: {say(item.owner)})" if item.owner else "")
        for item in ideas
    ] or ["(none recorded)"]
    return "\n".join(lines).rstrip() + "\n"
