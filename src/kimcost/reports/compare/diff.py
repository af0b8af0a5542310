"""The pure part of ``compare``: base and scenario settlements side by side, with differences.

No I/O. Differences are exact ``Decimal``s (scenario − base); the percentage is exact too
and is rounded only for display (``percent_display``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Sequence

from kimcost.engine.results import RegionResult, Settlement
from kimcost.loading import LoadedConfig
from kimcost.scenarios import AppliedScenario
from kimcost.money import HUNDRED, ZERO

PERCENT_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Column:
    """One settlement of the comparison: the base, or the base under one scenario."""

    id: str                    # "base" or the scenario's name
    description: str
    settlement: Settlement
    loaded: LoadedConfig       # the configuration the settlement was computed from
    scenarios: tuple[AppliedScenario, ...] = ()  # what this column adds to the base
    is_base: bool = False


@dataclass(frozen=True)
class Delta:
    amount: Decimal | None     # scenario − base; None when either side has no figure
    percent: Decimal | None    # exact amount ÷ base × 100; None when base is 0 (or missing)


@dataclass(frozen=True)
class Figure:
    """One quantity across the columns: values[0] is the base."""

    values: tuple[Decimal | None, ...]
    deltas: tuple[Delta, ...]  # one per scenario column (values[1:])


@dataclass(frozen=True)
class RegionRow:
    id: str
    name: str
    costs: Figure
    grant: Figure
    own_share: Figure


@dataclass(frozen=True)
class MemberRow:
    region_id: str
    region_name: str
    id: str
    name: str
    share: Figure


@dataclass(frozen=True)
class Comparison:
    year: int
    district: str
    columns: tuple[Column, ...]
    regions: tuple[RegionRow, ...]
    members: tuple[MemberRow, ...]
    totals: RegionRow          # id "total": the sums over all regions

    @property
    def base(self) -> Column:
        return self.columns[0]

    @property
    def scenarios(self) -> tuple[Column, ...]:
        return self.columns[1:]


def delta(base: Decimal | None, other: Decimal | None) -> Delta:
    if base is None or other is None:
        return Delta(None, None)
    amount = other - base
    if base == 0:
        return Delta(amount, ZERO if amount == 0 else None)
    return Delta(amount, amount / base * HUNDRED)


def percent_display(value: Decimal | None) -> Decimal | None:
    """The percentage as shown: 2 places, half up."""
    return None if value is None else value.quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def figure(values: Sequence[Decimal | None]) -> Figure:
    values = tuple(values)
    return Figure(values, tuple(delta(values[0], v) for v in values[1:]))


def _region_figures(regions: Sequence[RegionResult | None], rid: str, name: str) -> RegionRow:
    def pick(get: Callable[[RegionResult], Decimal]) -> Figure:
        return figure([get(r) if r is not None else None for r in regions])

    return RegionRow(rid, name, pick(lambda r: r.costs.total), pick(lambda r: r.grant), pick(lambda r: r.own_share))


def _ordered(ids_per_column: Sequence[Sequence[str]]) -> list[str]:
    """Ids in base order, then any a scenario adds, in the order they first appear."""
    seen: dict[str, None] = {}
    for ids in ids_per_column:
        for i in ids:
            seen.setdefault(i, None)
    return list(seen)


def compare(columns: Sequence[Column]) -> Comparison:
    """Align regions and members by id across the columns (a scenario may add or drop one)."""
    if not columns:
        raise ValueError("a comparison needs at least the base")
    settlements = [c.settlement for c in columns]
    by_region = [{r.id: r for r in s.regions} for s in settlements]
    region_rows = []
    for rid in _ordered([[r.id for r in s.regions] for s in settlements]):
        found = [regions.get(rid) for regions in by_region]
        name = next(r.name for r in found if r is not None)
        region_rows.append(_region_figures(found, rid, name))

    member_keys = _ordered([[f"{r.id}\x00{m.id}" for r in s.regions for m in r.members] for s in settlements])
    member_rows = []
    for key in member_keys:
        rid, mid = key.split("\x00")
        shares: list[Decimal | None] = []
        region_name = name = ""
        for regions in by_region:
            region = regions.get(rid)
            member = next((m for m in region.members if m.id == mid), None) if region else None
            shares.append(member.share if member else None)
            if member is not None and not name:
                region_name, name = region.name, member.name
        member_rows.append(MemberRow(rid, region_name, mid, name, figure(shares)))

    def total(get: Callable[[RegionResult], Decimal]) -> Figure:
        return figure([sum((get(r) for r in s.regions), ZERO) for s in settlements])

    totals = RegionRow("total", "", total(lambda r: r.costs.total), total(lambda r: r.grant), total(lambda r: r.own_share))
    first = settlements[0]
    return Comparison(first.year, first.district, tuple(columns), tuple(region_rows), tuple(member_rows), totals)
