"""Rule 9 — equipment, recruitment and personnel administration of a post, and actuals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kimcost.configuration.schema import Actuals, Position
from kimcost.engine.calendar import MONTHS, month_start
from kimcost.engine.parameters import CostRateIndex, Parameters
from kimcost.engine.results import CostDetail
from kimcost.money import TWELVE, ZERO, percent, round_cent


def _per_fte_year(params: Parameters, series, shares: list[Decimal], year: int) -> tuple[Decimal, list]:
    total = ZERO
    paths = []
    for m, share in zip(MONTHS, shares):
        if share:
            entry = params.use(series.at(month_start(year, m)))
            paths.append(entry.path)
            total += entry.value.value * share / TWELVE
    return total, paths


def equipment(params: Parameters, rates: CostRateIndex, position: Position, shares: list[Decimal], year: int) -> tuple[Decimal, str, dict, tuple]:
    """A one-off amount when the post is first filled, plus a running amount per VZÄ-year."""
    running, paths = _per_fte_year(params, rates.equipment_per_fte_year, shares, year)
    # The post's first filling is history, not a property of whoever holds it now: an
    # explicit date wins, so removing a past holder from the file does not re-equip the post.
    first_filled = position.first_filled or min((h.start for h in position.holders), default=None)
    initial = ZERO
    basis, values = "running", {}
    if first_filled is not None and first_filled.year == year:
        entry = params.use(rates.equipment_initial.at(first_filled))
        initial = entry.value.value
        paths.append(entry.path)
        basis, values = "first_filled", {"date": first_filled}
    return round_cent(initial + running), basis, values, tuple(dict.fromkeys(paths))


def recruitment(params: Parameters, rates: CostRateIndex, position: Position, year: int) -> tuple[Decimal, str, dict, tuple]:
    """A flat amount per holder who starts in the year."""
    total = ZERO
    paths = []
    starters = [h for h in position.holders if h.start.year == year]
    for holder in starters:
        entry = params.use(rates.recruitment_per_new_holder.at(holder.start))
        total += entry.value.value
        paths.append(entry.path)
    return round_cent(total), "new_holders", {"count": len(starters)}, tuple(dict.fromkeys(paths))


def administration(params: Parameters, rates: CostRateIndex, personnel: Decimal, shares: list[Decimal], year: int) -> tuple[Decimal, str, dict, tuple]:
    """A percentage of personnel costs (as settled) or an amount per VZÄ-year."""
    entry = params.use(rates.administration.at(dt.date(year, 1, 1)))
    rate = entry.value
    if rate.percent_of_personnel is not None:
        return (round_cent(percent(rate.percent_of_personnel) * personnel), "percent",
                {"percent": rate.percent_of_personnel}, (entry.path,))
    total = ZERO
    paths = [entry.path]
    for m, share in zip(MONTHS, shares):
        if share:
            monthly = params.use(rates.administration.at(month_start(year, m)))
            paths.append(monthly.path)
            total += monthly.value.per_fte_year * share / TWELVE
    return round_cent(total), "per_fte_year", {}, tuple(dict.fromkeys(paths))


def other_costs(params: Parameters, rates: CostRateIndex, position: Position, position_path, shares: list[Decimal],
                personnel_computed: Decimal, actuals: Actuals | None, year: int) -> tuple[CostDetail, ...]:
    """All four categories, actual amounts replacing computed ones (rule 9)."""
    actual_path = position_path + ("actuals", year)

    def actual(category: str) -> Decimal | None:
        return getattr(actuals, category) if actuals is not None else None

    personnel_actual = actual("personnel")
    personnel = personnel_actual if personnel_actual is not None else personnel_computed
    rows = [CostDetail("personnel", personnel_computed, personnel_actual, "personnel", (actual_path,) if personnel_actual is not None else ())]
    for category, computed in (
        ("equipment", equipment(params, rates, position, shares, year)),
        ("recruitment", recruitment(params, rates, position, year)),
        ("administration", administration(params, rates, personnel, shares, year)),
    ):
        amount, basis, values, paths = computed
        value = actual(category)
        rows.append(CostDetail(category, amount, value, basis, paths + ((actual_path,) if value is not None else ()), values))
    return tuple(rows)
