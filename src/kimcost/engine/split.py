"""Rules 11–13: own share, the Hare–Niemeyer cent split, and balances after advances."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kimcost.money import CENT, ZERO, floor_cent


def split_cents(total: Decimal, weights: Sequence[Decimal]) -> tuple[list[Decimal], list[Decimal], list[bool]]:
    """Rule 12. Exact shares = total × weight ÷ Σ weights; each rounded down to the cent;
    the remaining cents go one at a time to the largest remainders, ties in list order.

    Returns (exact shares, rounded shares, whether each got a remainder cent). The rounded
    shares add up to ``total`` exactly (``total`` must be a whole number of cents).
    """
    if total != total.quantize(CENT):
        raise ValueError(f"own share {total} is not a whole number of cents")
    weight_sum = sum(weights, ZERO)
    if weight_sum <= 0 or any(w <= 0 for w in weights):
        raise ValueError("weights must all be greater than 0")
    exact = [total * w / weight_sum for w in weights]
    floors = [floor_cent(e) for e in exact]
    left = int((total - sum(floors, ZERO)) / CENT)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    extra = [False] * len(weights)
    for i in order[:left]:
        extra[i] = True
    shares = [f + CENT if e else f for f, e in zip(floors, extra)]
    return exact, shares, extra


def balance(share: Decimal, advances: Decimal, is_employer: bool) -> Decimal:
    """Rule 13: positive — the member pays the employer; negative — the employer refunds.
    The employer bears its own share and settles nothing with itself."""
    return ZERO if is_employer else share - advances
