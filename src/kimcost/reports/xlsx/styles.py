"""Cell styles, number formats and a small sheet writer that keeps YAML text as text.

Each style *kind* below becomes one named cell style of the workbook (``kimcost <kind>``,
so it shows in Excel's style list) and one cell format that refers to it; a cell stores
the index of its kind's format (reports/xlsx/writer.py writes styles.xml from this table).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from kimcost.reports.xlsx.limits import check_extent

if TYPE_CHECKING:
    from kimcost.reports.xlsx.model import Sheet


@dataclass(frozen=True)
class Font:
    name: str = "Calibri"
    size: float = 11
    bold: bool = False
    italic: bool = False
    color: str | None = None          # RRGGBB


@dataclass(frozen=True)
class Fill:
    """A solid fill."""
    color: str


@dataclass(frozen=True)
class Side:
    style: str                        # thin, hair, double
    color: str


@dataclass(frozen=True)
class Border:
    top: Side | None = None
    bottom: Side | None = None


@dataclass(frozen=True)
class Alignment:
    horizontal: str | None = None
    vertical: str | None = None
    wrap_text: bool = False
    indent: int = 0


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
_HEADER_FILL = Fill("DCE6F1")
_SECTION_COLOUR = "1F3864"
_ACTUAL_FILL = Fill("FFF2CC")
_FLAG_FILL = Fill("FCE4D6")
_THIN = Side("thin", "808080")
_HAIR = Side("hair", "A6A6A6")
_DOUBLE = Side("double", "000000")

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


def style_kinds(optional: tuple[str, ...] = ()) -> dict[str, tuple]:
    """The kinds a workbook registers, in the order of its styles.xml: every common kind,
    then the optional ones asked for (so a workbook holds just what it needs)."""
    return {**_KINDS, **{kind: OPTIONAL_KINDS[kind] for kind in optional}}


def style_name(kind: str) -> str:
    return _PREFIX + kind


# Characters XML 1.0 cannot hold (the C0 controls but tab, line feed, carriage return) and
# the two non-characters; the same set openpyxl refuses.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value: object) -> str:
    """Characters XML cannot hold (control characters) would make the file unreadable; a
    carriage return would come back as a line feed, so line breaks are written as one."""
    if type(value) is str:
        return _clean(value)
    return _clean.__wrapped__(str(value))


@lru_cache(maxsize=16384)  # names repeat on every row of a sheet and on many sheets
def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub("\ufffd", text)


def _display_width(value: object, kind: str) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        if "\n" not in value and "\r" not in value:
            return len(value)
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

    def __init__(self, ws: Sheet, lang: str):
        self.ws = ws
        self.lang = lang
        self._ids = ws.book.style_ids
        self._put = ws.put
        self.widths: dict[int, int] = {}
        self.wrapped: list[tuple[int, int, str, str]] = []

    def _note_width(self, col: int, value: object, kind: str, measure: bool) -> None:
        if measure:
            width = _display_width(value, kind)
            if width > self.widths.get(col, 0):
                self.widths[col] = width

    def measure(self, col: int, value: object, kind: str = "money") -> None:
        """Count a value towards the column width without writing it."""
        self._note_width(col, value, kind, True)

    def text(self, row: int, col: int, value: object, kind: str = "text", *, measure: bool = True) -> None:
        """Text is always stored as text: a name such as ``=HYPERLINK(...)`` stays literal
        (the writer never writes a formula)."""
        if value is None or value == "":
            self._put(row, col, None, self._ids[kind])
            return
        text = clean_text(value)
        self._put(row, col, text, self._ids[kind])
        if kind in _WRAPPED and measure:
            self.wrapped.append((row, col, text, kind))
        else:
            self._note_width(col, text, kind, measure)

    def number(self, row: int, col: int, value, kind: str = "money", *, measure: bool = True) -> None:
        """Money and counts as numbers. Decimal goes to the cell unchanged (never via float)."""
        self._put(row, col, value, self._ids[kind])
        self._note_width(col, value, kind, measure)

    def date(self, row: int, col: int, value: dt.date | None, *, month: bool = False, left: bool = False) -> None:
        kind = f"{'month' if month else 'date'}_{self.lang}" + ("_left" if left else "")
        self._put(row, col, value, self._ids[kind])
        self._note_width(col, value, kind, True)

    def style(self, row: int, col: int, kind: str) -> None:
        """An empty cell with the kind's look (a totals line's border, say)."""
        self._put(row, col, None, self._ids[kind])

    def header(self, row: int, col: int, titles: list[str], numeric: set[int] | frozenset[int] = frozenset()):
        """A table header; column widths follow the longest word so headers wrap, not spill."""
        for i, title in enumerate(titles):
            kind = "header_num" if i in numeric else "header"
            self.text(row, col + i, title, kind, measure=False)
            self.wrapped.append((row, col + i, title, kind))
            longest = max((len(word) for word in title.split()), default=0) + 1
            self.widths[col + i] = max(self.widths.get(col + i, 0), min(longest, 24))

    def paragraph(self, row: int, first_col: int, last_col: int, text: str, kind: str = "wrap",
                  *, chars_per_line: int, line_height: float = 13.5) -> None:
        """Running text over merged columns. Neither Excel nor LibreOffice sizes a merged row
        to wrapped text, so the height is set from an estimate of the line count."""
        self.text(row, first_col, text, kind, measure=False)
        if last_col > first_col:
            self.ws.merge(row, first_col, row, last_col)
        lines = sum(max(1, -(-len(part) // chars_per_line)) for part in text.split("\n"))
        self.ws.row_dimensions[row].height = lines * line_height + 3

    def fit_columns(self, minimum: int = 6, maximum: int = 60, fixed: dict[int, float] | None = None) -> None:
        fixed = fixed or {}
        for col in sorted(set(self.widths) | set(fixed)):
            width = fixed.get(col)
            if width is None:
                width = min(max(self.widths[col] + 2, minimum), maximum)
            self.ws.column_widths[col] = width
        self._row_heights()

    def _row_heights(self) -> None:
        """Neither Excel nor LibreOffice grows a row to wrapped text on opening a file, so
        the height is set from the line count the column width allows."""
        heights: dict[int, float] = {}
        for row, col, text, kind in self.wrapped:
            width = self.ws.column_widths.get(col) or 10
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


__all__ = ["SheetWriter", "check_extent", "clean_text"]
