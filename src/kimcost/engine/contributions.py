"""Rules 7 and 8: employer social insurance with monthly ceilings, and the supplementary pension."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kimcost.engine.occupancy import Occupancy
from kimcost.money import ZERO, percent, round_cent

SV_DAYS_PER_MONTH = Decimal(30)


def prorated_ceiling(monthly: Decimal, occ: Occupancy) -> Decimal:
    """Rule 7: full ceiling for a full month, else ceiling × calendar days held ÷ 30."""
    if occ.full_month:
        return monthly
    return monthly * occ.days_held / SV_DAYS_PER_MONTH


@dataclass(frozen=True)
class MonthContributions:
    per_branch: dict[str, Decimal]
    contributory: dict[str, Decimal]   # per ceiling group, incl. the JSZ part
    ceilings: dict[str, Decimal]       # per ceiling group, prorated


class CeilingAccount:
    """Running totals per ceiling group for § 23a SGB IV (JSZ as a one-off payment)."""

    def __init__(self) -> None:
        self.accrued: dict[str, Decimal] = {}
        self.counted: dict[str, Decimal] = {}

    def month(
        self,
        occ: Occupancy,
        regular_pay: Decimal,
        monthly_ceilings: dict[str, Decimal],
        branch_groups: dict[str, str],
        rates: dict[str, Decimal],
        one_off_subject: Decimal = ZERO,
    ) -> tuple[MonthContributions, dict[str, Decimal]]:
        """Contributions of one month; ``one_off_subject`` is a JSZ paid this month.

        Returns the month's figures and the part of the JSZ that was subject to
        contributions per ceiling group: at most the ceiling accrued so far this year
        minus the contributory pay already counted.
        """
        ceilings: dict[str, Decimal] = {}
        contributory: dict[str, Decimal] = {}
        one_off_part: dict[str, Decimal] = {}
        for group in sorted(set(branch_groups.values())):
            ceiling = prorated_ceiling(monthly_ceilings[group], occ)
            regular = min(regular_pay, ceiling)
            self.accrued[group] = self.accrued.get(group, ZERO) + ceiling
            self.counted[group] = self.counted.get(group, ZERO) + regular
            part = ZERO
            if one_off_subject:
                room = max(self.accrued[group] - self.counted[group], ZERO)
                part = min(one_off_subject, room)
                self.counted[group] += part
                one_off_part[group] = part
            ceilings[group] = ceiling
            contributory[group] = regular + part
        per_branch = {
            branch: round_cent(percent(rates[branch]) * contributory[group])
            for branch, group in branch_groups.items()
        }
        return MonthContributions(per_branch, contributory, ceilings), one_off_part


def supplementary_pension(rate_percent: Decimal, levy_percent: Decimal, pensionable: Decimal) -> Decimal:
    """Rule 8: (rate + levy) × pay + allowances + JSZ, no ceiling, rounded per month."""
    return round_cent(percent(rate_percent + levy_percent) * pensionable)
