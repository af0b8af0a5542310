"""The basis of calculation: every rate, table version, grant rule and assumption the year
used, with its source as written in the YAML, where it is written, and a mark where it is
provisional or an assumption."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kimcost.configuration.errors import format_path
from kimcost.reports import wording
from kimcost.reports.labels import label
from kimcost.reports.parameters import ParameterRow
from kimcost.reports.settlement.workbook.basis import AMOUNT
from kimcost.reports.settlement.workbook.context import Context
from kimcost.reports.xlsx.book import write_inputs
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.xlsx.model import Book, column_letter
from kimcost.reports.xlsx.styles import SheetWriter

HEADER_ROW = 4
COLUMNS = ("area", "parameter", "valid_from", "value", "status", "source", "location")
WIDTHS = {1: 22.0, 2: 44.0, 3: 12.0, 4: 56.0, 5: 14.0, 6: 60.0, 7: 36.0}
_STATUSES = ("seen", "derived", "provisional", "assumption", "expected")
_AREA_ORDER = ("grants", "tables", "step_durations", "annual_payment", "allowances", "one_off_payments",
               "social_insurance", "supplementary_pension", "cost_rates", "positions", "municipalities")


def _area(row: ParameterRow) -> str:
    head = str(row.path[0]) if row.path else ""
    if head == "tariffs" and len(row.path) > 2:
        return str(row.path[2])
    if head == "regions" and "cost_rates" in row.path:
        return "cost_rates"
    return head if head in _AREA_ORDER else "other"


def _name(row: ParameterRow) -> str:
    """Dated entries end in their start date, which the sheet shows in its own column."""
    if isinstance(row.path[-1], dt.date):
        return format_path(row.path[:-1])
    return row.key


def _sort_key(row: ParameterRow):
    area = _area(row)
    order = _AREA_ORDER.index(area) if area in _AREA_ORDER else len(_AREA_ORDER)
    return order, _name(row), row.since or dt.date.min


def _value(row: ParameterRow, ctx: Context) -> str | Decimal | int:
    """A single amount as a number (money is never text); pay tables with all their amounts,
    so the sheet shows what the pay rests on; anything else worded (reports/wording.py)."""
    path, config = row.path, ctx.loaded.config
    if len(path) == 4 and path[0] == "tariffs" and path[2] == "tables":
        tid, since = path[1], path[3]
        assert isinstance(tid, str) and isinstance(since, dt.date)  # tariffs.<id>.tables.<date>
        return wording.table_amounts(config.tariffs[tid].tables[since], ctx.lang)
    if AMOUNT.match(row.value):
        return Decimal(row.value)
    if row.value.isascii() and row.value.isdigit():
        return int(row.value)  # a count such as a population; digits as text get Excel's warning
    return wording.parameter_value(row, config, ctx.lang, year=ctx.year, privacy=ctx.privacy)


def write_parameters(wb: Book, ctx: Context) -> None:
    ws = wb.create_sheet(ctx.parameter_sheet)
    out = SheetWriter(ws, ctx.lang)
    out.text(1, 1, ctx.L("parameters_title", year=ctx.year), "title", measure=False)
    ws.row_dimensions[1].height = 24
    out.text(2, 1, ctx.L("parameters_note"), "note", measure=False)
    out.header(HEADER_ROW, 1, [ctx.L(c) for c in COLUMNS])
    row = HEADER_ROW
    for entry in sorted(ctx.parameters, key=_sort_key):
        row += 1
        flagged = entry.flagged
        location = ctx.loaded.locate_for_documents(entry.path)
        out.text(row, 1, ctx.L(f"area_{_area(entry)}"))
        out.text(row, 2, wording.subject(entry.path, ctx.loaded.config, ctx.lang, ctx.privacy), "wrap")
        out.date(row, 3, entry.since)
        value = _value(entry, ctx)
        if isinstance(value, Decimal):
            out.number(row, 4, value, "money_flag" if flagged else "money_left", measure=False)
        elif isinstance(value, int):
            out.number(row, 4, value, "integer_left", measure=False)
        else:
            out.text(row, 4, value, "flag_text" if flagged else "wrap")
        status = label(entry.status, ctx.lang) if entry.status in _STATUSES else entry.status
        out.text(row, 5, f"⚠ {status}" if flagged else status, "flag" if flagged else "text")
        out.text(row, 6, wording.source(entry.source, ctx.lang), "flag_text" if flagged else "wrap")
        out.text(row, 7, str(location) if location else "", "small")
    ws.auto_filter.ref = f"A{HEADER_ROW}:{column_letter(len(COLUMNS))}{max(row, HEADER_ROW + 1)}"
    row = write_inputs(out, row + 2, ctx.loaded.inputs, ctx.loaded.fingerprint, ctx.lang, hash_column=4)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    out.fit_columns(fixed=WIDTHS)
    print_setup(ws, last_row=row, last_col=len(COLUMNS), landscape=True, lang=ctx.lang,
                header=f"{ctx.workbook_title} – {ctx.parameter_sheet}", footer=ctx.footer(),
                title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
