"""Sheet 1, the overview: what the workbook is, the result by region and by municipality,
totals that reconcile, and a chart of the municipalities' shares."""

from __future__ import annotations

from kimcost import __version__
from kimcost.configuration.errors import format_path
from kimcost.engine.results import Costs
from kimcost.messages import render
from kimcost.money import ZERO
from kimcost.reports.labels import balance_label, key_label
from kimcost.reports.settlement.workbook.context import Context
from kimcost.reports.xlsx.chart import BarChart, DataLabelList, Reference
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.xlsx.model import Book
from kimcost.reports.xlsx.styles import FTE_PLACES, SheetWriter

REGION_COLUMNS = ("region", "employer", "fte_average", "personnel", "equipment", "recruitment",
                  "administration", "total_costs", "grant", "own_share")
MEMBER_COLUMNS = ("member", "region", "key", "weight", "share", "advances", "balance", "result")
LAST_COL = len(REGION_COLUMNS)
ONE_PAGE_ROWS = 90


def write_overview(wb: Book, ctx: Context) -> None:
    ws = wb.create_sheet(ctx.overview_sheet)
    out = SheetWriter(ws, ctx.lang)
    s = ctx.settlement
    out.text(1, 1, ctx.workbook_title, "title", measure=False)
    ws.row_dimensions[1].height = 24
    out.text(2, 1, s.district, "subtitle", measure=False)
    if ctx.privacy.note:  # the public edition says so where the reader starts (reports/public.py)
        out.text(3, 1, ctx.privacy.note, "flag_note", measure=False)

    row = 4
    out.text(row, 1, ctx.L("district"), "label")
    out.text(row, 2, s.district, measure=False)
    out.text(row + 1, 1, ctx.L("settlement_year"), "label")
    # a number, not text: Excel marks digits stored as text with a warning triangle
    out.number(row + 1, 2, s.year, "integer_left", measure=False)
    row += 2
    out.text(row, 1, ctx.L("calculated_on"), "label")
    out.date(row, 2, ctx.calculation_date, left=True)
    row += 1
    for key, value in (("program_version", f"kimcost {__version__}"), ("config_file", ctx.config_name),
                       ("config_sha256", ctx.loaded.fingerprint)):
        out.text(row, 1, ctx.L(key), "label")
        out.text(row, 2, value, measure=False)
        row += 1
    if ctx.flagged:
        out.text(row, 1, ctx.L("flagged_note", count=len(ctx.flagged), sheet=ctx.parameter_sheet), "flag_note", measure=False)
        row += 1
    row = _warnings(out, ctx, row)

    row = _guide(out, ctx, row + 1)
    row = _regions_table(out, ctx, row + 1)
    first_member_row, last_member_row, row = _members_table(out, ctx, row + 2)
    chart_rows = _chart(ws, ctx, first_member_row, last_member_row, row + 2)

    out.fit_columns(minimum=9, maximum=34)
    last_row = row + 2 + chart_rows
    # a district of a few regions gets its overview on one sheet of paper; a state does not
    print_setup(ws, last_row=last_row, last_col=LAST_COL, landscape=True, lang=ctx.lang,
                header=ctx.workbook_title + f" – {s.district}", footer=ctx.footer(),
                one_page=last_row <= ONE_PAGE_ROWS)


def _warnings(out: SheetWriter, ctx: Context, row: int) -> int:
    """The configuration's warnings (configuration.plausibility), as the JSON has them: a
    council reading the workbook sees what the terminal showed."""
    if not ctx.loaded.warnings:
        return row
    out.text(row, 1, ctx.L("warnings_note", count=len(ctx.loaded.warnings)), "flag_note", measure=False)
    for issue in ctx.loaded.warnings:
        row += 1
        where = ctx.loaded.for_documents(issue.location)
        out.text(row, 1, str(where) if where else "", "note", measure=False)
        path = format_path(issue.path)
        message = render(issue.message, ctx.lang)
        out.text(row, 2, f"{path}: {message}" if path else message, "note", measure=False)
    return row + 1


def _guide(out: SheetWriter, ctx: Context, row: int) -> int:
    out.text(row, 1, ctx.L("guide_title"), "section", measure=False)
    entries = [(ctx.overview_sheet, ctx.L("guide_overview")),
               (", ".join(ctx.region_sheets.values()), ctx.L("guide_region")),
               (ctx.monthly_sheet, ctx.L("guide_monthly" if ctx.privacy.shows_holders else "public_guide_monthly")),
               (ctx.L("sheets_of_statements"), ctx.L("guide_statements")),
               (ctx.parameter_sheet, ctx.L("guide_parameters"))]
    for sheet, what in entries:
        row += 1
        # a long list of region sheets must not widen column A for the tables below
        out.text(row, 1, sheet, "text_bold", measure=len(sheet) <= 30)
        out.text(row, 2, f"– {what}", measure=False)
    return row + 1


def _regions_table(out: SheetWriter, ctx: Context, row: int) -> int:
    out.text(row, 1, ctx.L("regions_table"), "section", measure=False)
    row += 1
    out.header(row, 1, [ctx.L(c) for c in REGION_COLUMNS], numeric=set(range(2, LAST_COL)))
    total, grant, own, fte_months = Costs(), ZERO, ZERO, ZERO
    for r in ctx.settlement.regions:
        row += 1
        c = r.costs
        out.text(row, 1, r.name)
        out.text(row, 2, r.employer_name)
        out.number(row, 3, r.average_fte.quantize(FTE_PLACES), "fte")
        for col, amount in enumerate((c.personnel, c.equipment, c.recruitment, c.administration, c.total,
                                      r.grant), start=4):
            out.number(row, col, amount)
        out.number(row, 10, r.own_share, "money_bold")
        total, grant, own, fte_months = total + c, grant + r.grant, own + r.own_share, fte_months + r.fte_months
    row += 1
    out.text(row, 1, ctx.L("total"), "total_label")
    out.style(row, 2, "total_blank")
    out.number(row, 3, (fte_months / 12).quantize(FTE_PLACES), "total_fte")
    for col, amount in enumerate((total.personnel, total.equipment, total.recruitment, total.administration,
                                  total.total, grant, own), start=4):
        out.number(row, col, amount, "money_total")
    return row


def _members_table(out: SheetWriter, ctx: Context, row: int) -> tuple[int, int, int]:
    out.text(row, 1, ctx.L("members_table"), "section", measure=False)
    row += 1
    out.header(row, 1, [ctx.L(c) for c in MEMBER_COLUMNS], numeric={3, 4, 5, 6})
    first = row + 1
    shares = advances = balances = ZERO
    for r in ctx.settlement.regions:
        for m in r.members:
            row += 1
            out.text(row, 1, m.name)
            out.text(row, 2, r.name)
            out.text(row, 3, key_label(r.key, ctx.lang))
            out.number(row, 4, m.weight, "general")
            out.number(row, 5, m.share)
            out.number(row, 6, m.advances)
            out.number(row, 7, m.balance, "money_bold")
            out.text(row, 8, balance_label(m.balance, m.is_employer, ctx.lang),
                     "bold_indent" if not m.is_employer else "text_indent")
            shares, advances, balances = shares + m.share, advances + m.advances, balances + m.balance
    last = row
    row += 1
    out.text(row, 1, ctx.L("total"), "total_label")
    for col in (2, 3, 4, 8):
        out.style(row, col, "total_blank")
    for col, amount in ((5, shares), (6, advances), (7, balances)):
        out.number(row, col, amount, "money_total")
    row += 2
    own_total = sum((r.own_share for r in ctx.settlement.regions), ZERO)
    out.text(row, 1, ctx.L("check_shares"), "note", measure=False)
    out.number(row, 5, shares - own_total)
    return first, last, row


def _chart(ws, ctx: Context, first: int, last: int, anchor_row: int) -> int:
    """A live Excel chart over the member table; returns the rows it covers (for printing)."""
    if last < first:
        return 0
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = ctx.L("chart_title", year=ctx.year)
    chart.legend = None
    data = Reference(ws, min_col=5, min_row=first, max_row=last)
    categories = Reference(ws, min_col=1, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(categories)
    chart.x_axis.scaling.orientation = "maxMin"  # first municipality on top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.numFmt = '[$-407]#,##0 "€"'
    chart.y_axis.majorGridlines = None
    series = chart.series[0]
    series.graphicalProperties.solidFill = "4472C4"
    series.dLbls = DataLabelList()
    series.dLbls.showVal = True
    series.dLbls.numFmt = '[$-407]#,##0.00 "€"'
    for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
        setattr(series.dLbls, flag, False)
    count = last - first + 1
    chart.width = 24
    chart.height = max(6.0, 1.5 + 0.75 * count)
    ws.add_chart(chart, f"A{anchor_row}")
    return int(chart.height / 0.53) + 1
