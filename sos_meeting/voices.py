"""The parents' and the child's views: each a record of its own, heard before the scaling.

A child's views may come in their own words or as a Three Houses or Words and Pictures piece,
described in text; either way the record says who gathered them and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Whose(StrEnum):
    """Whose views these are."""

    PARENT = "parent"
    CHILD = "child"

    @property
    def label(self) -> str:
        return {"parent": "A parent's views", "child": "The child's views"}[self.value]

    @property
    def heading(self) -> str:
        return {"parent": "The parents' views", "child": "The child's views"}[self.value]


class VoiceForm(StrEnum):
    """How the views came to the meeting."""

    WORDS = "words"
    WRITTEN = "written"
    THREE_HOUSES = "three_houses"
    WORDS_AND_PICTURES = "words_and_pictures"

    @property
    def label(self) -> str:
        return _FORM_LABELS[self]

    @property
    def for_children_only(self) -> bool:
        """Three Houses and Words and Pictures are ways of hearing a child."""
        return self in (VoiceForm.THREE_HOUSES, VoiceForm.WORDS_AND_PICTURES)


_FORM_LABELS = {
    VoiceForm.WORDS: "In their own words",
    VoiceForm.WRITTEN: "Written by them",
    VoiceForm.THREE_HOUSES: "Three Houses",
    VoiceForm.WORDS_AND_PICTURES: "Words and Pictures",
}


@dataclass(frozen=True, slots=True)
class Views:
    """Someone's views as typed, to be recorded (or to correct a record)."""

    whose: Whose
    name: str
    """Whose views: a parent's name, or the child's."""
    form: VoiceForm
    text: str
    gathered_by: str = ""
    """Who heard or gathered them (for a child's views, always said)."""
    gathered_on: date | None = None

    def problem(self) -> str:
        """What the record still lacks, in a sentence; '' when it is complete."""
        return problems(self.whose, self.form, self.gathered_by, self.gathered_on)

    def source(self) -> str:
        """How the views came, who gathered them and when, in words: 'Three Houses,
        gathered by Jo (Social worker) on 20 November 2026'."""
        parts = [self.form.label]
        if self.gathered_by:
            parts.append(f"gathered by {self.gathered_by}")
        if self.gathered_on:
            parts.append(f"on {self.gathered_on:%d %B %Y}")
        return " ".join([parts[0] + ("," if len(parts) > 1 else ""), *parts[1:]])


@dataclass(frozen=True, slots=True, kw_only=True)
class Voice(Views):
    """One person's views, as recorded."""

    id: int
    position: int = 0


def problems(whose: Whose, form: VoiceForm, gathered_by: str, gathered_on: date | None) -> str:
    """What a record of views still lacks, in a sentence; '' when it is complete."""
    if whose is Whose.PARENT and form.for_children_only:
        return f"{form.label} is for a child's views: choose own words or written."
    if whose is Whose.CHILD and not (gathered_by.strip() and gathered_on):
        return (
            "Say who gathered the child's views and when (a date such as 2026-11-20), "
            "so that the record shows where they came from."
        )
    return ""
