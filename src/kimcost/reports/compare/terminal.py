"""The comparison on the terminal: figures side by side (year by year and for the period),
the additional burden per municipality, and what each scenario changed."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rich.console import RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from kimcost.reports.compare.diff import Comparison, Delta, Figure, Table, percent_display
from kimcost.reports.console import safe
from kimcost.reports.labels import label
from kimcost.reports.numbers import money, number
from kimcost.reports.parameters import flagged_rows
from kimcost.reports.public import FULL, Privacy
from kimcost.reports.scenario_changes import changes_tables


def column_titles(comparison: Comparison, lang: str) -> list[str]:
    """A heading for people per column: "Basis", the scenario's ``title``, else "Szenario n"
    (the legend beneath the title says what each one is) — never the scenario's file name."""
    titles = [label("cmp_base", lang)]
    for n, column in enumerate(comparison.scenarios, start=1):
        titles.append(column.title or label("cmp_scenario_n", lang).format(n=n))
    return titles


def title_of(comparison: Comparison, lang: str) -> str:
    if comparison.multi_year:
        return label("cmp_title_range", lang).format(first=comparison.first, last=comparison.last,
                                                     district=comparison.district)
    return label("cmp_title", lang).format(year=comparison.year, district=comparison.district)


def legend(comparison: Comparison, lang: str) -> list[str]:
    """What the columns are: the base (with the scenarios applied to it) and each scenario."""
    L = lambda key: label(key, lang)  # noqa: E731
    base_names = [s.title or s.description or s.name for s in comparison.base.loaded.scenarios]
    lines = [L("cmp_base_legend_with").format(names="; ".join(base_names)) if base_names else L("cmp_base_legend")]
    for title, column in zip(column_titles(comparison, lang)[1:], comparison.scenarios):
        lines.append(f"{title}: {column.description}")
    lines.append(L("cmp_diff_legend"))
    return lines


def year_label(table: Table, comparison: Comparison, lang: str) -> str:
    if table.year is not None:
        return str(table.year)
    return label("cmp_period", lang).format(first=comparison.first, last=comparison.last)


def tables_shown(comparison: Comparison) -> list[Table]:
    """Each year, then the period's sums; a one-year comparison shows its year alone."""
    return [*comparison.years, comparison.period] if comparison.multi_year else [comparison.years[0]]


def _money(value: Decimal | None, lang: str) -> str:
    return label("cmp_not_applicable", lang) if value is None else money(value, lang)


def _signed_money(value: Decimal | None, lang: str) -> Text:
    if value is None:
        return Text(label("cmp_not_applicable", lang))
    text = money(value, lang)
    if value > 0:
        text = "+" + text
    # More to pay is what a council wants to see first: red, as in the settlement's balances.
    return Text(text, style="red" if value > 0 else ("green" if value < 0 else "dim"))


def _percent(d: Delta, lang: str) -> Text:
    shown = percent_display(d.percent)
    if shown is None:
        return Text(label("cmp_not_applicable", lang))
    text = number(shown, lang, 2) + " %"
    return Text(("+" + text) if shown > 0 else text, style="dim" if shown == 0 else "")


def _cells(fig: Figure, lang: str, bold: bool = False) -> list:
    cells: list = [Text(_money(fig.values[0], lang), style="bold" if bold else "")]
    for value, d in zip(fig.values[1:], fig.deltas):
        cells += [Text(_money(value, lang), style="bold" if bold else ""), _signed_money(d.amount, lang), _percent(d, lang)]
    return cells


def _add_value_columns(table: RichTable, comparison: Comparison, lang: str) -> None:
    titles = column_titles(comparison, lang)
    table.add_column(titles[0], justify="right")
    for title in titles[1:]:
        table.add_column(safe(title), justify="right")
        table.add_column(label("cmp_diff_eur", lang), justify="right")
        table.add_column(label("cmp_diff_pct", lang), justify="right")


def comparison_view(comparison: Comparison, lang: str = "de", privacy: Privacy = FULL) -> Iterator[RenderableType]:
    L = lambda key: label(key, lang)  # noqa: E731
    if privacy.note:
        yield Text(privacy.note, style="bold")
        yield ""
    multi = comparison.multi_year
    shown = tables_shown(comparison)
    title = title_of(comparison, lang)
    heading = "\n".join([title, *legend(comparison, lang), L("cmp_regions_years" if multi else "cmp_regions")])
    regions = RichTable(title=safe(heading), title_justify="left")
    regions.add_column(L("region"))
    regions.add_column(L("figure"))
    if multi:
        regions.add_column(L("year"))
    _add_value_columns(regions, comparison, lang)
    rows = list(zip(*(table.regions for table in shown)))
    rows.append(tuple(table.totals for table in shown))
    for i, per_year in enumerate(rows):
        is_total = i == len(rows) - 1
        if is_total:
            regions.add_section()
        name = L("total") if is_total else per_year[0].name
        for f, (key, _) in enumerate(per_year[0].figures()):
            for table, row in zip(shown, per_year):
                fig = row.figures()[f][1]
                period = table.year is None
                shown_key = L(key) if table is shown[0] else ""
                cells: list[RenderableType] = [safe(name), shown_key]
                cells += [year_label(table, comparison, lang)] if multi else []
                regions.add_row(*cells, *_cells(fig, lang, bold=key == "own_share" or period))
                name = ""
            if multi:
                regions.add_section()
    yield regions

    members = RichTable(title=L("cmp_members_years" if multi else "cmp_members"), title_justify="left")
    members.add_column(L("region"))
    members.add_column(L("member"))
    if multi:
        members.add_column(L("year"))
    _add_value_columns(members, comparison, lang)
    current = None
    for per_year in zip(*(table.members for table in shown)):
        first = per_year[0]
        if current is not None and (multi or first.region_id != current):
            members.add_section()
        current = first.region_id
        for table, row in zip(shown, per_year):
            again = table is not shown[0]
            cells = [safe(row.region_name) if not again else "", safe(row.name) if not again else ""]
            cells += [year_label(table, comparison, lang)] if multi else []
            members.add_row(*cells, *_cells(row.share, lang, bold=table.year is None))
    yield members

    if multi:
        yield from burden_tables(comparison, lang)
    for column in comparison.scenarios:
        yield from changes_tables(column.scenarios, lang, privacy, column.loaded.config)
    for title, column in zip(column_titles(comparison, lang), comparison.columns):
        count = len({r.key for s in column.settlements for r in flagged_rows(s, column.loaded.config, privacy)})
        if count:
            yield safe(L("cmp_flagged").format(column=title, count=count), "yellow")


def burden_tables(comparison: Comparison, lang: str) -> Iterator[RichTable]:
    """Per scenario: each municipality's difference to the base, one column per year and the
    period — the council's question "what does it cost us" at a glance."""
    shown = tables_shown(comparison)
    for s, title in enumerate(column_titles(comparison, lang)[1:]):
        table = RichTable(title=safe(label("cmp_extra_title", lang).format(title=title)), title_justify="left")
        table.add_column(label("region", lang))
        table.add_column(label("member", lang))
        for t in shown:
            table.add_column(year_label(t, comparison, lang), justify="right")
        for per_year in zip(*(t.members for t in shown)):
            table.add_row(safe(per_year[0].region_name), safe(per_year[0].name),
                          *(_signed_money(m.share.deltas[s].amount, lang) for m in per_year))
        table.add_section()
        table.add_row(label("total", lang), "", *(_signed_money(t.totals.own_share.deltas[s].amount, lang) for t in shown))
        yield table
