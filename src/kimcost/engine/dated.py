"""Values keyed by the date they take effect (OpenFisca-style parameter series)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from kimcost.configuration.errors import Path
from kimcost.configuration.planning import covered_through
from kimcost.configuration.schema import Checked
from kimcost.engine.errors import MissingData
from kimcost.messages import Catalogue, Text

# ``what``: the series' name (engine/parameters.py), itself a text of either language.
TEXTS = Catalogue("engine.dated", {
    "none_in_force": ("{what}: am {day} gilt noch kein Eintrag{first}; ergänzen Sie einen Eintrag mit Datum am oder "
                      "vor {day}",
                      "no {what} in force on {day}{first}; add an entry dated on or before {day}"),
    "first_entry": ("; der erste Eintrag gilt ab {day}", "; the first entry takes effect {day}"),
    "none_at_all": ("{what}: es gibt keinen Eintrag; ergänzen Sie einen Eintrag für {year}",
                    "no {what} at all; add an entry for {year}"),
    "ends": ("{what}: die Einträge enden mit {last_year} (letzter Eintrag {last}{checked}); ergänzen Sie einen Eintrag "
             "für {year} oder, wenn der letzte weiter gilt, 'checked_until:' neben den Einträgen",
             "{what} end with {last_year} (last entry {last}{checked}); add an entry for {year}, or 'checked_until:' "
             "beside the entries if the last one still holds"),
    "checked": (", geprüft bis {day}", ", checked until {day}"),
})

T = TypeVar("T")


@dataclass(frozen=True)
class Dated(Generic[T]):
    """A value in force, with the date it took effect and the key path it was read from."""

    since: dt.date
    value: T
    path: Path
    # The series' ``checked_until`` when the value is in force only by it (a year after the
    # entry's own year, none of whose entries is dated yet): it enters the figures too.
    checked: Path | None = None


class DatedSeries(Generic[T]):
    """Sorted view of a ``{date: value}`` mapping with a lookup by day."""

    def __init__(self, values: Mapping[dt.date, T], path: Path, what: Text | str, *,
                 checked: Checked | None = None, checked_path: Path | None = None):
        self._days = sorted(values)
        self._values = [values[d] for d in self._days]
        self.path = path
        self.what = what
        self.checked = checked
        self.checked_path = checked_path
        # The entry ``checked_until`` speaks of: the one in force on its date.
        i = bisect.bisect_right(self._days, checked.date) - 1 if checked is not None else -1
        self._checked_since = self._days[i] if i >= 0 else None
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
            first = TEXTS("first_entry", day=self._days[0]) if self._days else ""
            where = self.path + (self._days[0],) if self._days else self.path  # the first entry: where the data begins
            raise MissingData(where, TEXTS("none_in_force", what=self.what, day=day, first=first))
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
            relies = (since == self._checked_since and day.year > since.year
                      and day <= self.checked.date)  # type: ignore[union-attr]
            found = Dated(since, self._values[i], self.path + (since,), self.checked_path if relies else None)
        self._found[day] = found
        return found

    def boundaries(self) -> list[dt.date]:
        return list(self._days)

    @property
    def last_year(self) -> int | None:
        return self._days[-1].year if self._days else None

    def require_year(self, year: int) -> None:
        """For series that are set year by year: the whole year must be covered, by an entry
        dated in it or later, or by the series' ``checked_until`` (no stale data)."""
        if not self._days:
            raise MissingData(self.path, TEXTS("none_at_all", what=self.what, year=year))
        through = covered_through(self._days, self.checked)
        if through is None or through < dt.date(year, 12, 31):
            last = self._days[-1]
            checked = TEXTS("checked", day=self.checked.date) \
                if self.checked is not None and self.checked.date > last else ""
            raise MissingData(
                self.path + (last,),  # the last entry: where the data ends
                TEXTS("ends", what=self.what, last_year=last.year, last=last, checked=checked, year=year),
                ends=True,
            )
        self.at(dt.date(year, 1, 1))
