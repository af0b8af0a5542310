"""Holders, advances and actual amounts from spreadsheets (configuration/tables, issue 12).

The same holders, advances and actual amounts written in YAML, in .xlsx workbooks and in CSV
files settle to the same JSON document, byte for byte, but for its ``inputs`` member (the
manifest and fingerprint name the files read, which differ by design). A bad cell is reported
at its file:sheet!cell (CSV: file:line:field) with exit code 3; German numbers and dates in
text cells are read as they are meant.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.configuration.errors import ConfigError, Location
from kimcost.configuration.loader import read_config_tree
from kimcost.configuration.tables.layout import LAYOUTS
from kimcost.loading import load_config
from kimcost.reports.templates import csv_header

RUNNER = CliRunner()
ROOT = Path(__file__).resolve().parent.parent

# The district: two posts of one region; the holders, advances and actual amounts are
# written in place of __HOLDERS_1__, __HOLDERS_2__, __ADVANCES__, __ACTUALS_1__ (YAML) or
# come from the tables (then those markers are removed and TABLES is added).
BASE = """\
include: [kimcost:tvoed-sue, kimcost:tvoed-vka, kimcost:one-off-payments, kimcost:social-insurance, kimcost:kim-nrw]
district: {name: Kreis Tabellen, grant: kim-nrw}
municipalities:
  stadt-a: {name: Stadt A}
  gemeinde-b: {name: Gemeinde B}
  gemeinde-c: {name: Gemeinde C}
regions:
  nord:
    name: Region Nord
    employer: stadt-a
    members: [stadt-a, gemeinde-b, gemeinde-c]
__ADVANCES__
cost_rates:
  equipment_initial: {2022-01-01: {value: 1500.00, source: "Test"}}
  equipment_per_fte_year: {2022-01-01: {value: 2270.00, source: "Test"}}
  recruitment_per_new_holder: {2022-01-01: {value: 1200.00, source: "Test"}}
  administration: {2022-01-01: {percent_of_personnel: 2.0, source: "Test"}}
supplementary_pension: {2022-01-01: {percent: 4.25, source: "Test"}}
positions:
  - id: nord-1
    region: nord
    fte: 1
__HOLDERS_1__
__ACTUALS_1__
  - id: nord-2
    region: nord
    fte: 0.75
__HOLDERS_2__
"""

YAML_PARTS = {
    "__ADVANCES__": """\
    advances:
      2024: {gemeinde-b: 4000.00, gemeinde-c: 0}
      2025: {gemeinde-b: 4500.00, gemeinde-c: 2800.50}""",
    "__HOLDERS_1__": """\
    holders:
      - {name: Anna Beispiel, start: 2023-02-15, fte: 1, grade: S 12, step: 3, step_since: 2021-01-01}""",
    "__ACTUALS_1__": """\
    actuals:
      2025: {source: "Rechnungen 2025", recruitment: 1843.27}""",
    "__HOLDERS_2__": """\
    holders:
      - {name: Ben Muster, start: 2022-01-01, end: 2025-06-30, fte: 0.5, grade: S 11b, step: 2, step_since: 2022-01-01, assumption: Stufe angenommen}
      - {name: Cora Neu, start: 2025-07-01, fte: 0.75, grade: E 10, step: 1, step_since: 2025-07-01}""",
}

HOLDER_HEADERS = ["Stelle", "Name", "Beginn", "Ende", "VZÄ", "Entgeltgruppe", "Stufe", "Stufe seit", "Annahme", "Bemerkung"]
ADVANCE_HEADERS = ["Region", "Jahr", "Kommune", "Betrag (€)"]
ACTUAL_HEADERS = ["Stelle", "Jahr", "Quelle", "Personalgewinnung (€)"]

# The same values as YAML_PARTS: real numbers and dates (a workbook), with one German text
# date and one German text number among them, as an officer types them.
HOLDER_CELLS = [
    ["nord-1", "Anna Beispiel", dt.date(2023, 2, 15), None, 1, "S 12", 3, dt.date(2021, 1, 1), None, None],
    ["nord-2", "Ben Muster", dt.date(2022, 1, 1), "30.06.2025", 0.5, "S 11b", 2, dt.date(2022, 1, 1), "Stufe angenommen", None],
    ["nord-2", "Cora Neu", dt.date(2025, 7, 1), None, "0,75", "E 10", 1, dt.date(2025, 7, 1), None, "ab Juli"],
]
ADVANCE_CELLS = [["nord", 2024, "gemeinde-b", 4000], ["nord", 2024, "gemeinde-c", 0],
                 ["nord", 2025, "gemeinde-b", "4.500,00"], ["nord", 2025, "gemeinde-c", 2800.5]]
ACTUAL_CELLS = [["nord-1", 2025, "Rechnungen 2025", 1843.27]]

# The same as CSV text, the German way (';', decimal comma, day.month.year).
HOLDER_CSV = """\
Stelle;Name;Beginn;Ende;VZÄ;Entgeltgruppe;Stufe;Stufe seit;Annahme;Bemerkung
nord-1;Anna Beispiel;15.02.2023;;1;S 12;3;01.01.2021;;
nord-2;Ben Muster;01.01.2022;30.06.2025;0,5;S 11b;2;01.01.2022;Stufe angenommen;

nord-2;Cora Neu;01.07.2025;;0,75;E 10;1;01.07.2025;;ab Juli
"""
ADVANCE_CSV = "Region;Jahr;Kommune;Betrag (€)\nnord;2024;gemeinde-b;4.000,00\nnord;2024;gemeinde-c;0\n" \
              "nord;2025;gemeinde-b;4.500,00\nnord;2025;gemeinde-c;2.800,50\n"
ACTUAL_CSV = "Stelle;Jahr;Quelle;Personalgewinnung (€)\nnord-1;2025;Rechnungen 2025;1.843,27\n"


@pytest.fixture(autouse=True)
def _in_the_folder(tmp_path, monkeypatch):
    """Messages name files relative to the working directory: work in the test's folder."""
    monkeypatch.chdir(tmp_path)


def sheet(path: Path, title: str, headers: list[str], rows: list[list], *, extra_sheet: bool = False) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
    if extra_sheet:
        wb.create_sheet("Auswahl")
    wb.save(path)


def configuration(folder: Path, name: str, tables: str | None) -> Path:
    text = BASE
    for marker, part in YAML_PARTS.items():
        text = text.replace(marker + "\n", "" if tables is not None else part + "\n")
    if tables is not None:
        text += tables
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def three_ways(tmp_path: Path) -> dict[str, Path]:
    """The same district three ways: YAML only, .xlsx tables, CSV tables."""
    sheet(tmp_path / "stellen.xlsx", "Stellen", HOLDER_HEADERS, HOLDER_CELLS, extra_sheet=True)
    sheet(tmp_path / "geld.xlsx", "Abschläge", ADVANCE_HEADERS, ADVANCE_CELLS)
    wb_path = tmp_path / "geld.xlsx"
    from openpyxl import load_workbook
    wb = load_workbook(wb_path)  # one workbook, two sheets: advances and actual amounts
    ws = wb.create_sheet("Ist 2025")
    ws.append(ACTUAL_HEADERS)
    for row in ACTUAL_CELLS:
        ws.append(row)
    wb.save(wb_path)
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "stellen.csv").write_text(HOLDER_CSV, encoding="utf-8")
    (tmp_path / "csv" / "abschlaege.csv").write_bytes(ADVANCE_CSV.encode("cp1252"))  # a German Excel's CSV
    (tmp_path / "csv" / "ist.csv").write_text(ACTUAL_CSV, encoding="utf-8-sig")
    return {
        "yaml": configuration(tmp_path, "yaml.yaml", None),
        "xlsx": configuration(tmp_path, "xlsx.yaml", (
            "tables:\n  holders: {from: stellen.xlsx}\n  advances: {from: geld.xlsx, sheet: Abschläge}\n"
            "  actuals: {from: geld.xlsx, sheet: 'Ist 2025'}\n")),
        "csv": configuration(tmp_path, "csv.yaml", (
            "tables:\n  holders: {from: csv/stellen.csv}\n  advances: {from: csv/abschlaege.csv}\n"
            "  actuals: {from: csv/ist.csv}\n")),
    }


def settle_json(config: Path) -> bytes:
    result = RUNNER.invoke(app, ["settle", "2025", "--config", str(config), "--format", "json"])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def without_inputs(raw: bytes) -> bytes:
    """The document's bytes with its ``"inputs": {…}`` member cut out, all else as written."""
    text = raw.decode("utf-8")
    start = text.index('"inputs": ')
    _, end = json.JSONDecoder().raw_decode(text, start + len('"inputs": '))
    return (text[:start] + text[end:]).encode("utf-8")


def test_yaml_xlsx_and_csv_settle_to_the_same_bytes_but_the_inputs(three_ways):
    documents = {way: settle_json(path) for way, path in three_ways.items()}
    figures = {way: without_inputs(raw) for way, raw in documents.items()}
    assert figures["xlsx"] == figures["yaml"]
    assert figures["csv"] == figures["yaml"]
    doc = json.loads(documents["yaml"])
    # the figures are real ones, not three empty documents: Anna, Ben then Cora, the advances
    # and Anna's actual recruitment cost as written
    post_1, post_2 = doc["positions"]
    assert [h["name"] for h in post_2["holders"]] == ["Ben Muster", "Cora Neu"]
    assert post_1["costs"]["recruitment"] == "1843.27"
    members = {m["id"]: m for m in doc["regions"][0]["members"]}
    assert (members["gemeinde-b"]["advances"], members["gemeinde-c"]["advances"]) == ("4500.00", "2800.50")
    # the inputs differ as they must: each table file with its hash, the workbook read twice listed once
    xlsx_files = [(f["path"], f["role"]) for f in json.loads(documents["xlsx"])["inputs"]["files"]]
    assert xlsx_files[-2:] == [("stellen.xlsx", "table"), ("geld.xlsx", "table")]
    csv_files = [(f["path"], f["role"]) for f in json.loads(documents["csv"])["inputs"]["files"]]
    assert csv_files[-3:] == [("csv/stellen.csv", "table"), ("csv/abschlaege.csv", "table"), ("csv/ist.csv", "table")]


def test_a_table_is_part_of_the_fingerprint(three_ways, tmp_path):
    before = load_config(three_ways["csv"]).fingerprint
    table = tmp_path / "csv" / "abschlaege.csv"
    table.write_bytes(table.read_bytes().replace(b"2.800,50", b"2.800,51"))
    loaded = load_config(three_ways["csv"])
    assert loaded.fingerprint != before
    assert loaded.config.regions["nord"].advances[2025]["gemeinde-c"] == Decimal("2800.51")
    assert tmp_path / "csv" / "abschlaege.csv" in loaded.files  # no output may overwrite it


def test_german_dates_and_numbers_in_text_cells_are_read_as_meant(tmp_path):
    sheet(tmp_path / "stellen.xlsx", "Stellen", HOLDER_HEADERS[:8],
          [["nord-1", "Anna Beispiel", "15.09.2025", "31.12.2026", "0,5", "S 12", "3", "2025-09-15"]])
    sheet(tmp_path / "geld.xlsx", "Abschläge", ADVANCE_HEADERS,
          [["nord", "2025", "gemeinde-b", "1.234,56"], ["nord", 2025, "gemeinde-c", "1.234,56 €"]])
    config = configuration(tmp_path, "k.yaml", "tables:\n  holders: {from: stellen.xlsx}\n"
                                               "  advances: {from: geld.xlsx}\n")
    loaded = load_config(config)
    holder = loaded.config.positions[0].holders[0]
    assert (holder.start, holder.end, holder.step_since) == (dt.date(2025, 9, 15), dt.date(2026, 12, 31), dt.date(2025, 9, 15))
    assert (holder.fte, holder.step) == (Decimal("0.5"), 3)
    assert loaded.config.regions["nord"].advances[2025] == {"gemeinde-b": Decimal("1234.56"), "gemeinde-c": Decimal("1234.56")}
    # each value is cited by its cell
    assert str(loaded.locate(("positions", 0, "holders", 0, "start"))) == "stellen.xlsx:Stellen!C2"
    assert str(loaded.locate(("regions", "nord", "advances", 2025, "gemeinde-c"))) == "geld.xlsx:Abschläge!D3"


def _errors(config: Path, lang: str = "de") -> list[str]:
    result = RUNNER.invoke(app, ["validate", "--config", str(config), "--lang", lang])
    assert result.exit_code == 3, result.output
    return [line for line in result.stderr.splitlines() if line.startswith(("error:", "Fehler:"))]


def test_a_bad_cell_is_reported_at_its_sheet_and_cell_with_exit_code_3(tmp_path):
    rows = [row[:] for row in HOLDER_CELLS]
    rows[0][4] = "1,5"            # E2: more than a full post (the schema's check, at the cell)
    rows[1][2] = "31.02.2022"     # C3: no such day (the reader's check)
    rows[2][6] = "drei"           # G4: not a whole number
    sheet(tmp_path / "stellen.xlsx", "Stellen", HOLDER_HEADERS, rows)
    config = configuration(tmp_path, "k.yaml", "tables:\n  holders: {from: stellen.xlsx, sheet: Stellen}\n")
    assert _errors(config) == [
        "Fehler: stellen.xlsx:Stellen!C3: den 31.02.2022 gibt es nicht; schreiben Sie einen Tag, den es gibt, z. B. 28.02.2025",
        "Fehler: stellen.xlsx:Stellen!G4: „drei“ ist keine ganze Zahl; schreiben Sie z. B. 3",
    ]
    rows[1][2], rows[2][6] = dt.date(2022, 1, 1), 1
    sheet(tmp_path / "stellen.xlsx", "Stellen", HOLDER_HEADERS, rows)
    (error,) = _errors(config, "en")
    assert error.startswith("error: stellen.xlsx:Stellen!E2: positions[0].holders[0].fte: 1.5 is more than a full post")


def test_a_bad_field_of_a_csv_file_is_reported_at_line_and_field(tmp_path):
    (tmp_path / "stellen.csv").write_text(HOLDER_CSV.replace("0,75", "1.500"), encoding="utf-8")
    config = configuration(tmp_path, "k.yaml", "tables:\n  holders: {from: stellen.csv}\n")
    (error,) = _errors(config, "en")
    # line 5: the blank line 4 counts as a line of the file; the fifth field is the FTE
    assert error == ("error: stellen.csv:5:5: '1.500' may mean 1500 or 1.5; write 1500 (no thousands separator) "
                     "or 1,5 (with a decimal comma)")


def test_the_header_row_is_checked_and_english_keys_are_accepted(tmp_path):
    headers = ["post", "NAME", "Start", "end", "fte", "grade", "step", "step_since", "Farbe"]
    sheet(tmp_path / "stellen.xlsx", "Stellen", headers, [row[:8] + ["blau"] for row in HOLDER_CELLS])
    config = configuration(tmp_path, "k.yaml", "tables:\n  holders: {from: stellen.xlsx}\n")
    (error,) = _errors(config, "en")
    assert error.startswith("error: stellen.xlsx:Stellen!I1: there is no column 'Farbe' in the table of post holders")
    sheet(tmp_path / "stellen.xlsx", "Stellen", headers[:8], [row[:8] for row in HOLDER_CELLS])
    tree = read_config_tree(config)
    assert [h["name"] for h in tree.data["positions"][1]["holders"]] == ["Ben Muster", "Cora Neu"]
    sheet(tmp_path / "stellen.xlsx", "Stellen", headers[:2] + headers[3:8], [row[:2] + row[3:8] for row in HOLDER_CELLS])
    (error,) = _errors(config, "en")
    assert error.startswith("error: stellen.xlsx:Stellen!A1: the column 'Beginn' (start) is missing from the header row")


def test_holders_in_yaml_and_in_a_table_are_an_error_at_the_cell(tmp_path):
    sheet(tmp_path / "stellen.xlsx", "Stellen", HOLDER_HEADERS, HOLDER_CELLS)
    text = BASE
    for marker, part in YAML_PARTS.items():
        text = text.replace(marker + "\n", part + "\n" if marker == "__HOLDERS_1__" else "")
    config = tmp_path / "k.yaml"
    config.write_text(text + "tables:\n  holders: {from: stellen.xlsx}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_config_tree(config)
    (issue,) = caught.value.issues
    assert str(issue.location) == "stellen.xlsx:Stellen!A2"
    assert "already" in issue.text("en") and "k.yaml:" in issue.text("en")


@pytest.mark.parametrize(("tables", "expected"), [
    ("tables:\n  holder: {from: stellen.xlsx}\n", "there is no table 'holder' (tables exist for holders, advances, actuals); did you mean 'holders'?"),
    ("tables:\n  holders: {from: stellen.ods}\n", "kimcost reads tables from .xlsx and .csv files"),
    ("tables:\n  holders: {from: fehlt.xlsx}\n", "the table k/fehlt.xlsx does not exist"),
    ("tables:\n  holders: {from: stellen.xlsx, sheet: Stelen}\n", "has no sheet 'Stelen'; did you mean 'Stellen'?"),
    ("tables:\n  holders: {from: ../stellen.xlsx}\n", "lies outside the configuration's folder"),
    ("tables:\n  holders: {from: stellen.csv, sheet: Stellen}\n", "a CSV file has no sheets"),
])
def test_the_tables_key_is_checked_at_its_line(tmp_path, tables, expected):
    folder = tmp_path / "k"
    folder.mkdir()
    sheet(folder / "stellen.xlsx", "Stellen", HOLDER_HEADERS, HOLDER_CELLS, extra_sheet=True)
    sheet(tmp_path / "stellen.xlsx", "Stellen", HOLDER_HEADERS, HOLDER_CELLS)
    (folder / "stellen.csv").write_text(HOLDER_CSV, encoding="utf-8")
    config = configuration(folder, "k.yaml", tables)
    (error,) = _errors(config, "en")
    assert error.startswith("error: k/k.yaml:")
    assert expected in error


def test_an_example_row_and_empty_rows_are_skipped(tmp_path):
    rows = [["nord-1", "Erika Muster", dt.date(2025, 1, 1), None, 1, "S 12", 1, dt.date(2025, 1, 1), None,
             "Beispiel – diese Zeile wird nicht gelesen"], [None] * 10, *HOLDER_CELLS, ["", " ", None]]
    sheet(tmp_path / "stellen.xlsx", "Stellen", HOLDER_HEADERS, rows)
    config = configuration(tmp_path, "k.yaml", "tables:\n  holders: {from: stellen.xlsx}\n")
    tree = read_config_tree(config)
    assert [h["name"] for h in tree.data["positions"][0]["holders"]] == ["Anna Beispiel"]
    assert str(tree.sources.locate(("positions", 0, "holders", 0, "name"))) == "stellen.xlsx:Stellen!B4"


def test_explain_cites_the_cell(three_ways):
    result = RUNNER.invoke(app, ["explain", "2025", "--config", str(three_ways["xlsx"]), "--region", "nord",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    sources = set()

    def walk(node):
        sources.add(node.get("source"))
        for child in node.get("children", []):
            walk(child)

    document = json.loads(result.stdout)
    for tree in (document.get("tree"), *document.get("trees", [])):
        if tree:
            walk(tree)
    assert "stellen.xlsx:Stellen!F2" in sources        # Anna's grade
    assert "geld.xlsx:'Ist 2025'!D2" in sources       # her actual recruitment cost


def test_a_cell_location_is_written_as_a_spreadsheet_names_it():
    assert str(Location("a.xlsx", 7, 4, "Stellen")) == "a.xlsx:Stellen!D7"
    assert str(Location("a.xlsx", 12, 28, "Ist 2025")) == "a.xlsx:'Ist 2025'!AB12"
    assert str(Location("a.xlsx", 1, 1, "Joe's")) == "a.xlsx:'Joe''s'!A1"
    assert str(Location("a.csv", 7, 4)) == "a.csv:7:4"
    assert Location("a.yaml", 7, 4).short() == "a.yaml:7"
    assert Location("a.xlsx", 7, 4, "Stellen").short() == "a.xlsx:Stellen!D7"


def test_the_documented_csv_headers_are_the_layouts():
    doc = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for layout in LAYOUTS.values():
        name = Path(layout.template_file).with_suffix(".csv").name
        assert f"{name}:".ljust(len("abschlaege.csv: ")) + csv_header(layout).strip() in doc


@given(st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2))
def test_a_german_amount_as_text_reads_back_as_the_amount(amount):
    from kimcost.configuration.tables.cells import convert
    from kimcost.configuration.tables.layout import Kind

    plain = format(amount, "f")
    integer, _, fraction = plain.lstrip("-").partition(".")
    german = ("-" if amount < 0 else "") + f"{int(integer):,}".replace(",", ".") + "," + fraction
    assert convert(german, Kind.money) == amount
    assert convert(german + " €", Kind.money) == amount
    assert convert(plain, Kind.money) == amount


def test_a_bad_cell_ends_a_real_run_with_exit_code_3(tmp_path):
    rows = [row[:] for row in HOLDER_CELLS]
    rows[0][4] = "1,5"
    sheet(tmp_path / "stellen.xlsx", "Stellen", HOLDER_HEADERS, rows)
    config = configuration(tmp_path, "k.yaml", "tables:\n  holders: {from: stellen.xlsx}\n")
    result = subprocess.run([sys.executable, "-m", "kimcost", "validate", "--config", "k.yaml"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 3
    assert result.stderr.startswith("Fehler: stellen.xlsx:Stellen!E2: positions[0].holders[0].fte: 1.5 ist mehr als eine volle Stelle")
    assert "Traceback" not in result.stderr


def test_advances_may_be_split_between_yaml_and_a_table_by_year(tmp_path):
    (tmp_path / "abschlaege.csv").write_text("Region;Jahr;Kommune;Betrag\nnord;2025;gemeinde-b;4.500,00\n"
                                             "nord;2025;gemeinde-c;2.800,50\n", encoding="utf-8")
    text = BASE
    for marker, part in YAML_PARTS.items():
        if marker == "__ADVANCES__":
            part = "    advances:\n      2024: {gemeinde-b: 4000.00, gemeinde-c: 0}"
        text = text.replace(marker + "\n", part + "\n")
    config = tmp_path / "k.yaml"
    config.write_text(text + "tables:\n  advances: {from: abschlaege.csv}\n", encoding="utf-8")
    loaded = load_config(config)
    assert loaded.config.regions["nord"].advances == {
        2024: {"gemeinde-b": Decimal("4000.00"), "gemeinde-c": Decimal("0")},
        2025: {"gemeinde-b": Decimal("4500.00"), "gemeinde-c": Decimal("2800.50")}}
    assert str(loaded.locate(("regions", "nord", "advances", 2024, "gemeinde-b"))).startswith("k.yaml:")
    assert str(loaded.locate(("regions", "nord", "advances", 2025, "gemeinde-c"))) == "abschlaege.csv:3:4"
    # the same advance in both is an error at the table's cell, naming the YAML's line
    (tmp_path / "abschlaege.csv").write_text("Region;Jahr;Kommune;Betrag\nnord;2024;gemeinde-c;0\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_config_tree(config)
    (issue,) = caught.value.issues
    assert str(issue.location) == "abschlaege.csv:2:3" and "k.yaml:" in issue.text("en")
