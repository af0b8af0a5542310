"""Rule 1 — occupancy: the occupied share of a month is FTE × days held ÷ days in month."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kimcost.configuration.schema import Holder
from kimcost.engine.calendar import days_in_month, days_overlap, month_end, month_start


@dataclass(frozen=True)
class Occupancy:
    days_held: int
    days_in_month: int
    fte: Decimal

    @property
    def held(self) -> bool:
        return self.days_held > 0

    @property
    def full_month(self) -> bool:
        return self.days_held == self.days_in_month

    @property
    def share(self) -> Decimal:
        """FTE × days held ÷ days in month, exact (no rounding: rule 1 does not round)."""
        if self.days_held == 0:
            return Decimal(0)
        if self.full_month:
            return self.fte
        return self.fte * self.days_held / self.days_in_month


def occupancy(holder: Holder, year: int, month: int) -> Occupancy:
    days = days_overlap(holder.start, holder.end, month_start(year, month), month_end(year, month))
    return Occupancy(days, days_in_month(year, month), holder.fte)
