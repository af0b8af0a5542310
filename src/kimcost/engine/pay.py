"""Rules 2, 4 and 6: monthly pay, allowances and one-off payments of a holder."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from kimcost.engine.occupancy import Occupancy
from kimcost.money import CENT

# Each rounds as ``money.round_cent`` does (half up to the cent), the same call with the
# rounding passed by position: by keyword it costs twice as much, and these run for every
# holder-month (tests/test_engine_memo.py: the two agree on every Decimal).


def monthly_pay(table_amount: Decimal, occ: Occupancy) -> Decimal:
    """Rule 2: table amount × occupied share, rounded per holder and month."""
    return (table_amount * occ.share).quantize(CENT, ROUND_HALF_UP)


def monthly_allowance(amount: Decimal, occ: Occupancy) -> Decimal:
    """Rule 4: an allowance is prorated like pay."""
    return (amount * occ.share).quantize(CENT, ROUND_HALF_UP)


def one_off_payment(amount: Decimal, occ: Occupancy) -> Decimal:
    """Rule 6: fixed amount × FTE when the holder is employed in the month (not prorated by days)."""
    if not occ.held:
        return Decimal(0)
    return (amount * occ.fte).quantize(CENT, ROUND_HALF_UP)
