"""The pure part of ``compare``: base and scenario settlements side by side, with differences,
for every year of a range and for the period as a whole.

No I/O. Differences are exact ``Decimal``s (scenario − base); the percentage is exact too
and is rounded only for display (``percent_display``). A period figure is the sum of the
years' figures (exact, every year already rounded as its settlement rounds); its difference
and percentage are taken from those sums, never summed percentages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kimcost.engine.results import RegionResult, Settlement
from kimcost.loading import LoadedConfig
from kimcost.money import HUNDRED, ZERO
from kimcost.scenarios import AppliedScenario

PERCENT_PLACES = Decimal("0.01")
# The figures of a region row, in the order every format shows them: the employer's budget
# (personnel and other costs, the grant as income) and what the members carry.
REGION_FIGURES = ("personnel", "other_costs", "costs", "grant", "own_share")


@dataclass(frozen=True)
class Column:
    """One column of the comparison: the base, or the base under one scenario, with one
    settlement per year of the range (in order)."""

    id: str                    # "base" or the scenario's name
    description: str
    settlements: tuple[Settlement, ...]
    loaded: LoadedConfig       # the configuration the settlements were computed from
    scenarios: tuple[AppliedScenario, ...] = ()  # what this column adds to the base
    is_base: bool = False
    title: str = ""            # a short heading for people (the scenario's ``title``), "" if none

    @property
    def settlement(self) -> Settlement:
        """The first year's settlement (the only one of a one-year comparison)."""
        return self.settlements[0]


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
    personnel: Figure | None = None
    other_costs: Figure | None = None

    def figures(self) -> tuple[tuple[str, Figure], ...]:
        """(label key, figure) as the tables show them: total costs, grant, own share (the
        split of the costs is in JSON and in the forecast)."""
        return (("total_costs", self.costs), ("grant", self.grant), ("own_share", self.own_share))


@dataclass(frozen=True)
class MemberRow:
    region_id: str
    region_name: str
    id: str
    name: str
    share: Figure


@dataclass(frozen=True)
class Table:
    """The figures of one year, or (``year`` None) the sums over the period."""

    year: int | None
    regions: tuple[RegionRow, ...]
    members: tuple[MemberRow, ...]
    totals: RegionRow          # id "total": the sums over all regions


@dataclass(frozen=True)
class Comparison:
    first: int
    last: int
    district: str
    columns: tuple[Column, ...]
    years: tuple[Table, ...]   # one per year, in order
    period: Table              # the sums over the years (for one year: that year's figures)

    @property
    def base(self) -> Column:
        return self.columns[0]

    @property
    def scenarios(self) -> tuple[Column, ...]:
        return self.columns[1:]

    @property
    def multi_year(self) -> bool:
        return self.last > self.first

    # A one-year comparison reads as before: ``comparison.regions`` are that year's rows.
    @property
    def year(self) -> int:
        return self.first

    @property
    def regions(self) -> tuple[RegionRow, ...]:
        return self.period.regions

    @property
    def members(self) -> tuple[MemberRow, ...]:
        return self.period.members

    @property
    def totals(self) -> RegionRow:
        return self.period.totals


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


_GETTERS: dict[str, Callable[[RegionResult], Decimal]] = {
    "personnel": lambda r: r.costs.personnel,
    "other_costs": lambda r: r.costs.total - r.costs.personnel,
    "costs": lambda r: r.costs.total,
    "grant": lambda r: r.grant,
    "own_share": lambda r: r.own_share,
}


def _region_row(regions: Sequence[RegionResult | None], rid: str, name: str) -> RegionRow:
    def pick(get: Callable[[RegionResult], Decimal]) -> Figure:
        return figure([get(r) if r is not None else None for r in regions])

    return RegionRow(rid, name, **{f: pick(_GETTERS[f]) for f in REGION_FIGURES})


def _ordered(ids_per_column: Sequence[Sequence[str]]) -> list[str]:
    """Ids in base order, then any a scenario adds, in the order they first appear."""
    seen: dict[str, None] = {}
    for ids in ids_per_column:
        for i in ids:
            seen.setdefault(i, None)
    return list(seen)


def compare_year(settlements: Sequence[Settlement]) -> Table:
    """One year: align regions and members by id across the columns (a scenario may add or
    drop one; its figure is then None)."""
    by_region = [{r.id: r for r in s.regions} for s in settlements]
    region_rows = []
    for rid in _ordered([[r.id for r in s.regions] for s in settlements]):
        found = [regions.get(rid) for regions in by_region]
        name = next(r.name for r in found if r is not None)
        region_rows.append(_region_row(found, rid, name))

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
            if region is not None and member is not None and not name:
                region_name, name = region.name, member.name
        member_rows.append(MemberRow(rid, region_name, mid, name, figure(shares)))

    def total(get: Callable[[RegionResult], Decimal]) -> Figure:
        return figure([sum((get(r) for r in s.regions), ZERO) for s in settlements])

    totals = RegionRow("total", "", **{f: total(_GETTERS[f]) for f in REGION_FIGURES})
    return Table(settlements[0].year, tuple(region_rows), tuple(member_rows), totals)


def _sum_figures(figures: Sequence[Figure]) -> Figure:
    """Column by column the sum over the years; None only where every year has none (a
    region a scenario drops in every year)."""
    columns = zip(*(f.values for f in figures))
    sums = []
    for values in columns:
        present = [v for v in values if v is not None]
        sums.append(sum(present, ZERO) if present else None)
    return figure(sums)


def _sum_region(rows: Sequence[RegionRow]) -> RegionRow:
    first = rows[0]
    return RegionRow(first.id, first.name, **{f: _sum_figures([getattr(r, f) for r in rows]) for f in REGION_FIGURES})


def period_table(years: Sequence[Table]) -> Table:
    """The sums over the years, row by row (rows matched by id; a row that exists in only
    some years counts in those)."""
    if len(years) == 1:
        only = years[0]
        return Table(None, only.regions, only.members, only.totals)
    regions: dict[str, list[RegionRow]] = {}
    members: dict[tuple[str, str], list[MemberRow]] = {}
    for table in years:
        for r in table.regions:
            regions.setdefault(r.id, []).append(r)
        for m in table.members:
            members.setdefault((m.region_id, m.id), []).append(m)
    member_rows = tuple(MemberRow(rows[0].region_id, rows[0].region_name, rows[0].id, rows[0].name,
                                  _sum_figures([m.share for m in rows])) for rows in members.values())
    return Table(None, tuple(_sum_region(rows) for rows in regions.values()), member_rows,
                 _sum_region([t.totals for t in years]))


def compare(columns: Sequence[Column]) -> Comparison:
    """Every column carries one settlement per year of the same range."""
    if not columns:
        raise ValueError("a comparison needs at least the base")
    count = len(columns[0].settlements)
    if count == 0 or any(len(c.settlements) != count for c in columns):
        raise ValueError("every column needs one settlement per year of the range")
    years = tuple(compare_year([c.settlements[i] for c in columns]) for i in range(count))
    first = columns[0].settlements[0]
    return Comparison(first.year, columns[0].settlements[-1].year, first.district, tuple(columns), years,
                      period_table(years))
