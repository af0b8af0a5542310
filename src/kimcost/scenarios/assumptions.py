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
from kimcost.messages import Catalogue
from kimcost.scenarios.applier import Applier
from kimcost.scenarios.describe import ABSENT
from kimcost.scenarios.model import CarryForward, PayRise
from kimcost.scenarios.paths import suggest

TEXTS = Catalogue("scenarios.assumptions", {
    "no_tariffs": ("die Konfiguration hat keine Tarife, die sich erhöhen lassen", "the configuration has no tariffs to raise"),
    "unknown_tariff": ("Tarif {tariff} ist nicht definiert{hint}", "tariff {tariff} is not defined{hint}"),
    "repeat_before": ("repeat_until {until} liegt vor dem Jahr der Erhöhung {year}",
                      "repeat_until {until} is before the rise's year {year}"),
    "no_tables": ("Tarif {tariff} hat keine Tabellen, die sich erhöhen lassen", "tariff {tariff} has no tables to raise"),
    "after_last": ("die letzte Tabelle von {tariff} gilt ab {last}; eine angenommene Erhöhung muss danach kommen (eine "
                   "bekannte Tabelle ändern Sie mit 'set'; schreiben Sie pay_rise vor carry_forward)",
                   "the last table of {tariff} takes effect {last}; an assumed rise must come after it (to change a "
                   "known table use 'set'; put pay_rise before carry_forward)"),
    "no_grades": ("die Tabelle von {tariff} ab {last} hat keine Entgeltgruppen", "the table of {tariff} from {last} has no grades"),
    "not_list": ("Entgeltgruppe {grade} der Tabelle von {tariff} ab {last} ist keine Liste von Beträgen",
                 "grade {grade} of the {last} table of {tariff} is not a list of amounts"),
    "not_amount": ("Entgeltgruppe {grade} der Tabelle von {tariff} ab {last} enthält einen Wert, der kein Betrag ist",
                   "grade {grade} of the {last} table of {tariff} holds a value that is not an amount"),
    "runaway": ("die Erhöhung um {percent} % im Jahr bringt Entgeltgruppe {grade} von {tariff} {year} auf {amount} € im "
                "Monat, jenseits jeder denkbaren Vergütung (Beträge liegen unter 10000000000); prüfen Sie 'percent' (in "
                "Prozent, z. B. 2.5) und 'repeat_until'",
                "the rise of {percent} % a year takes grade {grade} of {tariff} to {amount} € a month in {year}, "
                "beyond any plausible pay (amounts are below 10000000000); check 'percent' (in percent, e.g. 2.5) "
                "and 'repeat_until'"),
})


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
        applier.fail(index, "pay_rise", TEXTS("no_tariffs"))
    if rise.tariff is not None and rise.tariff not in tariffs:
        applier.fail(index, "pay_rise", TEXTS("unknown_tariff", tariff=repr(rise.tariff), hint=suggest(rise.tariff, tariffs)))
    if rise.repeat_until is not None and rise.repeat_until < rise.date.year:
        applier.fail(index, "pay_rise", TEXTS("repeat_before", until=rise.repeat_until, year=rise.date.year))
    chosen = [rise.tariff] if rise.tariff else list(tariffs)
    for tid in chosen:
        tables = tariffs[tid].get("tables") if isinstance(tariffs[tid], dict) else None
        if not isinstance(tables, dict) or not tables:
            applier.fail(index, "pay_rise", TEXTS("no_tables", tariff=repr(tid)))
        for day in _rise_dates(rise):
            _one_rise(applier, index, rise, tid, tables, day)


def _one_rise(applier: Applier, index: int, rise: PayRise, tid: str, tables: dict, day: dt.date) -> None:
    dates = sorted(d for d in tables if isinstance(d, dt.date))
    last = dates[-1]
    if day <= last:
        applier.fail(index, "pay_rise", TEXTS("after_last", tariff=repr(tid), last=last))
    base = tables[last]
    grades = base.get("grades") if isinstance(base, dict) else None
    if not isinstance(grades, dict):
        applier.fail(index, "pay_rise", TEXTS("no_grades", tariff=repr(tid), last=last))
    new_grades: dict[str, list[Decimal]] = {}
    for grade, amounts in grades.items():
        if not isinstance(amounts, list):
            applier.fail(index, "pay_rise", TEXTS("not_list", grade=repr(grade), last=last, tariff=repr(tid)))
        numbers = [_amount(a) for a in amounts]
        if any(n is None for n in numbers):
            applier.fail(index, "pay_rise", TEXTS("not_amount", grade=repr(grade), last=last, tariff=repr(tid)))
        new_grades[grade] = [raised(n, rise) for n in numbers if n is not None]  # none is (above)
        if any(n >= MAX_MONEY for n in new_grades[grade]):
            # Repeated rises grow exponentially (100 % a year doubles the table every year);
            # stopped at the schema's money bound, before Decimal's 28 digits run out.
            applier.fail(index, "pay_rise", TEXTS("runaway", percent=rise.percent, grade=repr(grade), tariff=repr(tid),
                                                  amount=max(new_grades[grade]), year=day.year))
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
