"""Rule 3 — steps: automatic rises by the step duration in force, or an explicit schedule.

A holder reaches the next step on the first day on which the time spent in the current
step is at least the duration in force on that day. Because durations are dated data,
the SuE change of 1 October 2024 (step 2 → 3 after 2 instead of 3 years) needs no special
case: on that day the shorter duration is in force and the rise happens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kimcost.configuration.schema import Holder, StepDurations
from kimcost.engine.calendar import add_years
from kimcost.engine.dated import DatedSeries


@dataclass(frozen=True)
class StepPeriod:
    step: int
    since: dt.date
    reason: str  # "start" | "rise" | "schedule"
    durations_since: dt.date | None = None  # the step-duration entry that caused a rise
    schedule_index: int | None = None       # a schedule change: its place in the holder's list


def step_history(holder: Holder, durations: DatedSeries[StepDurations], max_step: int, until: dt.date) -> list[StepPeriod]:
    """The holder's steps from their current step up to ``until``, in order."""
    periods = [StepPeriod(holder.step, holder.step_since, "start")]
    if holder.step_schedule is not None:
        for index, change in sorted(enumerate(holder.step_schedule), key=lambda ic: ic[1].date):
            if change.date <= until:
                periods.append(StepPeriod(change.step, change.date, "schedule", schedule_index=index))
        return periods
    while True:
        current = periods[-1]
        rise = _next_rise(current.step, current.since, durations, max_step)
        if rise is None or rise[0] > until:
            return periods
        periods.append(StepPeriod(current.step + 1, rise[0], "rise", rise[1]))


def _next_rise(step: int, since: dt.date, durations: DatedSeries[StepDurations], max_step: int) -> tuple[dt.date, dt.date] | None:
    """Earliest day d ≥ since with d ≥ since + duration(d)[step]; None at the final step."""
    if step >= max_step:
        return None
    bounds = durations.boundaries()
    for i, begin in enumerate(bounds):
        end = bounds[i + 1] if i + 1 < len(bounds) else None
        if end is not None and end <= since:
            continue
        years = durations.at(begin).value.years
        if step > len(years):
            continue
        candidate = max(begin, since, add_years(since, years[step - 1]))
        if end is None or candidate < end:
            return candidate, begin
    return None


def step_for_month(history: list[StepPeriod], last_day: dt.date) -> StepPeriod:
    """§ 17 TVöD: a rise counts from the first of the month in which it falls."""
    current = history[0]
    for period in history[1:]:
        if period.since <= last_day:
            current = period
    return current
