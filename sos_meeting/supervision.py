"""Group supervision: each team member's role in the session (the presenter, who brings
the case, scales first; the group does not decide)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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


@dataclass(frozen=True, slots=True)
class RoleTurn:
    """Someone took a role in an earlier group supervision session."""

    name: str
    role: SessionRole
    held_on: date


ROTA_ROLES = (
    (SessionRole.PRESENTER, "present"),
    (SessionRole.FACILITATOR, "facilitate"),
    (SessionRole.ADVISOR, "advise"),
    (SessionRole.SCRIBE, "scribe"),
)


def next_in_rota(role: SessionRole, members: list[str], turns: tuple[RoleTurn, ...]) -> str:
    """Of `members`, whose turn it is to take `role`: who has taken it fewest times, and of
    those, who took it longest ago (names are matched without regard to case)."""
    taken: dict[str, list[date]] = {}
    for turn in turns:
        if turn.role is role:
            taken.setdefault(turn.name.strip().casefold(), []).append(turn.held_on)

    def order(name: str) -> tuple[int, date]:
        days = taken.get(name.strip().casefold(), [])
        return len(days), max(days, default=date.min)

    return min(members, key=order) if members else ""


def rota_line(members: list[str], turns: tuple[RoleTurn, ...]) -> str:
    """Who is next for each role by the team's rota (a different person for each, while
    there are enough), with when they last took it."""
    if not members:
        return ""
    parts, free = [], list(members)
    for role, verb in ROTA_ROLES:
        name = next_in_rota(role, free or members, turns)
        if name in free:
            free.remove(name)
        days = [
            t.held_on
            for t in turns
            if t.role is role and t.name.strip().casefold() == name.strip().casefold()
        ]
        when = f"last {max(days):%d %b %Y}" if days else "not yet"
        parts.append(f"{verb}: {name} ({when})")
    return "Next by the team's rota, to " + " · ".join(parts) + "."
