"""The sheet *Monatswerte* is saved from prepared rows as XML (reports/workbook/fast_sheet.py)
instead of one openpyxl cell at a time. Compared here with the per-cell writer it replaced,
kept below as the reference: every other part of the file byte for byte, and every cell of
Monatswerte (value, type, number format, font, fill, border, alignment), for Coesfeld in
German and English and for hostile names; the numbers' digits against the engine's Decimals;
the fast path really taken; a plain ``Workbook.save`` and reading cells in memory still see
all rows; a failure while splicing leaves the earlier file."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

import kimcost.reports.settlement.workbook as workbook_package
from kimcost.configuration import yaml_source
from kimcost.money import ZERO
from kimcost.reports.output import OutputError
from kimcost.reports.settlement.workbook import build_workbook, write_workbook
from kimcost.reports.xlsx import fast_sheet
from kimcost.reports.xlsx.determinism import save_reproducibly
from kimcost.reports.xlsx.fast_sheet import PreparedRowsSheet, _decimal_text, _inline_string
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.settlement.workbook.monthly import _AFTER, _BEFORE, HEADER_ROW, _branches, _grant, _summed
from kimcost.reports.xlsx.styles import _KINDS, EXACT_PLACES, SheetWriter, clean_text, register_styles
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


# --- the per-cell writer this replaced (write_monthly before fast_sheet.py), as the reference --

def _per_cell_write_monthly(wb, ctx) -> None:
    ws = wb.create_sheet(ctx.monthly_sheet)
    out = SheetWriter(ws, ctx.lang)
    branches = _branches(ctx)
    titles = [ctx.L(c) for c in _BEFORE] + [name for _, name in branches] + [ctx.L(c) for c in _AFTER]
    last_col = len(titles)
    out.text(1, 1, ctx.L("monthly_title", year=ctx.year), "title", measure=False)
    ws.row_dimensions[1].height = 24
    out.text(2, 1, ctx.L("monthly_note"), "note", measure=False)
    out.header(HEADER_ROW, 1, titles, numeric=set(range(4, 8)) | set(range(9, last_col)))

    money_cols = list(range(11, last_col + 1))
    totals = {col: ZERO for col in money_cols}
    widest = dict(totals)
    row = HEADER_ROW
    for region in ctx.settlement.regions:
        for p in region.positions:
            for h in p.holders:
                for m in h.months:
                    if not m.days_held:
                        continue
                    row += 1
                    values = _per_cell_row_values(m, branches)
                    out.text(row, 1, region.name)
                    out.text(row, 2, p.name)
                    out.text(row, 3, h.name)
                    out.date(row, 4, dt.date(ctx.year, m.month, 1), month=True)
                    out.number(row, 5, m.days_held, "integer", measure=False)
                    out.number(row, 6, m.days_in_month, "integer", measure=False)
                    out.number(row, 7, m.fte, "fte", measure=False)
                    out.number(row, 8, m.occupied_share.quantize(EXACT_PLACES), "share", measure=False)
                    out.text(row, 9, h.grade, "text_center")
                    out.number(row, 10, m.step, "integer_center", measure=False)
                    for col, (value, kind) in zip(money_cols, values):
                        out.number(row, col, value, kind, measure=False)
                        if kind.startswith("money"):
                            totals[col] += value
                            widest[col] = max(widest[col], abs(value))
    last_data = max(row, HEADER_ROW + 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(last_col)}{last_data}"
    ws.freeze_panes = f"E{HEADER_ROW + 1}"

    row += 2
    out.text(row, 1, ctx.L("total"), "total_label")
    for col in range(2, 11):
        out.style(row, col, "total_blank")
    for col in money_cols:
        if col in _summed(last_col):
            out.number(row, col, totals[col], "money_total")
        else:
            out.style(row, col, "total_blank")
        out.measure(col, widest[col], "money")

    out.fit_columns(minimum=7, maximum=40)
    print_setup(ws, last_row=row, last_col=last_col, landscape=True, lang=ctx.lang,
                header=f"{ctx.L('workbook_title', year=ctx.year)} – {ctx.monthly_sheet}", footer=ctx.footer(),
                title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def _per_cell_row_values(m, branches):
    values = [(m.table_amount, "money"), (m.pay, "money"), (m.allowance, "money"),
              (m.annual_payment, "money"), (m.one_off, "money")]
    values += [(m.social_insurance.get(bid, ZERO), "money") for bid, _ in branches]
    values += [(m.supplementary_pension, "money"), (m.accident_insurance, "money"), (m.personnel, "money_bold"),
               (m.grant_share.quantize(EXACT_PLACES), "share"), (m.grant_amount, "money"), (_grant(m), "money")]
    return values


# --- helpers -------------------------------------------------------------------------------------

def _save(run, lang: str, path: Path) -> Path:
    save_reproducibly(build_workbook(run.settlement, run.loaded, lang, EPOCH_MOMENT), path, EPOCH_MOMENT)
    return path


def _monthly_part(path: Path, title: str) -> str:
    """The zip entry of sheet ``title`` (sheets are numbered in order)."""
    index = load_workbook(path, read_only=True).sheetnames.index(title) + 1
    return f"xl/worksheets/sheet{index}.xml"


def _style(cell) -> tuple:
    return (cell.number_format, repr(cell.font), repr(cell.fill), repr(cell.border), repr(cell.alignment),
            repr(cell.protection))


@pytest.fixture(scope="module")
def hostile_config(tmp_path_factory):
    return copy_config(tmp_path_factory.mktemp("hostile") / "cfg", HOSTILE)


@pytest.fixture(scope="module", params=[("coesfeld", 2023, "de"), ("coesfeld", 2024, "en"), ("hostile", 2023, "de")],
                ids=lambda p: "-".join(map(str, p)))
def pair(request, tmp_path_factory, hostile_config):
    """(run, title of the monthly sheet, fast file, file from the per-cell writer)."""
    config, year, lang = request.param
    run = settled(hostile_config, year) if config == "hostile" else settled(year=year)
    folder = tmp_path_factory.mktemp("pair")
    fast = _save(run, lang, folder / "fast.xlsx")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(workbook_package, "write_monthly", _per_cell_write_monthly)
        reference = _save(run, lang, folder / "reference.xlsx")
    title = "Monatswerte" if lang == "de" else "Monthly values"
    return run, title, fast, reference


# --- the same workbook ---------------------------------------------------------------------------

def test_every_other_part_of_the_file_is_byte_identical(pair):
    _, title, fast, reference = pair
    monthly = _monthly_part(fast, title)
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(reference) as b:
        assert a.namelist() == b.namelist()
        different = [name for name in a.namelist() if a.read(name) != b.read(name)]
    # styles.xml included: the rows use the very cell styles the per-cell writer registered
    assert different in ([], [monthly])


def test_every_cell_of_the_monthly_sheet_is_the_same(pair):
    run, title, fast, reference = pair
    new, old = load_workbook(fast)[title], load_workbook(reference)[title]
    assert (new.max_row, new.max_column) == (old.max_row, old.max_column)
    held = sum(1 for r in run.settlement.regions for p in r.positions for h in p.holders for m in h.months
               if m.days_held)
    assert new.max_row == HEADER_ROW + held + 2 and held > 20
    for new_row, old_row in zip(new.iter_rows(), old.iter_rows(), strict=True):
        for a, b in zip(new_row, old_row, strict=True):
            where = f"{title}!{a.coordinate}"
            assert (a.value, type(a.value), a.data_type) == (b.value, type(b.value), b.data_type), where
            assert _style(a) == _style(b), where
    for attribute in ("freeze_panes", "dimensions", "print_title_rows", "print_area"):
        assert getattr(new, attribute) == getattr(old, attribute), attribute
    assert new.auto_filter.ref == old.auto_filter.ref
    assert {k: v.width for k, v in new.column_dimensions.items()} == \
        {k: v.width for k, v in old.column_dimensions.items()}
    assert {k: v.height for k, v in new.row_dimensions.items()} == \
        {k: v.height for k, v in old.row_dimensions.items()}


def test_the_xml_differs_at_most_in_the_digits_openpyxl_took_through_float(pair):
    """openpyxl writes a Decimal as ``"%.16g" % value`` (via float: 8900.36 → 8900.360000000001);
    the prepared rows write the Decimal's own digits. Both read back as the same number."""
    _, title, fast, reference = pair
    part = _monthly_part(fast, title)
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(reference) as b:
        new, old = ET.fromstring(a.read(part)), ET.fromstring(b.read(part))
    new_cells, old_cells = new.findall(".//m:c", NS), old.findall(".//m:c", NS)
    assert len(new_cells) == len(old_cells)
    for a, b in zip(new_cells, old_cells):
        assert a.attrib == b.attrib
        va, vb = a.find("m:v", NS), b.find("m:v", NS)
        if va is None:
            assert vb is None and ET.tostring(a) == ET.tostring(b)
        else:
            assert va.text == vb.text or float(va.text) == float(vb.text), a.attrib["r"]


def test_numbers_are_the_engines_decimals_digit_for_digit(pair):
    run, title, fast, _ = pair
    with zipfile.ZipFile(fast) as archive:
        root = ET.fromstring(archive.read(_monthly_part(fast, title)))
    rows = {int(r.get("r")): {c.get("r").rstrip("0123456789"): c for c in r.findall("m:c", NS)}
            for r in root.findall(".//m:row", NS)}
    months = [(p, h, m) for r in run.settlement.regions for p in r.positions for h in p.holders for m in h.months
              if m.days_held]
    last = get_column_letter(len(rows[HEADER_ROW]))
    for row, (p, h, m) in enumerate(months, HEADER_ROW + 1):
        cells = rows[row]

        def number(col):
            return Decimal(cells[col].find("m:v", NS).text)

        assert number("E") == m.days_held and number("G") == m.fte and number("L") == m.pay
        assert number("H") == m.occupied_share.quantize(EXACT_PLACES)
        assert number(last) == _grant(m)                     # six decimal places, unrounded
        personnel = get_column_letter(len(rows[HEADER_ROW]) - 3)
        assert number(personnel) == m.personnel
        text = cells["C"].find("m:is/m:t", NS).text
        assert cells["C"].get("t") == "inlineStr" and text == clean_text(h.name)


def test_hostile_names_stay_literal_text(hostile_config, tmp_path):
    run = settled(hostile_config, 2023)
    path = _save(run, "de", tmp_path / "hostile.xlsx")
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(_monthly_part(path, "Monatswerte"))
    assert b"<f>" not in xml
    assert b'<t xml:space="preserve">  &lt;b&gt;&amp;amp; "S\xc3\xbcd" </t>' in xml
    ws = load_workbook(path)["Monatswerte"]
    first = ws.cell(HEADER_ROW + 1, 1)
    assert (first.value, first.data_type) == (" -1 ", "s")
    holder = ws.cell(HEADER_ROW + 1, 3)
    assert (holder.value, holder.data_type) == ('=HYPERLINK("http://x","y")', "s")
    posts = {ws.cell(r, 2).value for r in range(HEADER_ROW + 1, ws.max_row - 1)}
    assert "@SUM(A1)\nzweite Zeile \ufffd\ufffd" in posts        # CR LF → LF, control characters replaced


# --- the fast path is taken, and everything else still sees all rows ----------------------------

def test_write_workbook_takes_the_fast_path(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))

    def refuse(self):
        raise AssertionError("the prepared rows became openpyxl cells")

    monkeypatch.setattr(PreparedRowsSheet, "_materialise", refuse)
    run = settled(year=2023)
    write_workbook(run.settlement, run.loaded, tmp_path / "a.xlsx", "de")
    write_workbook(run.settlement, run.loaded, tmp_path / "b.xlsx", "de")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_in_memory_the_sheet_is_an_ordinary_openpyxl_sheet(tmp_path):
    run = settled(year=2023)
    wb = build_workbook(run.settlement, run.loaded, "de", EPOCH_MOMENT)
    ws = wb["Monatswerte"]
    assert ws._prepared is not None
    save_reproducibly(wb, tmp_path / "fast.xlsx", EPOCH_MOMENT)
    assert ws._prepared is not None and not ws._leave_out               # saving keeps them prepared
    # looking at a cell turns the rows into openpyxl cells, as the per-cell writer made them
    assert ws.cell(HEADER_ROW + 1, 3).value == "Case-Managerin Nord 1"
    assert ws._prepared is None
    assert ws.cell(HEADER_ROW + 1, 12).value == run.settlement.position("nord-1").holders[0].months[0].pay
    # once they are cells, every save writes them through openpyxl, with the same result
    save_reproducibly(wb, tmp_path / "cells.xlsx", EPOCH_MOMENT)
    a, b = load_workbook(tmp_path / "fast.xlsx")["Monatswerte"], load_workbook(tmp_path / "cells.xlsx")["Monatswerte"]
    assert [[c.value for c in r] for r in a.iter_rows()] == [[c.value for c in r] for r in b.iter_rows()]


def test_a_failure_while_writing_the_rows_leaves_the_earlier_file(tmp_path, monkeypatch):
    target = tmp_path / "abrechnung.xlsx"
    target.write_bytes(b"earlier")

    def failing(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fast_sheet, "_rows_xml", failing)
    run = settled(year=2023)
    with pytest.raises(OutputError, match="No space left on device; any earlier file is unchanged"):
        write_workbook(run.settlement, run.loaded, target, "de")
    assert target.read_bytes() == b"earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abrechnung.xlsx"]


# --- the XML of single values ------------------------------------------------------------------

def test_decimal_digits_never_pass_through_float():
    assert _decimal_text(Decimal("1796.69")) == "1796.69"
    assert _decimal_text(Decimal("1796.00")) == "1796"          # as openpyxl: read back as a whole number
    assert _decimal_text(Decimal("0.500000")) == "0.5"
    assert _decimal_text(Decimal("0E-6")) == "0"
    assert _decimal_text(Decimal("-0.00")) == "-0"
    assert _decimal_text(Decimal("1E+3")) == "1000"
    assert _decimal_text(Decimal("8900.36")) == "8900.36"       # "%.16g" gives 8900.360000000001
    assert _decimal_text(Decimal("123456789012345678.25")) == "123456789012345678.25"
    with pytest.raises(ValueError):
        _decimal_text(Decimal("NaN"))


def test_inline_strings():
    assert _inline_string("Region Nord") == "<is><t>Region Nord</t></is>"
    assert _inline_string(" a ") == '<is><t xml:space="preserve"> a </t></is>'
    assert _inline_string("   ") == "<is><t>   </t></is>"      # as openpyxl (et_xmlfile) writes it
    assert _inline_string("<&>") == "<is><t>&lt;&amp;&gt;</t></is>"
    assert _inline_string("a\r\nb\x07") == "<is><t>a\nb\ufffd</t></is>"
    assert _inline_string("x" * 40_000) == f"<is><t>{'x' * 32767}</t></is>"


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
def test_any_prepared_rows_read_back_as_the_same_cells_as_openpyxl_writes_them(kinds, data):
    rows = data.draw(st.lists(st.lists(_VALUES, min_size=len(kinds), max_size=len(kinds)), max_size=6))
    books = []
    for materialise in (False, True):
        wb = Workbook()
        wb.remove(wb.active)
        register_styles(wb)
        SheetWriter(wb.create_sheet("Vorher"), "de").text(1, 1, "Kopf", "header")
        ws = PreparedRowsSheet.add_to(wb, "Werte")
        out = SheetWriter(ws, "de")
        out.text(1, 1, "Titel", "title")
        out.number(len(rows) + 4, 2, Decimal("1.50"), "money_total")
        ws.prepare_rows(3, kinds, rows)
        if materialise:
            assert ws.max_row == len(rows) + 4
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
    wb = Workbook()
    register_styles(wb)
    ws = PreparedRowsSheet.add_to(wb, "Werte")
    SheetWriter(ws, "de").text(4, 1, "im Weg")
    ws.prepare_rows(3, ["text"], [["a"], ["b"]])
    with pytest.raises(RuntimeError, match="rows 3–4 are prepared"):
        save_reproducibly(wb, tmp_path / "x.xlsx", EPOCH_MOMENT)
    assert not ws._leave_out


# --- LibreOffice reads the rows -------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; install libreoffice-calc-nogui")
def test_libreoffice_reads_the_prepared_rows_of_hostile_names(hostile_config, tmp_path):
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
