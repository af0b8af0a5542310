"""Which years the dated data covers, and every series that does not reach a range of years.

``settle`` needs each year-by-year series (pay tables in use, social-insurance rates and
ceilings, the grant) to cover the whole year: by an entry dated in it or later, or by the
series' ``checked_until``. These helpers answer that for many years at once, so a command
names every series that runs out in one run.
"""

from __future__ import annotations

from collections.abc import Iterable

from kimcost.configuration.schema import Configuration
from kimcost.engine.errors import SeriesMissing, YearProblem
from kimcost.engine.parameters import build_parameters, missing_yearly_data

__all__ = ["covered_years", "missing_in_years", "missing_yearly_data", "require_years"]


def missing_in_years(config: Configuration, years: Iterable[int]) -> list[YearProblem]:
    """One problem per series that does not cover one of ``years``: the first such year."""
    params = build_parameters(config)
    problems: list[YearProblem] = []
    seen: set = set()
    for year in years:
        for error in missing_yearly_data(params, year):
            if error.path not in seen:
                seen.add(error.path)
                problems.append(YearProblem(year, error))
    return problems


def require_years(config: Configuration, first: int, last: int) -> None:
    """Raise ``SeriesMissing`` naming every series that does not reach ``first``..``last``
    (compare over a range, validate over the planned years)."""
    problems = missing_in_years(config, range(first, last + 1))
    if problems:
        raise SeriesMissing(problems, first, last)


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


