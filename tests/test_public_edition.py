"""The public edition (``--public``, issue 10): outputs for a council paper in which no post
holder is named and no grade or step is shown, with every figure the full edition's.

Each command runs twice on the shipped Coesfeld configuration, as the full and as the public
edition, and the public outputs are read back as their readers read them: the workbooks with
openpyxl (every cell of every sheet and the document properties), JSON and CSV as data, the
PDF letters with pdftotext.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.loading import load_config
from kimcost.reports.public import Privacy, letter
from tests.conftest import COESFELD, ROOT

runner = CliRunner()
ENV = {"SOURCE_DATE_EPOCH": "1740000000", "COLUMNS": "200"}
GRANT_ENDS = ROOT / "examples" / "coesfeld-grant-ends.yaml"
PAY_RISE = ROOT / "examples" / "coesfeld-higher-pay-rise.yaml"
POPPLER = shutil.which("pdftotext") is not None
# command: its arguments, and whether it writes CSV (each writes JSON and a workbook)
COMMANDS = {
    "settle": (["settle", "2024"], True),
    "forecast": (["forecast", "2025", "2027"], True),
    "compare": (["compare", "2025", "2026", "-s", str(GRANT_ENDS), "-s", str(PAY_RISE)], True),
    "variance": (["variance", "2023", "2024"], False),
}
MONEY = re.compile(r"^-?\d+\.\d{2}$")


def holder_names() -> list[str]:
    config = load_config(COESFELD).config
    names = [h.name for p in config.positions for h in p.holders]
    assert len(names) == 8 and "Case-Managerin Mitte" in names
    return names


def invoke(*args: str):
    result = runner.invoke(app, [*args, "--config", str(COESFELD)], env=ENV)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """{"full"|"public": folder} with <command>.json, .csv, .xlsx, .txt and the letters."""
    folders = {}
    for edition, extra in (("full", []), ("public", ["--public"])):
        folder = tmp_path_factory.mktemp(edition)
        for name, (args, has_csv) in COMMANDS.items():
            invoke(*args, "-f", "json", "--output", str(folder / f"{name}.json"), "--out", str(folder / f"{name}.xlsx"),
                   *extra)
            if has_csv:
                invoke(*args, "-f", "csv", "--output", str(folder / f"{name}.csv"), *extra)
            (folder / f"{name}.txt").write_text(invoke(*args, "--no-workbook", *extra).stdout, encoding="utf-8")
        invoke("settle", "2024", "-f", "csv", "--csv-positions", "--output", str(folder / "positions.csv"), *extra)
        (folder / "letters").mkdir()
        invoke("statements", "2024", "--out", str(folder / "letters"), *extra)
        folders[edition] = folder
    return folders


def workbook_texts(path: Path) -> list[tuple[str, str]]:
    """(where, text) of every cell, print header and footer, and document property."""
    wb = load_workbook(path)
    p = wb.properties
    out = [(f"properties.{a}", str(getattr(p, a) or "")) for a in ("title", "subject", "keywords", "description",
                                                                   "creator", "lastModifiedBy")]
    for ws in wb.worksheets:
        out.append((f"{ws.title}!header", f"{ws.oddHeader.center.text} {ws.oddFooter.center.text}"))
        for row in ws.iter_rows():
            out += [(f"{ws.title}!{c.coordinate}", str(c.value)) for c in row if c.value is not None]
    return out


def json_values(node, path: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [pair for k, v in node.items() for pair in [(f"{path}.{k}", k)] + json_values(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [pair for i, v in enumerate(node) for pair in json_values(v, f"{path}[{i}]")]
    return [(path, str(node))]


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def named(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    names = holder_names()
    return [(where, text) for where, text in texts if any(n in text for n in names)]


# --- no holder is named ------------------------------------------------------------------


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_holder_is_named_in_any_workbook_cell_or_property(outputs, name):
    assert named(workbook_texts(outputs["full"] / f"{name}.xlsx"))   # the check finds them where they are
    assert named(workbook_texts(outputs["public"] / f"{name}.xlsx")) == []


def test_the_full_edition_names_the_holders_which_the_checks_would_find(outputs):
    """The checks below are not vacuous: in the full edition they find the names."""
    full = outputs["full"]
    for name in ("settle", "forecast", "compare", "variance"):
        assert named(json_values(json.loads((full / f"{name}.json").read_text("utf-8")))), name
    assert named([("txt", (full / "variance.txt").read_text("utf-8"))])


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_holder_is_named_in_any_json_value_or_terminal_line(outputs, name):
    public = outputs["public"]
    doc = json.loads((public / f"{name}.json").read_text("utf-8"))
    assert named(json_values(doc)) == []
    assert doc["edition"] == "public"
    assert named([("terminal", (public / f"{name}.txt").read_text("utf-8"))]) == []
    assert (public / f"{name}.txt").read_text("utf-8").startswith("Öffentliche Fassung")


@pytest.mark.parametrize("name", ["settle", "positions", "forecast", "compare"])
def test_no_holder_is_named_in_any_csv_cell_and_the_csv_is_the_full_one(outputs, name):
    data = (outputs["public"] / f"{name}.csv").read_bytes()
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    assert named([("csv", c) for c in cells]) == []
    # a CSV has no holder data and no place for a note: the public one is the full one, byte for byte
    assert data == (outputs["full"] / f"{name}.csv").read_bytes()


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) is not installed")
def test_no_holder_is_named_and_no_grade_shown_in_the_letters(outputs):
    letters = sorted((outputs["public"] / "letters").glob("*.pdf"))
    assert len(letters) == 9   # eight letters and the one for printing
    for pdf in letters:
        text = pdf_text(pdf)
        assert named([(pdf.name, text)]) == [], pdf.name
        assert not re.search(r"S 1[12]b? Stufe|Stufe \d", text), pdf.name
        assert "Öffentliche Fassung" in text
    nottuln = pdf_text(outputs["public"] / "letters" / "nottuln.pdf")
    full = pdf_text(outputs["full"] / "letters" / "nottuln.pdf")
    assert "S 12 Stufe 4 seit 01.06.2020" in full          # what the public edition leaves out
    assert "Stelle Case-Management Mitte, Person A" in nottuln
    assert "Person, Entgeltgruppe und Stufe angenommen" in nottuln
    # the post's pay lines go with the grade (one holder: the pay is the table amount × 12)
    assert re.search(r"^\s*Entgelt\s", full, re.MULTILINE) and not re.search(r"^\s*Entgelt\s", nottuln, re.MULTILINE)
    # the figures of the letter are the full edition's: the balance, the personnel costs
    for amount in re.findall(r"\d{1,3}(?:\.\d{3})*,\d{2} €", full.split("Anlage")[0]):
        assert amount in nottuln


# --- grade and step are left out; the holders are lettered within their post --------------


def test_region_sheets_and_monthly_values_show_no_grade_or_step(outputs):
    full, public = (load_workbook(outputs[e] / "settle.xlsx") for e in ("full", "public"))
    sheets = ["Region Nord", "Region Mitte", "Region Süd", "Monatswerte"]
    for name in sheets:
        text = " ".join(str(c.value) for row in public[name].iter_rows() for c in row if c.value is not None)
        assert not re.search(r"S 1[12]b?|S 14|Stufe|Entgeltgruppe|Tabellenentgelt", text), name
    assert "S 12" in " ".join(str(c.value) for row in full["Region Mitte"].iter_rows() for c in row)


def test_holders_are_lettered_within_their_post(outputs):
    ws = load_workbook(outputs["public"] / "settle.xlsx")["Region Nord"]
    assert [c.value for c in ws[5]][:8] == ["Stelle", "Stelleninhaber/in", "VZÄ", "Beginn", "Ende", "Monate besetzt",
                                             "VZÄ-Monate", None]
    rows = [[c.value for c in row[:3]] for row in ws.iter_rows(min_row=6, max_row=9)]
    # Nord 3: its first holder left in 2023, so in 2024 only the second, person B, holds it
    assert rows == [["Case-Management Nord 1", "Person A", 1], ["Case-Management Nord 2", "Person A", 1],
                    ["Case-Management Nord 3 (halbe Stelle)", "Person B", 0.5], [None, None, None]]
    doc = json.loads((outputs["public"] / "settle.json").read_text("utf-8"))
    nord3 = next(p for p in doc["positions"] if p["id"] == "nord-3")
    assert nord3["holders"] == [{"person": "B", "fte": "0.5000", "start": "2023-11-01", "end": None,
                                 "months_held": 12}]


def test_parameter_rows_of_holders_say_only_what_is_assumed(outputs):
    ws = load_workbook(outputs["public"] / "settle.xlsx")["Parameter"]
    values = {ws.cell(r, 2).value: (ws.cell(r, 4).value, ws.cell(r, 6).value) for r in range(5, ws.max_row + 1)}
    assert values["Stelle Case-Management Nord 2, Person A"] == (
        "Person, Entgeltgruppe und Stufe angenommen", "Angaben zur Person: in der öffentlichen Fassung ausgelassen")
    assert values["Stelle Case-Management Nord 3 (halbe Stelle), Person B"][0] == "Person, Entgeltgruppe und Stufe angenommen"
    doc = json.loads((outputs["public"] / "forecast.json").read_text("utf-8"))
    holders = [a for a in doc["assumptions"] if ".holders[" in a["key"]]
    assert holders and all(a["value"].endswith(": Annahme zu Person, Entgeltgruppe und Stufe") for a in holders)


# --- every figure is unchanged -----------------------------------------------------------


def _at(doc, path: str):
    for part in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path):
        doc = doc[part[0]] if part[0] else doc[int(part[1])]
    return doc


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_money_field_of_the_public_json_is_the_full_ones(outputs, name):
    full = json.loads((outputs["full"] / f"{name}.json").read_text("utf-8"))
    public = json.loads((outputs["public"] / f"{name}.json").read_text("utf-8"))
    money = [(path, value) for path, value in json_values(public) if MONEY.match(value)]
    assert len(money) > 20
    for path, value in money:
        assert str(_at(full, path)) == value, path
    # and none is dropped but the holders' own personnel costs
    full_money = {p for p, v in json_values(full) if MONEY.match(v)}
    assert {p for p in full_money - {p for p, _ in money} if not re.search(r"\.holders\[\d+\]\.personnel$", p)} == set()


def test_the_public_monthly_values_are_per_post_and_add_up_to_the_full_grant(outputs):
    full = load_workbook(outputs["full"] / "settle.xlsx")["Monatswerte"]
    heads = [c.value for c in full[4]]
    total_row = next(r for r in range(full.max_row, 0, -1) if full.cell(r, 1).value == "Summe")
    grant = full.cell(total_row, heads.index("Förderung (rechnerisch)") + 1).value
    public = load_workbook(outputs["public"] / "settle.xlsx")["Monatswerte"]
    # no money of a month but the grant: a month's personnel costs of a full-time holder give
    # the table amount away by one division (reports/public.py)
    assert [c.value for c in public[4]] == ["Region", "Stelle", "Monat", "besetzt mit", "besetzte VZÄ",
                                            "Förderung (rechnerisch)"]
    row = next(r for r in range(public.max_row, 0, -1) if public.cell(r, 1).value == "Summe")
    assert public.cell(row, 6).value == grant
    # one row per post and month held: Nord 1, 2, 3, Mitte, Süd 1, 2, 3 all year
    assert row - 2 - 4 == 7 * 12
    assert [public.cell(r, 4).value for r in (5, 29)] == ["Person A", "Person B"]   # Nord 3: person B


# --- the edition says what it is ---------------------------------------------------------


@pytest.mark.parametrize("name", ["settle", "forecast", "compare", "variance"])
def test_the_workbook_properties_say_it_is_the_public_edition(outputs, name):
    props = load_workbook(outputs["public"] / f"{name}.xlsx").properties
    assert props.title.endswith("(öffentliche Fassung)")
    assert "öffentliche Fassung" in props.keywords and "öffentliche Fassung" in props.subject
    assert "öffentliche Fassung" not in load_workbook(outputs["full"] / f"{name}.xlsx").properties.title


def test_the_overview_says_it_is_the_public_edition(outputs):
    ws = load_workbook(outputs["public"] / "settle.xlsx").worksheets[0]
    assert ws["A1"].value == "Abrechnung Kommunales Case-Management 2024 (öffentliche Fassung)"
    assert ws["A3"].value.startswith("Öffentliche Fassung: ohne Namen, Entgeltgruppe und Stufe")
    assert "(öffentliche Fassung)" in ws.oddHeader.center.text   # on every printed page


def test_full_edition_json_has_no_edition_key(outputs):
    assert "edition" not in json.loads((outputs["full"] / "settle.json").read_text("utf-8"))


# --- details ------------------------------------------------------------------------------


def test_letters_run_as_spreadsheet_columns():
    assert [letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_privacy_in_english_and_in_the_full_edition():
    public = Privacy(True, "en")
    assert public.holder_of_post("Post Nord 1", "Jane Doe", 0) == "Post Post Nord 1, person A"
    assert public.person(2) == "Person C"
    full = Privacy()
    assert full.holder("Jane Doe", 0) == "Jane Doe" and full.title("T") == "T" and full.edition_key == {}


def test_a_scenario_change_to_a_holder_shows_no_values(tmp_path):
    scenario = tmp_path / "step.yaml"
    scenario.write_text("name: step-up\ndescription: Mitte eine Stufe höher\nchanges:\n"
                        "  - set: positions.mitte-1.holders[0].step\n    value: 5\n"
                        "  - set: positions.mitte-1.holders[0].name\n    value: Erika Beispiel\n", encoding="utf-8")
    out = tmp_path / "cmp.xlsx"
    result = runner.invoke(app, ["compare", "2025", "--config", str(COESFELD), "-s", str(scenario), "--public",
                                 "-f", "json", "--out", str(out)], env=ENV)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    changes = doc["scenarios"][0]["changes"]
    assert [c["key"] for c in changes] == ["positions.mitte-1.holders[0].step", "positions.mitte-1.holders[0].name"]
    assert {c["scenario"] for c in changes} == {"(in der öffentlichen Fassung ausgelassen)"}
    texts = " ".join(t for _, t in json_values(doc)) + " ".join(t for _, t in workbook_texts(out))
    assert "Erika Beispiel" not in texts and "Case-Managerin Mitte" not in texts
    terminal = runner.invoke(app, ["compare", "2025", "--config", str(COESFELD), "-s", str(scenario), "--public",
                                   "--no-workbook"], env=ENV)
    assert terminal.exit_code == 0 and "Erika Beispiel" not in terminal.stdout


def test_explain_has_no_public_edition():
    """explain exists to show each holder's pay: ``--public`` is a usage error there."""
    result = subprocess.run([sys.executable, "-m", "kimcost", "explain", "2024", "--config", str(COESFELD),
                             "--member", "nottuln", "--public"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "hat keine öffentliche Fassung" in result.stderr and result.stdout == ""
