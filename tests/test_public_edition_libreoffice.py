"""The public settlement workbook printed by a real spreadsheet program (LibreOffice Calc,
headless): it still prints — every statement on one A4 page, the public edition's title
atop the pages — and the printed text names no holder and shows no grade or step on the
region sheets and the monthly values."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from kimcost.reports.public import Privacy
from kimcost.reports.settlement.workbook import build_workbook
from kimcost.reports.xlsx.determinism import save_reproducibly
from tests.test_workbook_libreoffice import SOFFICE, _page_size, _page_text, _pages, soffice
from tests.workbook_support import EPOCH_MOMENT, settled

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed, so the workbook cannot be "
                                               "printed by a real spreadsheet program; install libreoffice-calc-nogui"),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdfinfo, pdftoppm) is not installed"),
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("public-lo")
    run = settled(year=2024)
    workbook = folder / "abrechnung.xlsx"
    wb = build_workbook(run.settlement, run.loaded, "de", EPOCH_MOMENT, Privacy(True, "de"))
    save_reproducibly(wb, workbook, EPOCH_MOMENT)
    soffice(workbook, "pdf", folder, folder / "profile")
    pdf = folder / "abrechnung.pdf"
    assert pdf.exists()
    names = [h.name for p in run.loaded.config.positions for h in p.holders]
    return pdf, [_page_text(pdf, p) for p in range(1, _pages(pdf) + 1)], names, run.doc


def test_the_public_workbook_prints_and_names_no_holder(printed):
    pdf, texts, names, _ = printed
    assert len(texts) >= 10
    whole = "\n".join(texts)
    assert [n for n in names if n in whole] == []
    assert "Person A" in whole and "Person B" in whole        # Nord 3's second holder
    unmarked = [i + 1 for i, t in enumerate(texts) if t.strip() and "(öffentliche Fassung)" not in t]
    assert unmarked == []


def test_printed_region_and_monthly_pages_show_no_grade_or_step(printed):
    _, texts, _, _ = printed
    pages = [t for t in texts if re.search(r"– (Region (Nord|Mitte|Süd)|Monatswerte)\b", t)]
    assert len(pages) >= 4
    for text in pages:
        assert not re.search(r"S 1[12]b?|Stufe|Entgeltgruppe|Tabellenentgelt", text)


def test_each_public_statement_still_prints_on_one_a4_portrait_page(printed, tmp_path):
    pdf, texts, _, doc = printed
    paying = [m["name"] for r in doc["regions"] for m in r["members"] if not m["is_employer"]]
    assert len(paying) == 8
    for name in paying:
        title = f"Abrechnung Kommunales Case-Management 2024 – {name}"
        pages = [i + 1 for i, text in enumerate(texts) if title in text and "Kämmerei" in text]
        assert len(pages) == 1, (name, pages)
        assert tuple(round(x) for x in _page_size(pdf, pages[0])) == (595, 842)
    # the overview page as a reviewer sees it (kept in the test's tmp_path)
    png = tmp_path / "overview"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
                   check=True, timeout=60)
    assert png.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
