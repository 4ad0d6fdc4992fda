"""QR codes for the phones' links: drawn in the terminal with half blocks, or as SVG."""

from __future__ import annotations

import segno


def qr_lines(url: str) -> list[str]:
    """The code for `url` as lines of half blocks, two modules to a cell, to be drawn black
    on white: '▀' is a dark module above a light one."""
    code = segno.make(url, error="l", boost_error=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    glyphs = {(0, 0): " ", (1, 0): "▀", (0, 1): "▄", (1, 1): "█"}
    return [
        "".join(glyphs[(int(bool(a)), int(bool(b)))] for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    ]


def qr_svg(url: str) -> str:
    """The code for `url` as an inline SVG element, for a printed page."""
    return str(segno.make(url, error="m").svg_inline(scale=4, border=2))
