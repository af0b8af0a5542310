"""A grid's rows as records: the header row names the columns (``layout``), each further row
is one record of values read as their columns need (``cells``), each value with its cell.

The header row is the first row that is not empty. Empty rows are skipped, and so are rows
marked as an example (their note begins with "Beispiel"/"Example"). A header that names no
column, a column named twice, a required column missing, a value in a column without a
header, an empty required cell and a cell that cannot be read are each an error at its cell;
every one of them is reported, not only the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kimcost.configuration.errors import ConfigIssue, Location
from kimcost.configuration.tables.cells import CellError, convert, is_empty
from kimcost.configuration.tables.files import Grid
from kimcost.configuration.tables.layout import Column, Kind, Layout, is_example
from kimcost.configuration.tables.suggest import meant
from kimcost.messages import Catalogue

_TEXTS = Catalogue("configuration.tables.rows", {
    "no_header": ("die Tabelle ist leer; die erste Zeile nennt die Spalten: {headers}",
                  "the table is empty; its first row names the columns: {headers}"),
    "unknown_column": ("die Spalte „{header}“ gibt es in der Tabelle der {table} nicht (die Spalten: "
                       "{headers}){hint}",
                       "there is no column {header!r} in the table of {table} (the columns: {headers}){hint}"),
    "twice": ("die Spalte „{header}“ steht zweimal in der Kopfzeile (zuerst in {first}); "
              "jede Spalte einmal",
              "the column {header!r} is in the header row twice (first at {first}); each column once"),
    "missing_column": ("die Spalte „{header}“ ({english}) fehlt in der Kopfzeile; die Tabelle der {table} "
                       "braucht: {required}",
                       "the column {header!r} ({english}) is missing from the header row; the table of "
                       "{table} needs: {required}"),
    "no_heading": ("in dieser Spalte steht ein Wert, aber keine Überschrift in der Kopfzeile; "
                   "geben Sie der Spalte eine Überschrift ({headers}) oder löschen Sie den Wert",
                   "this column holds a value but has no header; give the column a header "
                   "({headers}) or delete the value"),
    "empty": ("die Zelle „{header}“ ist leer; tragen Sie {what} ein",
              "the cell {header!r} is empty; enter {what}"),
    "what_ident": ("die Kennung (z. B. rheine-1)", "the id (e.g. rheine-1)"),
    "what_text": ("einen Text", "a text"),
    "what_date": ("ein Datum (z. B. 15.09.2025)", "a date (e.g. 15.09.2025)"),
    "what_number": ("eine Zahl (z. B. 0,5)", "a number (e.g. 0,5)"),
    "what_money": ("einen Betrag (z. B. 1.234,56)", "an amount (e.g. 1.234,56)"),
    "what_whole": ("eine ganze Zahl (z. B. 3)", "a whole number (e.g. 3)"),
    "what_year": ("ein Jahr (z. B. 2025)", "a year (e.g. 2025)"),
    "table_holders": ("Stelleninhaber/innen", "post holders"),
    "table_advances": ("Abschläge", "advances"),
    "table_actuals": ("Ist-Beträge", "actual amounts"),
})


@dataclass(frozen=True)
class Record:
    """One row: column key -> (value, cell); an empty optional cell is left out."""

    row: int
    first: Location                       # the row's first cell, where the row is cited
    values: dict[str, tuple[object, Location]]

    def value(self, key: str) -> Any:  # as cells.convert gave it: str, Decimal, int, date
        return self.values[key][0]

    def at(self, key: str) -> Location:
        return self.values[key][1]


def table_name(layout: Layout):
    return _TEXTS(f"table_{layout.name}")


def records(grid: Grid, layout: Layout, issues: list[ConfigIssue]) -> list[Record]:
    """The grid's records; problems are added to ``issues`` (the rows with one are dropped)."""
    rows = [(n, values) for n, values in grid.rows if not all(is_empty(v) for v in values)]
    headers = ", ".join(c.header for c in layout.columns)
    if not rows:
        issues.append(ConfigIssue(grid.at(1, 1), (), _TEXTS("no_header", headers=headers)))
        return []
    header_row, header_values = rows[0]
    columns, ignored = _columns(grid, layout, header_row, header_values, issues)
    if columns is None:  # a required column is missing: the rows cannot be read
        return []
    out = []
    for number, values in rows[1:]:
        record = _record(grid, layout, columns, ignored, number, values, issues)
        if record is not None:
            out.append(record)
    return out


def _columns(grid: Grid, layout: Layout, row: int, values: tuple[object, ...],
             issues: list[ConfigIssue]) -> tuple[dict[int, Column] | None, set[int]]:
    """The columns by their number, and the numbers of the columns reported as wrong (their
    cells are not read, the others are, so one run reports the cells' errors too)."""
    columns: dict[int, Column] = {}
    ignored: set[int] = set()
    seen: dict[str, Location] = {}
    found_all = True
    for index, header in enumerate(values, start=1):
        if is_empty(header):
            continue
        at = grid.at(row, index)
        column = layout.column(str(header))
        if column is None:
            choices = [c.header for c in layout.columns] + [c.key for c in layout.columns]
            issues.append(ConfigIssue(at, (), _TEXTS(
                "unknown_column", header=str(header).strip(), table=table_name(layout),
                hint=meant(str(header).strip(), choices), headers=", ".join(c.header for c in layout.columns))))
            ignored.add(index)
            continue
        if column.key in seen:
            issues.append(ConfigIssue(at, (), _TEXTS("twice", header=str(header).strip(), first=seen[column.key])))
            ignored.add(index)
            continue
        seen[column.key] = at
        columns[index] = column
    required = ", ".join(c.header for c in layout.columns if c.required)
    for column in layout.columns:
        if column.required and column.key not in seen:
            issues.append(ConfigIssue(grid.at(row, 1), (), _TEXTS(
                "missing_column", header=column.header, english=column.key, table=table_name(layout), required=required)))
            found_all = False
    return (columns if found_all else None), ignored


def _record(grid: Grid, layout: Layout, columns: dict[int, Column], ignored: set[int], row: int,
            values: tuple[object, ...],
            issues: list[ConfigIssue]) -> Record | None:
    note_index = next((i for i, c in columns.items() if c.kind is Kind.note), None)
    if note_index is not None and note_index <= len(values) and is_example(values[note_index - 1]):
        return None
    before = len(issues)
    out: dict[str, tuple[object, Location]] = {}
    for index, value in enumerate(values, start=1):
        if index not in columns and index not in ignored and not is_empty(value):
            issues.append(ConfigIssue(grid.at(row, index), (), _TEXTS(
                "no_heading", headers=", ".join(c.header for c in layout.columns))))
    for index, column in columns.items():
        value = values[index - 1] if index <= len(values) else None
        at = grid.at(row, index)
        if is_empty(value):
            if column.required:
                issues.append(ConfigIssue(at, (), _TEXTS("empty", header=column.header,
                                                         what=_TEXTS(f"what_{column.kind.value}"))))
            continue
        if column.kind is Kind.note:
            continue
        try:
            out[column.key] = (convert(value, column.kind), at)
        except CellError as exc:
            issues.append(ConfigIssue(at, (), exc.text))
    if len(issues) > before:
        return None
    return Record(row, grid.at(row, 1), out)
