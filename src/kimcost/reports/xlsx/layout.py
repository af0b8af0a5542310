"""Print settings: A4, print areas, repeated header rows, page header and footer."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kimcost.reports.labels import label
from kimcost.reports.xlsx.styles import clean_text


def _paper(ws: Worksheet, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT


def print_setup(ws: Worksheet, *, last_row: int, last_col: int, landscape: bool, lang: str,
                header: str, footer: str, title_rows: str | None = None, one_page: bool = False) -> None:
    """Wide sheets: landscape, fit to one page wide, as many pages tall as needed.
    ``one_page``: the whole sheet on one page (the statements)."""
    _paper(ws, landscape)
    assert ws.sheet_properties.pageSetUpPr is not None  # a new Worksheet has one
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.print_area = f"A1:{get_column_letter(max(last_col, 1))}{max(last_row, 1)}"
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = not one_page
    margins = ws.page_margins
    margins.left, margins.right, margins.top, margins.bottom = (0.9, 0.6, 0.8, 0.8) if one_page else (0.5, 0.5, 0.7, 0.7)
    margins.header, margins.footer = 0.3, 0.3
    assert ws.oddHeader is not None and ws.oddFooter is not None  # a new Worksheet has both
    ws.oddHeader.center.text = _escape(header)
    ws.oddHeader.center.size = 9
    ws.oddFooter.left.text = _escape(footer)
    ws.oddFooter.left.size = 7
    if not one_page:
        ws.oddFooter.right.text = label("page_of", lang)
        ws.oddFooter.right.size = 8


def _escape(text: str) -> str:
    """``&`` starts a code in Excel's header and footer language; YAML text is literal.
    Excel allows 255 characters for all three parts of a header together."""
    return clean_text(" ".join(text.split())).replace("&", "&&")[:120]
