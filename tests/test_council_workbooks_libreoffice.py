"""The forecast and compare workbooks as a reader sees them: printed by LibreOffice to PDF,
read back with poppler, page by page. Every page is A4 landscape, carries the header (the
title) and the footer (kimcost, the fingerprint, the date), holds more than header and
footer, and no table is cut sideways: a page that shows a table's header row also shows
its last column. Headings are for people: no scenario name, no configuration key, no
English in the German edition, no local folder."""

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

GRANT_ENDS = str(ROOT / "examples" / "coesfeld-grant-ends.yaml")
CASES = {
    # name: (command line, title on every page, pages (min, max), the last column headings a header row must show)
    "forecast": (["forecast", "2024", "2026"], "Haushaltsprognose 2024–2026 – Kreis Coesfeld", (4, 8),
                 ("2026", "4. Rate")),
    "forecast-plan": (["forecast", "2027", "2029"], "Haushaltsprognose 2027–2029 – Kreis Coesfeld",
                      (4, 9), ("2029", "4. Rate")),
    "compare": (["compare", "2025", "--scenario", GRANT_ENDS], "Vergleich 2025 – Kreis Coesfeld", (4, 9),
                ("Differenz %",)),
    "compare-period": (["compare", "2026", "2029", "--scenario", GRANT_ENDS],
                       "Vergleich 2026–2029 – Kreis Coesfeld", (6, 14), ("Differenz %", "Summe", "2029")),
}
# What a German council paper must not show: slugs, key paths, English notes, local folders.
# (A scenario's file name may appear where the file is named; the sources are the YAML's text.)
FORBIDDEN = ("grant-ends", "grants.kim-nrw", "tariffs.tvoed", "(assumption)", "holds from", str(ROOT))


@pytest.fixture(scope="module", params=sorted(CASES))
def printed(request, tmp_path_factory):
    args, title, pages, columns = CASES[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    workbook = folder / f"{request.param}.xlsx"
    result = CliRunner().invoke(app, [*args, "--config", str(COESFELD), "--out", str(workbook), "--format", "json"],
                                env={"SOURCE_DATE_EPOCH": str(EPOCH)})
    assert result.exit_code == 0, result.stderr
    soffice(workbook, "pdf", folder, folder / "profile")
    pdf = workbook.with_suffix(".pdf")
    return pdf, title, pages, columns


def test_every_page_is_a4_landscape_with_header_and_footer(printed):
    pdf, title, (least, most), _ = printed
    pages = _pages(pdf)
    assert least <= pages <= most, pages
    for page in range(1, pages + 1):
        text = _page_text(pdf, page)
        width, height = _page_size(pdf, page)
        assert (round(width), round(height)) == (842, 595), page
        assert title in text, f"page {page} has no header"
        assert "kimcost" in text and "SHA-256" in text and "09.03.2024" in text, f"page {page} has no footer"
        body = [line for line in text.splitlines() if line.strip() and title not in line and "SHA-256" not in line]
        assert len(body) >= 2, f"page {page} is empty"


def test_no_table_is_cut_sideways(printed):
    pdf, _, _, last = printed
    headers = 0
    for page in range(1, _pages(pdf) + 1):
        lines = _page_text(pdf, page).splitlines()
        for line in lines:
            words = line.split()
            if words[:1] == ["Region"] and len(words) > 1 and words[1] in ("Größe", "Kommune"):  # a header row
                headers += 1
                assert any(c in line for c in last), f"page {page}: {line.strip()!r} lacks its last column {last!r}"
    assert headers >= 2


def test_headings_are_for_people(printed):
    pdf, _, _, _ = printed
    for page in range(1, _pages(pdf) + 1):
        text = _page_text(pdf, page).replace("grant-ends.yaml", "")
        for word in FORBIDDEN:
            assert word not in text, f"page {page} shows {word!r}"
