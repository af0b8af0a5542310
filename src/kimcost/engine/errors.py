"""Errors the engine raises when the data for a year is not there."""

from __future__ import annotations

from dataclasses import dataclass

from kimcost.configuration.errors import Path
from kimcost.messages import Catalogue, Text

TEXTS = Catalogue("engine.errors", {
    "in_year": ("Jahr {year}: {message}", "year {year}: {message}"),
})


class MissingData(Exception):
    """A value the rules need is not in force (no table, rate, grant … for that date).

    ``path`` is the configuration key path the value should be written under, so the
    caller can point at file and line. ``message``: a :class:`~kimcost.messages.Text`, worded
    in the command's language when shown.
    """

    def __init__(self, path: Path, message: Text | str, *, ends: bool = False):
        self.path = path
        self.message = message
        # True when a yearly series ends before the year (planning or new entries continue
        # it); False when the data has not begun yet, or for anything else.
        self.ends = ends
        super().__init__(message)


@dataclass(frozen=True)
class YearProblem:
    year: int
    error: MissingData


class SeriesMissing(MissingData):
    """The dated data does not reach the years asked for. Carries one problem per data series
    (the first year it fails in), so the user learns every series that ends at once. Being a
    ``MissingData`` (of the first problem), generic handlers still report it sensibly."""

    def __init__(self, problems: list[YearProblem], first: int, last: int | None = None):
        self.problems = problems
        self.first = first
        self.last = last if last is not None else max(p.year for p in problems)
        head = problems[0]
        super().__init__(head.error.path, TEXTS("in_year", year=head.year, message=head.error.message))

    @property
    def covered_until(self) -> int | None:
        """The last year up to which every year asked for could be settled, if any."""
        last_good = min(p.year for p in self.problems) - 1
        return last_good if last_good >= self.first else None
