"""The auditor's sheet: one row per post, holder and month held, every figure of rules 1–10."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import itemgetter

from kimcost.engine.results import HolderMonth
from kimcost.money import TWELVE, ZERO
from kimcost.reports.labels import label_or
from kimcost.reports.settlement.workbook.context import Context
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.xlsx.model import Book, column_letter
from kimcost.reports.xlsx.styles import EXACT_PLACES, SheetWriter, clean_text

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


def write_monthly(wb: Book, ctx: Context) -> None:
    # The rows (269,000 cells for a state) are kept as plain tuples and written straight to
    # XML when the workbook is saved (Sheet.prepare_rows, reports/xlsx/writer.py).
    ws = wb.create_sheet(ctx.monthly_sheet)
    out = SheetWriter(ws, ctx.lang)
    branches = _branches(ctx)
    titles = [ctx.L(c) for c in _BEFORE] + [name for _, name in branches] + [ctx.L(c) for c in _AFTER]
    last_col = len(titles)
    out.text(1, 1, ctx.L("monthly_title", year=ctx.year), "title", measure=False)
    ws.row_dimensions[1].height = 24
    out.text(2, 1, ctx.L("monthly_note"), "note", measure=False)
    out.header(HEADER_ROW, 1, titles, numeric=set(range(4, 8)) | set(range(9, last_col)))

    kinds = _row_kinds(ctx.lang, branches)
    money_cols = list(range(11, last_col + 1))
    money_kinds = [(col, col - 1) for col in money_cols if kinds[col - 1].startswith("money")]  # (column, index)
    totals = {col: ZERO for col in money_cols}
    widest = dict(totals)  # measuring each of a state's cells would cost seconds; the largest suffices
    rows: list[tuple] = []
    for region in ctx.settlement.regions:
        region_name = _text(region.name)
        for p in region.positions:
            post_name = _text(p.name)
            for h in p.holders:
                holder_name, grade = _text(h.name), _text(h.grade)
                held = [m for m in h.months if m.days_held]
                if not held:
                    continue
                for col, text, kind in ((1, region_name, "text"), (2, post_name, "text"),
                                        (3, holder_name, "text"), (9, grade, "text_center")):
                    out.measure(col, text, kind)
                for m in held:
                    values = (region_name, post_name, holder_name, dt.date(ctx.year, m.month, 1),
                              m.days_held, m.days_in_month, m.fte, m.occupied_share.quantize(EXACT_PLACES),
                              grade, m.step, *_money_values(m, branches))
                    rows.append(values)
    # column by column in C (sum, max, map): a Python loop over a state's 269,000 cells
    # cost a third of the sheet
    for col, i in money_kinds:
        column = list(map(itemgetter(i), rows))
        totals[col] = sum(column, ZERO)
        widest[col] = max(map(abs, column), default=ZERO)
    if rows:
        out.measure(4, rows[0][3], kinds[3])
    row = HEADER_ROW + len(rows)
    last_data = max(row, HEADER_ROW + 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{column_letter(last_col)}{last_data}"
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
                header=f"{ctx.workbook_title} – {ctx.monthly_sheet}", footer=ctx.footer(),
                title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.prepare_rows(HEADER_ROW + 1, kinds, rows)


def _text(value: object) -> str | None:
    """Text as ``SheetWriter.text`` stores it (nothing for an empty value)."""
    return None if value is None or value == "" else clean_text(value)


def _summed(last_col: int) -> set[int]:
    """Columns whose total means something: not the table amount, the share or the rate."""
    return set(range(12, last_col - 2)) | {last_col}


def _row_kinds(lang: str, branches) -> tuple[str, ...]:
    """The style kind of each column of a row, A onwards."""
    return (("text", "text", "text", f"month_{lang}", "integer", "integer", "fte", "share", "text_center",
             "integer_center", "money", "money", "money", "money", "money")
            + ("money",) * len(branches)
            + ("money", "money", "money_bold", "share", "money", "money"))


def _money_values(m: HolderMonth, branches) -> tuple:
    """Columns K onwards (kinds in ``_row_kinds``)."""
    return (m.table_amount, m.pay, m.allowance, m.annual_payment, m.one_off,
            *(m.social_insurance.get(bid, ZERO) for bid, _ in branches),
            m.supplementary_pension, m.accident_insurance, m.personnel,
            m.grant_share.quantize(EXACT_PLACES), m.grant_amount, _grant(m))
