"""Two people changing the same words at once: the second save is caught, never silently
written over the first, and the person saving second chooses what stays."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sos_meeting.text import InputError


class Resolution(StrEnum):
    """What the person saving second chose."""

    KEPT_MINE = "kept mine"
    TOOK_THEIRS = "took theirs"
    MERGED = "merged by hand"


@dataclass(frozen=True, slots=True)
class Version:
    """Words as one person has them: each box's text, by its label."""

    fields: tuple[tuple[str, str], ...]
    version: int

    def text(self) -> str:
        """One "label: words" line each, as the record keeps them."""
        return "\n".join(f"{label}: {words}" for label, words in self.fields)


class EditConflict(InputError):
    """The words were saved by someone else since this edit began. Nothing was saved."""

    def __init__(self, what: str, row_id: int, mine: Version, theirs: Version) -> None:
        super().__init__(
            f"Someone else saved a change to this {what} while you were editing it, so yours "
            "was not saved over theirs. Choose which to keep."
        )
        self.what = what
        self.row_id = row_id
        self.mine = mine
        self.theirs = theirs
