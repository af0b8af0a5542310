"""The one chart type kimcost draws: a bar chart (horizontal or column, clustered or
stacked) over cells of its own sheet, live in Excel. Written by writer.py as a chart part,
a drawing and their relationships.

The names follow openpyxl's chart API (``BarChart``, ``Reference``, ``add_data``,
``set_categories``, ``x_axis.scaling.orientation``, ``y_axis.numFmt``,
``series.graphicalProperties.solidFill``, ``series.dLbls``), the part of it the overview,
compare and variance sheets use, so their builders read as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from kimcost.reports.xlsx.cells import column_letter


class Sheet(Protocol):
    title: str


def quoted_sheet(title: str) -> str:
    """A sheet name in a formula: 'Übersicht', with an apostrophe doubled."""
    return "'" + title.replace("'", "''") + "'"


@dataclass(frozen=True)
class Reference:
    """A block of cells of one sheet (openpyxl's argument names)."""

    worksheet: Sheet
    min_col: int
    min_row: int
    max_row: int
    max_col: int | None = None

    @property
    def last_col(self) -> int:
        return self.max_col or self.min_col

    def formula(self, first_row: int | None = None, col: int | None = None, last_row: int | None = None) -> str:
        c1 = col or self.min_col
        c2 = col or self.last_col
        r1 = self.min_row if first_row is None else first_row
        r2 = self.max_row if last_row is None else last_row
        return (f"{quoted_sheet(self.worksheet.title)}!${column_letter(c1)}${r1}"
                f":${column_letter(c2)}${r2}")


@dataclass
class Line:
    noFill: bool = False


@dataclass
class GraphicalProperties:
    solidFill: str | None = None      # RRGGBB
    noFill: bool = False
    line: Line = field(default_factory=Line)


@dataclass
class DataLabelList:
    numFmt: str | None = None
    showVal: bool = False
    showSerName: bool = False
    showCatName: bool = False
    showLegendKey: bool = False
    showPercent: bool = False


@dataclass
class Series:
    values: str                       # formula of the values
    title: str | None = None          # formula of the cell holding the series' name
    categories: str | None = None
    graphicalProperties: GraphicalProperties = field(default_factory=GraphicalProperties)
    dLbls: DataLabelList | None = None


@dataclass
class Scaling:
    orientation: str = "minMax"       # "maxMin": first category on top
    min: float | int | None = None


@dataclass
class Axis:
    scaling: Scaling = field(default_factory=Scaling)
    delete: bool = False
    numFmt: str | None = None
    title: str | None = None
    majorGridlines: bool | None = True


class _Legend:
    """Any value but None shows the legend on the right."""


@dataclass
class BarChart:
    type: str = "col"                 # "bar": horizontal bars
    grouping: str = "clustered"       # or "stacked"
    overlap: int | None = None
    gapWidth: int = 150
    style: int | None = None
    title: str | None = None
    legend: object | None = field(default_factory=_Legend)
    width: float = 15.0               # cm
    height: float = 7.5               # cm
    series: list[Series] = field(default_factory=list)
    x_axis: Axis = field(default_factory=lambda: Axis(majorGridlines=None))
    y_axis: Axis = field(default_factory=Axis)

    def add_data(self, data: Reference, titles_from_data: bool = False) -> None:
        """One series per column of ``data``; with ``titles_from_data`` its first row holds
        the series' names."""
        first = data.min_row + 1 if titles_from_data else data.min_row
        for col in range(data.min_col, data.last_col + 1):
            title = None
            if titles_from_data:
                title = f"{quoted_sheet(data.worksheet.title)}!{column_letter(col)}{data.min_row}"
            self.series.append(Series(values=data.formula(first, col), title=title))

    def set_categories(self, categories: Reference) -> None:
        for series in self.series:
            series.categories = categories.formula()
