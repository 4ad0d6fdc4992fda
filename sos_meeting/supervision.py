"""Group supervision: each team member's role in the session (the presenter, who brings
the case, scales first; the group does not decide)."""

from __future__ import annotations

from enum import StrEnum


class SessionRole(StrEnum):
    """What a team member does in this group supervision session."""

    NONE = ""
    PRESENTER = "presenter"
    FACILITATOR = "facilitator"
    ADVISOR = "advisor"
    SCRIBE = "scribe"
    PARTICIPANT = "participant"

    @property
    def label(self) -> str:
        return _LABELS[self]

    def next(self) -> SessionRole:
        """The next role as the facilitator steps through them (ctrl+r)."""
        order = list(SessionRole)
        return order[(order.index(self) + 1) % len(order)]


_LABELS = {
    SessionRole.NONE: "",
    SessionRole.PRESENTER: "Presenter (brings the case)",
    SessionRole.FACILITATOR: "Facilitator",
    SessionRole.ADVISOR: "Advisor",
    SessionRole.SCRIBE: "Scribe",
    SessionRole.PARTICIPANT: "Participant",
}
