"""The forecast and compare workbooks as a reader sees them: printed by LibreOffice to PDF,
read back with poppler. Every page is A4 landscape, carries the header (the title) and the
footer (kimcost, the fingerprint), holds more than header and footer, and no table is cut
sideways: a page that shows the table's first column also shows its last one."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from tests.conftest import COESFELD, ROOT
from tests.test_workbook_libreoffice import SOFFICE, _page_size, _page_text, _pages, soffice
from tests.workbook_support import EPOCH

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                       reason="LibreOffice (soffice) and poppler-utils are needed to print the workbook"),
]

CASES = {
    # name: (command line, title on every page, the tables' first column heading, their last ones)
    "forecast": (["forecast", "2024", "2026"], "Haushaltsprognose 2024–2026 – Kreis Coesfeld", ("Region", ("2026", "4. Rate"))),
    "compare": (["compare", "2025", "--scenario", str(ROOT / "examples" / "coesfeld-grant-ends.yaml")],
                "Vergleich 2025 – Kreis Coesfeld", ("Region", ("grant-ends Δ %",))),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def printed(request, tmp_path_factory):
    args, title, columns = CASES[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    workbook = folder / f"{request.param}.xlsx"
    result = CliRunner().invoke(app, [*args, "--config", str(COESFELD), "--out", str(workbook), "--format", "json"],
                                env={"SOURCE_DATE_EPOCH": str(EPOCH)})
    assert result.exit_code == 0, result.stderr
    soffice(workbook, "pdf", folder, folder / "profile")
    pdf = workbook.with_suffix(".pdf")
    return pdf, title, columns


def test_every_page_is_a4_landscape_with_header_and_footer(printed):
    pdf, title, _ = printed
    pages = _pages(pdf)
    assert 3 <= pages <= 8, pages
    for page in range(1, pages + 1):
        text = _page_text(pdf, page)
        width, height = _page_size(pdf, page)
        assert (round(width), round(height)) == (842, 595), page
        assert title in text, f"page {page} has no header"
        assert "kimcost" in text and "SHA-256" in text and "09.03.2024" in text, f"page {page} has no footer"
        body = [line for line in text.splitlines() if line.strip() and title not in line and "SHA-256" not in line]
        assert len(body) >= 2, f"page {page} is empty"


def test_no_table_is_cut_sideways(printed):
    pdf, _, (first, last) = printed
    for page in range(1, _pages(pdf) + 1):
        lines = _page_text(pdf, page).splitlines()
        for line in lines:
            words = line.split()
            if words[:1] == [first] and len(words) > 1 and words[1] in ("Größe", "Kommune"):  # a header row
                assert any(c in line for c in last), f"page {page}: {line.strip()!r} lacks its last column {last!r}"
