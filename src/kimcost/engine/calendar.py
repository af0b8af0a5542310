"""Calendar arithmetic for day-exact occupancy."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from functools import cache

MONTHS = range(1, 13)

# The three functions below are called for every holder and month (several times each); the
# answers depend only on (year, month), so they are remembered. ``monthrange`` computes a
# weekday it does not need here, which made it a tenth of the engine's time at state scale.


@cache
def days_in_month(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


@cache
def month_start(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


@cache
def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, days_in_month(year, month))


@cache
def month_starts(year: int) -> tuple[dt.date, ...]:
    """The first day of each month of ``year``, January first."""
    return tuple(month_start(year, m) for m in MONTHS)


@cache
def month_ends(year: int) -> tuple[dt.date, ...]:
    """The last day of each month of ``year``, January first."""
    return tuple(month_end(year, m) for m in MONTHS)


def days_overlap(start: dt.date, end: dt.date | None, first: dt.date, last: dt.date) -> int:
    """Calendar days of [start, end] (end open when None) that fall in [first, last]."""
    lo = max(start, first)
    hi = last if end is None else min(end, last)
    return max(0, (hi - lo).days + 1)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 1 March when missing."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)
