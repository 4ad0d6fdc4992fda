"""The Markdown minute: the meeting in the order it happened, every score and reason,
the spread in words, and whether the room agreed to differ."""

from __future__ import annotations

from datetime import date

from sos_meeting.decision import minuted
from sos_meeting.differences import (
    by_group,
    family_professional_gap,
    for_attention,
    hear_first,
    marks_for,
    movement_in_words,
    presenter_gap,
    range_change,
)
from sos_meeting.domain import Column, MeetingKind, MeetingRecord, Round, Scale
from sos_meeting.scaling import describe_range, spread
from sos_meeting.text import clean, format_score
from sos_meeting.voices import Whose
from sos_meeting.words import counted, has_or_have


def md(text: str) -> str:
    """Text safe inside Markdown: no control codes, and markup characters shown as typed."""
    cleaned = clean(text, multiline=True).replace("\n", " ")
    for char in "\\`*_{}[]<>#|":
        cleaned = cleaned.replace(char, "\\" + char)
    return cleaned


def minute(record: MeetingRecord) -> str:
    """The full minute as Markdown."""
    meeting = record.meeting
    words = meeting.wording
    lines = [f"# {md(meeting.title)}: {meeting.kind.label}, {meeting.held_on:%d %B %Y}", ""]
    details = [f"Wording: {words.label}"]
    if meeting.case_ref:
        details.insert(0, f"Case reference: {md(meeting.case_ref)}")
    if meeting.facilitator:
        details.append(f"Facilitator: {md(meeting.facilitator)}")
    if record.family and record.family.children:
        details.append("Children: " + ", ".join(md(c) for c in record.family.children))
    lines += [" · ".join(details), ""]
    conference = meeting.kind is MeetingKind.CONFERENCE
    lines += _invited(record) + _views(record) if conference else _people(record)
    if meeting.kind is MeetingKind.SUPERVISION:
        lines += [
            "## The question for the group",
            "",
            md(meeting.question) or "(none recorded)",
            "",
        ]
    lines += _mapping(record) + _pairs(record)
    for scale in record.scales:
        lines += _scale(record, scale)
    if conference:
        lines += _decision(record)
    if meeting.kind is MeetingKind.SUPERVISION:
        lines += _reflections(record)
    lines += _completeness(record)
    return "\n".join(lines).rstrip() + "\n"


def _table(heading: str, columns: list[str], rows: list[list[str]]) -> list[str]:
    """A section with a Markdown table (cells already made safe)."""
    lines = [f"## {heading}", "", "| " + " | ".join(columns) + " |"]
    lines.append("| " + " | ".join("---" for _ in columns) + " |")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _people(record: MeetingRecord) -> list[str]:
    """Who was there; in group supervision, with each one's role in the session."""
    if record.meeting.kind is MeetingKind.SUPERVISION:
        return _table(
            "Who was there",
            ["Seat", "Name", "Role", "Role in this session", "Here"],
            [
                [str(p.seat), md(p.name), md(p.role), p.session_role.label, p.attendance.label]
                for p in record.participants
            ],
        )
    return _table(
        "Who was there",
        ["Seat", "Name", "Role", "Agency", "Group", "Here"],
        [
            [str(p.seat), md(p.name), md(p.role), md(p.agency), p.group.label, p.attendance.label]
            for p in record.participants
        ],
    )


def _invited(record: MeetingRecord) -> list[str]:
    """A conference's list: who was invited, who came, who sent apologies or a report."""
    return _table(
        "Who was invited",
        ["Seat", "Name", "Role", "Agency", "Group", "Attendance", "Report"],
        [
            [
                str(p.seat),
                md(p.name),
                md(p.role),
                md(p.agency),
                p.group.label,
                p.attendance.label_in(MeetingKind.CONFERENCE),
                "Sent a report" if p.sent_report else "",
            ]
            for p in record.participants
        ],
    )


def _reflections(record: MeetingRecord) -> list[str]:
    """Group supervision's closing round: what each found useful."""
    said = [p for p in record.participants if p.reflection]
    lines = ["## What was useful", ""]
    lines += [f"- {md(p.name)}: {md(p.reflection)}" for p in said] or ["(none recorded)"]
    return [*lines, ""]


def _views(record: MeetingRecord) -> list[str]:
    """The parents' views, then the child's, each as recorded."""
    lines: list[str] = []
    for whose in Whose:
        lines += [f"## {whose.heading}", ""]
        voices = [v for v in record.voices if v.whose is whose]
        if not voices:
            lines += ["(none recorded)", ""]
        for voice in voices:
            lines += [f"**{md(voice.name)}** ({md(voice.source())}): {md(voice.text)}", ""]
    return lines


def _mapping(record: MeetingRecord) -> list[str]:
    lines = ["## Mapping", ""]
    for column in Column:
        items = record.items_in(column)
        lines += [f"### {column.heading_in(record.meeting.kind)}", ""]
        if not items:
            lines += ["(nothing recorded)", ""]
            continue
        for item in items:
            kind = (
                f"**{item.category.label_in(record.meeting.wording)}:** " if item.category else ""
            )
            extra = ""
            if item.is_next_step:
                who = f"{md(item.owner)}" if item.owner else "no one named yet"
                when = f", by {item.due:%d %B %Y}" if item.due else ""
                extra = f" ({who}{when}; {item.status.label})"
            lines.append(f"- {kind}{md(item.text)}{extra}")
        lines.append("")
    return lines


def _pairs(record: MeetingRecord) -> list[str]:
    words = record.meeting.wording
    lines = [f"## {words.statement.capitalize()}s and {words.goal}s", ""]
    if not record.pairs:
        return [*lines, "(none written)", ""]
    for n, pair in enumerate(record.pairs, start=1):
        lines.append(f"{n}. **{words.statement.capitalize()}:** {md(pair.statement)}")
        goal = md(pair.goal) if pair.goal else "(not written yet)"
        lines.append(f"   **{words.goal.capitalize()}:** {goal}")
        if pair.coach_note:
            lines.append(f"   *{md(pair.coach_note)}*")
    return [*lines, ""]


def _scale(record: MeetingRecord, scale: Scale) -> list[str]:
    words = record.meeting.wording
    linked = record.linked_pair(scale)
    about = (
        f"- **About {words.statement} {linked[0]}:** {md(linked[1].statement)} "
        f"**{words.goal.capitalize()}:** {md(linked[1].goal)}"
        if linked
        else "- **About:** the whole situation (an overall scale)"
    )
    lines = [
        f"## Scale: {md(scale.question)}",
        "",
        about,
        f"- **10 means:** {md(scale.ten_means)}",
        f"- **0 means:** {md(scale.zero_means)}",
        "",
    ]
    for index, round_ in enumerate(scale.rounds):
        lines += _round(record, scale, round_, scale.rounds[index - 1] if index else None)
    return lines


def _round(record: MeetingRecord, scale: Scale, round_: Round, before: Round | None) -> list[str]:
    mode = "private, revealed together" if round_.mode.value == "private" else "open"
    lines = [f"### Round {round_.number} ({mode})", ""]
    if not round_.visible:
        scored = len({s.participant_id for s in round_.scores})
        who = counted(scored, "person", "people")
        return [*lines, f"Not yet revealed: {who} {has_or_have(scored)} scored.", ""]
    for child in scale.subjects:
        if child:
            lines += [f"#### About {md(child)}", ""]
        lines += ["| Who | Score | Why | One point higher |", "| --- | --- | --- | --- |"]
        seats = {p.id: n for n, p in enumerate(record.in_round_order)}
        for score in sorted(round_.for_child(child), key=lambda s: seats.get(s.participant_id, 0)):
            person = record.participant(score.participant_id)
            who = record.scored_as(score) or "?"
            name = md(f"{who} ({person.role})" if person and person.role else who)
            lines.append(
                f"| {name} | {format_score(score.value)} | {md(score.reason)} "
                f"| {md(score.one_higher)} |"
            )
        lines.append("")
        marks, passes = marks_for(record, round_, child)
        result = spread(marks, passes)
        if result is None:
            lines += ["Nobody gave a number.", ""]
            continue
        lines.append(
            f"{describe_range(result)} Median {format_score(result.median)}, middle half "
            f"{round(result.lower_quartile, 1):g} to {round(result.upper_quartile, 1):g}."
        )
        groups = by_group(result.marks)
        lines.append(
            "Group medians: "
            + "; ".join(f"{g.label} {format_score(f.median)}" for g, f in groups.items())
            + "."
        )
        gap = family_professional_gap(groups)
        presenter = record.presenter
        if presenter is not None:
            gap = presenter_gap(result, presenter.id, md(presenter.name))
        if gap:
            lines.append(gap)
        flagged = for_attention(result.marks, scale.threshold)
        if flagged:
            lines.append(
                f"For the {record.meeting.kind.lead}'s attention "
                f"(at or below {format_score(scale.threshold)}): "
                + ", ".join(f"{md(m.label)} ({format_score(m.value)})" for m in flagged)
                + "."
            )
        first = hear_first(result)
        if first:
            lines.append(
                "Heard first: "
                + "; ".join(
                    f"{md(h.mark.label)} ({format_score(h.mark.value)}, {h.why})" for h in first
                )
                + "."
            )
        if before is not None and before.visible:
            was, _ = marks_for(record, before, child)
            earlier = spread(was)
            summary = f" {range_change(earlier, result)}" if earlier else ""
            lines.append(
                f"Since round {before.number}: {md(movement_in_words(was, marks))}{summary}"
            )
        lines.append("")
    if round_.agreed_to_differ_at is not None:
        lines.append("**The room agreed to differ; each view is recorded.**")
        if round_.differ_withdrawn_at is not None:
            lines.append(
                "The room later withdrew that agreement "
                f"({round_.differ_withdrawn_at.astimezone():%H:%M})."
            )
        lines.append("")
    return lines


def _decision(record: MeetingRecord) -> list[str]:
    said = minuted(record.decision, record.children, record.speaks_for())
    lines = ["## The decision", ""]
    if not said.children:
        lines.append("No children are named for this family.")
    lines += [f"- **{md(child)}:** {words}" for child, words in said.children]
    reasoning = md(said.reasoning) if said.reasoning else "(not written yet)"
    lines += ["", f"**The chair's decision and reasoning:** {reasoning}", ""]
    lines.append("**What each agency recommended:**")
    lines += [f"- {md(who)}: {md(what)}" for who, what in said.recommendations] or [
        "- (none recorded)"
    ]
    lines += ["", "**Dissent from the decision:**"]
    lines += [
        f"- {md(who)} disagrees: {md(why)} ({when.astimezone():%H:%M})"
        for who, why, when in said.dissents
    ] or ["- No one recorded dissent from the decision."]
    lines += [
        "",
        f"**Core group:** {md(said.core_group) or '(not named yet)'} · "
        f"**First core group:** {_day(said.first_core_group)} · "
        f"**Review conference:** {_day(said.review_conference)}",
        "",
    ]
    return lines


def _day(day: date | None) -> str:
    return f"{day:%d %B %Y}" if day else "(no date yet)"


def _completeness(record: MeetingRecord) -> list[str]:
    missing = record.missing()
    lines = ["## The three elements", ""]
    lines.append(
        "This meeting has a statement, a goal paired with it and a scaling round with reasons."
        if not missing
        else "Missing: " + ", ".join(missing) + "."
    )
    meeting = record.meeting
    if meeting.closed_at is not None:
        lines.append(f"Closed {meeting.closed_at:%d %B %Y %H:%M} UTC.")
        if meeting.close_note:
            lines.append(f"Reason given: {md(meeting.close_note)}")
    if record.amendments:
        lines += ["", "### Amendments after closing", ""]
    for change in record.amendments:
        by = f" by {md(change.recorded_by)}" if change.recorded_by else ""
        lines.append(
            f"- {change.recorded_at:%d %B %Y %H:%M} UTC{by}: {md(change.what)}. "
            f"Why: {md(change.reason) or '(not recorded)'}"
        )
        if change.before:
            lines.append(f"  - Before: {md(_one_line(change.before))}")
        if change.after:
            lines.append(f"  - After: {md(_one_line(change.after))}")
    return [*lines, ""]


def _one_line(words: str) -> str:
    return "; ".join(line for line in words.split("\n") if line)
