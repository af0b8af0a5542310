"""Excel's sheet size: at most 1,048,576 rows and 16,384 columns (XFD).

A cell beyond them makes a file Excel refuses to open ("We found a problem with some
content") and LibreOffice cuts silently; openpyxl writes it without complaint. A state-scale
settlement at a hundred times NRW's size comes to 1,036,157 rows of monthly values, a few
posts short of the limit, so the limit is checked, and the workbook refused with a message
that says what to do instead, before anything is written.
"""

from __future__ import annotations

from kimcost.configuration.errors import number
from kimcost.messages import Catalogue
from kimcost.reports.output import OutputError

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384

TEXTS = Catalogue("reports.xlsx.limits", {
    "rows": ("das Blatt {title} der Arbeitsmappe bräuchte {count} Zeilen; eine Tabelle fasst höchstens {limit} "
             "(Excels Grenze), daher wurde keine Arbeitsmappe geschrieben. Rechnen Sie ohne sie ab (--no-workbook) "
             "und nehmen Sie die Zeilen der Stellen als CSV (--format csv --csv-positions), oder rechnen Sie weniger "
             "Regionen je Konfiguration ab",
             "the workbook's sheet {title} would need {count} rows; a spreadsheet holds at most {limit} (Excel's "
             "limit), so no workbook was written. Settle without it (--no-workbook) and take the post lines as CSV "
             "(--format csv --csv-positions), or settle fewer regions per configuration"),
    "columns": ("das Blatt {title} der Arbeitsmappe bräuchte {count} Spalten; eine Tabelle fasst höchstens {limit} "
                "(Excels Grenze), daher wurde keine Arbeitsmappe geschrieben",
                "the workbook's sheet {title} would need {count} columns; a spreadsheet holds at most {limit} "
                "(Excel's limit), so no workbook was written"),
})


class SheetTooLarge(OutputError):
    """A sheet would pass Excel's limits; nothing has been written."""


def check_extent(title: str, last_row: int, last_col: int) -> None:
    if last_row > MAX_ROWS:
        raise SheetTooLarge(TEXTS("rows", title=repr(title), count=number(last_row), limit=number(MAX_ROWS)))
    if last_col > MAX_COLUMNS:
        raise SheetTooLarge(TEXTS("columns", title=repr(title), count=number(last_col), limit=number(MAX_COLUMNS)))

