"""The comparison as CSV (dialect: ``reports/csv_dialect.py``): one line per year, region
figure and member share — base, then each scenario with Δ € and Δ % — and, for a range of
years, the same lines for the period's sums (``Jahr``: ``2027–2030``).

Headings name the scenarios by their ``name`` (the key a script selects a column by); the
workbook is the edition for people."""

from __future__ import annotations

from kimcost.reports.compare.diff import Comparison, Figure, percent_display
from kimcost.reports.compare.terminal import tables_shown
from kimcost.reports.csv_dialect import CsvTable, Number, money
from kimcost.reports.labels import label


def comparison_table(comparison: Comparison, lang: str = "de") -> CsvTable:
    L = lambda key: label(key, lang)  # noqa: E731
    header = [L("year"), L("cmp_column"), L("region"), L("member"), L("figure"), L("cmp_base")]
    for column in comparison.scenarios:
        header += [column.id, f"{column.id} {L('cmp_diff_eur')}", f"{column.id} {L('cmp_diff_pct')}"]
    table = CsvTable(header)
    period = f"{comparison.first}–{comparison.last}"

    for shown in tables_shown(comparison):
        year = str(shown.year) if shown.year is not None else period

        def line(level: str, region: str, member: str, what: str, fig: Figure, year: str = year) -> None:
            cells: list[object] = [year, level, region, member, what, money(fig.values[0])]
            for value, d in zip(fig.values[1:], fig.deltas):
                pct = percent_display(d.percent)
                cells += [money(value), money(d.amount), None if pct is None else Number(pct)]
            table.add(*cells)

        for row in (*shown.regions, shown.totals):
            level = L("cmp_level_total") if row is shown.totals else L("cmp_level_region")
            name = L("total") if row is shown.totals else row.name
            for key, fig in row.figures():
                line(level, name, "", L(key), fig)
        for m in shown.members:
            line(L("cmp_level_member"), m.region_name, m.name, L("share"), m.share)
    return table
