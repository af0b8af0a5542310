"""Rules 2, 4 and 6: monthly pay, allowances and one-off payments of a holder."""

from __future__ import annotations

from decimal import Decimal

from kimcost.engine.occupancy import Occupancy
from kimcost.money import round_cent


def monthly_pay(table_amount: Decimal, occ: Occupancy) -> Decimal:
    """Rule 2: table amount × occupied share, rounded per holder and month."""
    return round_cent(table_amount * occ.share)


def monthly_allowance(amount: Decimal, occ: Occupancy) -> Decimal:
    """Rule 4: an allowance is prorated like pay."""
    return round_cent(amount * occ.share)


def one_off_payment(amount: Decimal, occ: Occupancy) -> Decimal:
    """Rule 6: fixed amount × FTE when the holder is employed in the month (not prorated by days)."""
    if not occ.held:
        return Decimal(0)
    return round_cent(amount * occ.fte)
