"""What a scale is about, shown above its definitions wherever the room scores or looks at
the scores: the danger (worry) statement and its goal as they read now, or 'overall'."""

from __future__ import annotations

from textual.content import Content

from screens.plain import plain, short
from sos_meeting.domain import MeetingRecord, Scale


def scale_about(record: MeetingRecord, scale: Scale, width: int) -> Content:
    """One line for the statement and one for the goal, each cut to fit `width` cells."""
    words = record.meeting.wording
    linked = record.linked_pair(scale)
    if linked is None:
        return Content.assemble(("About: ", "bold"), "the whole situation (an overall scale)")
    number, pair = linked
    statement_label = f"{words.statement.capitalize()} {number}: "
    goal_label = f"{words.goal.capitalize()}: "
    goal = pair.goal or f"(no {words.goal} yet)"
    return Content.assemble(
        (statement_label, "bold"),
        plain(short(pair.statement, max(20, width - len(statement_label) - 2))),
        "\n",
        (goal_label, "bold"),
        plain(short(goal, max(20, width - len(goal_label) - 2))),
    )
