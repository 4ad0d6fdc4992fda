"""Choosing a participant's group with one key: f, n or p (or the arrows); Enter adds."""

from __future__ import annotations

from screens.choice import OneKeyChoice, Option
from sos_meeting.domain import Group


class GroupChoice(OneKeyChoice[Group]):
    """Family, network or professional; kept for the next person (often in the same one)."""

    TITLE = "Group"
    OPTIONS = (
        Option("f", Group.FAMILY.label, Group.FAMILY),
        Option("n", Group.NETWORK.label, Group.NETWORK),
        Option("p", Group.PROFESSIONAL.label, Group.PROFESSIONAL),
    )
