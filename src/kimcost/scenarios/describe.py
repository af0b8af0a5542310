"""Short, language-neutral text for a raw configuration value in the "what changed" block.

Amounts keep the digits they were written with (a Decimal, never a float); dates are ISO.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


class _Absent:
    """Marks "no value here" (a key the base does not have, or one a scenario removed)."""

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False

    # One marker only: copies (changes deep-copy their values) must stay ``is ABSENT``.
    def __copy__(self) -> _Absent:
        return self

    def __deepcopy__(self, _memo) -> _Absent:
        return self


ABSENT = _Absent()
MAX_TEXT = 240


def describe(value: Any) -> str:
    text = _text(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _text(value: Any) -> str:
    if value is ABSENT:
        return "—"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (int, str)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return _mapping(value)
    return str(value)


def _mapping(value: dict) -> str:
    # A dated entry reads as its value plus a flag for anything not certain.
    status = value.get("status")
    flag = f" ({status})" if status not in (None, "seen", "derived") else ""
    for main in ("value", "percent"):
        if main in value and not isinstance(value[main], dict):
            extra = ""
            if main == "percent":
                extra = " %" + (f" + {_text(value['levy_percent'])} %" if value.get("levy_percent") else "")
            return f"{_text(value[main])}{extra}{flag}"
    if "grades" in value and isinstance(value["grades"], dict):
        rows = "; ".join(f"{g}: {_text(a)}" for g, a in value["grades"].items())
        return f"{rows}{flag}"
    if "percent" in value and isinstance(value["percent"], dict):
        return ", ".join(f"{k} {_text(v)} %" for k, v in value["percent"].items()) + flag
    if "monthly" in value and isinstance(value["monthly"], dict):
        return ", ".join(f"{k} {_text(v)}" for k, v in value["monthly"].items()) + flag
    if "grade" in value and "start" in value:  # a holder
        end = f"–{_text(value['end'])}" if value.get("end") else ""
        return (f"{value.get('name', '?')}: {value.get('grade')} step {value.get('step')}, "
                f"{_text(value.get('fte'))} FTE, {_text(value.get('start'))}{end}")
    if "region" in value and "fte" in value:  # a post
        holders = value.get("holders") or []
        return f"{value.get('id', '?')} ({value.get('region')}), {_text(value.get('fte'))} FTE, {len(holders)} holder(s)"
    if "weights" in value and isinstance(value["weights"], dict):
        return "weights " + ", ".join(f"{k} {_text(v)}" for k, v in value["weights"].items())
    return ", ".join(f"{k}: {_text(v)}" for k, v in value.items() if k not in ("source", "status")) + flag
