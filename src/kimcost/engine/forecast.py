"""Budget forecast: one settlement per year, and a proposal for next year's advance payments.

The Haushaltsplan covers the coming year and the medium-term plan the three after it
(README, budget forecast). Nothing here is new arithmetic: each year is an ordinary ``settle`` (so
steps rise, tables and grant change exactly as dated data and scenarios say), and the
advance proposal reuses the cent split of rule 12.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kimcost.configuration.schema import Configuration, advance_schedule
from kimcost.engine.coverage import covered_years, missing_yearly_data  # noqa: F401  (re-exported)
from kimcost.engine.errors import MissingData, SeriesMissing, YearProblem
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


class ForecastDataMissing(SeriesMissing):
    """Some forecast years lack data: every series that ends before the last year, once."""


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
            found = exc.problems if isinstance(exc, SeriesMissing) else [YearProblem(year, exc)]
            for problem in found:
                if problem.error.path not in failing_paths:
                    failing_paths.add(problem.error.path)
                    problems.append(problem)
    if problems:
        raise ForecastDataMissing(problems, first, last)
    return Forecast(first, last, tuple(settlements), advance_proposal(settlements[0], config))
