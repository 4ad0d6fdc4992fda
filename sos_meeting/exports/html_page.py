"""One self-contained printable page laid out as the one-page map: the three columns, the
statements and goals, and each scale's number line (inline SVG) with its scores table."""

from __future__ import annotations

from datetime import date
from html import escape

from sos_meeting.decision import Decision, minuted
from sos_meeting.differences import marks_for
from sos_meeting.domain import (
    Attendance,
    Column,
    Group,
    MeetingKind,
    MeetingRecord,
    Round,
    Scale,
)
from sos_meeting.exports.heading import Heading
from sos_meeting.scaling import Mark, describe_range, place_labels, spread
from sos_meeting.text import clean, format_score
from sos_meeting.voices import Whose

COLOURS = {
    Group.FAMILY: "#b85c00",
    Group.NETWORK: "#1e7b34",
    Group.PROFESSIONAL: "#1f4e9e",
    Group.CHILD: "#7b2d8e",
}
SHAPES = {
    Group.FAMILY: "circle",
    Group.NETWORK: "triangle",
    Group.PROFESSIONAL: "square",
    Group.CHILD: "diamond",
}

STYLE = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.35 "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; border-bottom: 1px solid #999; }
h3 { font-size: 10pt; margin: 0 0 1mm; }
.meta { color: #333; margin-bottom: 2mm; }
.map { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 3mm; }
.map section { border: 1px solid #888; border-radius: 2mm; padding: 2mm; break-inside: avoid; }
.map ul, .steps { margin: 0; padding-left: 4mm; }
.grey { margin-top: 2mm; border: 1px dashed #888; border-radius: 2mm; padding: 2mm; }
.pair { margin: 0 0 2mm; break-inside: avoid; }
.kind { font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; break-inside: auto; }
th, td { border: 1px solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
tr { break-inside: avoid; }
.scale { break-inside: avoid; margin-bottom: 3mm; }
.words { margin: 1mm 0; }
.missing { color: #8a1c1c; font-weight: bold; }
svg { display: block; margin: 1mm 0; }
.marking { font-weight: bold; text-align: center; margin-bottom: 1mm; }
@media print { .marking { display: none; } }
"""


def e(text: str) -> str:
    """Escaped for HTML, with control codes removed."""
    return escape(clean(text, multiline=True))


def _page_boxes(heading: Heading) -> str:
    """The printed page's head and foot: the marking and organisation on every page, and
    'page 1 of N' (CSS page margin boxes)."""
    line = clean(heading.line()).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    top = f'@top-center {{ content: "{line}"; font: bold 9pt Arial, sans-serif; }}' if line else ""
    return (
        f'@page {{ {top} @bottom-center {{ content: "page " counter(page) " of " '
        f"counter(pages); font: 8pt Arial, sans-serif; color: #333; }} }}"
    )


def page(record: MeetingRecord, *, title_note: str = "", heading: Heading | None = None) -> str:
    """The whole page as one HTML document (no external files)."""
    heading = heading or Heading()
    meeting = record.meeting
    words = meeting.wording
    meta = [meeting.kind.label, f"{meeting.held_on:%d %B %Y}", words.label]
    if meeting.case_ref:
        meta.insert(0, f"Case {e(meeting.case_ref)}")
    if meeting.facilitator:
        meta.append(f"Facilitator: {e(meeting.facilitator)}")
    people = ", ".join(
        f"{e(p.name)}{' (' + e(p.role) + ')' if p.role else ''}" for p in record.present
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(meeting.title)}: {meeting.held_on:%d %B %Y}</title>",
        f"<style>{STYLE}{_page_boxes(heading)}</style></head><body>",
        f'<div class="marking">{e(heading.line())}</div>' if heading.line() else "",
        f"<h1>{e(meeting.title)}{e(title_note)}</h1>",
        f'<div class="meta">{" · ".join(meta)}</div>',
        f'<div class="meta">Present: {people or "(no one recorded)"}</div>',
        *(_invited(record) if meeting.kind is MeetingKind.CONFERENCE else ()),
        _map(record),
        _pairs(record),
    ]
    parts += [_scale(record, scale) for scale in record.scales]
    if meeting.kind is MeetingKind.CONFERENCE and record.decision != Decision():
        parts.append(_decision(record))  # nothing decided yet: "Missing" below says so
    missing = record.missing()
    if missing:
        parts.append(f'<p class="missing">Missing: {e(", ".join(missing))}.</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def _invited(record: MeetingRecord) -> tuple[str, str]:
    """A conference's invitations and reports on one line, then the parents' and the
    child's views (kept short, so that the map still prints on one page)."""
    kind = MeetingKind.CONFERENCE
    absent = [
        f"{e(p.speaking_for)}: {p.attendance.label_in(kind).lower()}"
        for p in record.participants
        if p.attendance is not Attendance.PRESENT
    ]
    reports = [e(p.speaking_for) for p in record.participants if p.sent_report]
    invited = (
        f'<div class="meta">Not there: {"; ".join(absent) or "everyone invited came"} · '
        f"Reports from: {', '.join(reports) or 'none recorded'}</div>"
    )
    said = [
        f"<p><b>{e(whose.label)}, {e(v.name)}</b> <i>({e(v.source())})</i>: {e(v.text)}</p>"
        for whose in Whose
        for v in record.voices
        if v.whose is whose
    ]
    views = (
        "<h2>The parents&#x27; and the child&#x27;s views</h2>" + "".join(said)
        if said
        else '<div class="meta">No parents&#x27; or child&#x27;s views recorded.</div>'
    )
    return invited, views


def _items(record: MeetingRecord, column: Column) -> str:
    rows = []
    for item in record.items_in(column):
        kind = (
            f'<span class="kind">{e(item.category.label_in(record.meeting.wording))}:</span> '
            if item.category
            else ""
        )
        extra = ""
        if item.is_next_step:
            who = e(item.owner) if item.owner else "no one named yet"
            when = f", by {item.due:%d %b %Y}" if item.due else ""
            extra = f" <em>({who}{when}; {item.status.label})</em>"
        rows.append(f"<li>{kind}{e(item.text)}{extra}</li>")
    return "<ul>" + "".join(rows) + "</ul>" if rows else "<p>(nothing recorded)</p>"


def _map(record: MeetingRecord) -> str:
    columns = "".join(
        f"<section><h3>{e(c.heading_in(record.meeting.kind))}</h3>{_items(record, c)}</section>"
        for c in (Column.WORRIES, Column.WORKING_WELL, Column.NEEDS)
    )
    grey = f'<div class="grey"><h3>{e(Column.GREY.heading)}</h3>{_items(record, Column.GREY)}</div>'
    return f'<h2>Mapping</h2><div class="map">{columns}</div>{grey}'


def _pairs(record: MeetingRecord) -> str:
    words = record.meeting.wording
    rows = [
        f'<div class="pair"><b>{n}. {e(words.statement.capitalize())}:</b> {e(p.statement)}<br>'
        f"<b>{e(words.goal.capitalize())}:</b> {e(p.goal) or '(not written yet)'}"
        + (f'<br><i class="coach">{e(p.coach_note)}</i>' if p.coach_note else "")
        + "</div>"
        for n, p in enumerate(record.pairs, start=1)
    ]
    heading = f"<h2>{e(words.statement.capitalize())}s and {e(words.goal)}s</h2>"
    return heading + ("".join(rows) or "<p>(none written)</p>")


def _decision(record: MeetingRecord) -> str:
    said = minuted(record.decision, record.children, record.speaks_for())
    children = "".join(f"<li><b>{e(child)}:</b> {e(words)}</li>" for child, words in said.children)
    recommended = "".join(f"<li>{e(who)}: {e(what)}</li>" for who, what in said.recommendations)
    dissent = "".join(
        f"<li>{e(who)} disagrees: {e(why)} ({when.astimezone():%H:%M})</li>"
        for who, why, when in said.dissents
    )

    def day(value: date | None) -> str:
        return f"{value:%d %B %Y}" if value else "(no date yet)"

    return (
        "<h2>The decision</h2>"
        f"<ul>{children or '<li>No children are named for this family.</li>'}</ul>"
        f"<p><b>The chair&#x27;s decision and reasoning:</b> "
        f"{e(said.reasoning) or '(not written yet)'}</p>"
        "<p><b>What each agency recommended:</b></p>"
        f"<ul>{recommended or '<li>(none recorded)</li>'}</ul>"
        "<p><b>Dissent from the decision:</b></p>"
        f"<ul>{dissent or '<li>No one recorded dissent from the decision.</li>'}</ul>"
        f"<p><b>Core group:</b> {e(said.core_group) or '(not named yet)'} · "
        f"<b>First core group:</b> {day(said.first_core_group)} · "
        f"<b>Review conference:</b> {day(said.review_conference)}</p>"
    )


def number_line(marks: list[Mark], width: int = 640) -> str:
    """The 0-10 line as inline SVG: each person's mark in their group's colour and shape."""
    left, right, row_height = 14, 14, 13
    span = width - left - right
    columns = 80
    placed = place_labels(marks, columns, max_label=16)
    rows = max((p.row for p in placed), default=-1) + 1
    axis_y = 8 + rows * row_height + 8
    height = axis_y + 30

    def x_of(value: float) -> float:
        return left + value / 10 * span

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Scores on a 0 to 10 line">',
        f'<line x1="{left}" y1="{axis_y}" x2="{left + span}" y2="{axis_y}" stroke="#333"/>',
    ]
    for tick in range(11):
        x = x_of(tick)
        out.append(
            f'<line x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="#333"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{axis_y + 17}" font-size="10" text-anchor="middle">{tick}</text>'
        )
    for label in placed:
        mark = label.mark
        group = mark.group or Group.FAMILY
        colour, x = COLOURS[group], x_of(mark.value)
        y = axis_y - 8 - label.row * row_height
        out.append(_shape(SHAPES[group], x, axis_y, colour))
        text_x = left + label.x / columns * span
        out.append(
            f'<text x="{text_x:.1f}" y="{y:.1f}" font-size="9.5" fill="{colour}">'
            f"{e(label.text)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _shape(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y}" r="4" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4}" width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5} {x - 5:.1f},{y} {x:.1f},{y + 5} {x + 5:.1f},{y}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    points = f"{x:.1f},{y - 5} {x - 5:.1f},{y + 4} {x + 5:.1f},{y + 4}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _scale(record: MeetingRecord, scale: Scale) -> str:
    parts = [
        f'<div class="scale"><h2>Scale: {e(scale.question)}</h2>',
        f"<div>{_about(record, scale)}</div>",
        f"<div><b>10:</b> {e(scale.ten_means)}<br><b>0:</b> {e(scale.zero_means)}</div>",
    ]
    for round_ in scale.rounds:
        parts.append(_round(record, scale, round_))
    parts.append("</div>")
    return "".join(parts)


def _about(record: MeetingRecord, scale: Scale) -> str:
    words = record.meeting.wording
    linked = record.linked_pair(scale)
    if linked is None:
        return "<b>About:</b> the whole situation (an overall scale)"
    number, pair = linked
    return (
        f"<b>About {e(words.statement)} {number}:</b> {e(pair.statement)}<br>"
        f"<b>{e(words.goal.capitalize())}:</b> {e(pair.goal)}"
    )


def _round(record: MeetingRecord, scale: Scale, round_: Round) -> str:
    heading = (
        f"<h3>Round {round_.number}{' (private)' if round_.mode.value == 'private' else ''}</h3>"
    )
    if not round_.visible:
        return heading + "<p>Not yet revealed.</p>"
    out = [heading]
    for child in scale.subjects:
        marks, passes = marks_for(record, round_, child)
        if child:
            out.append(f"<p><b>About {e(child)}</b></p>")
        out.append(number_line(marks))
        result = spread(marks, passes)
        if result is not None:
            out.append(
                f'<div class="words">{e(describe_range(result))} Median '
                f"{format_score(result.median)}.</div>"
            )
        rows = []
        for score in round_.for_child(child):
            person = record.participant(score.participant_id)
            if person is None:
                continue
            rows.append(
                f"<tr><td>{e(record.scored_as(score))}</td><td>{e(person.role)}</td>"
                f"<td>{person.group.label}</td><td>{format_score(score.value)}</td>"
                f"<td>{e(score.reason)}</td><td>{e(score.one_higher)}</td></tr>"
            )
        out.append(
            "<table><tr><th>Who</th><th>Role</th><th>Group</th><th>Score</th><th>Why</th>"
            "<th>One point higher</th></tr>" + "".join(rows) + "</table>"
        )
    if round_.agreed_to_differ_at is not None:
        withdrawn = (
            " The room later withdrew that agreement."
            if round_.differ_withdrawn_at is not None
            else ""
        )
        out.append(f"<p><b>The room agreed to differ;</b> each view is recorded.{withdrawn}</p>")
    return "".join(out)
