"""Settle one year: every post of every region, then the split among members (rules 1–13)."""

from __future__ import annotations

from kimcost.configuration.schema import Configuration, Position, Region
from kimcost.engine.grant import position_grant
from kimcost.engine.holder import holder_year
from kimcost.engine.keys import key_of
from kimcost.engine.other_costs import other_costs
from kimcost.engine.parameters import Parameters, build_parameters, require_year
from kimcost.engine.results import (
    Costs,
    MemberShare,
    PersonnelCosts,
    PositionResult,
    RegionResult,
    Settlement,
)
from kimcost.engine.split import balance, split_cents
from kimcost.money import ZERO
from kimcost.periods import active_in_year


def settle(config: Configuration, year: int) -> Settlement:
    """The settlement of ``year``. Raises ``MissingData`` when data for the year is not in force."""
    params = build_parameters(config)
    require_year(params, year)
    by_region: dict[str, list[PositionResult]] = {rid: [] for rid in config.regions}
    for index, position in enumerate(config.positions):
        by_region[position.region].append(_position(params, position, index, year))
    regions = tuple(
        _region(config, rid, region, tuple(sorted(by_region[rid], key=lambda p: p.id)), year)
        for rid, region in config.regions.items()
    )
    return Settlement(year, config.district.name, regions, tuple(sorted(params.used.items(), key=lambda kv: str(kv[0]))))


def _position(params: Parameters, position: Position, index: int, year: int) -> PositionResult:
    path = ("positions", index)
    rates = params.cost_rates[position.region]
    holders = tuple(
        holder_year(params, holder, j, path + ("holders", j), year, rates.accident_insurance_per_fte_year)
        for j, holder in enumerate(position.holders)
        if active_in_year(holder, year)
    )
    computed = sum((h.personnel for h in holders), PersonnelCosts())
    shares = [sum((h.months[m].occupied_share for h in holders), ZERO) for m in range(12)]
    details = other_costs(params, rates, position, path, shares, computed.total, position.actuals.get(year), year)
    amounts = {d.category: d.amount for d in details}
    costs = Costs(**amounts, actual=frozenset(d.category for d in details if d.actual is not None))
    months = [m for h in holders for m in h.months]
    grant = position_grant(params, months, costs.personnel, costs.total, year)
    return PositionResult(
        id=position.id, name=position.name or position.id, region=position.region, index=index,
        fte=position.fte, holders=holders, computed_personnel=computed, details=details,
        costs=costs, grant=grant, path=path,
    )


def _region(config: Configuration, rid: str, region: Region, positions: tuple[PositionResult, ...], year: int) -> RegionResult:
    costs = sum((p.costs for p in positions), Costs())
    grant = sum((p.grant.amount for p in positions), ZERO)
    own_share = costs.total - grant  # rule 11
    key = key_of(region)
    weighted = [(w.weight, w.path) for w in key.weights(config, rid, region)]
    weights = [w for w, _path in weighted]
    exact, shares, extra = split_cents(own_share, weights)
    advances = region.advances.get(year, {})
    members = tuple(
        MemberShare(
            id=mid, name=config.municipalities[mid].name, weight=w, exact=e, share=s, extra_cent=x,
            advances=advances.get(mid, ZERO),
            balance=balance(s, advances.get(mid, ZERO), mid == region.employer),
            is_employer=mid == region.employer,
            listed_path=("regions", rid, "members", k), weight_path=weight_path,
        )
        for k, (mid, (w, weight_path), e, s, x) in enumerate(zip(region.members, weighted, exact, shares, extra))
    )
    employer = config.municipalities.get(region.employer) or config.parties[region.employer]
    return RegionResult(
        id=rid, name=region.name, employer=region.employer, employer_name=employer.name, key=key.name,
        key_basis=key.basis, key_sources=tuple(key.sources(config, rid, region)),
        positions=positions, costs=costs, grant=grant, own_share=own_share, members=members,
        advance_instalments=region.advance_instalments, key_path=("regions", rid, "key"),
    )
