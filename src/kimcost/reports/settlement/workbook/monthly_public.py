"""The public edition's monthly sheet: one row per post and month, with the occupancy, the
personnel costs and the grant of the month — no row per person, no pay, allowances or
contributions, no grade, step or table amount (reports/public.py says why).

Each figure is a sum of the full edition's monthly values, so the totals are its totals and
the post's months add up to the post's personnel costs on the region sheet."""

from __future__ import annotations

import datetime as dt

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from kimcost.money import ZERO
from kimcost.reports.settlement.workbook.context import Context
from kimcost.reports.settlement.workbook.monthly import HEADER_ROW, _grant, _text
from kimcost.reports.xlsx.fast_sheet import PreparedRowsSheet
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.xlsx.styles import EXACT_PLACES, SheetWriter

COLUMNS = ("region", "position", "month", "holders_in_month", "occupied_fte", "personnel_month", "grant_month")
_PERSONNEL, _GRANT = 6, 7  # their columns


def write_public_monthly(wb: Workbook, ctx: Context) -> None:
    ws = PreparedRowsSheet.add_to(wb, ctx.monthly_sheet)
    out = SheetWriter(ws, ctx.lang)
    out.text(1, 1, ctx.L("public_monthly_title", year=ctx.year), "title", measure=False)
    ws.row_dimensions[1].height = 24
    out.text(2, 1, ctx.L("public_monthly_note"), "note", measure=False)
    out.header(HEADER_ROW, 1, [ctx.L(c) for c in COLUMNS], numeric={4, 5, 6})
    kinds = ("text", "text", f"month_{ctx.lang}", "text", "share", "money_bold", "money")
    rows: list[tuple] = []
    totals = {_PERSONNEL: ZERO, _GRANT: ZERO}
    for region in ctx.settlement.regions:
        region_name = _text(region.name)
        for p in region.positions:
            post_name = _text(p.name)
            for month in range(1, 13):
                held = [(h, h.months[month - 1]) for h in p.holders if h.months[month - 1].days_held]
                if not held:
                    continue
                persons = ", ".join(ctx.privacy.person(h.index) for h, _ in held)
                share = sum((m.occupied_share for _, m in held), ZERO).quantize(EXACT_PLACES)
                personnel = sum((m.personnel for _, m in held), ZERO)
                grant = sum((_grant(m) for _, m in held), ZERO)
                rows.append((region_name, post_name, dt.date(ctx.year, month, 1), persons, share, personnel, grant))
                totals[_PERSONNEL] += personnel
                totals[_GRANT] += grant
                for col, text in ((1, region_name), (2, post_name), (4, persons)):
                    out.measure(col, text, "text")
    if rows:
        out.measure(3, rows[0][2], kinds[2])
    last_col = len(COLUMNS)
    row = HEADER_ROW + len(rows)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(last_col)}{max(row, HEADER_ROW + 1)}"
    ws.freeze_panes = f"D{HEADER_ROW + 1}"
    row += 2
    out.text(row, 1, ctx.L("total"), "total_label")
    for col in range(2, _PERSONNEL):
        out.style(row, col, "total_blank")
    for col, amount in totals.items():
        out.number(row, col, amount, "money_total")
    out.fit_columns(minimum=7, maximum=40)
    print_setup(ws, last_row=row, last_col=last_col, landscape=True, lang=ctx.lang,
                header=f"{ctx.workbook_title} – {ctx.monthly_sheet}", footer=ctx.footer(),
                title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.prepare_rows(HEADER_ROW + 1, kinds, rows)  # last, as in monthly.py
