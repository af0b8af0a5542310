"""How a cost category was found, in the reader's language.

The engine names how each category was computed (``CostDetail.basis`` and its
``basis_values``); the words for it are labels, in German or English.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from kimcost.configuration.errors import Path
from kimcost.engine.results import CostDetail
from kimcost.reports import numbers as fmt, wording
from kimcost.reports.labels import label
from kimcost.reports.parameters import ParameterRow
from kimcost.reports.public import FULL, Privacy


def _values(detail: CostDetail, lang: str) -> dict[str, str]:
    out = {}
    for name, value in detail.basis_values.items():
        if isinstance(value, dt.date):
            out[name] = fmt.date(value, lang)
        elif name == "percent" and isinstance(value, Decimal):
            out[name] = fmt.percent(value, lang)
        else:
            out[name] = str(value)
    return out


AMOUNT = re.compile(r"^\d+\.\d{2}$")
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?) %$")


def basis_text(detail: CostDetail, lang: str) -> str:
    """The engine's basis kind (``CostDetail.basis``) worded with its values."""
    return label(f"basis_{detail.basis}", lang).format(**_values(detail, lang))


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


def parameter_text(detail: CostDetail, rows: dict[Path, ParameterRow], lang: str, config: Any,
                   privacy: Privacy = FULL) -> str:
    """The configuration values a category rests on, in words: "Ausstattung je VZÄ-Jahr
    2.270,00 €" (reports/wording.py)."""
    parts = []
    for path in detail.paths:
        row = rows.get(path)
        if row is None:
            continue  # an ``actuals`` entry: its source is shown with the amount
        worded = value_text(row.value, lang) if AMOUNT.match(row.value) else wording.parameter_value(
            row, config, lang, privacy=privacy)
        parts.append(f"{wording.subject(path, config, lang, privacy)} {worded}")
    return "; ".join(parts)
