"""The figures of a forecast as every format shows them: per region costs, grant and own
share per year; per municipality its share per year; the values that rest on assumptions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kimcost.engine.forecast import Forecast
from kimcost.loading import LoadedConfig
from kimcost.reports.parameters import ParameterRow, flagged_rows
from kimcost.reports.public import FULL, Privacy

REGION_FIGURES = ("total_costs", "grant", "own_share")
# What the employer's budget needs, per region and year: the expenditure (personnel and
# other costs), the income (the grant, the other members' refunds) and what is left to it.
BUDGET_FIGURES = ("personnel", "other_costs", "total_costs", "grant", "own_share", "refunds", "employer_share")
BUDGET_LABELS = {"personnel": "personnel", "other_costs": "other_costs", "total_costs": "total_costs",
                 "grant": "fc_income_grant", "own_share": "own_share", "refunds": "fc_income_refunds",
                 "employer_share": "fc_employer_share"}
EMPHASISED = ("total_costs", "own_share", "employer_share")


def scenario_names(loaded: LoadedConfig) -> list[str]:
    return [s.name for s in loaded.scenarios]


@dataclass(frozen=True)
class FlaggedParameter:
    row: ParameterRow
    years: tuple[int, ...]


def flagged_parameters(fc: Forecast, loaded: LoadedConfig, privacy: Privacy = FULL) -> list[FlaggedParameter]:
    """Assumptions and provisional values any forecast year rests on, each once with its years."""
    seen: dict[tuple, tuple[ParameterRow, list[int]]] = {}
    for s in fc.settlements:
        for row in flagged_rows(s, loaded.config, privacy):
            key = (row.key, row.since, row.value)
            seen.setdefault(key, (row, []))[1].append(s.year)
    return [FlaggedParameter(row, tuple(years)) for row, years in seen.values()]


def region_figures(fc: Forecast, region_id: str) -> dict[str, list[Decimal]]:
    rows: dict[str, list[Decimal]] = {key: [] for key in ("fte", *BUDGET_FIGURES)}
    for s in fc.settlements:
        r = s.region(region_id)
        refunds = sum((m.share for m in r.members if not m.is_employer), Decimal(0))
        rows["fte"].append(r.average_fte)
        rows["personnel"].append(r.costs.personnel)
        rows["other_costs"].append(r.costs.total - r.costs.personnel)
        rows["total_costs"].append(r.costs.total)
        rows["grant"].append(r.grant)
        rows["own_share"].append(r.own_share)
        # Rule 13: the employer bears its own share; the other members refund theirs.
        rows["refunds"].append(refunds)
        rows["employer_share"].append(r.own_share - refunds)
    return rows


@dataclass(frozen=True)
class MemberRow:
    region_id: str
    region_name: str
    id: str
    name: str
    is_employer: bool
    shares: tuple[Decimal, ...]   # one per forecast year


def member_rows(fc: Forecast) -> list[MemberRow]:
    """Each member of each region with its share per year, in configuration order."""
    def share(settlement, region_id: str, member_id: str) -> Decimal:
        return next(m.share for m in settlement.region(region_id).members if m.id == member_id)

    return [
        MemberRow(r.id, r.name, m.id, m.name, m.is_employer,
                  tuple(share(s, r.id, m.id) for s in fc.settlements))
        for r in fc.settlements[0].regions
        for m in r.members
    ]
