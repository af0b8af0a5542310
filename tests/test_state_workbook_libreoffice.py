"""The state-scale workbook (issue 14), written by kimcost's own writer, read by real readers:
LibreOffice Calc opens all 423 sheets without a complaint and finds in *Monatswerte* every
held month of the settlement, whose monthly personnel costs add up exactly to the regions'
personnel costs of the JSON report; openpyxl reopens the same file with the same sheets.

Slow: it generates the benchmark's state configuration (bench/generate.py) and converts the
workbook with LibreOffice (about 30 s).
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.engine import settle
from kimcost.loading import load_config
from tests.conftest import generate
from tests.test_workbook_libreoffice import CSV_FILTER, SOFFICE, soffice

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; "
                                                        "install libreoffice-calc-nogui")]


def test_libreoffice_reads_every_sheet_and_every_month_of_the_state_workbook(tmp_path):
    import openpyxl

    generate(tmp_path / "state")
    book = tmp_path / "state.xlsx"
    result = CliRunner().invoke(app, ["settle", "2024", "--config", str(tmp_path / "state" / "state.yaml"),
                                      "--out", str(book), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    settlement = settle(load_config(tmp_path / "state" / "state.yaml").config, 2024)
    held = sum(1 for r in settlement.regions for p in r.positions for h in p.holders for m in h.months if m.days_held)
    assert held > 10_000

    reopened = openpyxl.load_workbook(book, read_only=True)
    names = reopened.sheetnames
    reopened.close()
    assert len(names) == 423 and "Monatswerte" in names

    soffice(book, CSV_FILTER, tmp_path / "csv", tmp_path / "profile")   # asserts: no warning on stderr
    assert len(list((tmp_path / "csv").glob("state-*.csv"))) == len(names)
    with (tmp_path / "csv" / "state-Monatswerte.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = next(r for r in rows if r and r[0] == "Region")
    personnel = header.index("Personalkosten Monat")
    months = [r for r in rows[rows.index(header) + 1:] if r[0].startswith("Region ")]
    assert len(months) == held
    # shown with the decimal comma of the German-tagged formats; exact to the cent
    shown = sum(Decimal(r[personnel].replace(",", ".")) for r in months)
    assert shown == sum(Decimal(region["costs"]["personnel"]) for region in document["regions"])
