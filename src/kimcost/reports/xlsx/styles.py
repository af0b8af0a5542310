"""Cell styles, number formats and a small sheet writer that keeps YAML text as text.

Styles are registered once per workbook as named styles (so they show in Excel's style
list); each cell then gets a copy of the style's prepared record.
"""

from __future__ import annotations

import datetime as dt
import re
from copy import copy
from decimal import Decimal
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from kimcost.reports.xlsx.limits import check_extent

FTE_PLACES = Decimal("0.0001")  # as in the JSON report
EXACT_PLACES = Decimal("0.000001")

# [$-407] (German): separators as in 1.234,56 € wherever the workbook is opened, also with --lang en
MONEY = '[$-407]#,##0.00 "€"'
MONEY_EXACT = '[$-407]#,##0.0000 "€"'
FTE = "[$-407]0.00##"
SHARE = "[$-407]0.0000"
INTEGER = "[$-407]0"
DATE = {"de": "[$-407]DD.MM.YYYY", "en": "YYYY-MM-DD"}
MONTH = {"de": "[$-407]MM.YYYY", "en": "YYYY-MM"}

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
    "text_indent": (Font(name=FONT, size=10), None, None, Alignment(horizontal="left", vertical="top", indent=1), "@"),
    "text_center": (Font(name=FONT, size=10), None, None, Alignment(horizontal="center", vertical="top"), "@"),
    "bold_indent": (Font(name=FONT, size=10, bold=True), None, None, Alignment(horizontal="left", vertical="top", indent=1), "@"),
    "flag_note": (Font(name=FONT, size=10, bold=True, color="C00000"), None, None, None, "@"),
    "text_bold": (Font(name=FONT, size=10, bold=True), None, None, Alignment(vertical="top"), "@"),
    "wrap": (Font(name=FONT, size=10), None, None, Alignment(wrap_text=True, vertical="top"), "@"),
    "wrap_indent": (Font(name=FONT, size=10), None, None,
                    Alignment(horizontal="left", wrap_text=True, vertical="top", indent=1), "@"),
    "note": (Font(name=FONT, size=9, italic=True, color="404040"), None, None, Alignment(vertical="top"), "@"),
    "note_wrap": (Font(name=FONT, size=9, italic=True, color="404040"), None, None,
                  Alignment(wrap_text=True, vertical="top"), "@"),
    "small": (Font(name=FONT, size=8, color="595959"), None, None, Alignment(wrap_text=True, vertical="top"), "@"),
    "flag": (Font(name=FONT, size=10, bold=True, color="C00000"), _FLAG_FILL, None, Alignment(vertical="top"), "@"),
    "flag_text": (Font(name=FONT, size=10), _FLAG_FILL, None, Alignment(wrap_text=True, vertical="top"), "@"),
    "money": (Font(name=FONT, size=10), None, None, None, MONEY),
    "money_bold": (Font(name=FONT, size=10, bold=True), None, None, None, MONEY),
    "money_actual": (Font(name=FONT, size=10), _ACTUAL_FILL, None, None, MONEY),
    "money_left": (Font(name=FONT, size=10), None, None, Alignment(horizontal="left", vertical="top"), MONEY),
    "money_flag": (Font(name=FONT, size=10), _FLAG_FILL, None, Alignment(horizontal="left", vertical="top"), MONEY),
    "money_exact": (Font(name=FONT, size=10), None, None, None, MONEY_EXACT),
    "money_total": (Font(name=FONT, size=10, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, MONEY),
    "money_result": (Font(name=FONT, size=12, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, MONEY),
    "total_label": (Font(name=FONT, size=10, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, "@"),
    "result_label": (Font(name=FONT, size=12, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, "@"),
    "total_fte": (Font(name=FONT, size=10, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, FTE),
    "total_blank": (Font(name=FONT, size=10, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, "General"),
    "fte": (Font(name=FONT, size=10), None, None, None, FTE),
    "fte_left": (Font(name=FONT, size=10), None, None, Alignment(horizontal="left"), "[$-407]0.00"),
    "share": (Font(name=FONT, size=10), None, None, None, SHARE),
    "general": (Font(name=FONT, size=10), None, None, None, "[$-407]General"),
    "integer": (Font(name=FONT, size=10), None, None, None, INTEGER),
    "date_de": (Font(name=FONT, size=10), None, None, Alignment(horizontal="center", vertical="top"), DATE["de"]),
    "date_en": (Font(name=FONT, size=10), None, None, Alignment(horizontal="center", vertical="top"), DATE["en"]),
    "date_de_left": (Font(name=FONT, size=10), None, None, Alignment(horizontal="left", vertical="top"), DATE["de"]),
    "date_en_left": (Font(name=FONT, size=10), None, None, Alignment(horizontal="left", vertical="top"), DATE["en"]),
    "month_de": (Font(name=FONT, size=10), None, None, Alignment(horizontal="center"), MONTH["de"]),
    "month_en": (Font(name=FONT, size=10), None, None, Alignment(horizontal="center"), MONTH["en"]),
    "integer_left": (Font(name=FONT, size=10), None, None, Alignment(horizontal="left"), INTEGER),
    "integer_center": (Font(name=FONT, size=10), None, None, Alignment(horizontal="center"), INTEGER),
    "rule": (Font(name=FONT, size=10), None, Border(bottom=_HAIR), None, "General"),
}

# Kinds only some workbooks use; registered on request, so a workbook's styles.xml (and its
# bytes) holds just what it needs.
DIFF_MONEY = '[$-407]+#,##0.00 "€";[$-407]-#,##0.00 "€";[$-407]0.00 "€"'
DIFF_PERCENT = '[$-407]+0.00%;[$-407]-0.00%;[$-407]0.00%'
OPTIONAL_KINDS: dict[str, tuple] = {
    "money_diff": (Font(name=FONT, size=10), None, None, None, DIFF_MONEY),
    "percent_diff": (Font(name=FONT, size=10), None, None, None, DIFF_PERCENT),
    "money_diff_total": (Font(name=FONT, size=10, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None, DIFF_MONEY),
    "percent_diff_total": (Font(name=FONT, size=10, bold=True), None, Border(top=_THIN, bottom=_DOUBLE), None,
                           DIFF_PERCENT),
}

_PREFIX = "kimcost "
_WRAPPED = {kind for kind, spec in _KINDS.items() if spec[3] is not None and spec[3].wrap_text}
_LINE_HEIGHT = {8: 11.0, 9: 12.0, 10: 13.0}


# Per workbook: the style record of each kind. Assigning a named style by name searches
# the workbook's style list every time, which dominated the time for state-scale workbooks;
# copying the prepared record is what openpyxl itself does once it has found the style.
_RECORDS: WeakKeyDictionary[Workbook, dict[str, StyleArray]] = WeakKeyDictionary()


def register_styles(wb: Workbook, optional: tuple[str, ...] = ()) -> None:
    records = {}
    kinds = {**_KINDS, **{kind: OPTIONAL_KINDS[kind] for kind in optional}}
    for kind, (font, fill, border, alignment, number_format) in kinds.items():
        style = NamedStyle(name=_PREFIX + kind, font=font, number_format=number_format)
        if fill is not None:
            style.fill = fill
        if border is not None:
            style.border = border
        if alignment is not None:
            style.alignment = alignment
        wb.add_named_style(style)
        records[kind] = style.as_tuple()
    _RECORDS[wb] = records


def cell_style_id(wb: Workbook, kind: str) -> int:
    """The ``s`` attribute a cell of this kind is saved with: its index in styles.xml's
    cellXfs, added to the workbook's list if new. The same as ``Cell.style_id`` of a cell
    written by ``SheetWriter`` (``StyleableObject.style_id``), for sheets written as XML."""
    return wb._cell_styles.add(copy(_RECORDS[wb][kind]))  # type: ignore[attr-defined]  # openpyxl-private


_NON_CHARACTERS = re.compile("[\ufffe\uffff]")


def clean_text(value: object) -> str:
    """Characters XML cannot hold (control characters) would make the file unreadable; a
    carriage return would come back as a line feed, so line breaks are written as one."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _NON_CHARACTERS.sub("\ufffd", ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))


def _display_width(value: object, kind: str) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if isinstance(value, (dt.date, dt.datetime)):
        return 10
    if isinstance(value, Decimal) and kind.startswith("money"):
        whole = max(value.adjusted() + 1, 1)
        # thousands separators, two decimals, sign, space and "€"
        return whole + (whole - 1) // 3 + 3 + 3 + (2 if kind == "money_exact" else 0)
    return len(str(value)) + 1


class SheetWriter:
    """Writes cells with a style kind and remembers the widest content of each column."""

    def __init__(self, ws: Worksheet, lang: str):
        self.ws = ws
        self.lang = lang
        assert ws.parent is not None  # a sheet of a workbook
        self._records = _RECORDS[ws.parent]
        self.widths: dict[int, int] = {}
        self.wrapped: list[tuple[int, int, str, str]] = []

    def _note_width(self, col: int, value: object, kind: str, measure: bool) -> None:
        if measure:
            width = _display_width(value, kind)
            if width > self.widths.get(col, 0):
                self.widths[col] = width

    def _cell(self, row: int, col: int):
        try:
            return self.ws.cell(row=row, column=col)
        except ValueError:  # openpyxl's check of the row number; the columns it does not check
            check_extent(self.ws.title, row, col)
            raise

    def _apply(self, cell, kind: str):
        cell._style = copy(self._records[kind])
        return cell

    def measure(self, col: int, value: object, kind: str = "money") -> None:
        """Count a value towards the column width without writing it."""
        self._note_width(col, value, kind, True)

    def text(self, row: int, col: int, value: object, kind: str = "text", *, measure: bool = True):
        """Text is always stored as text: a name such as ``=HYPERLINK(...)`` stays literal."""
        cell = self._cell(row, col)
        if value is None or value == "":
            return self._apply(cell, kind)
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"  # set after the value: openpyxl guesses "formula" for "=…"
        self._apply(cell, kind)
        if kind in _WRAPPED and measure:
            self.wrapped.append((row, col, text, kind))
        else:
            self._note_width(col, text, kind, measure)
        return cell

    def number(self, row: int, col: int, value, kind: str = "money", *, measure: bool = True):
        """Money and counts as numbers. Decimal goes to the cell unchanged (never via float)."""
        cell = self._cell(row, col)
        cell.value = value
        self._note_width(col, value, kind, measure)
        return self._apply(cell, kind)

    def date(self, row: int, col: int, value: dt.date | None, *, month: bool = False, left: bool = False):
        kind = f"{'month' if month else 'date'}_{self.lang}" + ("_left" if left else "")
        cell = self._cell(row, col)
        if value is not None:
            cell.value = value
        self._note_width(col, value, kind, True)
        return self._apply(cell, kind)

    def style(self, row: int, col: int, kind: str):
        return self._apply(self._cell(row, col), kind)

    def header(self, row: int, col: int, titles: list[str], numeric: set[int] | frozenset[int] = frozenset()):
        """A table header; column widths follow the longest word so headers wrap, not spill."""
        for i, title in enumerate(titles):
            kind = "header_num" if i in numeric else "header"
            self.text(row, col + i, title, kind, measure=False)
            self.wrapped.append((row, col + i, title, kind))
            longest = max((len(word) for word in title.split()), default=0) + 1
            self.widths[col + i] = max(self.widths.get(col + i, 0), min(longest, 24))

    def paragraph(self, row: int, first_col: int, last_col: int, text: str, kind: str = "wrap",
                  *, chars_per_line: int, line_height: float = 13.5):
        """Running text over merged columns. Neither Excel nor LibreOffice sizes a merged row
        to wrapped text, so the height is set from an estimate of the line count."""
        cell = self.text(row, first_col, text, kind, measure=False)
        if last_col > first_col:
            # ``ws.merge_cells`` also restyles every covered cell, which cost seconds for a
            # state's statements; the covered cells here are empty and unstyled anyway
            ref = f"{get_column_letter(first_col)}{row}:{get_column_letter(last_col)}{row}"
            self.ws.merged_cells.add(MergedCellRange(self.ws, ref))
        lines = sum(max(1, -(-len(part) // chars_per_line)) for part in text.split("\n"))
        self.ws.row_dimensions[row].height = lines * line_height + 3
        return cell

    def fit_columns(self, minimum: int = 6, maximum: int = 60, fixed: dict[int, float] | None = None) -> None:
        fixed = fixed or {}
        for col in sorted(set(self.widths) | set(fixed)):
            width = fixed.get(col)
            if width is None:
                width = min(max(self.widths[col] + 2, minimum), maximum)
            self.ws.column_dimensions[get_column_letter(col)].width = width
        self._row_heights()

    def _row_heights(self) -> None:
        """Neither Excel nor LibreOffice grows a row to wrapped text on opening a file, so
        the height is set from the line count the column width allows."""
        heights: dict[int, float] = {}
        for row, col, text, kind in self.wrapped:
            width = self.ws.column_dimensions[get_column_letter(col)].width or 10
            size = int({**_KINDS, **OPTIONAL_KINDS}[kind][0].size or 10)
            # one width unit holds about 1.2 characters of 10-point text (Calibri, and
            # LibreOffice's stand-in DejaVu Sans); a line too many beats a clipped one
            per_line = max(int(width * 12 / size), 1)
            lines = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
            height = lines * _LINE_HEIGHT.get(size, 13.0) + 3
            heights[row] = max(heights.get(row, 0.0), height)
        for row, height in heights.items():
            if height > 16:
                self.ws.row_dimensions[row].height = height
