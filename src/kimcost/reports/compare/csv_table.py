"""The comparison as CSV (dialect: ``reports/csv_dialect.py``): one line per region figure and
per member share: base, then each scenario with Δ € and Δ %."""

from __future__ import annotations

from kimcost.reports.compare.diff import Comparison, Figure, percent_display
from kimcost.reports.csv_dialect import CsvTable, Number, money
from kimcost.reports.labels import label


def comparison_table(comparison: Comparison, lang: str = "de") -> CsvTable:
    L = lambda key: label(key, lang)  # noqa: E731
    header = [L("cmp_column"), L("region"), L("member"), L("figure"), L("cmp_base")]
    for column in comparison.scenarios:
        header += [column.id, f"{column.id} {L('cmp_diff_eur')}", f"{column.id} {L('cmp_diff_pct')}"]
    table = CsvTable(header)

    def line(level: str, region: str, member: str, what: str, fig: Figure) -> None:
        cells: list[object] = [level, region, member, what, money(fig.values[0])]
        for value, d in zip(fig.values[1:], fig.deltas):
            shown = percent_display(d.percent)
            cells += [money(value), money(d.amount), None if shown is None else Number(shown)]
        table.add(*cells)

    for row in (*comparison.regions, comparison.totals):
        level = L("cmp_level_total") if row is comparison.totals else L("cmp_level_region")
        name = L("total") if row is comparison.totals else row.name
        for key, fig in (("total_costs", row.costs), ("grant", row.grant), ("own_share", row.own_share)):
            line(level, name, "", L(key), fig)
    for m in comparison.members:
        line(L("cmp_level_member"), m.region_name, m.name, L("share"), m.share)
    return table
