"""Print settings: A4, print areas, repeated header rows, page header and footer."""

from __future__ import annotations

from kimcost.reports.labels import label
from kimcost.reports.xlsx.model import PageSetup, Sheet, column_letter
from kimcost.reports.xlsx.styles import clean_text


def print_setup(ws: Sheet, *, last_row: int, last_col: int, landscape: bool, lang: str,
                header: str, footer: str, title_rows: str | None = None, one_page: bool = False) -> None:
    """Wide sheets: landscape, fit to one page wide, as many pages tall as needed.
    ``one_page``: the whole sheet on one page (the statements)."""
    # Excel's header/footer codes: &C centre, &L left, &R right, &9 the size in points
    # (the space ends the number), &P the page, &N the pages
    footer_code = f"&L&7 {_escape(footer)}"
    if not one_page:
        footer_code += f"&R&8 {label('page_of', lang)}"
    ws.page = PageSetup(
        landscape=landscape, fit_width=1, fit_height=1 if one_page else 0,
        print_area=f"A1:{column_letter(max(last_col, 1))}{max(last_row, 1)}",
        title_rows=title_rows or None, centered=not one_page,
        margins=(0.9, 0.6, 0.8, 0.8, 0.3, 0.3) if one_page else (0.5, 0.5, 0.7, 0.7, 0.3, 0.3),
        header=f"&C&9 {_escape(header)}", footer=footer_code)


def _escape(text: str) -> str:
    """``&`` starts a code in Excel's header and footer language; YAML text is literal.
    Excel allows 255 characters for all three parts of a header together."""
    return clean_text(" ".join(text.split())).replace("&", "&&")[:120]
