"""Rules 7 and 8: employer social insurance with monthly ceilings, and the supplementary pension."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from kimcost.engine.occupancy import Occupancy
from kimcost.money import CENT, ZERO, percent

SV_DAYS_PER_MONTH = Decimal(30)


def prorated_ceiling(monthly: Decimal, occ: Occupancy) -> Decimal:
    """Rule 7: full ceiling for a full month, else ceiling × calendar days held ÷ 30."""
    if occ.full_month:
        return monthly
    return monthly * occ.days_held / SV_DAYS_PER_MONTH


class MonthContributions(NamedTuple):   # a tuple: built for every holder-month
    per_branch: dict[str, Decimal]
    contributory: dict[str, Decimal]   # per ceiling group, incl. the JSZ part
    ceilings: dict[str, Decimal]       # per ceiling group, prorated


def branch_factors(rates: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Rule 7: each branch's employer rate (percent in YAML) as a factor."""
    return {branch: percent(rate) for branch, rate in rates.items()}


class CeilingAccount:
    """Running totals per ceiling group for § 23a SGB IV (JSZ as a one-off payment).

    ``branch_groups`` names each branch's ceiling group; the groups are gone through in
    sorted order, as the totals are kept per group."""

    def __init__(self, branch_groups: Mapping[str, str]) -> None:
        self.branch_groups = branch_groups
        self.groups = tuple(sorted(set(branch_groups.values())))
        self.accrued: dict[str, Decimal] = dict.fromkeys(self.groups, ZERO)
        self.counted: dict[str, Decimal] = dict.fromkeys(self.groups, ZERO)
        # The last month without a one-off payment, and what it added per group: the
        # prorated ceiling and the regular pay counted (see ``repeat``).
        self._last: tuple[MonthContributions, tuple[tuple[str, Decimal, Decimal], ...]] | None = None

    def month(
        self,
        occ: Occupancy,
        regular_pay: Decimal,
        monthly_ceilings: Mapping[str, Decimal],
        factors: Mapping[str, Decimal],
        one_off_subject: Decimal = ZERO,
    ) -> tuple[MonthContributions, dict[str, Decimal]]:
        """Contributions of one month; ``factors`` are the branches' rates as factors
        (``branch_factors``), ``one_off_subject`` is a JSZ paid this month.

        Returns the month's figures and the part of the JSZ that was subject to
        contributions per ceiling group: at most the ceiling accrued so far this year
        minus the contributory pay already counted.
        """
        ceilings: dict[str, Decimal] = {}
        contributory: dict[str, Decimal] = {}
        one_off_part: dict[str, Decimal] = {}
        added = []
        accrued, counted = self.accrued, self.counted
        for group in self.groups:
            ceiling = prorated_ceiling(monthly_ceilings[group], occ)
            regular = min(regular_pay, ceiling)
            accrued[group] += ceiling
            counted[group] += regular
            added.append((group, ceiling, regular))
            part = ZERO
            if one_off_subject:
                room = max(accrued[group] - counted[group], ZERO)
                part = min(one_off_subject, room)
                counted[group] += part
                one_off_part[group] = part
            ceilings[group] = ceiling
            contributory[group] = regular + part
        # rounded as money.round_cent does, the rounding passed by position (twice as fast)
        per_branch = {
            branch: (factors[branch] * contributory[group]).quantize(CENT, ROUND_HALF_UP)
            for branch, group in self.branch_groups.items()
        }
        result = MonthContributions(per_branch, contributory, ceilings)
        self._last = None if one_off_subject else (result, tuple(added))
        return result, one_off_part

    def repeat(self) -> MonthContributions:
        """The last month once more, for a month like it: the same regular pay, ceilings
        prorated alike, the same rates, no one-off payment in either (the caller knows; see
        ``holder.like_contributions``). The totals advance by exactly what ``month`` would add
        (the same prorated ceiling and regular pay per group), and the month's figures are
        the last month's, as ``month`` would work them out from the same values again."""
        if self._last is None:
            raise ValueError("no month without a one-off payment to repeat")
        result, added = self._last
        accrued, counted = self.accrued, self.counted
        for group, ceiling, regular in added:
            accrued[group] += ceiling
            counted[group] += regular
        return result


def pension_factor(rate_percent: Decimal, levy_percent: Decimal) -> Decimal:
    """Rule 8: the supplementary pension's rate plus levy (percent in YAML) as a factor."""
    return percent(rate_percent + levy_percent)


def supplementary_pension(factor: Decimal, pensionable: Decimal) -> Decimal:
    """Rule 8: (rate + levy) × pay + allowances + JSZ, no ceiling, rounded per month;
    ``factor`` is ``pension_factor(rate, levy)``."""
    return (factor * pensionable).quantize(CENT, ROUND_HALF_UP)   # as money.round_cent
