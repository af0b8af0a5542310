"""A block of uniform rows written as prepared sheet XML instead of openpyxl cells.

Why: openpyxl spends ~10 µs creating and ~15 µs saving each cell (pure-Python XML, no
lxml). The sheet *Monatswerte* of a state-scale settlement holds 269,000 cells: ~6 s of the
~9–10 s of benchmark S3, against a 5 s target (docs/benchmarks.md). Writing the same
``<c>`` elements as plain strings costs ~1 µs a cell.

How: a :class:`PreparedRowsSheet` is an ordinary openpyxl worksheet (title, header, totals,
column widths, filter, frozen panes, print settings are written as usual) plus one block of
rows kept as plain values, with one style kind per column (``prepare_rows``).

- ``save_reproducibly`` (determinism.py) lets openpyxl write the sheet without that block
  (:func:`rows_left_out`) and then inserts the block's XML into the sheet's
  ``<sheetData>`` (:func:`splice_prepared_rows`). The XML is what openpyxl itself writes for
  such cells: the same cell style ids (the ``s`` index into styles.xml's cellXfs, obtained
  through openpyxl), text as inline strings cleaned by ``clean_text`` and never as a
  formula, numbers from the Decimal's digits (never through float), dates as serial days.
- Anything else that looks at the sheet's cells (reading a cell in memory, a plain
  ``Workbook.save``) first turns the block into ordinary openpyxl cells, through the same
  ``SheetWriter`` calls the sheet used before (``_materialise``): the workbook behaves as
  any openpyxl workbook, only at openpyxl's speed. tests/test_workbook_monthly_fast.py
  compares the two ways cell by cell.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from kimcost.reports.xlsx.limits import check_extent
from kimcost.reports.xlsx.styles import SheetWriter, cell_style_id, clean_text

# The openpyxl versions the private parts used here and in styles.py were tested on
# (``Workbook._add_sheet``, ``Worksheet._cells``, ``Workbook._cell_styles``, ``Cell._style``,
# ExcelWriter numbering sheets ``sheet<n>.xml`` in order and streaming them with
# ``archive.write``). tests/test_openpyxl_private.py fails on any other version.
TESTED_OPENPYXL = ("3.1.5",)

_MAX_TEXT = 32767  # openpyxl cuts longer strings to Excel's limit (Cell.check_string)


class PreparedRowsSheet(Worksheet):
    """A worksheet with one block of rows kept as values until the sheet is saved."""

    def __init__(self, parent: Workbook, title: str | None = None):
        self._prepared: tuple[int, tuple[str, ...], Sequence[Sequence[object]]] | None = None
        self._leave_out = False  # True while save_reproducibly writes the sheet without the block
        super().__init__(parent, title)

    @classmethod
    def add_to(cls, wb: Workbook, title: str) -> PreparedRowsSheet:
        """Like ``wb.create_sheet(title)`` (which adds its sheets the same way)."""
        ws = cls(wb, title)
        wb._add_sheet(ws)  # type: ignore[attr-defined]  # openpyxl-private (TESTED_OPENPYXL)
        return ws

    # Every openpyxl method that reads or writes cells, and openpyxl's sheet writer, goes
    # through ``_cells``; here the block becomes cells the first time it is looked at.
    @property
    def _cells(self) -> dict:
        if self._prepared is not None and not self._leave_out:
            self._materialise()
        return self.__dict__["_cell_store"]

    @_cells.setter
    def _cells(self, cells: dict) -> None:
        self.__dict__["_cell_store"] = cells

    def prepare_rows(self, first_row: int, kinds: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        """Rows ``first_row``, ``first_row + 1``, …: one value per column from A, styled with
        ``kinds[column]``. A value is text (``str``, written as text), a number (``int`` or
        ``Decimal``), a ``datetime.date``, or ``None`` (an empty cell with its style).
        No other cell of the sheet may lie in these rows."""
        if self._prepared is not None:
            raise RuntimeError(f"sheet {self.title!r} already has prepared rows")
        check_extent(self.title, first_row + len(rows) - 1, len(kinds))
        self._prepared = (first_row, tuple(kinds), rows)

    def _materialise(self) -> None:
        assert self._prepared is not None  # only called with a block to write
        first_row, kinds, rows = self._prepared
        self._prepared = None
        out = SheetWriter(self, lang="")  # the language only chooses date kinds, given here
        for row, values in enumerate(rows, first_row):
            for col, (value, kind) in enumerate(zip(values, kinds), 1):
                if isinstance(value, str):
                    out.text(row, col, value, kind, measure=False)
                else:
                    out.number(row, col, value, kind, measure=False)

    def calculate_dimension(self) -> str:
        """The ``<dimension ref>``: while the block is left out, it still counts."""
        if self._prepared is None or not self._leave_out:
            return super().calculate_dimension()
        first_row, kinds, rows = self._prepared
        coords = list(self._cells)
        if rows:
            coords += [(first_row, 1), (first_row + len(rows) - 1, len(kinds))]
        if not coords:
            return "A1:A1"
        rows_, cols = [r for r, _ in coords], [c for _, c in coords]
        return f"{get_column_letter(min(cols))}{min(rows_)}:{get_column_letter(max(cols))}{max(rows_)}"

    def splice_rows(self, xml: bytes) -> bytes:
        """The sheet XML openpyxl wrote without the block, with the block's rows inserted."""
        assert self._prepared is not None and self.parent is not None  # a sheet of rows_left_out()
        first_row, kinds, rows = self._prepared
        if not rows:
            return xml
        last_row = first_row + len(rows) - 1
        others = {r for r, _ in self._cells} | set(self.row_dimensions)
        if any(first_row <= r <= last_row for r in others):
            raise RuntimeError(f"sheet {self.title!r}: rows {first_row}–{last_row} are prepared; "
                               "no other cell or row setting may lie in them")
        after = min((r for r in others if r > last_row), default=None)
        marker = b"</sheetData>" if after is None else b'<row r="%d"' % after
        at = xml.find(marker)
        if at < 0 or xml.count(b"<sheetData") != 1:
            raise RuntimeError(f"sheet {self.title!r}: no place for the prepared rows in the XML")
        return xml[:at] + _rows_xml(self.parent, first_row, kinds, rows) + xml[at:]


@contextlib.contextmanager
def rows_left_out(wb: Workbook) -> Iterator[dict[str, PreparedRowsSheet]]:
    """While openpyxl saves ``wb``: the prepared blocks stay out of its cell-by-cell writing.
    Yields the sheets by the zip entry their XML goes to (openpyxl numbers the worksheets
    in order: ``ExcelWriter._write_worksheets``); give that to :func:`splice_prepared_rows`."""
    sheets: dict[str, PreparedRowsSheet] = {}
    if not wb.iso_dates:  # dates are written as serial days, openpyxl's default
        for idx, ws in enumerate(wb.worksheets, 1):
            if isinstance(ws, PreparedRowsSheet) and ws._prepared is not None:
                sheets[f"xl/worksheets/sheet{idx}.xml"] = ws
    for sheet in sheets.values():
        sheet._leave_out = True
    try:
        yield sheets
    finally:
        for sheet in sheets.values():
            sheet._leave_out = False


def splice_prepared_rows(sheets: dict[str, PreparedRowsSheet], arcname: str, xml: bytes) -> bytes:
    """Called with each worksheet part as it goes into the zip."""
    ws = sheets.get(arcname)
    if ws is None:
        return xml
    if ws.path.lstrip("/") != arcname:  # openpyxl numbered its sheets otherwise
        raise RuntimeError(f"sheet {ws.title!r} was written to {ws.path}, not {arcname}")
    return ws.splice_rows(xml)


def _rows_xml(wb: Workbook, first_row: int, kinds: tuple[str, ...], rows: Sequence[Sequence[object]]) -> bytes:
    """``<row>`` elements as openpyxl writes them (``openpyxl.cell._writer``), one per row."""
    # per column: '<c r="E' … row … '" s="7"' (attributes in openpyxl's order: r, s, t)
    opening = [f'<c r="{get_column_letter(col)}' for col in range(1, len(kinds) + 1)]
    styled = [f'" s="{cell_style_id(wb, kind)}"' for kind in kinds]
    texts: dict[str, str] = {}
    days: dict[dt.date, str] = {}
    out: list[str] = []
    append = out.append
    for row, values in enumerate(rows, first_row):
        append(f'<row r="{row}">')
        for start, style, value in zip(opening, styled, values):
            if isinstance(value, Decimal):
                append(f'{start}{row}{style} t="n"><v>{_decimal_text(value)}</v></c>')
            elif isinstance(value, str) and value:
                text = texts.get(value)
                if text is None:
                    text = texts[value] = _inline_string(value)
                append(f'{start}{row}{style} t="inlineStr">{text}</c>')
            elif value is None or value == "":
                append(f'{start}{row}{style} t="n" />')
            elif type(value) is int:
                append(f'{start}{row}{style} t="n"><v>{value}</v></c>')
            elif type(value) is dt.date:
                serial = days.get(value)
                if serial is None:
                    serial = days[value] = str(int(to_excel(value, wb.epoch)))  # whole days: no time
                append(f'{start}{row}{style} t="n"><v>{serial}</v></c>')
            else:
                raise TypeError(f"cannot write {value!r} ({type(value).__name__}) as a prepared cell")
        append("</row>")
    return "".join(out).encode("utf-8")


def _decimal_text(value: Decimal) -> str:
    """The Decimal's own digits, without trailing zeros ("1796.00" → "1796"), as openpyxl's
    ``"%.16g"`` gives for amounts of up to 15 digits, but exact whatever the length."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a number a spreadsheet can hold")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _inline_string(value: str) -> str:
    """``<is><t>…</t></is>`` for a text cell, as openpyxl writes it: cleaned of characters XML
    cannot hold, cut to Excel's limit, escaped, and marked when spaces around it matter."""
    text = clean_text(value)[:_MAX_TEXT]
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f"<is><t{space}>{escaped}</t></is>"
