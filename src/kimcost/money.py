"""Money and rate arithmetic.

Money is ``decimal.Decimal`` from YAML to workbook. docs/rules.md: "round" means round
half up to 0.01 €, and only where a rule says so.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")
TWELVE = Decimal("12")


def round_cent(amount: Decimal) -> Decimal:
    """Round half up to the cent (docs/rules.md, money and rounding)."""
    # positional: Decimal.quantize takes keywords at about twice the cost, at ~90,000 calls a
    # state-scale run (docs/benchmarks.md); the same call, the same result
    return amount.quantize(CENT, ROUND_HALF_UP)


def floor_cent(amount: Decimal) -> Decimal:
    """Round down (towards minus infinity) to the cent, as the split of rule 12 needs."""
    return amount.quantize(CENT, rounding=ROUND_FLOOR)


def percent(rate: Decimal) -> Decimal:
    """A rate written as percent in YAML (``9.3``) as a factor (``0.093``)."""
    return rate / HUNDRED
