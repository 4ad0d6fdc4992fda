"""The minute as a Word document: real headings, tables and lists, each round's number line
as a table of 0 to 10, and the protective marking and the organisation at the head and foot
of every page ("page 1 of N").

It is built from the Markdown minute (so the two can never say different things) and the
record (for the number lines). python-docx is imported only here, when a Word file is made.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from sos_meeting.domain import MeetingRecord, Round, Scale
from sos_meeting.exports.heading import Heading
from sos_meeting.text import format_score

BOLD = re.compile(r"\*\*(.+?)\*\*")


def word_document(record: MeetingRecord, minute: str, heading: Heading) -> bytes:
    """The .docx file's bytes."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    section = document.sections[0]
    banner = heading.line()
    if banner:
        top = section.header.paragraphs[0]
        top.text = banner
        top.alignment = WD_ALIGN_PARAGRAPH.CENTER
        top.runs[0].bold = True
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if banner:
        foot.add_run(f"{banner} · ").bold = True
    foot.add_run("page ")
    _field(foot, "PAGE")
    foot.add_run(" of ")
    _field(foot, "NUMPAGES")

    rounds = _rounds_in_order(record)
    lines = minute.splitlines()
    n = 0
    while n < len(lines):
        line = lines[n]
        if line.startswith("|"):
            block = []
            while n < len(lines) and lines[n].startswith("|"):
                block.append(lines[n])
                n += 1
            _table(document, block)
            continue
        n += 1
        if not line.strip():
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            document.add_heading(line[level:].strip(), level=min(level, 4) - 1 or 0)
            if level == 3 and line.startswith("### Round") and rounds:
                scale, round_ = next(rounds, (None, None))
                if scale is not None and round_ is not None:
                    _number_line(document, scale, round_)
            continue
        if line.startswith("- "):
            _runs(document.add_paragraph(style="List Bullet"), line[2:])
        elif re.match(r"\d+\. ", line):
            _runs(document.add_paragraph(style="List Number"), line.split(". ", 1)[1])
        else:
            _runs(document.add_paragraph(), line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rounds_in_order(record: MeetingRecord) -> Iterator[tuple[Scale, Round]]:
    """Each round the minute shows, in the minute's order (a private round before its
    reveal has no number line: its numbers are not shown)."""
    for scale in record.scales:
        for round_ in scale.rounds:
            yield scale, round_


def _runs(paragraph: Any, text: str) -> None:
    """`text` with its **bold** parts in bold."""
    at = 0
    for found in BOLD.finditer(text):
        if found.start() > at:
            paragraph.add_run(text[at : found.start()])
        paragraph.add_run(found.group(1)).bold = True
        at = found.end()
    if at < len(text):
        paragraph.add_run(text[at:])


def _cells(row: str) -> list[str]:
    inner = row.strip()[1:-1] if row.strip().endswith("|") else row.strip()[1:]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def _table(document: Any, rows: list[str]) -> None:
    body = [_cells(r) for r in rows if not re.fullmatch(r"\|[\s\-:|]+\|?", r.strip())]
    if not body:
        return
    table = document.add_table(rows=len(body), cols=len(body[0]))
    table.style = "Table Grid"
    for r, cells in enumerate(body):
        for c, text in enumerate(cells[: len(body[0])]):
            cell = table.cell(r, c)
            _runs(cell.paragraphs[0], text)
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _number_line(document: Any, scale: Scale, round_: Round) -> None:
    """The round's numbers on a line from 0 to 10: a table of eleven columns, each holding
    the people who gave that number (a half is written beside the name)."""
    if not round_.visible or not round_.scores:
        return
    names: dict[int, list[str]] = {n: [] for n in range(11)}
    for score in round_.scores:
        if score.value is None:
            continue
        column = int(score.value)
        half = "" if score.value == column else f" ({format_score(score.value)})"
        about = f" about {score.child}" if score.child else ""
        names[column].append(f"{score.name}{half}{about}")
    table = document.add_table(rows=2, cols=11)
    table.style = "Table Grid"
    for n in range(11):
        table.cell(0, n).paragraphs[0].add_run(str(n)).bold = True
        table.cell(1, n).text = "\n".join(names[n])
    document.add_paragraph(
        f"The number line: 0 means {scale.zero_means}; 10 means {scale.ten_means}."
    )


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = code
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instruction)
    run._r.append(end)
