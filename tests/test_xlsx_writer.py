"""kimcost's own xlsx writer (reports/xlsx/writer.py), read back by openpyxl and LibreOffice:
the monthly values' numbers are the engine's Decimals digit for digit, text stays literal
text (never a formula, cleaned of what XML cannot hold), the same inputs give the same
bytes, prepared rows read back as the same cells as cells written one by one, a failure
leaves the earlier file, and nothing of openpyxl is imported to write a workbook."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from openpyxl import load_workbook

from kimcost.configuration import yaml_source
from kimcost.reports.output import OutputError
from kimcost.reports.settlement.workbook import build_workbook, write_workbook
from kimcost.reports.settlement.workbook.monthly import HEADER_ROW, _grant
from kimcost.reports.xlsx import writer
from kimcost.reports.xlsx.book import new_workbook
from kimcost.reports.xlsx.determinism import save_reproducibly
from kimcost.reports.xlsx.model import column_letter
from kimcost.reports.xlsx.styles import _KINDS, EXACT_PLACES, SheetWriter, clean_text
from kimcost.reports.xlsx.writer import decimal_text
from tests.workbook_support import EPOCH, EPOCH_MOMENT, copy_config, settled

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture(scope="module", autouse=True)
def _escaped_control_characters_let_through():
    """Since issue 11 the loader refuses the escaped control characters of HOSTILE; let them
    through here, to show that the workbook defends on its own too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml_source, "_ESCAPED_CONTROL", re.compile(r"(?!)"))
        yield


HOSTILE = {
    "{name: Case-Managerin Nord 1,": "{name: '=HYPERLINK(\"http://x\",\"y\")',",
    "{name: Case-Manager Nord 2,": "{name: '  <b>&amp; \"Süd\" ',",
    "name: Case-Management Nord 2": "name: \"@SUM(A1)\\r\\nzweite Zeile \\x01\\uFFFE\"",
    "name: Region Nord": "name: ' -1 '",
}


# --- helpers -------------------------------------------------------------------------------------

def _save(run, lang: str, path: Path) -> Path:
    save_reproducibly(build_workbook(run.settlement, run.loaded, lang, EPOCH_MOMENT), path, EPOCH_MOMENT)
    return path


def _part(path: Path, title: str) -> str:
    """The zip entry of sheet ``title`` (sheets are numbered in order)."""
    index = load_workbook(path, read_only=True).sheetnames.index(title) + 1
    return f"xl/worksheets/sheet{index}.xml"


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    root = ET.fromstring(archive.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in root.findall("m:si", NS)]


def _style(cell) -> tuple:
    return (cell.number_format, repr(cell.font), repr(cell.fill), repr(cell.border), repr(cell.alignment))


@pytest.fixture(scope="module")
def hostile_config(tmp_path_factory):
    return copy_config(tmp_path_factory.mktemp("hostile") / "cfg", HOSTILE)


@pytest.fixture(scope="module", params=[("coesfeld", 2023, "de"), ("coesfeld", 2024, "en"), ("hostile", 2023, "de")],
                ids=lambda p: "-".join(map(str, p)))
def saved(request, tmp_path_factory, hostile_config):
    """(run, title of the monthly sheet, the saved file)."""
    config, year, lang = request.param
    run = settled(hostile_config, year) if config == "hostile" else settled(year=year)
    path = _save(run, lang, tmp_path_factory.mktemp("saved") / "abrechnung.xlsx")
    return run, "Monatswerte" if lang == "de" else "Monthly values", path


# --- the monthly values ----------------------------------------------------------------------------

def test_numbers_are_the_engines_decimals_digit_for_digit(saved):
    run, title, path = saved
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read(_part(path, title)))
        strings = _shared_strings(archive)
    assert root.find(".//m:f", NS) is None                      # no formula anywhere
    rows = {int(r.get("r")): {c.get("r").rstrip("0123456789"): c for c in r.findall("m:c", NS)}
            for r in root.findall(".//m:row", NS)}
    months = [(p, h, m) for r in run.settlement.regions for p in r.positions for h in p.holders for m in h.months
              if m.days_held]
    assert len(months) > 20
    width = len(rows[HEADER_ROW])
    last, personnel = column_letter(width), column_letter(width - 3)
    for row, (_, h, m) in enumerate(months, HEADER_ROW + 1):
        cells = rows[row]

        def number(col, cells=cells):
            return Decimal(cells[col].find("m:v", NS).text)

        assert number("E") == m.days_held and number("G") == m.fte and number("L") == m.pay
        assert number("H") == m.occupied_share.quantize(EXACT_PLACES)
        assert number(last) == _grant(m)                     # six decimal places, unrounded
        assert number(personnel) == m.personnel
        assert cells["C"].get("t") == "s" and strings[int(number("C"))] == clean_text(h.name)
        assert int(number("D")) == (dt.date(run.settlement.year, m.month, 1) - dt.date(1899, 12, 30)).days
    ws = load_workbook(path)[title]
    assert ws.max_row == HEADER_ROW + len(months) + 2
    first = ws.cell(HEADER_ROW + 1, 12)
    assert Decimal(str(first.value)) == months[0][2].pay and first.number_format == '[$-407]#,##0.00 "€"'


def test_hostile_names_stay_literal_text(hostile_config, tmp_path):
    run = settled(hostile_config, 2023)
    path = _save(run, "de", tmp_path / "hostile.xlsx")
    with zipfile.ZipFile(path) as archive:
        assert all(b"<f>" not in archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets"))
        xml = archive.read("xl/sharedStrings.xml")
    assert b'<t xml:space="preserve">  &lt;b&gt;&amp;amp; "S\xc3\xbcd" </t>' in xml
    ws = load_workbook(path)["Monatswerte"]
    first = ws.cell(HEADER_ROW + 1, 1)
    assert (first.value, first.data_type) == (" -1 ", "s")
    holder = ws.cell(HEADER_ROW + 1, 3)
    assert (holder.value, holder.data_type) == ('=HYPERLINK("http://x","y")', "s")
    posts = {ws.cell(r, 2).value for r in range(HEADER_ROW + 1, ws.max_row - 1)}
    assert "@SUM(A1)\nzweite Zeile \ufffd\ufffd" in posts        # CR LF → LF, control characters replaced


# --- reproducible, atomic, without openpyxl -----------------------------------------------------

def test_two_runs_give_the_same_bytes_dated_by_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    run = settled(year=2023)
    write_workbook(run.settlement, run.loaded, tmp_path / "a.xlsx", "de")
    write_workbook(run.settlement, run.loaded, tmp_path / "b.xlsx", "de")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 3, 9, 16, 0, 0)}
        assert archive.testzip() is None
    props = load_workbook(tmp_path / "a.xlsx").properties
    assert props.created == props.modified == EPOCH_MOMENT


def test_a_failure_while_writing_the_rows_leaves_the_earlier_file(tmp_path, monkeypatch):
    target = tmp_path / "abrechnung.xlsx"
    target.write_bytes(b"earlier")

    def failing(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "_prepared_rows", failing)
    run = settled(year=2023)
    with pytest.raises(OutputError) as info:
        write_workbook(run.settlement, run.loaded, target, "de")
    assert info.value.text("en").endswith("No space left on device; any earlier file is unchanged")
    assert info.value.text("de").endswith("No space left on device; eine bisherige Datei ist unverändert")
    assert target.read_bytes() == b"earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abrechnung.xlsx"]


def test_writing_a_workbook_imports_nothing_of_openpyxl(tmp_path):
    """openpyxl is the reader (tests, spreadsheets as input), not the writer (issue 14)."""
    script = (
        "import sys\n"
        "import datetime as dt\n"
        "from kimcost.loading import load_config\n"
        "from kimcost.engine import settle\n"
        "from kimcost.reports.settlement.workbook import build_workbook\n"
        "from kimcost.reports.xlsx.determinism import save_reproducibly\n"
        "loaded = load_config('configs/coesfeld.yaml')\n"
        "moment = dt.datetime(2024, 3, 9)\n"
        f"save_reproducibly(build_workbook(settle(loaded.config, 2023), loaded, 'de', moment), {str(tmp_path / 'x.xlsx')!r}, "
        "moment)\n"
        "print(sorted(m for m in sys.modules if m.startswith('openpyxl')))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).parent.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- the XML of single values ------------------------------------------------------------------

def test_decimal_digits_never_pass_through_float():
    assert decimal_text(Decimal("1796.69")) == "1796.69"
    assert decimal_text(Decimal("1796.00")) == "1796"           # read back as a whole number
    assert decimal_text(Decimal("0.500000")) == "0.5"
    assert decimal_text(Decimal("0E-6")) == "0"
    assert decimal_text(Decimal("-0.00")) == "0"
    assert decimal_text(Decimal("1E+3")) == "1000"
    assert decimal_text(Decimal("8900.36")) == "8900.36"        # openpyxl's "%.16g" gave 8900.360000000001
    assert decimal_text(Decimal("123456789012345678.25")) == "123456789012345678.25"
    with pytest.raises(ValueError):
        decimal_text(Decimal("NaN"))


def test_shared_strings_are_cleaned_cut_and_escaped():
    table = {"Region Nord": 0, " a ": 1, "<&>": 2, "a\r\nb\x07": 3, "x" * 40_000: 4}
    xml = writer._shared_strings(table)
    assert "<si><t>Region Nord</t></si>" in xml
    assert '<si><t xml:space="preserve"> a </t></si>' in xml
    assert "<si><t>&lt;&amp;&gt;</t></si>" in xml
    assert "<si><t>a\nb\ufffd</t></si>" in xml
    assert f"<si><t>{'x' * 32767}</t></si>" in xml


def test_dates_and_times_are_serial_days():
    assert writer._number_text(dt.date(2023, 11, 14)) == "45244"
    assert writer._number_text(dt.datetime(2023, 11, 14)) == "45244"
    assert writer._number_text(dt.datetime(2023, 11, 14, 12)) == "45244.5"


_KIND_NAMES = sorted(_KINDS)
_VALUES = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
    st.integers(-10**9, 10**9),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9, max_value=10**9),
    st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-10, max_value=10),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 12, 31)),
)


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")   # numbers in a date format: on reading
@settings(max_examples=30, deadline=None)
@given(kinds=st.lists(st.sampled_from(_KIND_NAMES), min_size=1, max_size=6), data=st.data())
def test_any_prepared_rows_read_back_as_the_same_cells_as_cells_written_one_by_one(kinds, data):
    rows = data.draw(st.lists(st.lists(_VALUES, min_size=len(kinds), max_size=len(kinds)), max_size=6))
    books = []
    for prepared in (True, False):
        wb = new_workbook()
        SheetWriter(wb.create_sheet("Vorher"), "de").text(1, 1, "Kopf", "header")
        ws = wb.create_sheet("Werte")
        out = SheetWriter(ws, "de")
        out.text(1, 1, "Titel", "title")
        out.number(len(rows) + 4, 2, Decimal("1.50"), "money_total")
        if prepared:
            ws.prepare_rows(3, kinds, rows)
        else:
            for row, values in enumerate(rows, 3):
                for col, (value, kind) in enumerate(zip(values, kinds), 1):
                    if isinstance(value, str):
                        out.text(row, col, value, kind)
                    else:
                        out.number(row, col, value, kind)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "t.xlsx"
            save_reproducibly(wb, path, EPOCH_MOMENT)
            books.append(load_workbook(io.BytesIO(path.read_bytes()))["Werte"])
    fast, cells = books
    assert fast.dimensions == cells.dimensions
    for a, b in zip(fast.iter_rows(), cells.iter_rows(), strict=True):
        for x, y in zip(a, b, strict=True):
            assert (x.value, type(x.value), x.data_type, _style(x)) == (y.value, type(y.value), y.data_type, _style(y))


def test_prepared_rows_must_not_overlap_other_cells(tmp_path):
    wb = new_workbook()
    ws = wb.create_sheet("Werte")
    SheetWriter(ws, "de").text(4, 1, "im Weg")
    ws.prepare_rows(3, ["text"], [["a"], ["b"]])
    with pytest.raises(RuntimeError, match="rows 3–4 are prepared"):
        save_reproducibly(wb, tmp_path / "x.xlsx", EPOCH_MOMENT)


# --- LibreOffice reads the rows -------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; install libreoffice-calc-nogui")
def test_libreoffice_reads_the_monthly_values_of_hostile_names(hostile_config, tmp_path):
    import csv

    from tests.test_workbook_libreoffice import CSV_FILTER, soffice

    run = settled(hostile_config, 2023)
    path = _save(run, "de", tmp_path / "hostile.xlsx")
    soffice(path, CSV_FILTER, tmp_path / "csv", tmp_path / "profile")   # asserts: no warning on stderr
    with (tmp_path / "csv" / "hostile-Monatswerte.csv").open(encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    header = table[HEADER_ROW - 1]
    pay, personnel = header.index("Entgelt"), header.index("Personalkosten Monat")
    months = [(p, h, m) for r in run.settlement.regions for p in r.positions for h in p.holders for m in h.months
              if m.days_held]
    assert len(table) >= HEADER_ROW + len(months)
    for row, (p, h, m) in zip(table[HEADER_ROW:], months, strict=False):
        assert row[2] == clean_text(h.name) and row[1] == clean_text(p.name)
        # stored values, with the decimal comma of the German-tagged formats ([$-407])
        assert Decimal(row[pay].replace(",", ".")) == m.pay and Decimal(row[personnel].replace(",", ".")) == m.personnel
        assert row[3] == f"01.{m.month:02d}.{run.settlement.year}"          # a date to LibreOffice, German-tagged
    assert table[HEADER_ROW][2] == '=HYPERLINK("http://x","y")'
