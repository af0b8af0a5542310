"""How a cost category was found, in the reader's language.

The engine describes each category in a short English note (``CostDetail.basis``); the
known note shapes are put into German here, anything else is shown as written.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from kimcost.configuration.errors import Path
from kimcost.engine.results import CostDetail
from kimcost.reports import format as fmt
from kimcost.reports.labels import label
from kimcost.reports.parameters import ParameterRow

_NOTES = (
    (re.compile(r"^rules 2–8$"), lambda m, lang: label("basis_personnel", lang)),
    (re.compile(r"^running per VZÄ-year$"), lambda m, lang: label("basis_running", lang)),
    (re.compile(r"^first filled (\d{4}-\d{2}-\d{2}): one-off \+ running per VZÄ-year$"),
     lambda m, lang: label("basis_first_filled", lang).format(date=fmt.date(dt.date.fromisoformat(m[1]), lang))),
    (re.compile(r"^(\d+) new holder\(s\)$"), lambda m, lang: label("basis_new_holders", lang).format(count=m[1])),
    (re.compile(r"^(\d+(?:\.\d+)?) % of personnel costs$"),
     lambda m, lang: label("basis_percent", lang).format(percent=fmt.percent(Decimal(m[1]), lang))),
    (re.compile(r"^per VZÄ-year$"), lambda m, lang: label("basis_per_fte_year", lang)),
)
AMOUNT = re.compile(r"^\d+\.\d{2}$")
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?) %$")


def basis_text(detail: CostDetail, lang: str) -> str:
    for pattern, render in _NOTES:
        match = pattern.match(detail.basis)
        if match:
            return render(match, lang)
    return detail.basis


def value_text(text: str, lang: str) -> str:
    """A parameter value as the reader writes it: amounts in euro, percentages localised."""
    try:
        if AMOUNT.match(text):
            return fmt.money(Decimal(text), lang)
        match = _PERCENT.match(text)
        if match:
            return fmt.percent(Decimal(match[1]), lang)
    except InvalidOperation:
        pass
    return text


def _short_key(path: Path) -> str:
    names = [str(p) for p in path if isinstance(p, str)]
    return names[-1] if names else ""


def parameter_text(detail: CostDetail, rows: dict[Path, ParameterRow], lang: str) -> str:
    """The configuration values a category rests on, e.g. ``equipment_initial 1.500,00 €``."""
    parts = []
    for path in detail.paths:
        row = rows.get(path)
        if row is None:
            continue  # an ``actuals`` entry: its source is shown with the amount
        parts.append(f"{_short_key(path)} {value_text(row.value, lang)}")
    return "; ".join(parts)
