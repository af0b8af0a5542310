"""The comparison on the terminal: figures side by side, and what each scenario changed."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from kimcost.reports.compare.diff import Comparison, Delta, Figure, percent_display
from kimcost.reports.console import safe
from kimcost.reports.labels import label
from kimcost.reports.numbers import money, number
from kimcost.reports.parameters import flagged_rows
from kimcost.reports.scenario_changes import changes_tables


def column_title(column, lang: str) -> str:
    return label("cmp_base", lang) if column.is_base else column.id


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


def _add_value_columns(table: Table, comparison: Comparison, lang: str) -> None:
    table.add_column(column_title(comparison.base, lang), justify="right")
    for column in comparison.scenarios:
        table.add_column(safe(column.id), justify="right")
        table.add_column(label("cmp_diff_eur", lang), justify="right")
        table.add_column(label("cmp_diff_pct", lang), justify="right")


def comparison_view(comparison: Comparison, lang: str = "de") -> Iterator[RenderableType]:
    L = lambda key: label(key, lang)  # noqa: E731
    base_names = [s.name for s in comparison.base.loaded.scenarios]
    title = L("cmp_title").format(year=comparison.year, district=comparison.district)
    if base_names:
        title += f" ({L('cmp_base_with').format(names=', '.join(base_names))})"
    regions = Table(title=safe(f"{title}\n{L('cmp_regions')}"), title_justify="left")
    regions.add_column(L("region"))
    regions.add_column(L("figure"))
    _add_value_columns(regions, comparison, lang)
    for row in (*comparison.regions, comparison.totals):
        name = row.name or L("total")
        if row is comparison.totals:
            regions.add_section()
        for key, fig in (("total_costs", row.costs), ("grant", row.grant), ("own_share", row.own_share)):
            regions.add_row(safe(name), L(key), *_cells(fig, lang, bold=key == "own_share"))
            name = ""
    yield regions

    members = Table(title=L("cmp_members"), title_justify="left")
    members.add_column(L("region"))
    members.add_column(L("member"))
    _add_value_columns(members, comparison, lang)
    current = None
    for row in comparison.members:
        if current is not None and row.region_id != current:
            members.add_section()
        current = row.region_id
        members.add_row(safe(row.region_name), safe(row.name), *_cells(row.share, lang))
    yield members

    for column in comparison.scenarios:
        yield from changes_tables(column.scenarios, lang)
    for column in comparison.columns:
        count = len(flagged_rows(column.settlement, column.loaded.config))
        if count:
            yield safe(L("cmp_flagged").format(column=column_title(column, lang), count=count), "yellow")
