"""The spread view's words: the figures, who to hear first and each group's median."""

from __future__ import annotations

from textual.content import Content

from screens.number_line import GROUP_STYLE, GROUP_SYMBOL
from screens.plain import plain, short
from sos_meeting.differences import (
    by_group,
    family_professional_gap,
    follow_ups,
    hear_first,
    presenter_gap,
)
from sos_meeting.domain import MeetingRecord
from sos_meeting.scaling import Mark, Spread
from sos_meeting.text import format_score
from sos_meeting.words import counted


def about(value: float) -> str:
    """A quartile to one decimal place: 5.875 reads as 5.9."""
    return f"{round(value, 1):g}"


def figures(result: Spread) -> str:
    """The figures, for those who want them, under the words the room hears first:
    'Median 5 · middle half of the scores 3 to 6 · 6 scores, 1 pass'."""
    passes = f", {counted(result.passes, 'pass', 'passes')}" if result.passes else ""
    return (
        f"Median {format_score(result.median)} · middle half of the scores "
        f"{about(result.lower_quartile)} to {about(result.upper_quartile)} · "
        f"{counted(result.count, 'score')}{passes}"
    )


def who(record: MeetingRecord, mark: Mark) -> Content:
    person = record.participant(mark.participant_id)
    label = short(person.label if person else mark.label, 40)
    style = GROUP_STYLE.get(person.group, "") if person else ""
    symbol = GROUP_SYMBOL[person.group] + " " if person else ""
    return Content.styled(symbol, style) + plain(label).stylize(style)


def hear_first_content(record: MeetingRecord, result: Spread) -> Content:
    """Who to ask first and why, with the model's questions and their number filled in."""
    chosen = hear_first(result)
    if not chosen:
        return Content("Everyone gave the same number. Ask: what would one point higher look like?")
    rows = [Content.styled("Hear first from", "bold underline")]
    for hear in chosen:
        rows.append(
            Content.assemble(
                "• ",
                who(record, hear.mark),
                f" gave {format_score(hear.mark.value)}: {hear.why}. ",
                (" ".join(follow_ups(hear.mark.value)), "italic"),
            )
        )
    return Content("\n").join(rows)


def groups_content(result: Spread, record: MeetingRecord | None = None) -> Content:
    """Each group's median in its colour and symbol, then the family/professional gap (in
    group supervision, the gap between the presenter's number and the group's)."""
    groups = by_group(result.marks)
    parts = [
        Content.styled(
            f"{GROUP_SYMBOL[g]} {g.label}: median {format_score(f.median)} "
            f"({counted(len(f.marks), 'score')})",
            GROUP_STYLE[g],
        )
        for g, f in groups.items()
    ]
    line = Content("   ").join(parts)
    gap = family_professional_gap(groups)
    presenter = record.presenter if record else None
    if presenter is not None:
        gap = presenter_gap(result, presenter.id, presenter.name)
    return line + Content("\n" + gap) if gap else line
