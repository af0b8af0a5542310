"""Reading a table file into a grid of cell values, each with its place (``Location``).

An .xlsx workbook is read with openpyxl (read-only, the values a spreadsheet last computed);
a CSV file as UTF-8 (with or without a byte-order mark) or, when it is not UTF-8, as
Windows-1252, which is what a German Excel writes under "CSV (Trennzeichen-getrennt)". The
separator is the one the header line uses: ``;`` (German Excel), ``,`` or a tab.

The bytes are read once: the same bytes are hashed for the inputs manifest and parsed, so the
fingerprint is of what entered the figures.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path as FsPath

from kimcost.configuration.errors import ConfigError, Location
from kimcost.configuration.tables.suggest import meant
from kimcost.messages import Catalogue

MAX_TABLE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)

_TEXTS = Catalogue("configuration.tables.files", {
    "too_large": ("{name} ist größer als 50 MiB, die Grenze für eine Tabelle",
                  "{name} is larger than 50 MiB, the limit for a table"),
    "not_regular": ("{name} ist keine gewöhnliche Datei (ein Ordner, ein Gerät oder eine Pipe); "
                    "nennen Sie eine .xlsx- oder .csv-Datei",
                    "{name} is not a regular file (a folder, device or pipe); name an .xlsx or .csv file"),
    "cannot_read": ("{name} lässt sich nicht lesen: {reason}", "cannot read {name}: {reason}"),
    "not_workbook": ("{name} lässt sich nicht als .xlsx-Arbeitsmappe lesen ({reason}); speichern Sie die "
                     "Tabelle als „Excel-Arbeitsmappe (.xlsx)“ oder als CSV",
                     "cannot read {name} as an .xlsx workbook ({reason}); save the table as "
                     "\"Excel Workbook (.xlsx)\" or as CSV"),
    "no_sheet": ("die Arbeitsmappe {name} hat kein Blatt „{sheet}“{hint}; ihre Blätter: {sheets}",
                 "the workbook {name} has no sheet {sheet!r}{hint}; its sheets: {sheets}"),
    "which_sheet": ("die Arbeitsmappe {name} hat mehrere Blätter ({sheets}) und keines heißt „{default}“; "
                    "nennen Sie das Blatt: sheet: {first}",
                    "the workbook {name} has several sheets ({sheets}) and none is named {default!r}; "
                    "name the sheet: sheet: {first}"),
    "too_many_rows": ("die Tabelle hat mehr als {limit} Zeilen; so viele Stellen, Abschläge oder Ist-Beträge "
                      "hat kein Kreis – prüfen Sie, ob das richtige Blatt genannt ist",
                      "the table has more than {limit} rows; no district has that many posts, advances or "
                      "actual amounts – check that the right sheet is named"),
    "bad_csv": ("die CSV-Datei lässt sich hier nicht lesen: {reason}",
                "the CSV file cannot be read here: {reason}"),
    "not_text": ("{name} ist weder UTF-8 noch Windows-1252; speichern Sie die Datei als „CSV UTF-8“",
                 "{name} is neither UTF-8 nor Windows-1252; save the file as \"CSV UTF-8\""),
})


@dataclass(frozen=True)
class Grid:
    """A table's cells: (row number, the row's values), each row as the file numbers it."""

    file: str                                  # as messages name it
    sheet: str                                 # "" for a CSV file
    rows: tuple[tuple[int, tuple[object, ...]], ...]

    def at(self, row: int, column: int) -> Location:
        return Location(self.file, row, column, self.sheet)


@dataclass(frozen=True)
class TableBytes:
    path: FsPath
    raw: bytes
    sha256: str


def read_bytes(path: FsPath, shown: str, at: Location | None, key: tuple) -> TableBytes:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError.single(at, key, _TEXTS("not_regular", name=shown))
        with open(path, "rb") as handle:
            raw = handle.read(MAX_TABLE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or os.strerror(exc.errno or errno.EIO)
        raise ConfigError.single(at, key, _TEXTS("cannot_read", name=shown, reason=reason)) from None
    if len(raw) > MAX_TABLE_BYTES:
        raise ConfigError.single(at, key, _TEXTS("too_large", name=shown))
    return TableBytes(path, raw, hashlib.sha256(raw).hexdigest())


def workbook_grid(data: TableBytes, shown: str, sheet: str | None, default_sheet: str,
                  at: Location | None, key: tuple) -> Grid:
    """The cells of one sheet of an .xlsx workbook: ``sheet``, or when none is named the
    workbook's only sheet or the one named as the template names it (``default_sheet``)."""
    # Imported here: openpyxl takes a while to import, and most runs read no workbook.
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data.raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises anything from zipfile, lxml and its own parsers
        raise ConfigError.single(at, key, _TEXTS("not_workbook", name=shown, reason=_reason(exc))) from None
    try:
        names = list(book.sheetnames)
        chosen = sheet if sheet is not None else _default(names, default_sheet, shown, at, key)
        if chosen not in names:
            close = meant(chosen, names)
            raise ConfigError.single(at, key, _TEXTS("no_sheet", name=shown, sheet=chosen, hint=close,
                                                     sheets=", ".join(names)))
        rows: list[tuple[int, tuple[object, ...]]] = []
        try:
            for number, values in enumerate(book[chosen].iter_rows(values_only=True), start=1):
                if number > MAX_ROWS + 1:
                    raise ConfigError.single(Location(shown, number, 1, chosen), (),
                                             _TEXTS("too_many_rows", limit=MAX_ROWS))
                rows.append((number, _trimmed(values)))
        except ConfigError:
            raise
        except Exception as exc:  # a damaged sheet inside a sound zip
            raise ConfigError.single(at, key, _TEXTS("not_workbook", name=shown, reason=_reason(exc))) from None
    finally:
        book.close()
    return Grid(shown, chosen, tuple(rows))


def _default(names: list[str], default: str, shown: str, at: Location | None, key: tuple) -> str:
    if len(names) == 1:
        return names[0]
    if default in names:
        return default
    raise ConfigError.single(at, key, _TEXTS("which_sheet", name=shown, sheets=", ".join(names),
                                             default=default, first=names[0]))


def csv_grid(data: TableBytes, shown: str, at: Location | None, key: tuple) -> Grid:
    """The fields of a CSV file; a row is numbered by the line it starts on, a field by its
    place in the row (``ist.csv:7:4``: line 7, fourth field)."""
    try:
        text = data.raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.raw.decode("cp1252")
        except UnicodeDecodeError:
            raise ConfigError.single(at, key, _TEXTS("not_text", name=shown)) from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, tuple[object, ...]]] = []
    start = 1
    try:
        for values in reader:
            if len(rows) > MAX_ROWS:
                raise ConfigError.single(Location(shown, start, 1), (), _TEXTS("too_many_rows", limit=MAX_ROWS))
            rows.append((start, _trimmed(tuple(values))))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ConfigError.single(Location(shown, reader.line_num or 1, 1), (),
                                 _TEXTS("bad_csv", reason=str(exc))) from None
    return Grid(shown, "", tuple(rows))


def _trimmed(values: tuple[object, ...]) -> tuple[object, ...]:
    """Without the empty cells at the row's end (a sheet formatted far to the right)."""
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return tuple(values[:end])


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
