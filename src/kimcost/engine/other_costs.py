"""Rule 9 — equipment, recruitment and personnel administration of a post, and actuals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from kimcost.configuration.errors import Path
from kimcost.configuration.schema import Actuals, Position
from kimcost.engine.calendar import MONTHS, month_start
from kimcost.engine.dated import Dated, DatedSeries
from kimcost.engine.parameters import CostRateIndex, Parameters
from kimcost.engine.results import CostDetail, RateRead
from kimcost.money import TWELVE, ZERO, percent, round_cent


@dataclass
class _Found:
    """One category as computed: the amount, how, and the rates read (each entry once)."""

    amount: Decimal
    basis: str
    values: dict = field(default_factory=dict)
    reads: dict[Path, RateRead] = field(default_factory=dict)   # by entry path, in order read
    first_filled_path: Path | None = None
    first_filled_holder: str | None = None

    def read(self, kind: str, entry: Dated, field_name: str) -> None:
        if entry.path not in self.reads:
            self.reads[entry.path] = RateRead(kind, entry.path + (field_name,), entry.since)


def _in_force_by_month(params: Parameters, series: DatedSeries, year: int) -> list[Dated | None]:
    """The entries of ``series`` in force on each month's first day, as read so far this run
    (``None``: not read yet): every post of the same rates reads the same (marked as used the
    first time). An error is not remembered: the slot stays empty."""
    key = ("other_costs.by_month", series.path, year)
    found = params.memo.get(key)
    if found is None:
        found = [None] * 12
        params.memo[key] = found
    return found  # type: ignore[return-value]


def _per_fte_year(params: Parameters, series: DatedSeries, shares: list[Decimal], year: int, found: _Found, kind: str,
                  field_name: str = "value") -> Decimal:
    """Σ amount per VZÄ-year in force × the month's occupied VZÄ ÷ 12 (rule 9)."""
    total = ZERO
    entries = _in_force_by_month(params, series, year)
    last = None
    for m, share in zip(MONTHS, shares):
        if share:
            entry = entries[m - 1]
            if entry is None:
                entry = entries[m - 1] = params.use(series.at(month_start(year, m)))
            if entry.since != last:   # the month before read the same entry
                last = entry.since
                found.read(kind, entry, field_name)
            value = entry.value.value if field_name == "value" else entry.value.per_fte_year
            total += value * share / TWELVE
    return total


def equipment(params: Parameters, rates: CostRateIndex, position: Position, path: Path, shares: list[Decimal], year: int) -> _Found:
    """A one-off amount when the post is first filled, plus a running amount per VZÄ-year."""
    found = _Found(ZERO, "running")
    running = _per_fte_year(params, rates.equipment_per_fte_year, shares, year, found, "equipment_running")
    # The post's first filling is history, not a property of whoever holds it now: an
    # explicit date wins, so removing a past holder from the file does not re-equip the post.
    first_filled, where, holder_name = _first_filled(position, path)
    initial = ZERO
    if first_filled is not None and first_filled.year == year:
        entry = params.use(rates.equipment_initial.at(first_filled))
        initial = entry.value.value
        found.read("equipment_initial", entry, "value")
        found.basis, found.values = "first_filled", {"date": first_filled}
        found.first_filled_path, found.first_filled_holder = where, holder_name
    found.amount = round_cent(initial + running)
    return found


def _first_filled(position: Position, path: Path) -> tuple[dt.date | None, Path | None, str | None]:
    """When the post was first filled, where that date is written, and the holder whose start it is."""
    if position.first_filled:
        return position.first_filled, path + ("first_filled",), None
    if not position.holders:
        return None, None, None
    j = min(range(len(position.holders)), key=lambda k: position.holders[k].start)
    return position.holders[j].start, path + ("holders", j, "start"), position.holders[j].name


def recruitment(params: Parameters, rates: CostRateIndex, position: Position, year: int) -> _Found:
    """A flat amount per holder who starts in the year."""
    total = ZERO
    starters = [h for h in position.holders if h.start.year == year]
    found = _Found(ZERO, "new_holders", {"count": len(starters)})
    for holder in starters:
        entry = params.use(rates.recruitment_per_new_holder.at(holder.start))
        found.read("recruitment", entry, "value")
        total += entry.value.value
    found.amount = round_cent(total)
    return found


def administration(params: Parameters, rates: CostRateIndex, personnel: Decimal, shares: list[Decimal], year: int) -> _Found:
    """A percentage of personnel costs (as settled) or an amount per VZÄ-year."""
    entry = params.use(rates.administration.at(dt.date(year, 1, 1)))
    rate = entry.value
    if rate.percent_of_personnel is not None:
        found = _Found(round_cent(percent(rate.percent_of_personnel) * personnel), "percent",
                       {"percent": rate.percent_of_personnel})
        found.read("administration_percent", entry, "percent_of_personnel")
        return found
    found = _Found(ZERO, "per_fte_year")
    found.read("administration_per_fte", entry, "per_fte_year")
    total = _per_fte_year(params, rates.administration, shares, year, found, "administration_per_fte", "per_fte_year")
    found.amount = round_cent(total)
    return found


def other_costs(params: Parameters, rates: CostRateIndex, position: Position, position_path, shares: list[Decimal],
                personnel_computed: Decimal, actuals: Actuals | None, year: int) -> tuple[CostDetail, ...]:
    """All four categories, actual amounts replacing computed ones (rule 9)."""
    actual_path = position_path + ("actuals", year)

    def actual(category: str) -> Decimal | None:
        return getattr(actuals, category) if actuals is not None else None

    personnel_actual = actual("personnel")
    personnel = personnel_actual if personnel_actual is not None else personnel_computed
    rows = [CostDetail("personnel", personnel_computed, personnel_actual, "personnel",
                       (actual_path,) if personnel_actual is not None else (),
                       actual_path=actual_path + ("personnel",) if personnel_actual is not None else None)]
    for category, found in (
        ("equipment", equipment(params, rates, position, position_path, shares, year)),
        ("recruitment", recruitment(params, rates, position, year)),
        ("administration", administration(params, rates, personnel, shares, year)),
    ):
        value = actual(category)
        reads = tuple(found.reads.values())
        paths = tuple(found.reads)   # the entries read
        rows.append(CostDetail(
            category, found.amount, value, found.basis, paths + ((actual_path,) if value is not None else ()),
            found.values, rates=reads, actual_path=actual_path + (category,) if value is not None else None,
            first_filled_path=found.first_filled_path, first_filled_holder=found.first_filled_holder,
        ))
    return tuple(rows)
