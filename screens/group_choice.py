"""Choosing a participant's group with one key: f, n, p or c (or the arrows); Enter adds."""

from __future__ import annotations

from screens.choice import OneKeyChoice, Option
from sos_meeting.domain import Group


class GroupChoice(OneKeyChoice[Group]):
    """Family, network, professional, or a child or young person scoring for themselves; kept
    for the next person (often in the same one)."""

    TITLE = "Group"
    OPTIONS = (
        Option("f", Group.FAMILY.label, Group.FAMILY),
        Option("n", Group.NETWORK.label, Group.NETWORK),
        Option("p", Group.PROFESSIONAL.label, Group.PROFESSIONAL),
        Option("c", "Child", Group.CHILD),  # a child or young person: "Child" fits at 80
    )
