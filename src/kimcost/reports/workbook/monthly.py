"""The auditor's sheet: one row per post, holder and month held, every figure of rules 1–10."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from kimcost.engine.results import HolderMonth
from kimcost.money import TWELVE, ZERO
from kimcost.reports.labels import label_or
from kimcost.reports.workbook.context import Context
from kimcost.reports.workbook.layout import print_setup
from kimcost.reports.workbook.styles import EXACT_PLACES, SheetWriter

HEADER_ROW = 4
_BEFORE = ("region", "position", "holder", "month", "days_held", "days_in_month", "fte", "occupied_share",
           "grade", "step", "table_amount", "pay", "allowances", "annual_payment", "one_off")
_AFTER = ("supplementary_pension", "accident_insurance", "personnel_month", "grant_share", "grant_rate", "grant_month")


def _branches(ctx: Context) -> list[tuple[str, str]]:
    """Contribution branches in the configuration's order, with their names."""
    branches = ctx.loaded.config.social_insurance.branches
    return [(bid, label_or(f"branch_short_{bid}", b.name, ctx.lang)) for bid, b in branches.items()]


def _grant(m: HolderMonth) -> Decimal:
    return (m.grant_amount * m.grant_share / TWELVE).quantize(EXACT_PLACES)


def write_monthly(wb: Workbook, ctx: Context) -> None:
    ws = wb.create_sheet(ctx.monthly_sheet)
    out = SheetWriter(ws, ctx.lang)
    branches = _branches(ctx)
    titles = [ctx.L(c) for c in _BEFORE] + [name for _, name in branches] + [ctx.L(c) for c in _AFTER]
    last_col = len(titles)
    out.text(1, 1, ctx.L("monthly_title", year=ctx.year), "title", measure=False)
    ws.row_dimensions[1].height = 24
    out.text(2, 1, ctx.L("monthly_note"), "note", measure=False)
    out.header(HEADER_ROW, 1, titles, numeric=set(range(4, 8)) | set(range(9, last_col)))

    money_cols = list(range(11, last_col + 1))
    totals = {col: ZERO for col in money_cols}
    widest = dict(totals)  # measuring each of a state's cells would cost seconds; the largest suffices
    row = HEADER_ROW
    for region in ctx.settlement.regions:
        for p in region.positions:
            for h in p.holders:
                for m in h.months:
                    if not m.days_held:
                        continue
                    row += 1
                    values = _row_values(m, branches)
                    out.text(row, 1, region.name)
                    out.text(row, 2, p.name)
                    out.text(row, 3, h.name)
                    out.date(row, 4, dt.date(ctx.year, m.month, 1), month=True)
                    out.number(row, 5, m.days_held, "integer", measure=False)
                    out.number(row, 6, m.days_in_month, "integer", measure=False)
                    out.number(row, 7, m.fte, "fte", measure=False)
                    out.number(row, 8, m.occupied_share.quantize(EXACT_PLACES), "share", measure=False)
                    out.text(row, 9, h.grade, "text_center")
                    out.number(row, 10, m.step, "integer_center", measure=False)
                    for col, (value, kind) in zip(money_cols, values):
                        out.number(row, col, value, kind, measure=False)
                        if kind.startswith("money"):
                            totals[col] += value
                            widest[col] = max(widest[col], abs(value))
    last_data = max(row, HEADER_ROW + 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(last_col)}{last_data}"
    ws.freeze_panes = f"E{HEADER_ROW + 1}"

    row += 2
    out.text(row, 1, ctx.L("total"), "total_label")
    for col in range(2, 11):
        out.style(row, col, "total_blank")
    for col in money_cols:
        if col in _summed(last_col):
            out.number(row, col, totals[col], "money_total")
        else:
            out.style(row, col, "total_blank")
        out.measure(col, widest[col], "money")

    out.fit_columns(minimum=7, maximum=40)
    print_setup(ws, last_row=row, last_col=last_col, landscape=True, lang=ctx.lang,
                header=f"{ctx.L('workbook_title', year=ctx.year)} – {ctx.monthly_sheet}", footer=ctx.footer(),
                title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def _summed(last_col: int) -> set[int]:
    """Columns whose total means something: not the table amount, the share or the rate."""
    return set(range(12, last_col - 2)) | {last_col}


def _row_values(m: HolderMonth, branches) -> list[tuple[object, str]]:
    values: list[tuple[object, str]] = [
        (m.table_amount, "money"), (m.pay, "money"), (m.allowance, "money"),
        (m.annual_payment, "money"), (m.one_off, "money"),
    ]
    values += [(m.social_insurance.get(bid, ZERO), "money") for bid, _ in branches]
    values += [
        (m.supplementary_pension, "money"), (m.accident_insurance, "money"), (m.personnel, "money_bold"),
        (m.grant_share.quantize(EXACT_PLACES), "share"), (m.grant_amount, "money"), (_grant(m), "money"),
    ]
    return values
