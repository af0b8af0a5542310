"""Every workbook kimcost writes shows its amounts in German notation (1.234,56 €) on a
machine whose spreadsheet program runs in English: each number format carries the locale tag
``[$-407]`` (reports/xlsx/styles.py). LibreOffice Calc (headless), started with an English
locale, exports every sheet to CSV "as shown", i.e. with the formatted text a reader sees.

A control workbook with an untagged format shows ``1,234.56 €`` in the same run, so the test
proves the program really ran in English.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from kimcost.cli.app import app
from tests.conftest import COESFELD, ROOT
from tests.test_workbook_libreoffice import HARMLESS, SOFFICE, TIMEOUT
from tests.workbook_support import EPOCH

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; install libreoffice-calc-nogui"),
]
# all sheets, UTF-8, comma-separated, cells as shown (the formatted text), language en-US
AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false,false,-1"
# English, with UTF-8 file names (so a sheet "Übersicht" is written as such)
ENGLISH = {"LANG": "en_US.UTF-8", "LANGUAGE": "en_US", "LC_CTYPE": "C.UTF-8"}
GRANT_ENDS = ROOT / "examples" / "coesfeld-grant-ends.yaml"
WORKBOOKS = {
    "settle": ["settle", "2024"],
    "forecast": ["forecast", "2024", "2026"],
    "compare": ["compare", "2025", "--scenario", str(GRANT_ENDS)],
    "variance": ["variance", "2023", "2024"],
}
GERMAN_MONEY = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d{2} €$")
ENGLISH_MONEY = re.compile(r"\d,\d{3}\.\d{2} €|\b\d+\.\d{2} €")


def shown(workbook: Path, folder: Path) -> dict[str, list[list[str]]]:
    """Each sheet's cells as LibreOffice shows them in an English locale."""
    out = folder / "csv"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", AS_SHOWN, "--outdir", str(out), str(workbook)],
        capture_output=True, text=True, timeout=TIMEOUT,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("LC_")}, **ENGLISH})
    assert result.returncode == 0, result.stderr
    assert HARMLESS.sub("", result.stderr).strip() == ""
    tables = {}
    for name in load_workbook(workbook, read_only=True).sheetnames:
        path = out / f"{workbook.stem}-{name}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            tables[name] = list(csv.reader(fh))
    return tables


def test_the_program_runs_in_english(tmp_path):
    """The control: an untagged format follows the viewer's locale, here English."""
    wb = Workbook()
    wb.active["A1"] = 1234.56
    wb.active["A1"].number_format = '#,##0.00 "€"'
    wb.save(tmp_path / "control.xlsx")
    assert shown(tmp_path / "control.xlsx", tmp_path)["Sheet"][0][0] == "1,234.56 €"


@pytest.mark.parametrize("command", sorted(WORKBOOKS))
def test_money_reads_german_in_an_english_spreadsheet(command, tmp_path):
    workbook = tmp_path / f"{command}.xlsx"
    result = CliRunner().invoke(app, [*WORKBOOKS[command], "--config", str(COESFELD), "--out", str(workbook),
                                      "--format", "json"], env={"SOURCE_DATE_EPOCH": str(EPOCH)})
    assert result.exit_code == 0, result.stderr
    tables = shown(workbook, tmp_path)
    cells = [(sheet, cell) for sheet, rows in tables.items() for row in rows for cell in row]
    money = [cell for _, cell in cells if GERMAN_MONEY.match(cell)]
    assert len(money) >= 10, f"{command}: too few amounts in German notation"
    # no amount in English notation anywhere (texts from the YAML do not contain any)
    english = [(sheet, cell) for sheet, cell in cells if ENGLISH_MONEY.search(cell)]
    assert english == [], english[:5]


def test_a_settlement_total_reads_with_german_separators(tmp_path):
    """Region Nord 2024: grant 142.500,00 € and own share 38.279,55 € as the terminal and the letters write them,
    and the dates as 01.01.2024 (figures from /work/baseline's settle-2024 JSON)."""
    workbook = tmp_path / "abrechnung.xlsx"
    result = CliRunner().invoke(app, ["settle", "2024", "--config", str(COESFELD), "--out", str(workbook),
                                      "--format", "json"], env={"SOURCE_DATE_EPOCH": str(EPOCH)})
    assert result.exit_code == 0, result.stderr
    tables = shown(workbook, tmp_path)
    overview = [cell for row in tables["Übersicht"] for cell in row]
    assert "142.500,00 €" in overview and "38.279,55 €" in overview
    parameters = [cell for row in tables["Parameter"] for cell in row]
    assert "57.000,00 €" in parameters and "01.01.2024" in parameters
