"""Values keyed by the date they take effect (OpenFisca-style parameter series)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Generic, Mapping, TypeVar

from kimcost.configuration.errors import Path
from kimcost.engine.errors import MissingData

T = TypeVar("T")


@dataclass(frozen=True)
class Dated(Generic[T]):
    """A value in force, with the date it took effect and the key path it was read from."""

    since: dt.date
    value: T
    path: Path


class DatedSeries(Generic[T]):
    """Sorted view of a ``{date: value}`` mapping with a lookup by day."""

    def __init__(self, values: Mapping[dt.date, T], path: Path, what: str):
        self._days = sorted(values)
        self._values = [values[d] for d in self._days]
        self.path = path
        self.what = what
        # Every holder-month asks for the same few days (the first of each month): each
        # answer is built once and then found by the day (a quarter of the engine's lookups
        # cost went into building equal ``Dated`` objects and paths again and again).
        self._found: dict[dt.date, Dated[T] | None] = {}

    def __bool__(self) -> bool:
        return bool(self._days)

    def at(self, day: dt.date) -> Dated[T]:
        """The entry in force on ``day``; ``MissingData`` when none has begun yet."""
        found = self.get(day)
        if found is None:
            first = f"; the first entry takes effect {self._days[0]}" if self._days else ""
            where = self.path + (self._days[0],) if self._days else self.path  # the first entry: where the data begins
            raise MissingData(where, f"no {self.what} in force on {day}{first}; add an entry dated on or before {day}")
        return found

    def get(self, day: dt.date) -> Dated[T] | None:
        try:
            return self._found[day]
        except KeyError:
            pass
        i = bisect.bisect_right(self._days, day) - 1
        if i < 0:
            found = None
        else:
            since = self._days[i]
            found = Dated(since, self._values[i], self.path + (since,))
        self._found[day] = found
        return found

    def boundaries(self) -> list[dt.date]:
        return list(self._days)

    @property
    def last_year(self) -> int | None:
        return self._days[-1].year if self._days else None

    def require_year(self, year: int) -> None:
        """For series that are set year by year: the year must not lie beyond the last entry."""
        if not self._days:
            raise MissingData(self.path, f"no {self.what} at all; add an entry for {year}")
        if self._days[-1].year < year:
            raise MissingData(
                self.path + (self._days[-1],),  # the last entry: where the data ends
                f"{self.what} end with {self._days[-1].year} (last entry {self._days[-1]}); "
                f"add an entry for {year} (mark it 'status: assumption' if it is not yet known) or settle under a scenario that supplies one",
            )
        self.at(dt.date(year, 1, 1))
