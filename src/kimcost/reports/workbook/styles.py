"""Cell styles, number formats and a small sheet writer that keeps YAML text as text.

Styles are registered once per workbook as named styles: assigning a named style copies
one prepared style record into the cell, which keeps large sheets (state scale) fast.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

MONEY = '#,##0.00 "€"'
MONEY_EXACT = '#,##0.0000 "€"'
FTE = "0.00##"
SHARE = "0.0000"
INTEGER = "0"
DATE = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
MONTH = {"de": "MM.YYYY", "en": "YYYY-MM"}

FONT = "Calibri"
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_SECTION_COLOUR = "1F3864"
_ACTUAL_FILL = PatternFill("solid", fgColor="FFF2CC")
_FLAG_FILL = PatternFill("solid", fgColor="FCE4D6")
_THIN = Side(style="thin", color="808080")
_HAIR = Side(style="hair", color="A6A6A6")
_DOUBLE = Side(style="double", color="000000")

# kind -> (font, fill, border, alignment, number format)
_KINDS: dict[str, tuple] = {
    "title": (Font(name=FONT, size=15, bold=True, color=_SECTION_COLOUR), None, None, Alignment(vertical="center"), "General"),
    "subtitle": (Font(name=FONT, size=11, color="404040"), None, None, None, "General"),
    "section": (Font(name=FONT, size=12, bold=True, color=_SECTION_COLOUR), None, None, None, "General"),
    "header": (Font(name=FONT, size=10, bold=True), _HEADER_FILL, Border(bottom=_THIN),
               Alignment(wrap_text=True, vertical="bottom"), "General"),
    "header_num": (Font(name=FONT, size=10, bold=True), _HEADER_FILL, Border(bottom=_THIN),
                   Alignment(wrap_text=True, vertical="bottom", horizontal="right"), "General"),
    "label": (Font(name=FONT, size=10, bold=True), None, None, Alignment(vertical="top"), "General"),
    "text": (Font(name=FONT, size=10), None, None, Alignment(vertical="top"), "@"),
    "text_bold": (Font(name=FONT, size=10, bold=True), None, None, Alignment(vertical="top"), "@"),
    "wrap": (Font(name=FONT, size=10), None, None, Alignment(wrap_text=True, vertical="top"), "@"),
    "note": (Font(name=FONT, size=9, italic=True, color="404040"), None, None,
             Alignment(wrap_text=True, vertical="top"), "@"),
    "small": (Font(name=FONT, size=8, color="595959"), None, None, Alignment(wrap_text=True, vertical="top"), "@"),
    "flag": (Font(name=FONT, size=10, bold=True, color="C00000"), _FLAG_FILL, None, Alignment(vertical="top"), "@"),
    "flag_text": (Font(name=FONT, size=10), _FLAG_FILL, None, Alignment(wrap_text=True, vertical="top"), "@"),
    "money": (Font(name=FONT, size=10), None, None, None, MONEY),
    "money_bold": (Font(name=FONT, size=10, bold=True), None, None, None, MONEY),
    "money_actual": (Font(name=FONT, size=10), _ACTUAL_FILL, None, None, MONEY),
    "money_exact": (Font(name=FONT, size=10), None, None, None, MONEY_EXACT),
    "money_total": (Font(name=FONT, size=10, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, MONEY),
    "money_result": (Font(name=FONT, size=12, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, MONEY),
    "total_label": (Font(name=FONT, size=10, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, "@"),
    "result_label": (Font(name=FONT, size=12, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, "@"),
    "total_fte": (Font(name=FONT, size=10, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, FTE),
    "total_blank": (Font(name=FONT, size=10, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, "General"),
    "fte": (Font(name=FONT, size=10), None, None, None, FTE),
    "share": (Font(name=FONT, size=10), None, None, None, SHARE),
    "integer": (Font(name=FONT, size=10), None, None, None, INTEGER),
    "date_de": (Font(name=FONT, size=10), None, None, Alignment(horizontal="left", vertical="top"), DATE["de"]),
    "date_en": (Font(name=FONT, size=10), None, None, Alignment(horizontal="left", vertical="top"), DATE["en"]),
    "month_de": (Font(name=FONT, size=10), None, None, Alignment(horizontal="left"), MONTH["de"]),
    "month_en": (Font(name=FONT, size=10), None, None, Alignment(horizontal="left"), MONTH["en"]),
    "rule": (Font(name=FONT, size=10), None, Border(bottom=_HAIR), None, "General"),
}

_PREFIX = "kimcost "


def register_styles(wb: Workbook) -> None:
    for kind, (font, fill, border, alignment, number_format) in _KINDS.items():
        style = NamedStyle(name=_PREFIX + kind, font=font, number_format=number_format)
        if fill is not None:
            style.fill = fill
        if border is not None:
            style.border = border
        if alignment is not None:
            style.alignment = alignment
        wb.add_named_style(style)


def clean_text(value: object) -> str:
    """Characters XML cannot hold (control characters) would make the file unreadable."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))


def _display_width(value: object, kind: str) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if isinstance(value, (dt.date, dt.datetime)):
        return 10
    if isinstance(value, Decimal) and kind.startswith("money"):
        digits = len(f"{abs(value):,.2f}") + 3  # sign, space and "€"
        return digits + (3 if kind == "money_exact" else 0)
    return len(str(value)) + 1


class SheetWriter:
    """Writes cells with a style kind and remembers the widest content of each column."""

    def __init__(self, ws: Worksheet, lang: str):
        self.ws = ws
        self.lang = lang
        self.widths: dict[int, int] = {}

    def _note_width(self, col: int, value: object, kind: str, measure: bool) -> None:
        if measure:
            width = _display_width(value, kind)
            if width > self.widths.get(col, 0):
                self.widths[col] = width

    def text(self, row: int, col: int, value: object, kind: str = "text", *, measure: bool = True):
        """Text is always stored as text: a name such as ``=HYPERLINK(...)`` stays literal."""
        cell = self.ws.cell(row=row, column=col)
        if value is None or value == "":
            cell.style = _PREFIX + kind
            return cell
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"
        cell.style = _PREFIX + kind
        self._note_width(col, text, kind, measure)
        return cell

    def number(self, row: int, col: int, value, kind: str = "money", *, measure: bool = True):
        """Money and counts as numbers. Decimal goes to the cell unchanged (never via float)."""
        cell = self.ws.cell(row=row, column=col)
        cell.value = value
        cell.style = _PREFIX + kind
        self._note_width(col, value, kind, measure)
        return cell

    def date(self, row: int, col: int, value: dt.date | None, *, month: bool = False):
        kind = f"{'month' if month else 'date'}_{self.lang}"
        cell = self.ws.cell(row=row, column=col)
        if value is not None:
            cell.value = value
        cell.style = _PREFIX + kind
        self._note_width(col, value, kind, True)
        return cell

    def style(self, row: int, col: int, kind: str):
        cell = self.ws.cell(row=row, column=col)
        cell.style = _PREFIX + kind
        return cell

    def header(self, row: int, col: int, titles: list[str], numeric: set[int] = frozenset()):
        """A table header; column widths follow the longest word so headers wrap, not spill."""
        for i, title in enumerate(titles):
            kind = "header_num" if i in numeric else "header"
            self.text(row, col + i, title, kind, measure=False)
            longest = max((len(word) for word in title.split()), default=0) + 1
            self.widths[col + i] = max(self.widths.get(col + i, 0), min(longest, 24))

    def fit_columns(self, minimum: int = 6, maximum: int = 60, fixed: dict[int, float] | None = None) -> None:
        fixed = fixed or {}
        for col in sorted(set(self.widths) | set(fixed)):
            width = fixed.get(col)
            if width is None:
                width = min(max(self.widths[col] + 2, minimum), maximum)
            self.ws.column_dimensions[get_column_letter(col)].width = width
