"""``kimcost compare`` (issue 4): base and scenarios side by side, differences in € and %."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.reports.compare.diff import delta, percent_display
from tests.builders import write
from tests.conftest import COESFELD

runner = CliRunner()
D = Decimal


@pytest.fixture
def grant_zero(tmp_path) -> Path:
    return write(tmp_path, "grant-zero.yaml", """
        name: grant-zero
        description: Keine Landesförderung ab 1. Januar 2023
        changes:
          - set: grants.kim-nrw.amounts
            since: 2023-01-01
            value: 0
    """)


@pytest.fixture
def nothing(tmp_path) -> Path:
    # Writes the value the base already has: a scenario that changes nothing.
    return write(tmp_path, "nothing.yaml", """
        name: nothing
        description: Schlüssel wie bisher
        changes:
          - set: regions.nord.key
            value: equal
    """)


def compare_json(*args: str) -> dict:
    result = runner.invoke(app, ["compare", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_grant_zero_raises_each_own_share_by_exactly_its_grant(grant_zero):
    doc = compare_json("2023", "--config", str(COESFELD), "--scenario", str(grant_zero))
    for region in doc["regions"]:
        base, zero = region["values"]["base"], region["values"]["grant-zero"]
        diff = region["differences"]["grant-zero"]
        assert zero["grant"] == "0.00"
        assert zero["costs"] == base["costs"]                      # costs do not depend on the grant
        assert diff["own_share"]["amount"] == base["grant"]        # rule 11: own share = costs − grant
        assert D(zero["own_share"]) == D(base["own_share"]) + D(base["grant"])
        assert diff["grant"]["percent"] == "-100.00"
        # The members' differences add up to the region's grant, cent for cent.
        members = [m for m in doc["members"] if m["region"] == region["id"]]
        assert sum(D(m["differences"]["grant-zero"]["amount"]) for m in members) == D(base["grant"])


def test_grant_zero_member_differences_follow_the_cent_rule(grant_zero):
    doc = compare_json("2023", "--config", str(COESFELD), "--scenario", str(grant_zero))
    nord = next(r for r in doc["regions"] if r["id"] == "nord")
    # Region Nord 2023: own share 33,405.31 €, grant 130,438.31 € (see the settlement).
    assert (nord["values"]["base"]["own_share"], nord["values"]["base"]["grant"]) == ("33405.31", "130438.31")
    # Rule 12, by hand, four members in the order coesfeld, billerbeck, havixbeck, rosendahl:
    #   base:  33,405.31 ÷ 4 = 8,351.3275 → 8,351.32 each = 33,405.28; 3 cents left, equal
    #          remainders → the first three:      8,351.33 | 8,351.33 | 8,351.33 | 8,351.32
    #   zero: 163,843.62 ÷ 4 = 40,960.905 → 40,960.90 each = 163,843.60; 2 cents left
    #          → the first two:                  40,960.91 | 40,960.91 | 40,960.90 | 40,960.90
    #   difference:                              32,609.58 | 32,609.58 | 32,609.57 | 32,609.58
    #   Σ = 130,438.31 = the region's grant.
    shares = {m["id"]: (m["values"]["base"], m["values"]["grant-zero"], m["differences"]["grant-zero"]["amount"])
              for m in doc["members"] if m["region"] == "nord"}
    assert shares == {
        "coesfeld": ("8351.33", "40960.91", "32609.58"),
        "billerbeck": ("8351.33", "40960.91", "32609.58"),
        "havixbeck": ("8351.33", "40960.90", "32609.57"),
        "rosendahl": ("8351.32", "40960.90", "32609.58"),
    }
    # Region Süd: 119,700.00 ÷ 5 = 23,940.00 exactly, so every member's share rises by that.
    sued = [m["differences"]["grant-zero"]["amount"] for m in doc["members"] if m["region"] == "sued"]
    assert sued == ["23940.00"] * 5


def test_a_scenario_that_changes_nothing_gives_zero_differences(nothing):
    doc = compare_json("2023", "--config", str(COESFELD), "--scenario", str(nothing))
    for row in [*doc["regions"], {"differences": doc["totals"]["differences"]}]:
        for figure in row["differences"]["nothing"].values():
            assert figure == {"amount": "0.00", "percent": "0.00"}
    for member in doc["members"]:
        assert member["differences"]["nothing"] == {"amount": "0.00", "percent": "0.00"}
    # The "what changed" block still says what was written: base against scenario value.
    (change,) = doc["scenarios"][0]["changes"]
    assert (change["key"], change["base"], change["scenario"]) == ("regions.nord.key", "equal", "equal")


def test_several_scenarios_side_by_side_on_the_terminal(grant_zero, nothing):
    result = runner.invoke(app, ["compare", "2023", "-c", str(COESFELD), "-s", str(grant_zero), "-s", str(nothing),
                                 "--no-workbook"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Vergleich 2023 – Kreis Coesfeld" in out
    assert "grant-zero" in out and "nothing" in out
    # Region Nord's own share rises by its grant: +130.438,31 € (+390,47 %: 130,438.31 ÷ 33,405.31).
    assert "+130.438,31 €" in out
    assert "+390,47 %" in out
    assert "Was „grant-zero“ ändert" in out
    english = runner.invoke(app, ["compare", "2023", "-c", str(COESFELD), "-s", str(grant_zero), "--no-workbook",
                                  "--lang", "en"])
    assert "Comparison 2023 – Kreis Coesfeld" in english.stdout
    assert "+€130,438.31" in english.stdout


def test_percent_is_exact_and_rounded_half_up_for_display():
    # 0.01 € on 200 € is exactly 0.005 %: half up shows 0.01 % (bankers' rounding would show 0.00).
    d = delta(D("200"), D("200.01"))
    assert (d.amount, d.percent) == (D("0.01"), D("0.005"))
    assert percent_display(d.percent) == D("0.01")
    # A base of zero has no percentage, unless nothing changed.
    assert delta(D("0"), D("5")).percent is None
    assert delta(D("0"), D("0")).percent == D("0")


def test_csv_in_german_and_english(grant_zero):
    german = runner.invoke(app, ["compare", "2023", "-c", str(COESFELD), "-s", str(grant_zero), "-f", "csv"])
    assert german.exit_code == 0, german.output
    rows = list(csv.reader(io.StringIO(german.stdout.lstrip("\ufeff")), delimiter=";"))
    # CSV headings name the scenario by its name: the key a script selects a column by.
    assert rows[0] == ["Jahr", "Spalte", "Region", "Kommune", "Größe", "Basis", "grant-zero", "grant-zero Δ €",
                       "grant-zero Δ %"]
    assert ["2023", "Region", "Region Nord", "", "Eigenanteil", "33405,31", "163843,62", "130438,31", "390,47"] in rows
    english = runner.invoke(app, ["compare", "2023", "-c", str(COESFELD), "-s", str(grant_zero), "-f", "csv", "--lang", "en"])
    rows = list(csv.reader(io.StringIO(english.stdout.lstrip("\ufeff"))))
    # 32,609.58 ÷ 8,351.32 × 100 = 390.472… → 390.47
    assert ["2023", "municipality", "Region Nord", "Gemeinde Rosendahl", "Share", "8351.32", "40960.90", "32609.58",
            "390.47"] in rows


@pytest.fixture
def formula_name(tmp_path) -> Path:
    # A name from a YAML file that a spreadsheet would run as a formula.
    return write(tmp_path, "rename.yaml", """
        name: rename
        description: ein gefährlicher Name
        changes:
          - set: municipalities.rosendahl.name
            value: "=HYPERLINK(\\"http://x\\")"
    """)


def test_csv_escapes_text_that_looks_like_a_formula(grant_zero, formula_name):
    result = runner.invoke(app, ["compare", "2023", "-c", str(COESFELD), "--base-scenario", str(formula_name),
                                 "-s", str(grant_zero), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    names = [r[3] for r in rows if r[1] == "Kommune"]
    assert "'=HYPERLINK(\"http://x\")" in names
    # Negative numbers stay numbers: only text is escaped.
    assert any(cell == "-130438,31" for r in rows for cell in r)


def test_workbook_with_chart_numbers_and_text_as_text(tmp_path, grant_zero, formula_name):
    target = tmp_path / "vergleich.xlsx"
    result = runner.invoke(app, ["compare", "2023", "-c", str(COESFELD), "--base-scenario", str(formula_name),
                                 "-s", str(grant_zero), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx" or p.name.endswith(".tmp")) == ["vergleich.xlsx"]
    wb = load_workbook(target)
    assert wb.sheetnames == ["Vergleich", "Kommunen", "Diagramme", "Änderungen", "Annahmen"]
    assert len(wb["Diagramme"]._charts) == 2   # own share per region, share per municipality
    ws = wb["Vergleich"]
    cells = {(c.row, c.column): c for row in ws.iter_rows() for c in row}
    own_share = next(c for c in cells.values() if c.value == "Eigenanteil")
    base_cell = ws.cell(row=own_share.row, column=3)
    assert base_cell.value == pytest.approx(33405.31)
    assert base_cell.number_format == '[$-407]#,##0.00 "€"'
    # The scenario has no title: its column is "Szenario 1", the legend says what it is.
    headings = [c.value for c in ws[next(c.row for c in cells.values() if c.value == "Größe")]]
    assert headings == ["Region", "Größe", "Basis", "Szenario 1", "Differenz €", "Differenz %"]
    assert "Szenario 1: Keine Landesförderung ab 1. Januar 2023" in [c.value for c in ws["A"]]
    members = {(c.row, c.column): c for row in wb["Kommunen"].iter_rows() for c in row}
    rosendahl = next(c for c in members.values() if c.value == '=HYPERLINK("http://x")')
    assert rosendahl.data_type == "s"      # text, not a formula
    changes = wb["Änderungen"]
    rows = [[c.value for c in row] for row in changes.iter_rows(min_row=4)]
    grant_row = next(r for r in rows if r[0] == "Landesförderung KIM – Case-Management: Betrag je VZÄ und Jahr")
    # ... from 1 January 2023: 57.000 € in the base, 0 in the scenario (an assumption, as it wrote no status).
    assert grant_row[2:4] == ["57.000,00 €", "0,00 € (Annahme)"]
    # Where it is written: relative to the configuration's folder, never an absolute local path.
    assert grant_row[5].endswith("grant-zero.yaml:4") and not grant_row[5].startswith("/")
    texts = [str(v) for r in rows for v in r if v]
    assert not any("grants.kim-nrw" in t or "assumption" in t or t.startswith("/") for t in texts)
    flagged = [c.value for row in wb["Annahmen"].iter_rows(min_row=5) for c in row[:1]]
    assert "Szenario 1" in flagged and "Basis" in flagged


def test_compare_errors(tmp_path):
    missing = runner.invoke(app, ["compare", "2023", "-c", str(COESFELD)])
    assert missing.exit_code == 2          # --scenario is required
    bad = write(tmp_path, "bad.yaml", """
        name: bad
        description: Tippfehler
        changes:
          - set: regions.nrod.key
            value: equal
    """)
    result = runner.invoke(app, ["compare", "2023", "-c", str(COESFELD), "-s", str(bad), "--no-workbook", "--lang", "en"])
    assert result.exit_code == 3
    assert "bad.yaml:4:" in result.stderr
    assert "did you mean 'nord'?" in result.stderr


# --- a range of years (issue 9) ------------------------------------------------------------


@pytest.fixture
def grant_ends_2024(tmp_path) -> Path:
    return write(tmp_path, "grant-ends.yaml", """
        name: grant-ends
        title: ohne Förderung ab 2024
        description: Die Landesförderung entfällt ab 1. Januar 2024
        changes:
          - set: grants.kim-nrw.amounts
            since: 2024-01-01
            value: 0
    """)


def test_multi_year_difference_is_each_regions_grant_of_that_year(grant_ends_2024):
    doc = compare_json("2023", "2026", "--config", str(COESFELD), "--scenario", str(grant_ends_2024))
    assert (doc["first"], doc["last"], doc["year"]) == (2023, 2026, None)
    assert sorted(doc["years"]) == ["2023", "2024", "2025", "2026"]
    period: dict[str, D] = {}
    for year, table in doc["years"].items():
        for region in table["regions"]:
            base, diff = region["values"]["base"], region["differences"]["grant-ends"]
            expected = D("0.00") if year == "2023" else D(base["grant"])   # the grant still flows in 2023
            assert D(diff["own_share"]["amount"]) == expected, (year, region["id"])
            assert D(diff["grant"]["amount"]) == -expected
            assert diff["costs"]["amount"] == "0.00" and diff["personnel"]["amount"] == "0.00"
            members = [m for m in table["members"] if m["region"] == region["id"]]
            assert sum(D(m["differences"]["grant-ends"]["amount"]) for m in members) == expected
            period[region["id"]] = period.get(region["id"], D(0)) + expected
    # The period's figures are the sums of the years; its difference that of the sums.
    for region in doc["regions"]:
        assert D(region["differences"]["grant-ends"]["own_share"]["amount"]) == period[region["id"]]
        assert D(region["values"]["base"]["own_share"]) == sum(
            D(doc["years"][y]["regions"][i]["values"]["base"]["own_share"])
            for y in doc["years"] for i, r in enumerate(doc["years"][y]["regions"]) if r["id"] == region["id"])
    # Region Mitte: one post of 1.0 VZÄ, 57,000 € a year 2024–2026 (shipped grant) = 171,000 €.
    mitte = next(r for r in doc["regions"] if r["id"] == "mitte")
    assert mitte["differences"]["grant-ends"]["own_share"]["amount"] == "171000.00"


def test_multi_year_scenario_that_changes_nothing_gives_zero_in_every_year(nothing):
    doc = compare_json("2023", "2026", "--config", str(COESFELD), "--scenario", str(nothing))
    for table in [*doc["years"].values(), doc]:
        for row in [*table["regions"], table["totals"]]:
            for fig in row["differences"]["nothing"].values():
                assert fig == {"amount": "0.00", "percent": "0.00"}
        for member in table["members"]:
            assert member["differences"]["nothing"] == {"amount": "0.00", "percent": "0.00"}


def test_multi_year_csv_terminal_and_workbook(tmp_path, grant_ends_2024):
    csv_out = runner.invoke(app, ["compare", "2023", "2025", "-c", str(COESFELD), "-s", str(grant_ends_2024), "-f", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    rows = list(csv.reader(io.StringIO(csv_out.stdout.lstrip("\ufeff")), delimiter=";"))
    assert {r[0] for r in rows[1:]} == {"2023", "2024", "2025", "2023–2025"}
    # Mitte: 2024 and 2025 lose 57,000 € each, 114,000 € over the period.
    assert ["2023–2025", "Region", "Region Mitte", "", "Landesförderung", "171000,00", "57000,00", "-114000,00",
            "-66,67"] in rows
    table = runner.invoke(app, ["compare", "2023", "2025", "-c", str(COESFELD), "-s", str(grant_ends_2024),
                                "--no-workbook"])
    assert table.exit_code == 0, table.output
    assert "Vergleich 2023–2025 – Kreis Coesfeld" in table.stdout
    assert "Mehrbelastung je Kommune: ohne Förderung ab 2024" in table.stdout
    assert "Summe 2023–2025" in table.stdout
    target = tmp_path / "v.xlsx"
    book = runner.invoke(app, ["compare", "2023", "2025", "-c", str(COESFELD), "-s", str(grant_ends_2024), "--out", str(target)])
    assert book.exit_code == 0, book.output
    ws = load_workbook(target)["Vergleich"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "ohne Förderung ab 2024" in texts and "grant-ends" not in " ".join(texts)
    header = next(row for row in ws.iter_rows(values_only=True) if row[:3] == ("Region", "Größe", "Jahr"))
    assert header[3:7] == ("Basis", "ohne Förderung ab 2024", "Differenz €", "Differenz %")
    english = runner.invoke(app, ["compare", "2023", "2025", "-c", str(COESFELD), "-s", str(grant_ends_2024),
                                  "--no-workbook", "--lang", "en"])
    assert "Comparison 2023–2025 – Kreis Coesfeld" in english.stdout and "Total 2023–2025" in english.stdout


def test_range_errors():
    assert runner.invoke(app, ["compare", "2025", "2024", "-c", str(COESFELD), "-s", "x"]).exit_code == 2
