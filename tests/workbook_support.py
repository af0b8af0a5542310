"""Helpers for the workbook, CSV and safe-output tests: a settled Coesfeld year with its
JSON document, copies of the shipped configuration with edited names, and cell lookups."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from kimcost.engine import settle
from kimcost.engine.results import Settlement
from kimcost.loading import LoadedConfig, load_config
from kimcost.reports.settlement.document import settlement_document
from tests.conftest import COESFELD, CONFIGS

EPOCH = 1_710_000_000            # 2024-03-09 16:00:00 UTC
EPOCH_MOMENT = dt.datetime(2024, 3, 9, 16, 0, 0)
MONEY = '[$-407]#,##0.00 "€"'  # German separators wherever the workbook is opened (styles.MONEY)

INJECTION_NAMES = {
    "billerbeck": '=HYPERLINK("http://x","y")',
    "havixbeck": "+49 2541",
    "rosendahl": "-1",
    "nottuln": "@SUM(A1)",
}


@dataclass(frozen=True)
class Run:
    loaded: LoadedConfig
    settlement: Settlement
    doc: dict


def settled(config: Path = COESFELD, year: int = 2023) -> Run:
    loaded = load_config(config)
    result = settle(loaded.config, year)
    return Run(loaded, result, settlement_document(result, loaded))


def copy_config(folder: Path, replacements: dict[str, str] | None = None) -> Path:
    """The shipped configuration copied to ``folder``, its main file edited by text replacement."""
    shutil.copytree(CONFIGS, folder, dirs_exist_ok=True)
    main = folder / COESFELD.name
    text = main.read_text(encoding="utf-8")
    for old, new in (replacements or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    main.write_text(text, encoding="utf-8")
    return main


def _yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def municipality_names(names: dict[str, str]) -> dict[str, str]:
    """Replacements that rename municipalities (by id) in coesfeld.yaml."""
    text = COESFELD.read_text(encoding="utf-8")
    out = {}
    for mid, new in names.items():
        line = next(line for line in text.splitlines() if line.strip().startswith(f"{mid}:"))
        old_name = line.split("{name: ", 1)[1].split(",", 1)[0]
        out[f"{{name: {old_name},"] = f"{{name: {_yaml_quoted(new)},"
    return out


def reopened(book):
    """A kimcost workbook as a reader sees it: saved into memory, read back by openpyxl."""
    import io

    from openpyxl import load_workbook

    from kimcost.reports.xlsx.writer import write_book

    buffer = io.BytesIO()
    write_book(book, buffer, EPOCH_MOMENT)
    buffer.seek(0)
    return load_workbook(buffer)


def D(value) -> Decimal:
    """A cell value (int or float from openpyxl, or text from a CSV) as Decimal, via its text."""
    return Decimal(str(value))


def cents(value) -> Decimal:
    return D(value).quantize(Decimal("0.01"))


def find_row(ws: Worksheet, text: str, col: int = 1, start: int = 1) -> int:
    for row in range(start, ws.max_row + 1):
        if ws.cell(row, col).value == text:
            return row
    raise AssertionError(f"{text!r} not found in column {col} of {ws.title!r}")


def row_values(ws: Worksheet, row: int, first: int = 1, last: int | None = None) -> list:
    last = last or ws.max_column
    return [ws.cell(row, c).value for c in range(first, last + 1)]


def header_columns(ws: Worksheet, row: int) -> dict[str, int]:
    return {ws.cell(row, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(row, c).value}
