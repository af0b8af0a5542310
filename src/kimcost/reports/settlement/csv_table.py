"""The settlement as CSV (dialect: ``reports/csv_dialect.py``): the municipality table, or
with ``--csv-positions`` the post lines."""

from __future__ import annotations

from kimcost.engine.results import CATEGORIES, Settlement
from kimcost.reports.csv_dialect import CsvTable, Number, fte, money
from kimcost.reports.labels import balance_label, key_label, label

MEMBER_HEADER = ("region_id", "region", "member_id", "member", "key", "weight", "share", "advances", "balance",
                 "result", "employer")


def members_table(settlement: Settlement, lang: str = "de") -> CsvTable:
    """One line per municipality and region: share, advances, balance (rules 12 and 13)."""
    table = CsvTable([label(h, lang) for h in MEMBER_HEADER])
    for r in settlement.regions:
        for m in r.members:
            table.add(r.id, r.name, m.id, m.name, key_label(r.key, lang), Number(m.weight.normalize()),
                      money(m.share), money(m.advances), money(m.balance),
                      balance_label(m.balance, m.is_employer, lang), r.employer_name)
    return table


POSITION_HEADER = ("region_id", "region", "position_id", "position", "fte_plan", "fte_average", *CATEGORIES,
                   "total_costs", "grant", "own_share", "actual_categories")


def positions_table(settlement: Settlement, lang: str = "de") -> CsvTable:
    """One line per post: costs by category, grant and what is left for the members."""
    table = CsvTable([label(h, lang) for h in POSITION_HEADER])
    for r in settlement.regions:
        for p in r.positions:
            costs = p.costs
            table.add(r.id, r.name, p.id, p.name, Number(p.fte.normalize()), fte(p.average_fte),
                      *(money(getattr(costs, c)) for c in CATEGORIES), money(costs.total),
                      money(p.grant.amount), money(costs.total - p.grant.amount),
                      ", ".join(label(c, lang) for c in CATEGORIES if c in costs.actual))
    return table
