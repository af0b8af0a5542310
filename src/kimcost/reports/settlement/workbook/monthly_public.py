"""The public edition's monthly sheet: one row per post and month, with the occupancy and the
grant of the month — no row per person, no grade, step or table amount, and no personnel
costs of a month: in a month held full-time by one person they are that person's pay plus
contributions at published rates, from which the table amount, and so grade and step, follow
by one division (reports/public.py). The personnel costs are shown per post and year on the
region sheets.

Each figure is a sum of the full edition's monthly values, so the total is its total."""

from __future__ import annotations

import datetime as dt

from kimcost.money import ZERO
from kimcost.reports.settlement.workbook.context import Context
from kimcost.reports.settlement.workbook.monthly import HEADER_ROW, _grant, _text
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.xlsx.model import Book, column_letter
from kimcost.reports.xlsx.styles import EXACT_PLACES, SheetWriter

COLUMNS = ("region", "position", "month", "holders_in_month", "occupied_fte", "grant_month")
_GRANT = 6  # its column


def write_public_monthly(wb: Book, ctx: Context) -> None:
    ws = wb.create_sheet(ctx.monthly_sheet)
    out = SheetWriter(ws, ctx.lang)
    out.text(1, 1, ctx.L("public_monthly_title", year=ctx.year), "title", measure=False)
    ws.row_dimensions[1].height = 24
    out.text(2, 1, ctx.L("public_monthly_note"), "note", measure=False)
    out.header(HEADER_ROW, 1, [ctx.L(c) for c in COLUMNS], numeric={4, 5})
    kinds = ("text", "text", f"month_{ctx.lang}", "text", "share", "money")
    rows: list[tuple] = []
    grants = ZERO
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
                grant = sum((_grant(m) for _, m in held), ZERO)
                rows.append((region_name, post_name, dt.date(ctx.year, month, 1), persons, share, grant))
                grants += grant
                for col, text in ((1, region_name), (2, post_name), (4, persons)):
                    out.measure(col, text, "text")
    if rows:
        out.measure(3, rows[0][2], kinds[2])
    last_col = len(COLUMNS)
    row = HEADER_ROW + len(rows)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{column_letter(last_col)}{max(row, HEADER_ROW + 1)}"
    ws.freeze_panes = f"D{HEADER_ROW + 1}"
    row += 2
    out.text(row, 1, ctx.L("total"), "total_label")
    for col in range(2, _GRANT):
        out.style(row, col, "total_blank")
    out.number(row, _GRANT, grants, "money_total")
    out.fit_columns(minimum=7, maximum=40)
    print_setup(ws, last_row=row, last_col=last_col, landscape=True, lang=ctx.lang,
                header=f"{ctx.workbook_title} – {ctx.monthly_sheet}", footer=ctx.footer(),
                title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.prepare_rows(HEADER_ROW + 1, kinds, rows)
