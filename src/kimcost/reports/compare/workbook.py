"""The comparison as a workbook for a council paper: figures side by side with totals and a
bar chart, what each scenario changed, and the values that rest on assumptions.

Built on the shared xlsx machinery (styles, page setup, reproducible saving) like every
kimcost workbook: A4 landscape, one page wide, header rows repeated, header and footer with
date, version and fingerprint; money cells are Decimal numbers, text from YAML stays text.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from kimcost.reports.compare.diff import Comparison, Figure, percent_display
from kimcost.reports.compare.terminal import column_title
from kimcost.reports.labels import label
from kimcost.reports.parameters import flagged_rows
from kimcost.loading.inputs import fingerprint
from kimcost.reports.envelope import input_files
from kimcost.reports.xlsx.book import footer_text, new_workbook, set_properties, write_inputs
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.xlsx.names import SheetNames
from kimcost.reports.xlsx.styles import SheetWriter

CHART_ROWS = 18


def build_comparison_workbook(comparison: Comparison, lang: str, moment: dt.datetime) -> Workbook:
    L = lambda key: label(key, lang)  # noqa: E731
    loaded = comparison.base.loaded
    title = L("cmp_title").format(year=comparison.year, district=comparison.district)
    files = input_files(loaded, [c.loaded for c in comparison.scenarios])
    footer = footer_text(loaded.main_file.name, fingerprint(files), moment, lang)
    names = SheetNames()
    wb = new_workbook(("money_diff", "percent_diff", "money_diff_total", "percent_diff_total"))
    _comparison_sheet(wb.create_sheet(names.take(L("cmp_sheet"))), comparison, lang, title, footer)
    _changes_sheet(wb.create_sheet(names.take(L("cmp_sheet_changes"))), comparison, lang, title, footer)
    _assumptions_sheet(wb.create_sheet(names.take(L("cmp_sheet_assumptions"))), comparison, lang, title, footer, files)
    wb.active = 0
    set_properties(wb, title=title, subject=comparison.district, keywords=f"KIM; {comparison.year}; {comparison.district}",
                   description=f"{loaded.main_file.name} SHA-256 {fingerprint(files)}", lang=lang)
    return wb


def _value_titles(comparison: Comparison, lang: str) -> list[str]:
    titles = [column_title(comparison.base, lang)]
    for column in comparison.scenarios:
        titles += [column.id, f"{column.id} {label('cmp_diff_eur', lang)}", f"{column.id} {label('cmp_diff_pct', lang)}"]
    return titles


def _figure(out: SheetWriter, row: int, col: int, fig: Figure, *, bold: bool = False, total: bool = False) -> None:
    money = "money_total" if total else ("money_bold" if bold else "money")
    out.number(row, col, fig.values[0], money)
    col += 1
    for value, d in zip(fig.values[1:], fig.deltas):
        out.number(row, col, value, money)
        out.number(row, col + 1, d.amount, "money_diff_total" if total else "money_diff")
        shown = percent_display(d.percent)
        out.number(row, col + 2, None if shown is None else shown / 100, "percent_diff_total" if total else "percent_diff")
        col += 3


def _comparison_sheet(ws, comparison: Comparison, lang: str, title: str, footer: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    out.text(1, 1, title, "title", measure=False)
    ws.row_dimensions[1].height = 24
    row = 2
    base_names = [s.name for s in comparison.base.loaded.scenarios]
    if base_names:
        out.text(row, 1, L("cmp_base_with").format(names=", ".join(base_names)), "subtitle", measure=False)
        row += 1
    for column in comparison.scenarios:
        out.text(row, 1, L("cmp_scenario_header").format(name=column.id, description=column.description),
                 "subtitle", measure=False)
        row += 1
    row += 1
    out.text(row, 1, L("cmp_regions"), "section", measure=False)
    row += 1
    titles = _value_titles(comparison, lang)
    header_row = row
    out.header(row, 1, [L("region"), L("figure"), *titles], numeric=set(range(2, 2 + len(titles))))
    for region in (*comparison.regions, comparison.totals):
        is_total = region is comparison.totals
        name = region.name or L("total")
        for i, (key, fig) in enumerate((("total_costs", region.costs), ("grant", region.grant),
                                        ("own_share", region.own_share))):
            row += 1
            out.text(row, 1, name if i == 0 or is_total else "", "total_label" if is_total else "text_bold")
            out.text(row, 2, L(key), "total_label" if is_total else "text")
            _figure(out, row, 3, fig, bold=key == "own_share", total=is_total)
    row += 2
    out.text(row, 1, L("cmp_members"), "section", measure=False)
    row += 1
    out.header(row, 1, [L("region"), L("member"), *titles], numeric=set(range(2, 2 + len(titles))))
    for member in comparison.members:
        row += 1
        out.text(row, 1, member.region_name)
        out.text(row, 2, member.name)
        _figure(out, row, 3, member.share)
    row += 2
    row = _chart(out, row, comparison, lang, L("cmp_chart_own_share"), L("region"),
                 [(r.name, r.own_share) for r in comparison.regions])
    row = _chart(out, row, comparison, lang, L("cmp_chart_member_share"), L("member"),
                 [(m.name, m.share) for m in comparison.members])
    out.fit_columns(minimum=10, maximum=40)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    print_setup(ws, last_row=row, last_col=2 + len(titles), landscape=True, lang=lang, header=title, footer=footer,
                title_rows=f"{header_row}:{header_row}")


def _chart(out: SheetWriter, row: int, comparison: Comparison, lang: str, title: str, first_header: str,
           rows: Sequence[tuple[str, Figure]]) -> int:
    """A clustered bar chart: one bar per column (base, scenarios) for each region or member.
    Its data is written as a small table above the chart, so the chart stays live in Excel."""
    ws = out.ws
    out.text(row, 1, title, "section", measure=False)
    row += 1
    columns = comparison.columns
    out.header(row, 1, [first_header] + [column_title(c, lang) for c in columns],
               numeric=set(range(1, 1 + len(columns))))
    first = row
    for name, fig in rows:
        row += 1
        out.text(row, 1, name)
        for i, value in enumerate(fig.values, start=2):
            out.number(row, i, value)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = title
    chart.y_axis.title = "€"
    chart.y_axis.numFmt = '#,##0 "€"'
    chart.height = 8
    chart.width = max(16, 2.2 * len(rows))
    data = Reference(ws, min_col=2, max_col=1 + len(columns), min_row=first, max_row=row)
    categories = Reference(ws, min_col=1, min_row=first + 1, max_row=row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    # Below its data, at the left: the sheet prints as one column of tables and charts.
    ws.add_chart(chart, f"A{row + 2}")
    return row + 2 + CHART_ROWS


def _changes_sheet(ws, comparison: Comparison, lang: str, title: str, footer: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    out.text(1, 1, L("cmp_sheet_changes"), "title", measure=False)
    row = 3
    groups = [comparison.base.loaded.scenarios, *(c.scenarios for c in comparison.scenarios)]
    for scenarios in groups:
        for scenario in scenarios:
            out.text(row, 1, L("cmp_what_changed").format(name=scenario.name, description=scenario.description),
                     "section", measure=False)
            row += 1
            if scenario.file is not None and scenario.location is not None:
                out.text(row, 1, f"{L('cmp_scenario_file')}: {scenario.location.file}", "note", measure=False)
                row += 1
            out.header(row, 1, [L("cmp_key_path"), L("cmp_kind"), L("cmp_base_value"), L("cmp_scenario_value"),
                                L("cmp_note"), L("cmp_written_at")])
            for change in scenario.changes:
                row += 1
                flagged = change.kind in ("pay_rise", "carry_forward")
                for col, value in enumerate((change.key, L(f"cmp_kind_{change.kind}"), change.base_text,
                                             change.value_text, change.note, str(change.location or "")), start=1):
                    out.text(row, col, value, "flag_text" if flagged else "wrap")
            row += 2
    out.fit_columns(fixed={1: 42.0, 2: 22.0, 3: 30.0, 4: 40.0, 5: 36.0, 6: 30.0})
    print_setup(ws, last_row=max(row, 2), last_col=6, landscape=True, lang=lang, header=title, footer=footer)


def _assumptions_sheet(ws, comparison: Comparison, lang: str, title: str, footer: str, files) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    out.text(1, 1, L("cmp_sheet_assumptions"), "title", measure=False)
    out.header(3, 1, [L("cmp_column"), L("parameter"), L("since"), L("value"), L("source"), L("status")])
    row = 3
    for column in comparison.columns:
        for flagged in flagged_rows(column.settlement, column.loaded.config):
            row += 1
            out.text(row, 1, column_title(column, lang))
            out.text(row, 2, flagged.key, "wrap")
            out.date(row, 3, flagged.since, left=True)
            out.text(row, 4, flagged.value, "wrap")
            out.text(row, 5, flagged.source, "wrap")
            out.text(row, 6, label(flagged.status, lang), "flag")
    row = write_inputs(out, row + 2, files, fingerprint(files), lang)
    out.fit_columns(minimum=10, fixed={1: 40.0, 2: 40.0, 4: 36.0, 5: 60.0})
    print_setup(ws, last_row=row, last_col=6, landscape=True, lang=lang, header=title, footer=footer, title_rows="3:3")
