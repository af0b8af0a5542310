"""The variance as a workbook for the council paper: one sheet per region with the causes
(cost categories, grant, own share and each municipality's share) and a waterfall chart, plus
a sheet with the method and the input files.

The chart is a native Excel chart (a stacked column chart whose first series is invisible, the
usual way to draw a waterfall), fed from a small table on the same sheet, so it stays live.
Every sheet prints on A4 landscape, one page wide, with the title in the header and kimcost,
the fingerprint and the date in the footer.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kimcost.engine.results import CATEGORIES
from kimcost.engine.variance import ORDER, Amounts
from kimcost.loading.inputs import fingerprint
from kimcost.reports.envelope import input_files
from kimcost.reports.labels import label
from kimcost.reports.public import FULL, Privacy
from kimcost.reports.variance.wording import cause_text, side_text
from kimcost.reports.xlsx.book import footer_text, new_workbook, set_properties, write_inputs
from kimcost.reports.xlsx.chart import BarChart, GraphicalProperties, Reference
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.xlsx.model import Book, cell_name
from kimcost.reports.xlsx.names import SheetNames
from kimcost.reports.xlsx.styles import SheetWriter

CHART_ROWS = 20
CATEGORY_CHARS = 28
_COLOURS = {"up": "C00000", "down": "00B050", "total": "1F4E79"}


def build_variance_workbook(subject, lang: str, moment: dt.datetime, privacy: Privacy = FULL) -> Book:
    L = lambda key: label(key, lang)  # noqa: E731
    v = subject.variance
    first, second = side_text(v.first, lang), side_text(v.second, lang)
    # the public edition says so in the title every sheet shows beneath its own (reports/public.py)
    title = privacy.title(L("var_title").format(first=first, second=second, district=v.district))
    files = input_files(subject.second, [subject.first])
    footer = footer_text(subject.second.main_file.name, fingerprint(files), moment, lang)
    names = SheetNames()
    wb = new_workbook(("money_diff", "money_diff_total"))
    for region in subject.regions:
        ws = wb.create_sheet(names.take(region.name, fallback=region.id))
        _region_sheet(ws, subject, region, lang, title, footer, first, second)
    _method_sheet(wb.create_sheet(names.take(L("var_sheet_method"))), lang, title, footer, files, privacy.note)
    wb.active = 0
    public = "" if privacy.shows_holders else f"; {L('public_edition_short')}"
    set_properties(wb, title=title, subject=privacy.title(v.district),
                   keywords=f"KIM; {v.first.year}; {v.second.year}; {v.district}{public}",
                   description=f"{subject.second.main_file.name} SHA-256 {fingerprint(files)}", lang=lang)
    return wb


def _amount_cells(out: SheetWriter, row: int, a: Amounts, members, *, level: bool = False, total: bool = False) -> None:
    kind = ("money_total" if total else "money_bold") if level else ("money_diff_total" if total else "money_diff")
    values = [*(a.costs[c] for c in CATEGORIES), a.total_costs, a.grant, a.own_share,
              *(a.members.get(m, Decimal(0)) for m, _ in members)]
    for col, value in enumerate(values, start=2):
        out.number(row, col, value, kind)


def _region_sheet(ws, subject, region, lang: str, title: str, footer: str, first: str, second: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    members = subject.members(region)
    sheet_title = L("var_region_title").format(region=region.name, first=first, second=second)
    out.text(1, 1, sheet_title, "title", measure=False)
    ws.row_dimensions[1].height = 24
    out.text(2, 1, title, "subtitle", measure=False)
    header_row = 4
    titles = [L("var_cause"), *(L(c) for c in CATEGORIES), L("total_costs"), L("grant"), L("own_share"),
              *(name for _, name in members)]
    out.header(header_row, 1, titles, numeric=set(range(1, len(titles))))
    row = header_row + 1
    out.text(row, 1, L("var_start").format(side=first), "text_bold")
    _amount_cells(out, row, region.first, members, level=True)
    lines: list[tuple[str, Decimal]] = []
    for cause, amounts in region.causes:
        row += 1
        text = cause_text(cause, lang, region.id)
        out.text(row, 1, text, "wrap")
        _amount_cells(out, row, amounts, members)
        lines.append((text, amounts.own_share))
    if not region.residue.is_zero:
        row += 1
        out.text(row, 1, L("var_residue"), "wrap")
        _amount_cells(out, row, region.residue, members)
        if region.residue.own_share:
            lines.append((L("var_residue"), region.residue.own_share))
    if not region.causes:
        row += 1
        out.text(row, 1, L("var_no_cause"), "note")
    row += 1
    out.text(row, 1, L("var_difference"), "total_label")
    _amount_cells(out, row, region.difference, members, total=True)
    row += 1
    out.text(row, 1, L("var_end").format(side=second), "total_label")
    _amount_cells(out, row, region.second, members, level=True, total=True)
    last_col = len(titles)
    row += 2
    row = _waterfall(out, row, lang, first, second, region, lines)
    out.fit_columns(minimum=11, maximum=18, fixed={1: 58.0})
    ws.freeze_panes = cell_name(header_row + 1, 2)
    print_setup(ws, last_row=row, last_col=max(last_col, 5), landscape=True, lang=lang, header=sheet_title,
                footer=footer, title_rows=f"{header_row}:{header_row}")


def _waterfall(out: SheetWriter, row: int, lang: str, first: str, second: str, region, lines) -> int:
    """The chart's data (start, one bar per cause, end) and the chart below it."""
    L = lambda key: label(key, lang)  # noqa: E731
    ws = out.ws
    chart_title = L("var_chart_title").format(first=first, second=second)
    out.text(row, 1, chart_title, "section", measure=False)
    row += 1
    out.header(row, 1, [L("var_cause"), L("var_chart_base"), L("var_chart_up"), L("var_chart_down"),
                        L("var_chart_total")], numeric={1, 2, 3, 4})
    head = row
    row += 1
    out.text(row, 1, first)
    for col, value in ((2, None), (3, None), (4, None), (5, region.first.own_share)):
        out.number(row, col, value)
    running = lowest = region.first.own_share
    for text, amount in lines:
        row += 1
        out.text(row, 1, text if len(text) <= CATEGORY_CHARS else text[:CATEGORY_CHARS - 1] + "…")
        base = running if amount >= 0 else running + amount
        out.number(row, 2, base)
        out.number(row, 3, amount if amount > 0 else None)
        out.number(row, 4, -amount if amount < 0 else None)
        running += amount
        lowest = min(lowest, running)
    row += 1
    out.text(row, 1, second)
    out.number(row, 5, region.second.own_share)

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 60
    chart.title = chart_title
    chart.y_axis.title = "€"
    chart.y_axis.numFmt = '[$-407]#,##0 "€"'
    chart.legend = None
    chart.height = 10
    chart.width = 30
    if lowest > 0:
        # The changes are small beside the levels: the axis starts below the lowest bar top,
        # so they show (the invisible base is simply cut).
        chart.y_axis.scaling.min = int(lowest * Decimal("0.8") / 1000) * 1000  # axis scale, not money
    data = Reference(ws, min_col=2, max_col=5, min_row=head, max_row=row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=head + 1, max_row=row))
    base, up, down, total = chart.series
    base.graphicalProperties = GraphicalProperties(noFill=True)
    base.graphicalProperties.line.noFill = True
    for series, key in ((up, "up"), (down, "down"), (total, "total")):
        series.graphicalProperties = GraphicalProperties(solidFill=_COLOURS[key])
    ws.add_chart(chart, f"A{row + 2}")
    return row + 2 + CHART_ROWS


def _method_sheet(ws, lang: str, title: str, footer: str, files, note: str = "") -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    out.text(1, 1, L("var_sheet_method"), "title", measure=False)
    if note:
        out.text(2, 1, note, "flag_note", measure=False)
    out.paragraph(3, 1, 4, L("var_method_text"), chars_per_line=150)
    row = 5
    out.text(row, 1, L("var_order"), "section", measure=False)
    for i, group in enumerate(ORDER, start=1):
        row += 1
        out.number(row, 1, i, "integer_left")
        out.text(row, 2, L("var_order_calendar" if group == "calendar" else f"var_group_{group}"), "text")
    row = write_inputs(out, row + 2, files, fingerprint(files), lang)
    out.fit_columns(minimum=10, fixed={1: 40.0, 2: 60.0, 3: 40.0, 4: 20.0})
    print_setup(ws, last_row=row, last_col=4, landscape=True, lang=lang, header=title, footer=footer)
