"""DIN 5008 on A4, form B (letterhead 45 mm): where everything on a letter's page goes.

All measures are from the top left corner of the sheet, as the standard gives them; the
drawing functions turn them into reportlab's coordinates (origin bottom left). A C6/5 or
DL window envelope shows the address field: 20 mm from the left, 45 mm from the top,
85 × 45 mm, with the return address and any remarks in its upper 17.7 mm and the recipient's
address in the six lines below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from kimcost.reports.statements.fonts import BOLD, REGULAR

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 25 * mm               # text starts 25 mm from the left edge
MARGIN_RIGHT = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

ADDRESS_LEFT = 20 * mm              # the address field (form B)
ADDRESS_TOP = 45 * mm
ADDRESS_WIDTH = 85 * mm
ADDRESS_HEIGHT = 45 * mm
ADDRESS_INSET = 5 * mm              # its text starts 5 mm inside, level with the body text
REMARK_ZONE = 17.7 * mm             # return address and remarks, above the address proper
ADDRESS_LINES = 6
ADDRESS_LINE = 4.23 * mm            # 12 pt, six lines fill the 27.3 mm of the address zone

INFO_LEFT = 125 * mm                # the information block beside the address field
INFO_TOP = 50 * mm
INFO_WIDTH = 75 * mm
INFO_LABEL_WIDTH = 27 * mm
INFO_LINE = 4.6 * mm

FOLD_MARKS = (105 * mm, 210 * mm)   # form B: fold to DL
HOLE_MARK = 148.5 * mm

BODY_TOP = 98.46 * mm               # subject two lines below the address field
BODY_BOTTOM = 270 * mm
FOOTER_TOP = 276 * mm
PAGE_NUMBER_TOP = 272.5 * mm

ENCLOSURE_TOP = 24 * mm

GREY = Color(0.35, 0.35, 0.35)
RULE = Color(0.6, 0.6, 0.6)


def y(from_top: float) -> float:
    """reportlab's y for a distance from the top edge."""
    return PAGE_HEIGHT - from_top


def fit(canvas: Canvas, text: str, font: str, size: float, width: float, smallest: float = 5.5) -> float:
    """The font size at which ``text`` fits ``width`` (down to ``smallest``; below that the
    text is cut with an ellipsis by ``clip``)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    wide = stringWidth(text, font, size)
    if wide <= width:
        return size
    return max(smallest, int(size * width / wide * 4) / 4)   # in steps of 0.25 pt


def clip(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def draw_fitted(canvas: Canvas, x: float, top: float, text: str, font: str, size: float, width: float) -> None:
    size = fit(canvas, text, font, size, width)
    canvas.setFont(font, size)
    canvas.drawString(x, y(top), clip(text, font, size, width))


def fold_marks(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    for mark in FOLD_MARKS:
        canvas.line(4 * mm, y(mark), 9 * mm, y(mark))
    canvas.line(4 * mm, y(HOLE_MARK), 11 * mm, y(HOLE_MARK))
    canvas.restoreState()


def letterhead(canvas: Canvas, name: str, lines: tuple[str, ...], street_city: str) -> None:
    canvas.saveState()
    draw_fitted(canvas, MARGIN_LEFT, 20 * mm, name, BOLD, 15, TEXT_WIDTH)
    canvas.setFillColor(GREY)
    top = 26.5 * mm
    for line in (" · ".join(lines), street_city):
        if line:
            draw_fitted(canvas, MARGIN_LEFT, top, line, REGULAR, 9, TEXT_WIDTH)
            top += 4.2 * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_LEFT, y(37 * mm), PAGE_WIDTH - MARGIN_RIGHT, y(37 * mm))
    canvas.restoreState()


def address_field(canvas: Canvas, return_line: str, lines: tuple[str, ...]) -> None:
    """The return address on the lowest line of the remark zone, underlined, and the
    recipient's address from the top of the address zone, at most six lines."""
    inner = ADDRESS_WIDTH - 2 * ADDRESS_INSET
    x = ADDRESS_LEFT + ADDRESS_INSET
    canvas.saveState()
    size = fit(canvas, return_line, REGULAR, 7, inner)
    text = clip(return_line, REGULAR, size, inner)
    base = ADDRESS_TOP + REMARK_ZONE - 2.2 * mm
    canvas.setFont(REGULAR, size)
    canvas.drawString(x, y(base), text)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    canvas.setLineWidth(0.3)
    canvas.line(x, y(base + 0.8 * mm), x + stringWidth(text, REGULAR, size), y(base + 0.8 * mm))
    top = ADDRESS_TOP + REMARK_ZONE + 3.6 * mm
    for line in lines[:ADDRESS_LINES]:
        draw_fitted(canvas, x, top, line, REGULAR, 10, inner)
        top += ADDRESS_LINE
    canvas.restoreState()


def information_block(canvas: Canvas, rows: list[tuple[str, str]]) -> None:
    canvas.saveState()
    top = INFO_TOP + 3 * mm
    value_x = INFO_LEFT + INFO_LABEL_WIDTH
    value_width = PAGE_WIDTH - 10 * mm - value_x
    for label_text, value in rows:
        if label_text:
            canvas.setFillColor(GREY)
            draw_fitted(canvas, INFO_LEFT, top, label_text, REGULAR, 7.5, INFO_LABEL_WIDTH - 1.5 * mm)
            canvas.setFillColor(Color(0, 0, 0))
            draw_fitted(canvas, value_x, top, value, REGULAR, 9, value_width)
        top += INFO_LINE
    canvas.restoreState()


def footer(canvas: Canvas, columns: list[list[str]]) -> None:
    """Small print under a rule: the sender, the contact, the bank account."""
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_LEFT, y(FOOTER_TOP), PAGE_WIDTH - MARGIN_RIGHT, y(FOOTER_TOP))
    canvas.setFillColor(GREY)
    width = TEXT_WIDTH / max(len(columns), 1)
    for i, lines in enumerate(columns):
        top = FOOTER_TOP + 3.6 * mm
        for line in lines:
            draw_fitted(canvas, MARGIN_LEFT + i * width, top, line, REGULAR, 7, width - 2 * mm)
            top += 3.2 * mm
    canvas.restoreState()


def page_number(canvas: Canvas, prefix: str, total_form: str, top: float = PAGE_NUMBER_TOP) -> None:
    """``Seite 1 von `` and the letter's page count, drawn from a form that is filled in when
    the document is complete (the count is not known while the first page is drawn)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = 8
    x = PAGE_WIDTH - MARGIN_RIGHT - 25 * mm
    canvas.saveState()
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, size)
    canvas.drawString(x, y(top), prefix)
    canvas.translate(x + stringWidth(prefix, REGULAR, size), y(top))
    canvas.doForm(total_form)
    canvas.restoreState()


def page_count_form(canvas: Canvas, name: str, count: int) -> None:
    canvas.beginForm(name)
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, 8)
    canvas.drawString(0, 0, str(count))
    canvas.endForm()


def enclosure_header(canvas: Canvas, text: str) -> None:
    canvas.saveState()
    canvas.setFillColor(GREY)
    draw_fitted(canvas, MARGIN_LEFT, 15 * mm, text, REGULAR, 8, TEXT_WIDTH)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_LEFT, y(17.5 * mm), PAGE_WIDTH - MARGIN_RIGHT, y(17.5 * mm))
    canvas.restoreState()


PageDrawer = Callable[["Canvas", object], None]
