"""Excel's sheet size: at most 1,048,576 rows and 16,384 columns (XFD).

A cell beyond them makes a file Excel refuses to open ("We found a problem with some
content") and LibreOffice cuts silently; openpyxl writes it without complaint. A state-scale
settlement at a hundred times NRW's size comes to 1,036,157 rows of monthly values, a few
posts short of the limit, so the limit is checked, and the workbook refused with a message
that says what to do instead, before anything is written.
"""

from __future__ import annotations

from kimcost.reports.output import OutputError

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384


class SheetTooLarge(OutputError):
    """A sheet would pass Excel's limits; nothing has been written."""


def check_extent(title: str, last_row: int, last_col: int) -> None:
    if last_row > MAX_ROWS:
        raise SheetTooLarge(
            f"the workbook's sheet {title!r} would need {last_row:,} rows; a spreadsheet holds at most "
            f"{MAX_ROWS:,} (Excel's limit), so no workbook was written. Settle without it (--no-workbook) "
            "and take the post lines as CSV (--format csv --csv-positions), or settle fewer regions per "
            "configuration")
    if last_col > MAX_COLUMNS:
        raise SheetTooLarge(
            f"the workbook's sheet {title!r} would need {last_col:,} columns; a spreadsheet holds at most "
            f"{MAX_COLUMNS:,} (Excel's limit), so no workbook was written")
