"""Whether an employment (a holder's ``start`` .. ``end``, ``end`` None while it lasts)
touches a year. Lowest layer, so the engine and the reports agree on who counts in a year."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Period(Protocol):
    # read-only members, so frozen models (a pydantic Holder) and dataclasses both fit
    @property
    def start(self) -> dt.date: ...
    @property
    def end(self) -> dt.date | None: ...


def active_in_year(period: Period, year: int) -> bool:
    """Some day of ``year`` lies within the period (both ends included)."""
    return period.start <= dt.date(year, 12, 31) and (period.end is None or period.end >= dt.date(year, 1, 1))
