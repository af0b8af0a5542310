"""Rule 1 — occupancy: the occupied share of a month is FTE × days held ÷ days in month."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kimcost.configuration.schema import Holder
from kimcost.engine.calendar import (
    days_in_month,
    days_overlap,
    month_end,
    month_ends,
    month_start,
    month_starts,
)


@dataclass(frozen=True)
class Occupancy:
    days_held: int
    days_in_month: int
    fte: Decimal
    # Worked out once when built: every rule of the month reads them, several times each
    # (the share alone was asked for some 40,000 times a state-scale year).
    held: bool = field(init=False, repr=False, compare=False)
    full_month: bool = field(init=False, repr=False, compare=False)
    share: Decimal = field(init=False, repr=False, compare=False)   # FTE × days held ÷ days in month, exact

    def __post_init__(self) -> None:
        # rule 1 does not round
        full = self.days_held == self.days_in_month
        if self.days_held == 0:
            share = Decimal(0)
        elif full:
            share = self.fte
        else:
            share = self.fte * self.days_held / self.days_in_month
        object.__setattr__(self, "held", self.days_held > 0)
        object.__setattr__(self, "full_month", full)
        object.__setattr__(self, "share", share)


def occupancy(holder: Holder, year: int, month: int) -> Occupancy:
    days = days_overlap(holder.start, holder.end, month_start(year, month), month_end(year, month))
    return Occupancy(days, days_in_month(year, month), holder.fte)


def occupancies(holder: Holder, year: int) -> list[Occupancy]:
    """Rule 1 for each month of ``year``; months alike (the same days held of the same
    number of days) share one record, so a holder's year builds three or four, not twelve."""
    built: dict[tuple[int, int], Occupancy] = {}
    out = []
    start, end = holder.start, holder.end
    for first, last in zip(month_starts(year), month_ends(year)):
        days = days_overlap(start, end, first, last)
        length = last.day
        occ = built.get((days, length))
        if occ is None:
            occ = built[(days, length)] = Occupancy(days, length, holder.fte)
        out.append(occ)
    return out
