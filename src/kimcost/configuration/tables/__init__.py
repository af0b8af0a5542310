"""Holders, advances and actual amounts from spreadsheets: a sheet of an .xlsx workbook or a
CSV file named under the configuration's ``tables:`` (docs/configuration.md, "Tabellen").

Each table is one list for all posts (or regions), as the payroll office or the treasury keeps
it, keyed by the post's (or region's) id in a column, not one file per post. Its rows are put
into the merged configuration data where the YAML would have written them, before scenarios
and validation, and every value keeps its cell (``stellen.xlsx:Stellen!D7``, ``ist.csv:7:4``)
in the source map: a wrong value is reported at its cell, and ``explain`` cites it.

The modules: ``declared`` (the ``tables:`` key), ``files`` (bytes, workbook, CSV), ``layout``
(the columns), ``cells`` (German numbers and dates), ``rows`` (headers, records), ``place``
(into the data).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path as FsPath

from kimcost.configuration.errors import ConfigError, ConfigIssue
from kimcost.configuration.source_map import SourceMap
from kimcost.configuration.tables.declared import Declared, declared
from kimcost.configuration.tables.files import csv_grid, read_bytes, workbook_grid
from kimcost.configuration.tables.layout import LAYOUTS, Layout
from kimcost.configuration.tables.place import PLACE
from kimcost.configuration.tables.rows import records

__all__ = ["LAYOUTS", "Layout", "TableFile", "read_tables"]


@dataclass(frozen=True)
class TableFile:
    """A table file read: for the inputs manifest and the fingerprint."""

    path: FsPath
    sha256: str


def read_tables(data: dict, sources: SourceMap, files: Mapping[str, FsPath], roots: list[FsPath],
                shown: Callable[[FsPath], str]) -> tuple[TableFile, ...]:
    """Read the tables ``data["tables"]`` names into ``data`` and ``sources``; the files read,
    each once, in the order holders, advances, actuals. Every problem found in any table is
    raised together as one ``ConfigError``."""
    issues: list[ConfigIssue] = []
    read: dict[FsPath, TableFile] = {}
    for table in declared(data, sources, files, roots, shown, issues):
        try:
            grid = _grid(table, read)
        except ConfigError as exc:
            issues.extend(exc.issues)
            continue
        rows = records(grid, table.layout, issues)
        PLACE[table.layout.name](rows, data, sources, issues)
    if issues:
        raise ConfigError(issues)
    return tuple(read.values())


def _grid(table: Declared, read: dict[FsPath, TableFile]):
    raw = read_bytes(table.path, table.shown, table.at, table.key)
    read.setdefault(table.path.resolve(), TableFile(table.path, raw.sha256))
    if table.is_workbook:
        return workbook_grid(raw, table.shown, table.sheet, table.layout.sheet, table.at, table.key)
    return csv_grid(raw, table.shown, table.at, table.key)
