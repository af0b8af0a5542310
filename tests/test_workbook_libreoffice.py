"""The workbook opened in a real spreadsheet program: LibreOffice Calc (headless) converts
every sheet to CSV and the statements to PDF. The figures LibreOffice reads must equal the
JSON ones, and every statement must print on exactly one A4 portrait page.

Skipped only when ``soffice`` is not installed (Debian: libreoffice-calc-nogui; ``.ci/run``
installs it). Each conversion uses its own LibreOffice profile, so parallel runs do not clash.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from kimcost.reports.settlement.workbook import write_workbook
from tests.workbook_support import EPOCH, settled

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed, so the workbook cannot be "
                                               "opened in a real spreadsheet program; install libreoffice-calc-nogui"),
]
# all sheets, UTF-8, comma-separated, values as stored (not as displayed)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
TIMEOUT = 240
# LibreOffice prints this on machines without Java; it concerns macros, not the document
HARMLESS = re.compile(r"^Warning: failed to launch javaldx.*$", re.MULTILINE)


def soffice(source: Path, convert_to: str, outdir: Path, profile: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", convert_to, "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    problems = HARMLESS.sub("", result.stderr).strip()
    assert problems == "", f"LibreOffice reported: {problems}"
    return result


@pytest.fixture(scope="module", params=[2023, 2024])
def converted(request, tmp_path_factory):
    """(CSV per sheet name, JSON document) for Coesfeld 2023 and 2024."""
    folder = tmp_path_factory.mktemp(f"lo{request.param}")
    run = settled(year=request.param)
    workbook = folder / "abrechnung.xlsx"
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    try:
        write_workbook(run.settlement, run.loaded, workbook, "de")
    finally:
        mp.undo()
    from openpyxl import load_workbook

    sheets = load_workbook(workbook, read_only=True).sheetnames
    result = soffice(workbook, CSV_FILTER, folder / "csv", folder / "profile")
    assert result.stdout.count("Writing sheet") == len(sheets)
    tables = {}
    for name in sheets:
        path = folder / "csv" / f"abrechnung-{name}.csv"
        assert path.exists(), f"LibreOffice wrote no CSV for sheet {name!r}"
        with path.open(encoding="utf-8", newline="") as fh:
            tables[name] = list(csv.reader(fh))
    return tables, run.doc


def _row(table: list[list[str]], first: str, start: int = 0) -> list[str]:
    for row in table[start:]:
        if row and row[0] == first:
            return row
    raise AssertionError(f"no row starting with {first!r}")


def _index(table: list[list[str]], first: str) -> int:
    return next(i for i, row in enumerate(table) if row and row[0] == first)


def D(text: str) -> Decimal:
    """A stored value as LibreOffice writes it: with the decimal comma of the cell's German
    number format ([$-407]), never grouped."""
    return Decimal(text.replace(",", "."))


def test_libreoffice_reads_the_overview_figures(converted):
    tables, doc = converted
    overview = tables["Übersicht"]
    for region in doc["regions"]:
        row = _row(overview, region["name"])
        assert row[1] == region["employer_name"]
        assert [D(x) for x in row[3:10]] == [D(region["costs"][k]) for k in
                                             ("personnel", "equipment", "recruitment", "administration", "total")] \
            + [D(region["grant"]), D(region["own_share"])]
    start = _index(overview, "Kommune")
    for region in doc["regions"]:
        for m in region["members"]:
            row = _row(overview, m["name"], start)
            assert row[1] == region["name"]
            assert (D(row[4]), D(row[5]), D(row[6])) == (D(m["share"]), D(m["advances"]), D(m["balance"]))
    total = _row(overview, "Summe", start)
    assert D(total[4]) == sum(D(r["own_share"]) for r in doc["regions"])


def test_libreoffice_reads_each_statement(converted):
    tables, doc = converted
    statements = 0
    for region in doc["regions"]:
        for m in (m for m in region["members"] if not m["is_employer"]):
            statements += 1
            sheet = tables[f"Abrechnung {m['name']}"]
            assert _row(sheet, f"Abrechnung Kommunales Case-Management {doc['year']} – {m['name']}")
            assert D(_row(sheet, "Eigenanteil der Region")[2]) == D(region["own_share"])
            share = next(r for r in sheet if r and r[0].startswith("Ihr Anteil ("))
            assert D(share[2]) == D(m["share"])
            assert D(_row(sheet, "abzüglich geleisteter Abschläge")[2]) == -D(m["advances"])
            assert D(_row(sheet, "Nachzahlung")[2]) == D(m["balance"])
    assert statements == 8


def test_libreoffice_reads_the_split_and_the_monthly_values(converted):
    tables, doc = converted
    for region in doc["regions"]:
        sheet = tables[region["name"]]
        start = _index(sheet, "Aufteilung des Eigenanteils")
        for m in region["members"]:
            row = _row(sheet, m["name"], start)
            assert (D(row[5]), D(row[7])) == (D(m["share"]), D(m["balance"]))
    monthly = tables["Monatswerte"]
    header = monthly[3]
    personnel = header.index("Personalkosten Monat")
    for p in doc["positions"]:
        total = sum(D(row[personnel]) for row in monthly[4:] if len(row) > 2 and row[1] == p["name"])
        assert total.quantize(Decimal("0.01")) == D(p["costs"]["personnel"]), p["id"]


@pytest.fixture(scope="module")
def statements_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    run = settled(year=2023)
    workbook = folder / "abrechnung.xlsx"
    write_workbook(run.settlement, run.loaded, workbook, "de")
    soffice(workbook, "pdf", folder, folder / "profile")
    pdf = folder / "abrechnung.pdf"
    assert pdf.exists()
    return pdf, run.doc


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _page_size(pdf: Path, page: int) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(pdf)],
                          capture_output=True, text=True, check=True).stdout
    width, height = re.search(rf"^Page\s+{page} size:\s+([\d.]+) x ([\d.]+)", info, re.MULTILINE).groups()
    return float(width), float(height)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdfinfo, pdftoppm) is not installed")
def test_each_statement_prints_on_exactly_one_a4_portrait_page(statements_pdf, tmp_path):
    pdf, doc = statements_pdf
    texts = [_page_text(pdf, p) for p in range(1, _pages(pdf) + 1)]
    pages_of = {}
    for region in doc["regions"]:
        for m in (m for m in region["members"] if not m["is_employer"]):
            # the header row repeats on every printed page, so a second page would carry it too
            title = f"Abrechnung Kommunales Case-Management 2023 – {m['name']}"
            pages_of[m["name"]] = [i + 1 for i, text in enumerate(texts) if title in text and "Kämmerei" in text]
    assert len(pages_of) == 8
    assert all(len(pages) == 1 for pages in pages_of.values()), pages_of
    for name, (page,) in pages_of.items():
        width, height = _page_size(pdf, page)
        assert (round(width), round(height)) == (595, 842), name   # A4 portrait in points
    billerbeck = texts[pages_of["Stadt Billerbeck"][0] - 1]
    # German separators although LibreOffice runs in English here (the [$-407] formats)
    assert "Nachzahlung" in billerbeck and "351,33 €" in billerbeck

    # one page as an image, as a reviewer would look at it (kept in the test's tmp_path)
    png = tmp_path / "billerbeck"
    page = pages_of["Stadt Billerbeck"][0]
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(png)], check=True, timeout=60)
    image = png.with_suffix(".png").read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")
    assert abs(width - 496) <= 1 and abs(height - 702) <= 1   # A4 at 60 dpi, portrait


def test_the_overview_chart_prints_with_its_title_axis_and_labels(statements_pdf):
    """The chart part, drawing and relationships kimcost writes itself (reports/xlsx/writer.py)
    are drawn by a real spreadsheet program: its title, the value axis in whole euros and one
    data label per municipality (beside the same amounts in the table above)."""
    pdf, doc = statements_pdf
    text = _page_text(pdf, 1)
    assert "Anteile der Kommunen am Eigenanteil 2023" in text
    assert re.search(r"\b12[.,]000 €", text)                 # the axis: '#,##0 "€"', no cents
    members = [m for r in doc["regions"] for m in r["members"]]
    share = f"{Decimal(members[0]['share']):,.2f} €"
    assert len(re.findall(re.escape(share) + "|" + re.escape(share.replace(",", "X").replace(".", ",")
                                                             .replace("X", ".")), text)) >= 2
