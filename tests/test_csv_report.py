"""CSV: German and English dialects round-trip through Python's csv module to the JSON
figures; text that a spreadsheet would run as a formula is escaped, numbers are not."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.reports.csv_dialect import escape_text
from kimcost.reports.settlement.csv_table import members_table, positions_table
from tests.conftest import COESFELD
from tests.workbook_support import INJECTION_NAMES, copy_config, municipality_names, settled

DIALECT = {"de": (";", ","), "en": (",", ".")}


def render_members_csv(settlement, lang: str) -> str:
    return members_table(settlement, lang).encode(lang).decode("utf-8")


def render_positions_csv(settlement, lang: str) -> str:
    return positions_table(settlement, lang).encode(lang).decode("utf-8")


def parse(text: str, lang: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=DIALECT[lang][0]))


def number(cell: str, lang: str) -> Decimal:
    return Decimal(cell.replace(",", ".") if lang == "de" else cell)


@pytest.fixture(scope="module")
def coesfeld_2023():
    return settled(year=2023)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_members_csv_round_trips_to_the_json_figures(coesfeld_2023, lang):
    text = render_members_csv(coesfeld_2023.settlement, lang)
    rows = parse(text, lang)
    header, body = rows[0], rows[1:]
    if lang == "de":
        assert header == ["Regions-Kennung", "Region", "Kennung", "Kommune", "Schlüssel", "Gewicht", "Anteil",
                          "Abschläge", "Saldo", "Ergebnis", "Anstellungskörperschaft"]
    else:
        assert header == ["Region ID", "Region", "ID", "Municipality", "Key", "Weight", "Share", "Advances",
                          "Balance", "Result", "Employer"]
    members = [(r, m) for r in coesfeld_2023.doc["regions"] for m in r["members"]]
    assert len(body) == len(members) == 11
    for row, (region, m) in zip(body, members):
        assert row[0] == region["id"] and row[2] == m["id"] and row[3] == m["name"]
        assert number(row[6], lang) == Decimal(m["share"])
        assert number(row[7], lang) == Decimal(m["advances"])
        assert number(row[8], lang) == Decimal(m["balance"])
        assert row[10] == region["employer_name"]
    billerbeck = body[1]
    assert billerbeck[6:10] == (["8351,33", "8000,00", "351,33", "Nachzahlung"] if lang == "de"
                                else ["8351.33", "8000.00", "351.33", "Amount due"])
    assert "\r\n" in text and text.count("\r\n") == 12


@pytest.mark.parametrize("lang", ["de", "en"])
def test_positions_csv_round_trips_to_the_json_figures(coesfeld_2023, lang):
    rows = parse(render_positions_csv(coesfeld_2023.settlement, lang), lang)
    header, body = rows[0], rows[1:]
    assert header[2:4] == (["Stellen-Kennung", "Stelle"] if lang == "de" else ["Post ID", "Post"])
    positions = coesfeld_2023.doc["positions"]
    assert [row[2] for row in body] == [p["id"] for p in positions]
    for row, p in zip(body, positions):
        assert number(row[5], lang) == Decimal(p["average_fte"])
        for i, key in enumerate(("personnel", "equipment", "recruitment", "administration", "total"), start=6):
            assert number(row[i], lang) == Decimal(p["costs"][key])
        assert number(row[11], lang) == Decimal(p["grant"])
        assert number(row[12], lang) == Decimal(p["costs"]["total"]) - Decimal(p["grant"])
    assert body[0][13] == ("Stellenbesetzung" if lang == "de" else "Recruitment")   # nord-1's actual invoice


@pytest.mark.parametrize("lang", ["de", "en"])
def test_injection_is_escaped_but_negative_numbers_stay_numbers(tmp_path, lang):
    replacements = municipality_names(INJECTION_NAMES)
    # advances above the share: Billerbeck gets a refund, a negative balance
    replacements["2023: {billerbeck: 8000.00,"] = "2023: {billerbeck: 9000.00,"
    run = settled(copy_config(tmp_path / "cfg", replacements), 2023)
    rows = parse(render_members_csv(run.settlement, lang), lang)
    names = {row[2]: row[3] for row in rows[1:]}
    assert names["billerbeck"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert names["havixbeck"] == "'+49 2541"
    assert names["rosendahl"] == "'-1"
    assert names["nottuln"] == "'@SUM(A1)"
    assert names["coesfeld"] == "Stadt Coesfeld"
    billerbeck = next(row for row in rows[1:] if row[2] == "billerbeck")
    assert billerbeck[8] == ("-648,67" if lang == "de" else "-648.67")      # a number, not "'-648,67"
    assert billerbeck[9] == ("Erstattung" if lang == "de" else "Refund")


def test_cli_csv_is_the_member_table_and_positions_on_request(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a workbook written by mistake would land here
    runner = CliRunner()

    members = runner.invoke(app, ["settle", "2023", "--config", str(COESFELD), "--format", "csv"])
    assert members.exit_code == 0, members.stderr
    assert parse(members.stdout, "de")[2][3] == "Stadt Billerbeck"
    positions = runner.invoke(app, ["settle", "2023", "--config", str(COESFELD), "--format", "csv",
                                    "--csv-positions", "--lang", "en"])
    assert positions.exit_code == 0, positions.stderr
    assert parse(positions.stdout, "en")[1][2] == "nord-1"
    assert list(tmp_path.iterdir()) == []


@given(st.text(max_size=40))
def test_escape_text_property(text):
    escaped = escape_text(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert escaped == text or escaped == "'" + text
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerow([escaped, "1,5"])
    assert next(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=";")) == [escaped, "1,5"]
