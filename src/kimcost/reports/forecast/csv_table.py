"""The forecast as CSV (dialect: ``reports/csv_dialect.py``): one row per figure, one column per year.

Kinds: the region figures as the employer's budget needs them (personnel costs, other costs,
total, the grant and the other members' refunds as income, own share, the employer's part)
and each municipality's share.
"""

from __future__ import annotations

from kimcost.engine.forecast import Forecast
from kimcost.reports.csv_dialect import CsvTable, money
from kimcost.reports.forecast.figures import BUDGET_FIGURES, BUDGET_LABELS, member_rows, region_figures
from kimcost.reports.labels import label


def forecast_table(fc: Forecast, lang: str = "de") -> CsvTable:
    L = lambda key: label(key, lang)  # noqa: E731
    table = CsvTable([L("figure"), L("region"), L("member"), *fc.years])
    for r in fc.settlements[0].regions:
        figures = region_figures(fc, r.id)
        for key in BUDGET_FIGURES:
            table.add(L(BUDGET_LABELS[key]), r.name, "", *(money(v) for v in figures[key]))
    for row in member_rows(fc):
        table.add(L("share"), row.region_name, row.name, *(money(v) for v in row.shares))
    return table
