"""Budget forecast: one settlement per year, and a proposal for next year's advance payments.

The Haushaltsplan covers the coming year and the medium-term plan the three after it
(DOMAIN.md §2). Nothing here is new arithmetic: each year is an ordinary ``settle`` (so
steps rise, tables and grant change exactly as dated data and scenarios say), and the
advance proposal reuses the cent split of rule 12.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kimcost.configuration.schema import Configuration, advance_schedule
from kimcost.engine.errors import MissingData
from kimcost.engine.parameters import Parameters, build_parameters, yearly_series
from kimcost.engine.results import Settlement
from kimcost.engine.settlement import settle
from kimcost.engine.split import split_cents

MAX_YEARS = 30


@dataclass(frozen=True)
class MemberAdvance:
    """A member's proposed advances: its forecast share in equal instalments."""

    id: str
    name: str
    share: Decimal
    is_employer: bool
    instalments: tuple[Decimal, ...]   # empty for the employer, who bears its share itself


@dataclass(frozen=True)
class RegionAdvances:
    id: str
    name: str
    instalment_count: int
    members: tuple[MemberAdvance, ...]
    due_dates: tuple[dt.date, ...] = ()   # one per instalment; empty when the configuration names none


@dataclass(frozen=True)
class AdvanceProposal:
    year: int
    regions: tuple[RegionAdvances, ...]


@dataclass(frozen=True)
class Forecast:
    first: int
    last: int
    settlements: tuple[Settlement, ...]   # one per year, in order
    advances: AdvanceProposal

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(s.year for s in self.settlements)

    def settlement(self, year: int) -> Settlement:
        return self.settlements[year - self.first]


@dataclass(frozen=True)
class YearProblem:
    year: int
    error: MissingData


class ForecastDataMissing(MissingData):
    """Some forecast years lack data. Carries one problem per data series (the first year it
    fails in), so the user learns every series that ends before ``last`` at once. Being a
    ``MissingData`` (of the first problem), generic handlers still report it sensibly."""

    def __init__(self, problems: list[YearProblem], first: int):
        self.problems = problems
        self.first = first
        head = problems[0]
        super().__init__(head.error.path, f"forecast year {head.year}: {head.error.message}")

    @property
    def covered_until(self) -> int | None:
        """The last year up to which every forecast year could be settled, if any."""
        last_good = min(p.year for p in self.problems) - 1
        return last_good if last_good >= self.first else None


def split_instalments(share: Decimal, count: int) -> tuple[Decimal, ...]:
    """``share`` in ``count`` equal instalments that add up exactly: the cent split of rule 12
    with equal weights, so remainder cents go to the first instalments."""
    _exact, parts, _extra = split_cents(share, [Decimal(1)] * count)
    return tuple(parts)


def due_dates(days: tuple[str, ...], year: int) -> tuple[dt.date, ...]:
    """The configured due days (MM-DD) as dates of ``year``."""
    return tuple(dt.date(year, int(day[:2]), int(day[3:])) for day in days)


def advance_proposal(settlement: Settlement, config: Configuration | None = None) -> AdvanceProposal:
    """Advances for ``settlement.year``: each paying member's forecast share in the region's
    instalments, each with its due date when the configuration names the schedule
    (``advance_due_dates`` of the region or the district). The employer pays nothing to
    itself (rule 13), so it gets no instalments."""
    regions = []
    for r in settlement.regions:
        count, days = (r.advance_instalments, ()) if config is None else advance_schedule(config, r.id)
        members = tuple(
            MemberAdvance(m.id, m.name, m.share, m.is_employer,
                          () if m.is_employer else split_instalments(m.share, count))
            for m in r.members
        )
        regions.append(RegionAdvances(r.id, r.name, count, members, due_dates(days, settlement.year)))
    return AdvanceProposal(settlement.year, tuple(regions))


def missing_yearly_data(params: Parameters, year: int) -> list[MissingData]:
    """Every year-by-year series that ``require_year`` checks and that does not cover ``year``
    (it ends before, or has not begun on 1 January). ``settle`` stops at the first; a
    forecast should name them all in one run."""
    errors = []
    for one in yearly_series(params, year):
        try:
            one.require_year(year)
        except MissingData as exc:
            errors.append(exc)
    return errors


def _series_ending_before(config: Configuration, year: int) -> list[MissingData]:
    return missing_yearly_data(build_parameters(config), year)


def covered_years(config: Configuration, since: int, until: int = 2100) -> range:
    """The years the dated data covers, from the first covered year at or after ``since`` to
    the last one of that run (empty if none up to ``until``): the years ``settle`` can reach
    without a scenario supplying data. Years before it lie before the data begins."""
    params = build_parameters(config)
    year = since
    while year <= until and missing_yearly_data(params, year):
        year += 1
    first = year
    while year <= until and not missing_yearly_data(params, year):
        year += 1
    return range(first, year)


def forecast(config: Configuration, first: int, last: int) -> Forecast:
    """Settle every year from ``first`` to ``last``; the advance proposal is for ``first``.

    Raises ``ValueError`` for an empty or too long range, ``ForecastDataMissing`` when a
    year lies beyond the dated data (tables, rates, ceilings, grant: ``require_year``).
    """
    if last < first:
        raise ValueError(f"the last year {last} is before the first year {first}")
    if last - first + 1 > MAX_YEARS:
        raise ValueError(f"{last - first + 1} years is too long a forecast; at most {MAX_YEARS}")
    settlements: list[Settlement] = []
    problems: list[YearProblem] = []
    failing_paths: set = set()
    for year in range(first, last + 1):
        try:
            settlements.append(settle(config, year))
        except MissingData as exc:
            # One message per data series: "grant ends 2024" once, not again for each later year.
            for error in (exc, *_series_ending_before(config, year)):
                if error.path not in failing_paths:
                    failing_paths.add(error.path)
                    problems.append(YearProblem(year, error))
    if problems:
        raise ForecastDataMissing(problems, first)
    return Forecast(first, last, tuple(settlements), advance_proposal(settlements[0], config))
