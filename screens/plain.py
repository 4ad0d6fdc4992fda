"""Showing recorded text safely: never as markup, never with raw control codes."""

from __future__ import annotations

from textual.content import Content

from sos_meeting.text import clean


def plain(text: str, *, multiline: bool = True) -> Content:
    """`text` as literal content: '[b]' stays '[b]', escape sequences are removed."""
    return Content(clean(text, multiline=multiline))


def short(text: str, width: int) -> str:
    """One line of `text`, cut to `width` characters with an ellipsis."""
    line = clean(text)
    return line if len(line) <= width else line[: max(1, width - 1)] + "…"
