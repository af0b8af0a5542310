"""A sheet past Excel's 1,048,576 rows or 16,384 columns is refused with a message that says
what to do, before anything is written (reports/xlsx/limits.py); never a corrupt file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kimcost.reports.output import write_atomically
from kimcost.reports.xlsx.book import new_workbook
from kimcost.reports.xlsx.determinism import save_reproducibly
from kimcost.reports.xlsx.limits import MAX_COLUMNS, MAX_ROWS, SheetTooLarge
from kimcost.reports.xlsx.styles import SheetWriter
from tests.workbook_support import EPOCH_MOMENT


def _save(wb, target: Path) -> None:
    write_atomically(target, lambda tmp: save_reproducibly(wb, tmp, EPOCH_MOMENT))


def test_prepared_rows_past_the_last_row_are_refused_when_given():
    wb = new_workbook()
    ws = wb.create_sheet("Monatswerte")
    # header in row 4, rows from 5: 1,048,572 rows end exactly at the limit, one more passes it
    ws.prepare_rows(5, ("text",), [()] * (MAX_ROWS - 4))
    other = wb.create_sheet("Monatswerte (2)")
    with pytest.raises(SheetTooLarge) as caught:
        other.prepare_rows(5, ("text",), [()] * (MAX_ROWS - 3))
    message = caught.value.text("en")
    assert "'Monatswerte (2)'" in message and "1,048,577 rows" in message and "at most 1,048,576" in message
    assert "--no-workbook" in message and "--format csv --csv-positions" in message
    german = caught.value.text("de")
    assert "'Monatswerte (2)'" in german and "1.048.577 Zeilen" in german and "höchstens 1.048.576" in german
    assert "--no-workbook" in german and "--format csv --csv-positions" in german


def test_prepared_rows_past_the_last_column_are_refused():
    wb = new_workbook()
    ws = wb.create_sheet("Breit")
    with pytest.raises(SheetTooLarge) as caught:
        ws.prepare_rows(1, ("text",) * (MAX_COLUMNS + 1), [])
    assert "16,385 columns" in caught.value.text("en") and "16.385 Spalten" in caught.value.text("de")


@pytest.mark.parametrize("row, col, what", [(MAX_ROWS + 1, 1, "1,048,577 rows"), (1, MAX_COLUMNS + 1, "16,385 columns")])
def test_a_cell_past_the_limits_leaves_nothing_written(tmp_path, row, col, what):
    wb = new_workbook()
    out = SheetWriter(wb.create_sheet("Blatt"), "de")
    out.text(1, 1, "ok")
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"earlier")
    with pytest.raises(SheetTooLarge) as caught:
        out.text(row, col, "zu weit")
        _save(wb, target)
    assert what in caught.value.text("en")
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_sheet_at_the_limits_is_written(tmp_path):
    wb = new_workbook()
    out = SheetWriter(wb.create_sheet("Blatt"), "de")
    out.text(MAX_ROWS, MAX_COLUMNS, "letzte Zelle")
    _save(wb, tmp_path / "out.xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "out.xlsx", read_only=True)["Blatt"]
    assert ws.calculate_dimension() == "XFD1048576:XFD1048576"
