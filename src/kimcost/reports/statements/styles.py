"""Paragraph and table styles of the letters, and the one way configuration text enters a
paragraph: escaped, because reportlab reads paragraph text as markup (a municipality called
"A & B <GmbH>" must print as written, not break the letter or change its layout)."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, TableStyle

from kimcost.reports.statements.fonts import BOLD, REGULAR

BODY = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13)
SUBJECT = ParagraphStyle("subject", parent=BODY, fontName=BOLD, fontSize=10.5, leading=13.5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10)
NOTE = ParagraphStyle("note", parent=BODY, fontSize=7.5, leading=9.5, textColor=Color(0.25, 0.25, 0.25))
TITLE = ParagraphStyle("title", parent=BODY, fontName=BOLD, fontSize=13, leading=16)
HEADING = ParagraphStyle("heading", parent=BODY, fontName=BOLD, fontSize=10, leading=13, spaceBefore=3)
FLAGGED = ParagraphStyle("flagged", parent=BODY, fontSize=7.5, leading=9.3, leftIndent=8, firstLineIndent=-8,
                         spaceAfter=1.2)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8, leading=9.6)
CELL_BOLD = ParagraphStyle("cell_bold", parent=CELL, fontName=BOLD)
CELL_RIGHT = ParagraphStyle("cell_right", parent=CELL, alignment=TA_RIGHT)
CELL_RIGHT_BOLD = ParagraphStyle("cell_right_bold", parent=CELL_RIGHT, fontName=BOLD)
FIGURE = ParagraphStyle("figure", parent=BODY, fontSize=9.5, leading=11.5)
FIGURE_BOLD = ParagraphStyle("figure_bold", parent=FIGURE, fontName=BOLD)
FIGURE_RIGHT = ParagraphStyle("figure_right", parent=FIGURE, alignment=TA_RIGHT)
FIGURE_RIGHT_BOLD = ParagraphStyle("figure_right_bold", parent=FIGURE_RIGHT, fontName=BOLD)

LINE = Color(0.55, 0.55, 0.55)
SHADE = Color(0.93, 0.93, 0.93)


def text(value: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of plain text (never markup)."""
    return Paragraph(escape(value), style)


def bold(value: str) -> str:
    """A bold run of plain text, for ``markup``."""
    return f"<b>{escape(value)}</b>"


def markup(value: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of kimcost's own markup, built from ``bold`` and ``escape``d parts."""
    return Paragraph(value, style)


def grid(header_rows: int = 1, total_rows: tuple[int, ...] = (), shaded_rows: tuple[int, ...] = (),
         size: float = 8) -> TableStyle:
    commands: list[tuple[Any, ...]] = [  # (command, start cell, end cell, its values…)
        ("FONT", (0, 0), (-1, -1), REGULAR, size),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.6, LINE))
        commands.append(("FONT", (0, 0), (-1, header_rows - 1), BOLD, size))
    for row in total_rows:
        commands.append(("LINEABOVE", (0, row), (-1, row), 0.4, LINE))
        commands.append(("FONT", (0, row), (-1, row), BOLD, size))
    for row in shaded_rows:
        commands.append(("BACKGROUND", (0, row), (-1, row), SHADE))
    return TableStyle(commands)


def escaped(value: str) -> str:
    return escape(value)


CELL_PADDING = 6.0   # left + right padding of a table cell (``grid``), in points
_CELL_STYLES = {(False, False): CELL, (True, False): CELL_BOLD, (False, True): CELL_RIGHT, (True, True): CELL_RIGHT_BOLD}


def cell(value: str, width: float, *, strong: bool = False, right: bool = False, size: float = 8):
    """A table cell: the plain string when it fits on one line (drawn by the table itself,
    in the font and alignment of the table's style: far cheaper than a paragraph), else a
    paragraph that wraps. The table's style must give the same font, size and alignment."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = BOLD if strong else REGULAR
    if "\n" not in value and stringWidth(value, font, size) <= width - CELL_PADDING:
        return value
    style = _CELL_STYLES[(strong, right)]
    if size != style.fontSize:
        style = ParagraphStyle(f"{style.name}_{size}", parent=style, fontSize=size, leading=size * 1.2)
    return Paragraph(escape(value), style)
