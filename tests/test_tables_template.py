"""``kimcost template DIR``: the empty tables open in LibreOffice with their headers, carry
their drop-downs (read back with openpyxl), and what an officer fills in is read by the
configuration's ``tables:`` while the example row is skipped."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.configuration.loader import read_config_tree
from kimcost.configuration.tables.layout import LAYOUTS
from tests.test_tables import BASE

RUNNER = CliRunner()
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1"   # UTF-8, comma-separated, first sheet
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _config(folder: Path) -> Path:
    text = BASE
    for marker in ("__ADVANCES__", "__HOLDERS_1__", "__ACTUALS_1__", "__HOLDERS_2__"):
        text = text.replace(marker + "\n", "")
    path = folder / "k.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _validations(ws) -> dict[str, tuple[str, str | None]]:
    """First cell of each validated range -> (type, formula1)."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            out[cells.coord.split(":")[0]] = (dv.type, dv.formula1)
    return out


def test_the_templates_carry_headers_formats_and_drop_downs_from_the_configuration(tmp_path):
    config = _config(tmp_path)
    result = RUNNER.invoke(app, ["template", str(tmp_path / "vorlagen"), "--config", str(config), "--csv"])
    assert result.exit_code == 0, result.output
    assert "holders: {from: stellen.xlsx, sheet: Stellen}" in result.stdout
    wb = load_workbook(tmp_path / "vorlagen" / "stellen.xlsx")
    assert wb.sheetnames == ["Stellen", "Auswahl"]
    ws = wb["Stellen"]
    assert [c.value for c in ws[1]] == [c.header for c in LAYOUTS["holders"].columns]
    assert ws["J2"].value.startswith("Beispiel") and ws["A2"].value == "nord-1"
    assert ws.freeze_panes == "A2" and ws["C3"].number_format == "[$-407]DD.MM.YYYY"
    checks = _validations(ws)
    lists = wb["Auswahl"]
    # the drop-downs: posts in column A, grades in column F, both from the lists sheet
    assert checks["A2"] == ("list", "'Auswahl'!$A$2:$A$3")
    assert [lists["A2"].value, lists["A3"].value] == ["nord-1", "nord-2"]
    kind, grades = checks["F2"]
    assert kind == "list" and grades.startswith("'Auswahl'!$")
    assert "S 12" in [c.value for c in lists[grades.split("!")[1].replace("$", "").split(":")[0][0]]]
    assert checks["C2"][0] == "date" and checks["E2"][0] == "decimal" and checks["G2"][0] == "whole"
    advances = load_workbook(tmp_path / "vorlagen" / "abschlaege.xlsx")
    member_list = _validations(advances["Abschläge"])["C2"][1]
    column = member_list.split("!")[1].replace("$", "").split(":")[0][0]
    assert [c.value for c in advances["Auswahl"][column] if c.value][1:] == ["stadt-a", "gemeinde-b", "gemeinde-c"]
    assert (tmp_path / "vorlagen" / "stellen.csv").read_bytes() == (
        "\ufeffStelle;Name;Beginn;Ende;VZÄ;Entgeltgruppe;Stufe;Stufe seit;Annahme;Bemerkung\r\n".encode())
    # a second run overwrites nothing
    again = RUNNER.invoke(app, ["template", str(tmp_path / "vorlagen")])
    assert again.exit_code == 1 and "kimcost template überschreibt nichts" in again.stderr


def test_a_filled_in_template_is_read_and_its_example_row_skipped(tmp_path):
    assert RUNNER.invoke(app, ["template", str(tmp_path)]).exit_code == 0
    wb = load_workbook(tmp_path / "stellen.xlsx")
    ws = wb["Stellen"]
    for column, value in enumerate(["nord-2", "Ben Muster", dt.date(2022, 1, 1), None, 0.5, "S 11b", 2,
                                    "01.01.2022"], start=1):
        ws.cell(row=3, column=column, value=value)
    wb.save(tmp_path / "stellen.xlsx")
    config = _config(tmp_path)
    config.write_text(config.read_text(encoding="utf-8") + "tables:\n  holders: {from: stellen.xlsx}\n", encoding="utf-8")
    tree = read_config_tree(config)
    assert "holders" not in tree.data["positions"][0]   # the example row (stelle-1) is skipped
    assert tree.data["positions"][1]["holders"] == [{
        "name": "Ben Muster", "start": dt.date(2022, 1, 1), "fte": __import__("decimal").Decimal("0.5"),
        "grade": "S 11b", "step": 2, "step_since": dt.date(2022, 1, 1)}]


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; install libreoffice-calc-nogui")
def test_the_templates_open_in_libreoffice(tmp_path):
    assert RUNNER.invoke(app, ["template", str(tmp_path / "t")]).exit_code == 0
    out = tmp_path / "csv"
    for layout in LAYOUTS.values():
        result = subprocess.run(
            [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
             "--convert-to", CSV_FILTER, "--outdir", str(out), str(tmp_path / "t" / layout.template_file)],
            capture_output=True, text=True, timeout=240)
        assert result.returncode == 0, result.stderr
        with open(out / Path(layout.template_file).with_suffix(".csv").name, encoding="utf-8", newline="") as fh:
            header, example = list(csv.reader(fh))[:2]
        assert header == [c.header for c in layout.columns]
        assert example[-1].startswith("Beispiel")
