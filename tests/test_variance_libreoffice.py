"""The variance workbook as a council paper: printed by LibreOffice to PDF and read back with
poppler. Every page is A4 landscape with the header (the sheet's title) and the footer
(kimcost, the fingerprint, the date); each region's sheet prints on one page, chart included."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from tests.conftest import COESFELD
from tests.test_workbook_libreoffice import SOFFICE, _page_size, _page_text, _pages, soffice
from tests.workbook_support import EPOCH

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                       reason="LibreOffice (soffice) and poppler-utils are needed to print the workbook"),
]

HEADERS = ["Region Nord: Eigenanteil 2023 → 2024", "Region Mitte: Eigenanteil 2023 → 2024",
           "Region Süd: Eigenanteil 2023 → 2024", "Warum sich der Anteil änderte: 2023 → 2024 – Kreis Coesfeld"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("variance")
    workbook = folder / "abweichung.xlsx"
    result = CliRunner().invoke(app, ["variance", "2023", "2024", "--config", str(COESFELD), "--out", str(workbook),
                                      "--format", "json"], env={"SOURCE_DATE_EPOCH": str(EPOCH)})
    assert result.exit_code == 0, result.stderr
    soffice(workbook, "pdf", folder, folder / "profile")
    return workbook.with_suffix(".pdf")


def test_every_page_is_a4_landscape_with_header_and_footer(printed):
    pages = _pages(printed)
    assert pages == 4  # three regions, one page each, and the method
    for page, header in zip(range(1, pages + 1), HEADERS):
        text = _page_text(printed, page)
        assert tuple(map(round, _page_size(printed, page))) == (842, 595), page
        assert header in text, f"page {page} has no header"
        assert "kimcost" in text and "SHA-256" in text and "09.03.2024" in text, f"page {page} has no footer"


def test_the_nord_page_answers_the_council(printed):
    text = _page_text(printed, 1)
    for needle in ("Eigenanteil 2023", "Tariferhöhung zum 1. März 2024", "Billerbeck", "Rundung"):
        assert needle in text, needle
    # The separators follow LibreOffice's locale; the digits do not.
    digits = text.replace(".", "").replace(",", "")
    for amount in ("3340531 €", "+1425495 €", "+487424 €", "3827955 €"):
        assert amount in digits, amount
