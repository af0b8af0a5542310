"""The comparison as a workbook for a council paper (Sitzungsvorlage).

Sheets: *Vergleich* (what the columns are, for a range of years the additional burden per
municipality and year, then costs, grant and own share per region and year), *Kommunen*
(each municipality's share per year), *Diagramme*, *Änderungen* (what each scenario
changes, worded for people) and *Annahmen* (the values that rest on assumptions, with the
years that use them, and the input files). Every sheet holds one table, so the header row
that repeats on each printed page is that table's.

Built on the shared xlsx machinery like every kimcost workbook: A4 landscape, one page wide,
header and footer with date, version and fingerprint; money cells are Decimal numbers, text
from YAML stays text. Headings are words for people: scenarios by their ``title`` (or
"Szenario n" with the description in the legend), inputs by what they are, never a key path,
a scenario's name or a local folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from kimcost.loading.inputs import fingerprint, relative_path
from kimcost.reports import wording
from kimcost.reports.compare.diff import Comparison, Figure, percent_display
from kimcost.reports.compare.terminal import column_titles, legend, tables_shown, title_of, year_label
from kimcost.reports.envelope import input_files
from kimcost.reports.labels import label
from kimcost.reports.parameters import flagged_rows
from kimcost.reports.public import FULL, Privacy
from kimcost.reports.xlsx.book import footer_text, new_workbook, set_properties, write_inputs
from kimcost.reports.xlsx.chart import BarChart, Reference
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.xlsx.model import Book, cell_name
from kimcost.reports.xlsx.names import SheetNames
from kimcost.reports.xlsx.styles import SheetWriter

CHART_ROWS = 18
MONEY_WIDTH = 15.0
SCENARIO_WIDTH = 24.0


def build_comparison_workbook(comparison: Comparison, lang: str, moment: dt.datetime,
                              privacy: Privacy = FULL) -> Book:
    L = lambda key: label(key, lang)  # noqa: E731
    loaded = comparison.base.loaded
    title = privacy.title(title_of(comparison, lang))
    files = input_files(loaded, [c.loaded for c in comparison.scenarios])
    footer = footer_text(loaded.main_file.name, fingerprint(files), moment, lang)
    names = SheetNames()
    wb = new_workbook(("money_diff", "percent_diff", "money_diff_total", "percent_diff_total"))
    _comparison_sheet(wb.create_sheet(names.take(L("cmp_sheet"))), comparison, lang, title, footer, privacy.note)
    _members_sheet(wb.create_sheet(names.take(L("members"))), comparison, lang, title, footer)
    _charts_sheet(wb.create_sheet(names.take(L("cmp_charts"))), comparison, lang, title, footer)
    _changes_sheet(wb.create_sheet(names.take(L("cmp_sheet_changes"))), comparison, lang, title, footer, privacy)
    _assumptions_sheet(wb.create_sheet(names.take(L("cmp_sheet_assumptions"))), comparison, lang, title, footer, files,
                       privacy)
    wb.active = 0
    span = str(comparison.first) if not comparison.multi_year else f"{comparison.first}-{comparison.last}"
    public = "" if privacy.shows_holders else f"; {L('public_edition_short')}"
    set_properties(wb, title=title, subject=privacy.title(comparison.district),
                   keywords=f"KIM; {span}; {comparison.district}{public}",
                   description=f"{loaded.main_file.name} SHA-256 {fingerprint(files)}", lang=lang)
    return wb


def _value_titles(comparison: Comparison, lang: str) -> list[str]:
    titles = column_titles(comparison, lang)
    out = [titles[0]]
    for title in titles[1:]:
        out += [title, label("cmp_diff_eur_short", lang), label("cmp_diff_pct_short", lang)]
    return out


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


def _head(out: SheetWriter, comparison: Comparison, lang: str, title: str, note: str = "") -> int:
    """Title and the legend of the columns (and the public edition's note); returns the last
    row written."""
    out.text(1, 1, title, "title", measure=False)
    out.ws.row_dimensions[1].height = 24
    row = 2
    if note:
        out.text(row, 1, note, "flag_note", measure=False)
        row += 1
    for line in legend(comparison, lang):
        out.text(row, 1, line, "subtitle", measure=False)
        row += 1
    return row


def _widths(first: dict[int, float], count: int, start: int) -> dict[int, float]:
    """Money columns of one width; each scenario's own column (headed by its title, after the
    base) wider, so a title of up to 40 characters wraps to two lines at most."""
    widths = {c: MONEY_WIDTH for c in range(start, start + count)}
    for c in range(start + 1, start + count, 3):
        widths[c] = SCENARIO_WIDTH
    return {**first, **widths}


def _comparison_sheet(ws, comparison: Comparison, lang: str, title: str, footer: str, note: str = "") -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    multi = comparison.multi_year
    shown = tables_shown(comparison)
    row = _head(out, comparison, lang, title, note) + 1
    last_col = 0
    if multi:
        row, last_col = _burden_tables(out, row, comparison, lang)
    out.text(row, 1, L("cmp_regions_years" if multi else "cmp_regions"), "section", measure=False)
    row += 1
    titles = _value_titles(comparison, lang)
    lead = [L("region"), L("figure")] + ([L("year")] if multi else [])
    header_row = row
    out.header(row, 1, [*lead, *titles], numeric=set(range(len(lead), len(lead) + len(titles))))
    first_value = len(lead) + 1
    per_region = [*zip(*(t.regions for t in shown)), tuple(t.totals for t in shown)]
    for i, per_year in enumerate(per_region):
        is_total = i == len(per_region) - 1
        name = L("total") if is_total else per_year[0].name
        for f, (key, _) in enumerate(per_year[0].figures()):
            for table, region in zip(shown, per_year):
                row += 1
                period = table.year is None
                first_line = f == 0 and table is shown[0]
                out.text(row, 1, name if first_line or is_total else "", "total_label" if is_total else "text_bold")
                out.text(row, 2, L(key) if table is shown[0] or is_total else "", "total_label" if is_total else "text")
                if multi:
                    out.text(row, 3, year_label(table, comparison, lang), "total_label" if is_total or period else "text")
                _figure(out, row, first_value, region.figures()[f][1], bold=key == "own_share" or period,
                        total=is_total or (period and not multi))
    last_col = max(last_col, len(lead) + len(titles))
    out.fit_columns(minimum=10, maximum=40, fixed=_widths({1: 22.0, 2: 18.0, 3: 17.0} if multi else {1: 22.0, 2: 18.0},
                                                          len(titles), first_value))
    ws.freeze_panes = cell_name(header_row + 1, first_value)
    print_setup(ws, last_row=row, last_col=last_col, landscape=True, lang=lang, header=title, footer=footer,
                title_rows=f"{header_row}:{header_row}")


def _burden_tables(out: SheetWriter, row: int, comparison: Comparison, lang: str) -> tuple[int, int]:
    """Per scenario: each municipality's difference to the base per year and for the period."""
    L = lambda key: label(key, lang)  # noqa: E731
    shown = tables_shown(comparison)
    last_col = 2 + len(shown)
    for s, title in enumerate(column_titles(comparison, lang)[1:]):
        out.text(row, 1, L("cmp_extra_title").format(title=title), "section", measure=False)
        row += 1
        out.header(row, 1, [L("region"), L("member"), *(year_label(t, comparison, lang) for t in shown)],
                   numeric=set(range(2, last_col)))
        for per_year in zip(*(t.members for t in shown)):
            row += 1
            out.text(row, 1, per_year[0].region_name)
            out.text(row, 2, per_year[0].name)
            for i, m in enumerate(per_year):
                out.number(row, 3 + i, m.share.deltas[s].amount, "money_diff")
        row += 1
        out.text(row, 1, L("total"), "total_label")
        out.text(row, 2, "", "total_label")
        for i, t in enumerate(shown):
            out.number(row, 3 + i, t.totals.own_share.deltas[s].amount, "money_diff_total")
        row += 2
    return row, last_col


def _members_sheet(ws, comparison: Comparison, lang: str, title: str, footer: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    multi = comparison.multi_year
    shown = tables_shown(comparison)
    out.text(1, 1, title, "title", measure=False)
    ws.row_dimensions[1].height = 24
    out.text(2, 1, L("cmp_members_years" if multi else "cmp_members"), "section", measure=False)
    header_row = 4
    titles = _value_titles(comparison, lang)
    lead = [L("region"), L("member")] + ([L("year")] if multi else [])
    out.header(header_row, 1, [*lead, *titles], numeric=set(range(len(lead), len(lead) + len(titles))))
    row = header_row
    first_value = len(lead) + 1
    for per_year in zip(*(t.members for t in shown)):
        for table, member in zip(shown, per_year):
            row += 1
            period = table.year is None
            first_line = table is shown[0]
            out.text(row, 1, member.region_name if first_line else "")
            out.text(row, 2, member.name if first_line else "", "text_bold" if first_line else "text")
            if multi:
                out.text(row, 3, year_label(table, comparison, lang), "total_label" if period else "text")
            _figure(out, row, first_value, member.share, bold=period, total=period)
    row += 1
    last = shown[-1]
    out.text(row, 1, L("total"), "total_label")
    out.text(row, 2, "", "total_label")
    if multi:
        out.text(row, 3, year_label(last, comparison, lang), "total_label")
    _figure(out, row, first_value, last.totals.own_share, total=True)
    out.fit_columns(minimum=10, maximum=40, fixed=_widths({1: 18.0, 2: 24.0, 3: 17.0} if multi else {1: 18.0, 2: 24.0},
                                                          len(titles), first_value))
    ws.freeze_panes = cell_name(header_row + 1, first_value)
    print_setup(ws, last_row=row, last_col=len(lead) + len(titles), landscape=True, lang=lang, header=title,
                footer=footer, title_rows=f"{header_row}:{header_row}")


def _charts_sheet(ws, comparison: Comparison, lang: str, title: str, footer: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    out.text(1, 1, title, "title", measure=False)
    ws.row_dimensions[1].height = 24
    period = comparison.period
    suffix = f" ({year_label(period, comparison, lang)})" if comparison.multi_year else ""
    row = _chart(out, 3, comparison, lang, L("cmp_chart_own_share") + suffix, L("region"),
                 [(r.name, r.own_share) for r in period.regions])
    row = _chart(out, row, comparison, lang, L("cmp_chart_member_share") + suffix, L("member"),
                 [(m.name, m.share) for m in period.members])
    out.fit_columns(minimum=12, maximum=40)
    print_setup(ws, last_row=row, last_col=1 + len(comparison.columns), landscape=True, lang=lang, header=title,
                footer=footer)


def _chart(out: SheetWriter, row: int, comparison: Comparison, lang: str, title: str, first_header: str,
           rows: Sequence[tuple[str, Figure]]) -> int:
    """A clustered bar chart: one bar per column (base, scenarios) for each region or member.
    Its data is written as a small table above the chart, so the chart stays live in Excel."""
    ws = out.ws
    out.text(row, 1, title, "section", measure=False)
    row += 1
    titles = column_titles(comparison, lang)
    out.header(row, 1, [first_header, *titles], numeric=set(range(1, 1 + len(titles))))
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
    chart.y_axis.numFmt = '[$-407]#,##0 "€"'
    chart.height = 8
    chart.width = max(16, 2.2 * len(rows))  # cm
    data = Reference(ws, min_col=2, max_col=1 + len(titles), min_row=first, max_row=row)
    categories = Reference(ws, min_col=1, min_row=first + 1, max_row=row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    # Below its data, at the left: the sheet prints as one column of tables and charts.
    ws.add_chart(chart, f"A{row + 2}")
    return row + 2 + CHART_ROWS


def _where(location, folder: Path) -> str:
    """file:line relative to the configuration's folder: no local folder in a council paper."""
    if location is None:
        return ""
    return f"{relative_path(Path(location.file), folder)}:{location.line}"


def _changes_sheet(ws, comparison: Comparison, lang: str, title: str, footer: str, privacy: Privacy = FULL) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    out.text(1, 1, L("cmp_sheet_changes"), "title", measure=False)
    folder = comparison.base.loaded.main_file.resolve().parent
    header_row = 3
    heads = [L("cmp_what"), L("cmp_valid_from"), L("cmp_before"), L("cmp_after"), L("cmp_note"), L("cmp_where")]
    out.header(header_row, 1, heads)
    row = header_row + 1
    titles = dict(zip((c.id for c in comparison.scenarios), column_titles(comparison, lang)[1:]))
    groups = [(L("cmp_base"), comparison.base.loaded, comparison.base.loaded.scenarios),
              *((titles[c.id], c.loaded, c.scenarios) for c in comparison.scenarios)]
    for heading, loaded, scenarios in groups:
        for scenario in scenarios:
            name = scenario.title or heading
            out.text(row, 1, f"{name}: {scenario.description}", "section", measure=False)
            row += 1
            if not scenario.changes:
                out.text(row, 1, L("cmp_no_changes"), "note")
                row += 1
            for change in scenario.changes:
                flagged = change.kind in ("pay_rise", "carry_forward")
                kind = "flag_text" if flagged else "wrap"
                what = wording.subject(change.path, loaded.config, lang, privacy)
                if change.kind not in ("set",):
                    what = f"{what} ({L('cmp_kind_' + change.kind)})"
                out.text(row, 1, what, kind)
                out.date(row, 2, wording.since_of(change.path), left=True)
                # a holder's values name the person or give grade and step (reports/public.py)
                shown = lambda text, path=change.path: privacy.change_text(path, text)  # noqa: E731
                out.text(row, 3, shown(wording.value(change.base, change.path, lang)), kind)
                out.text(row, 4, shown(wording.value(change.value, change.path, lang)), kind)
                out.text(row, 5, "" if privacy.hides_change(change.path) else wording.note(change.note, lang), kind)
                out.text(row, 6, _where(change.location, folder), "small")
                row += 1
            row += 1
    out.fit_columns(fixed={1: 44.0, 2: 12.0, 3: 30.0, 4: 36.0, 5: 34.0, 6: 30.0})
    print_setup(ws, last_row=max(row, header_row + 1), last_col=len(heads), landscape=True, lang=lang, header=title,
                footer=footer, title_rows=f"{header_row}:{header_row}")


def _assumptions_sheet(ws, comparison: Comparison, lang: str, title: str, footer: str, files,
                       privacy: Privacy = FULL) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    out.text(1, 1, L("cmp_sheet_assumptions"), "title", measure=False)
    out.text(2, 1, L("cmp_assumptions_intro"), "note", measure=False)
    header_row = 4
    heads = [L("cmp_column"), L("cmp_what"), L("since"), L("value"), L("source"), L("status"), L("years")]
    out.header(header_row, 1, heads)
    row = header_row
    for heading, column in zip(column_titles(comparison, lang), comparison.columns):
        for flagged, years in assumption_rows(column, privacy):
            row += 1
            out.text(row, 1, heading, "wrap")
            out.text(row, 2, wording.subject(flagged.path, column.loaded.config, lang, privacy), "wrap")
            out.date(row, 3, flagged.since, left=True)
            out.text(row, 4, wording.parameter_value(flagged, column.loaded.config, lang, privacy=privacy), "wrap")
            out.text(row, 5, wording.source(flagged.source, lang), "wrap")
            out.text(row, 6, label(flagged.status, lang), "flag")
            out.text(row, 7, ", ".join(map(str, years)))
    row = write_inputs(out, row + 2, files, fingerprint(files), lang, hash_column=4)
    out.fit_columns(minimum=10, fixed={1: 18.0, 2: 40.0, 3: 12.0, 4: 34.0, 5: 56.0, 6: 12.0, 7: 14.0})
    print_setup(ws, last_row=row, last_col=len(heads), landscape=True, lang=lang, header=title, footer=footer,
                title_rows=f"{header_row}:{header_row}")


def assumption_rows(column, privacy: Privacy = FULL) -> list[tuple]:
    """Each flagged value of a column once, with the years that use it."""
    seen: dict[tuple, tuple] = {}
    for settlement in column.settlements:
        for row in flagged_rows(settlement, column.loaded.config, privacy):
            seen.setdefault((row.key, row.since, row.value), (row, []))[1].append(settlement.year)
    return list(seen.values())
