"""kimcost's workbook in memory: a book of sheets of plain values, saved by writer.py.

Why not openpyxl: its per-cell objects and pure-Python XML cost ~25 µs a cell, seconds for
a state's settlement, and its fast paths are private (docs/benchmarks.md, issue 14). Here a
cell is a value and the index of its style kind; the writer streams each sheet's XML
straight into the zip. openpyxl stays the *reader* (tests, spreadsheets given as input).

The attribute names follow openpyxl's where the builders use them (``create_sheet``,
``worksheets``, ``active``, ``properties``, ``row_dimensions[r].height``,
``auto_filter.ref``, ``freeze_panes``, ``add_chart``), so a builder reads as before.

A cell value is text (``str``, already cleaned by ``SheetWriter.text``; always written as
text, never as a formula), a number (``int``, ``Decimal``, ``float``), a ``datetime.date``
or ``datetime.datetime`` (written as serial days), ``bool``, or ``None`` (an empty cell
that keeps its style).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kimcost.reports.xlsx.cells import cell_name, column_letter, split_cell_name
from kimcost.reports.xlsx.limits import check_extent

if TYPE_CHECKING:
    from kimcost.reports.xlsx.chart import BarChart


@dataclass
class Properties:
    """The document properties (docProps/core.xml); created/modified come from the moment."""

    title: str = ""
    subject: str = ""
    creator: str = "kimcost"
    lastModifiedBy: str = "kimcost"
    keywords: str = ""
    description: str = ""
    language: str = ""
    created: dt.datetime | None = None
    modified: dt.datetime | None = None


class RowDimension:
    __slots__ = ("height",)

    def __init__(self) -> None:
        self.height: float | None = None


class _RowDimensions(dict):
    """``ws.row_dimensions[row].height = 24`` as in openpyxl."""

    def __missing__(self, row: int) -> RowDimension:
        dim = self[row] = RowDimension()
        return dim


@dataclass
class AutoFilter:
    ref: str | None = None


@dataclass
class PageSetup:
    """What layout.print_setup sets: paper, orientation, fitting, print area and titles,
    margins, header and footer (already in Excel's header/footer code)."""

    landscape: bool = False
    fit_width: int = 1
    fit_height: int = 0               # 0: as many pages tall as needed
    print_area: str | None = None     # "A1:J62"
    title_rows: str | None = None     # "4:4"
    centered: bool = False
    margins: tuple[float, float, float, float, float, float] = (0.7, 0.7, 0.75, 0.75, 0.3, 0.3)
    header: str = ""
    footer: str = ""


@dataclass
class ChartPlacement:
    chart: BarChart
    anchor: str                       # the top-left cell, "A12"


class Sheet:
    """One worksheet: cells by row, and the sheet's settings."""

    def __init__(self, book: Book, title: str):
        self.book = book
        self.title = title
        self.rows: dict[int, dict[int, tuple[object, int]]] = {}
        self.prepared: tuple[int, tuple[int, ...], Sequence[Sequence[object]]] | None = None
        self.merged: list[tuple[int, int, int, int]] = []
        self.column_widths: dict[int, float] = {}
        self.row_dimensions: dict[int, RowDimension] = _RowDimensions()
        self.auto_filter = AutoFilter()
        self.freeze_panes: str | None = None
        self.page: PageSetup | None = None
        self.charts: list[ChartPlacement] = []

    def put(self, row: int, col: int, value: object, style: int) -> None:
        """One cell: its value and the index of its style (``Book.style_ids``)."""
        cells = self.rows.get(row)
        if cells is None:
            if row < 1:
                raise ValueError(f"row {row} of sheet {self.title!r}: rows start at 1")
            cells = self.rows[row] = {}
        cells[col] = (value, style)

    def prepare_rows(self, first_row: int, kinds: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        """Rows ``first_row``, ``first_row + 1``, …: one value per column from A, styled with
        ``kinds[column]``, kept as they are and written straight to XML (the monthly values:
        269,000 cells for a state). No other cell of the sheet may lie in these rows."""
        if self.prepared is not None:
            raise RuntimeError(f"sheet {self.title!r} already has prepared rows")
        check_extent(self.title, first_row + len(rows) - 1, len(kinds))
        ids = self.book.style_ids
        self.prepared = (first_row, tuple(ids[kind] for kind in kinds), rows)

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        self.merged.append((first_row, first_col, last_row, last_col))

    def add_chart(self, chart: BarChart, anchor: str) -> None:
        self.charts.append(ChartPlacement(chart, anchor))

    def value(self, row: int, col: int) -> object:
        """A cell's value as written (None when empty); for builders and tests."""
        cells = self.rows.get(row)
        if cells is not None and col in cells:
            return cells[col][0]
        if self.prepared is not None:
            first, kinds, rows = self.prepared
            if first <= row < first + len(rows) and col <= len(kinds):
                return rows[row - first][col - 1]
        return None

    def extent(self) -> tuple[int, int, int, int]:
        """(first row, first column, last row, last column) of the cells; (1, 1, 1, 1) when empty."""
        rows = [row for row, cells in self.rows.items() if cells]
        cols = [c for cells in self.rows.values() for c in (min(cells), max(cells)) if cells]
        if self.prepared is not None and self.prepared[2]:
            first, kinds, block = self.prepared
            rows += [first, first + len(block) - 1]
            cols += [1, len(kinds)]
        if not rows or not cols:
            return 1, 1, 1, 1
        return min(rows), min(cols), max(rows), max(cols)

    @property
    def max_row(self) -> int:
        return self.extent()[2]

    @property
    def max_column(self) -> int:
        return self.extent()[3]


class Book:
    """A workbook: sheets in order, the style kinds it registers, its properties."""

    def __init__(self, kinds: dict[str, tuple]):
        """``kinds``: the style kinds by name (styles.style_kinds; book.new_workbook)."""
        self.kinds = kinds
        # cellXfs index of each kind: 0 is the default format, the kinds follow in order
        self.style_ids: dict[str, int] = {kind: i for i, kind in enumerate(self.kinds, 1)}
        self.worksheets: list[Sheet] = []
        self._titles: set[str] = set()  # Excel compares sheet names ignoring case
        self.properties = Properties()
        self.active = 0

    def create_sheet(self, title: str) -> Sheet:
        if title.casefold() in self._titles:
            raise ValueError(f"the workbook already has a sheet {title!r}")
        self._titles.add(title.casefold())
        sheet = Sheet(self, title)
        self.worksheets.append(sheet)
        return sheet

    @property
    def sheetnames(self) -> list[str]:
        return [ws.title for ws in self.worksheets]

    def __getitem__(self, title: str) -> Sheet:
        for ws in self.worksheets:
            if ws.title == title:
                return ws
        raise KeyError(title)


__all__ = ["Book", "Sheet", "cell_name", "column_letter", "split_cell_name"]
