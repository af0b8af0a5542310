"""The comparison as a workbook: figures side by side with a bar chart, what changed, assumptions.

Money cells are numbers formatted ``#,##0.00 "€"`` so finance staff can keep calculating;
text from the YAML (names, sources, descriptions) is always written as text, never as a
formula, whatever it starts with.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kimcost.reports.compare.diff import Comparison, Figure, percent_display
from kimcost.reports.compare.terminal import column_title
from kimcost.reports.labels import label
from kimcost.reports.output import write_atomically
from kimcost.reports.parameters import flagged_rows
from kimcost.reports.xlsx.determinism import calculation_moment, save_reproducibly
from kimcost.reports.xlsx.styles import MONEY, clean_text

DIFF_MONEY = '+#,##0.00 "€";-#,##0.00 "€";0.00 "€"'
DIFF_PERCENT = '+0.00%;-0.00%;0.00%'
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_FLAG_FILL = PatternFill("solid", fgColor="FCE4D6")


def _text(ws: Worksheet, row: int, col: int, value: Any, *, bold: bool = False, fill=None) -> None:
    """Text as text: a name like '=HYPERLINK(…)' from a YAML file must not become a formula."""
    cell = ws.cell(row=row, column=col)
    cell.value = clean_text(value) if value is not None else None
    if value is not None:
        cell.data_type = "s"
    cell.number_format = "@"
    if bold:
        cell.font = _BOLD
    if fill is not None:
        cell.fill = fill


def _number(ws: Worksheet, row: int, col: int, value: Decimal | None, fmt: str, *, bold: bool = False) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.number_format = fmt
    if bold:
        cell.font = _BOLD


def _header(ws: Worksheet, row: int, titles: Sequence[str], numbers_from: int | None = None) -> None:
    """Header cells; from column ``numbers_from`` on they stand over numbers, so right-aligned."""
    for col, title in enumerate(titles, start=1):
        _text(ws, row, col, title, bold=True, fill=_HEADER_FILL)
        right = numbers_from is not None and col >= numbers_from
        ws.cell(row=row, column=col).alignment = Alignment(wrap_text=True, vertical="bottom",
                                                           horizontal="right" if right else None)


def _value_titles(comparison: Comparison, lang: str) -> list[str]:
    titles = [column_title(comparison.base, lang)]
    for column in comparison.scenarios:
        titles += [column.id, f"{column.id} {label('cmp_diff_eur', lang)}", f"{column.id} {label('cmp_diff_pct', lang)}"]
    return titles


def _figure(ws: Worksheet, row: int, col: int, fig: Figure, bold: bool = False) -> None:
    _number(ws, row, col, fig.values[0], MONEY, bold=bold)
    col += 1
    for value, d in zip(fig.values[1:], fig.deltas):
        _number(ws, row, col, value, MONEY, bold=bold)
        _number(ws, row, col + 1, d.amount, DIFF_MONEY)
        shown = percent_display(d.percent)
        _number(ws, row, col + 2, None if shown is None else shown / 100, DIFF_PERCENT)
        col += 3


def _comparison_sheet(ws: Worksheet, comparison: Comparison, lang: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    _text(ws, 1, 1, L("cmp_title").format(year=comparison.year, district=comparison.district))
    ws.cell(row=1, column=1).font = _TITLE
    row = 2
    base_names = [s.name for s in getattr(comparison.base.loaded, "scenarios", ())]
    if base_names:
        _text(ws, row, 1, L("cmp_base_with").format(names=", ".join(base_names)))
        row += 1
    for column in comparison.scenarios:
        _text(ws, row, 1, L("cmp_scenario_header").format(name=column.id, description=column.description))
        row += 1
    row += 1
    _text(ws, row, 1, L("cmp_regions"), bold=True)
    row += 1
    _header(ws, row, [L("region"), L("figure"), *_value_titles(comparison, lang)], numbers_from=3)
    row += 1
    for region in (*comparison.regions, comparison.totals):
        name = region.name or L("total")
        for key, fig in (("total_costs", region.costs), ("grant", region.grant), ("own_share", region.own_share)):
            _text(ws, row, 1, name, bold=region is comparison.totals)
            _text(ws, row, 2, L(key))
            _figure(ws, row, 3, fig, bold=key == "own_share")
            row += 1
    row += 1
    _text(ws, row, 1, L("cmp_members"), bold=True)
    row += 1
    _header(ws, row, [L("region"), L("member"), *_value_titles(comparison, lang)], numbers_from=3)
    row += 1
    for member in comparison.members:
        _text(ws, row, 1, member.region_name)
        _text(ws, row, 2, member.name)
        _figure(ws, row, 3, member.share)
        row += 1
    row += 2
    row = _chart(ws, row, comparison, lang, L("cmp_chart_own_share"), L("region"),
                 [(r.name, r.own_share) for r in comparison.regions])
    _chart(ws, row, comparison, lang, L("cmp_chart_member_share"), L("member"),
           [(m.name, m.share) for m in comparison.members])
    widths = [24, 26] + [16] * (len(_value_titles(comparison, lang)))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "C1"
    _print_setup(ws)


def _print_setup(ws: Worksheet) -> None:
    """Council papers are printed: landscape, all columns on one page width."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _chart(ws: Worksheet, row: int, comparison: Comparison, lang: str, title: str, first_header: str,
           rows: Sequence[tuple[str, Figure]]) -> int:
    """A clustered bar chart: one bar per column (base, scenarios) for each region or member.
    Its data is written as a small table above the chart, so the chart stays live in Excel."""
    _text(ws, row, 1, title, bold=True)
    row += 1
    columns = comparison.columns
    _header(ws, row, [first_header] + [column_title(c, lang) for c in columns], numbers_from=2)
    first = row
    for name, fig in rows:
        row += 1
        _text(ws, row, 1, name)
        for i, value in enumerate(fig.values, start=2):
            _number(ws, row, i, value, MONEY)
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
    return row + 2 + 18


def _changes_sheet(ws: Worksheet, comparison: Comparison, lang: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    row = 1
    groups = [(label("cmp_base", lang), getattr(comparison.base.loaded, "scenarios", ()))]
    groups += [(c.id, c.scenarios) for c in comparison.scenarios]
    for _column, scenarios in groups:
        for scenario in scenarios:
            _text(ws, row, 1, L("cmp_what_changed").format(name=scenario.name, description=scenario.description), bold=True)
            row += 1
            if scenario.file is not None and scenario.location is not None:
                _text(ws, row, 1, f"{L('cmp_scenario_file')}: {scenario.location.file}")
                row += 1
            _header(ws, row, [L("cmp_key_path"), L("cmp_kind"), L("cmp_base_value"), L("cmp_scenario_value"),
                              L("cmp_note"), L("cmp_written_at")])
            row += 1
            for change in scenario.changes:
                for col, value in enumerate((change.key, L(f"cmp_kind_{change.kind}"), change.base_text,
                                             change.value_text, change.note, str(change.location or "")), start=1):
                    _text(ws, row, col, value, fill=_FLAG_FILL if change.kind in ("pay_rise", "carry_forward") else None)
                row += 1
            row += 1
    for i, width in enumerate((42, 22, 36, 60, 40, 34), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    _print_setup(ws)


def _assumptions_sheet(ws: Worksheet, comparison: Comparison, lang: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    _header(ws, 1, [L("cmp_column"), L("parameter"), L("since"), L("value"), L("source"), L("status")])
    row = 2
    for column in comparison.columns:
        for flagged in flagged_rows(column.settlement, column.loaded.config):
            status = label(flagged.status, lang) if flagged.status in ("assumption", "provisional", "expected") else flagged.status
            values = (column_title(column, lang), flagged.key, flagged.since.isoformat() if flagged.since else "",
                      flagged.value, flagged.source, status)
            for col, value in enumerate(values, start=1):
                _text(ws, row, col, value, fill=_FLAG_FILL)
            row += 1
    for i, width in enumerate((18, 44, 12, 40, 70, 14), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    _print_setup(ws)


def build_comparison_workbook(comparison: Comparison, lang: str = "de") -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = label("cmp_sheet", lang)
    _comparison_sheet(ws, comparison, lang)
    _changes_sheet(wb.create_sheet(label("cmp_sheet_changes", lang)), comparison, lang)
    _assumptions_sheet(wb.create_sheet(label("cmp_sheet_assumptions", lang)), comparison, lang)
    return wb


def write_comparison_workbook(comparison: Comparison, target: Path, lang: str = "de") -> None:
    """Written atomically and reproducibly, like the settlement workbook."""
    moment = calculation_moment()
    workbook = build_comparison_workbook(comparison, lang)
    write_atomically(Path(target), lambda tmp: save_reproducibly(workbook, tmp, moment))
