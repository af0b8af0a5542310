"""Assumptions for years the data does not reach: pay rises and values carried forward.

Everything created here is a dated entry with ``status: assumption`` and a source naming
the scenario, so every output (the settlement's ``assumptions`` list, the workbook's
parameter sheet) shows it as an assumption.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from kimcost.configuration.errors import Path
from kimcost.configuration.planning import raise_amount
from kimcost.configuration.types import MAX_MONEY
from kimcost.scenarios.applier import Applier
from kimcost.scenarios.describe import ABSENT
from kimcost.scenarios.model import CarryForward, PayRise
from kimcost.scenarios.paths import suggest


def raised(amount: Decimal, rise: PayRise) -> Decimal:
    """The one pay-rise formula, shared with the configuration's planning assumptions."""
    return raise_amount(amount, rise.percent, rise.minimum)


def _amount(value: Any) -> Decimal | None:
    """An amount as the schema will read it; None for anything else (NaN, infinity too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() and abs(number) < MAX_MONEY else None


def _rise_dates(rise: PayRise) -> list[dt.date]:
    last = rise.repeat_until or rise.date.year
    return [rise.date.replace(year=y) for y in range(rise.date.year, last + 1)]


def pay_rise(applier: Applier, index: int, rise: PayRise) -> None:
    tariffs = applier.data.get("tariffs")
    if not isinstance(tariffs, dict) or not tariffs:
        applier.fail(index, "pay_rise", "the configuration has no tariffs to raise")
    if rise.tariff is not None and rise.tariff not in tariffs:
        applier.fail(index, "pay_rise", f"tariff {rise.tariff!r} is not defined{suggest(rise.tariff, tariffs)}")
    if rise.repeat_until is not None and rise.repeat_until < rise.date.year:
        applier.fail(index, "pay_rise", f"repeat_until {rise.repeat_until} is before the rise's year {rise.date.year}")
    chosen = [rise.tariff] if rise.tariff else list(tariffs)
    for tid in chosen:
        tables = tariffs[tid].get("tables") if isinstance(tariffs[tid], dict) else None
        if not isinstance(tables, dict) or not tables:
            applier.fail(index, "pay_rise", f"tariff {tid!r} has no tables to raise")
        for day in _rise_dates(rise):
            _one_rise(applier, index, rise, tid, tables, day)


def _one_rise(applier: Applier, index: int, rise: PayRise, tid: str, tables: dict, day: dt.date) -> None:
    dates = sorted(d for d in tables if isinstance(d, dt.date))
    last = dates[-1]
    if day <= last:
        applier.fail(index, "pay_rise",
                     f"the last table of {tid!r} takes effect {last}; an assumed rise must come after it "
                     f"(to change a known table use 'set'; put pay_rise before carry_forward)")
    base = tables[last]
    grades = base.get("grades") if isinstance(base, dict) else None
    if not isinstance(grades, dict):
        applier.fail(index, "pay_rise", f"the table of {tid!r} from {last} has no grades")
    new_grades: dict[str, list[Decimal]] = {}
    for grade, amounts in grades.items():
        if not isinstance(amounts, list):
            applier.fail(index, "pay_rise", f"grade {grade!r} of the {last} table of {tid!r} is not a list of amounts")
        numbers = [_amount(a) for a in amounts]
        if any(n is None for n in numbers):
            applier.fail(index, "pay_rise", f"grade {grade!r} of the {last} table of {tid!r} holds a value that is not an amount")
        new_grades[grade] = [raised(n, rise) for n in numbers if n is not None]  # none is (above)
        if any(n >= MAX_MONEY for n in new_grades[grade]):
            # Repeated rises grow exponentially (100 % a year doubles the table every year);
            # stopped at the schema's money bound, before Decimal's 28 digits run out.
            applier.fail(index, "pay_rise",
                         f"the rise of {rise.percent} % a year takes grade {grade!r} of {tid!r} to "
                         f"{max(new_grades[grade])} € a month in {day.year}, beyond any plausible pay (amounts are "
                         "below 10000000000); check 'percent' (in percent, e.g. 2.5) and 'repeat_until'")
    minimum = f", at least +{rise.minimum} €" if rise.minimum is not None else ""
    note = f"+{rise.percent} %{minimum} on the table of {last}, rounded half up to the cent"
    lead = rise.source or f"assumption (scenario {applier.scenario.name})"
    version = {"source": f"{lead}: {note}", "status": "assumption", "grades": new_grades}
    path: Path = ("tariffs", tid, "tables", day)
    tables[day] = version
    applier.sources.drop(path)
    applier.sources.point(path, applier.where(index, "pay_rise"), key=applier.where(index, "pay_rise"))
    applier.record("pay_rise", path, ABSENT, version, index, note=note)


def _series(data: dict, name: str) -> list[Path]:
    """The dated series a ``carry_forward`` name stands for, as configuration paths."""
    if name == "grant":
        grants = data.get("grants")
        grants = grants if isinstance(grants, dict) else {}
        return [("grants", g, "amounts") for g in grants]
    if name == "social_insurance":
        return [("social_insurance", "rates"), ("social_insurance", "ceilings")]
    if name == "pay_tables":
        tariffs = data.get("tariffs")
        tariffs = tariffs if isinstance(tariffs, dict) else {}
        return [("tariffs", t, "tables") for t in tariffs]
    return [("supplementary_pension",)]


def _get(data: dict, path: Path) -> Any:
    node: Any = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def carry_forward(applier: Applier, index: int, rule: CarryForward) -> None:
    lead = rule.source or f"assumption (scenario {applier.scenario.name})"
    for name in dict.fromkeys(rule.series):
        for path in _series(applier.data, name):
            entries = _get(applier.data, path)
            if not isinstance(entries, dict):
                continue
            dates = sorted(d for d in entries if isinstance(d, dt.date))
            if not dates:
                continue
            last = dates[-1]
            for year in range(last.year + 1, rule.until + 1):
                day = dt.date(year, 1, 1)
                entry = copy.deepcopy(entries[last])
                note = f"carried forward from the entry of {last}"
                if isinstance(entry, dict):
                    was = entry.get("source")
                    entry["source"] = f"{lead}: {note}" + (f" ({was})" if was else "")
                    entry["status"] = "assumption"
                entries[day] = entry
                applier.sources.drop(path + (day,))
                applier.sources.point(path + (day,), applier.where(index, "carry_forward"),
                                      key=applier.where(index, "carry_forward"))
                applier.record("carry_forward", path + (day,), ABSENT, entry, index, note=note)
