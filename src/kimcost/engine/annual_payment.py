"""Rule 5 — the Jahressonderzahlung (JSZ, annual special payment)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from kimcost.engine.occupancy import Occupancy
from kimcost.money import TWELVE, percent, round_cent

BASE_MONTHS = (7, 8, 9)
PAYMENT_MONTH = 11


@dataclass(frozen=True)
class JszBasis:
    base: Decimal
    base_months: tuple[int, ...]
    months_paid: int
    month: int
    fallback: str                     # "base_months" | "first_full_month" | "full_month_pay"
    source_months: tuple[int, ...]    # the months whose pay the base rests on


def employed_on_first_december(start: dt.date, end: dt.date | None, year: int) -> bool:
    day = dt.date(year, 12, 1)
    return start <= day and (end is None or end >= day)


def jsz_basis(occupancies: list[Occupancy], regular_pay: list[Decimal],
              full_month_pay: Callable[[int], Decimal]) -> JszBasis:
    """Base = average pay + allowances of July–September, counting only months fully held;
    if none, the first full month held. ``full_month_pay(month)`` — the pay a full month
    would bring — is asked only when the holder has no full month at all in the year (then
    for the first month held). The payment is booked in November, or in December for a
    holder who starts then."""
    months_paid = sum(1 for o in occupancies if o.held)
    base_months = tuple(m for m in BASE_MONTHS if occupancies[m - 1].full_month)
    fallback = "base_months"
    if not base_months:
        first_full = next((m for m in range(1, 13) if occupancies[m - 1].full_month), None)
        base_months = (first_full,) if first_full else ()
        fallback = "first_full_month"
    if base_months:
        base = sum((regular_pay[m - 1] for m in base_months), Decimal(0)) / len(base_months)
        source_months = base_months
    else:
        first_held = next(m for m in range(1, 13) if occupancies[m - 1].held)
        base = full_month_pay(first_held)
        fallback, source_months = "full_month_pay", (first_held,)
    month = PAYMENT_MONTH if occupancies[PAYMENT_MONTH - 1].held else 12
    return JszBasis(base, base_months, months_paid, month, fallback, source_months)


def jsz_amount(rate_percent: Decimal, basis: JszBasis) -> Decimal:
    """rate × base × months with pay ÷ 12, rounded to the cent."""
    return round_cent(percent(rate_percent) * basis.base * basis.months_paid / TWELVE)
