"""Value types for the schema, with messages that say how to write the value right."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

_GERMAN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+,\d+$")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_THOUSANDS_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_EXPONENT = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$")


def _number(example: str):
    """A before-validator turning YAML's int/Decimal (or quoted text) into a Decimal.

    ``example`` shows how to write the value right in messages ("1234.56", "0.5" …).
    """

    def convert(value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(f"expected a number, but YAML read a yes/no value ({str(value).lower()}); write a number such as {example}")
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise ValueError(f"{value} is not a finite number; write a number such as {example}")
            return value
        if isinstance(value, float):  # only reachable from Python callers, never from YAML
            raise ValueError("binary floating-point values are not accepted; pass a Decimal or a string")
        if isinstance(value, str):
            return _from_text(value, example)
        raise ValueError(f"expected a number such as {example}, got {_kind(value)}")

    return convert


def _from_text(value: str, example: str) -> Decimal:
    text = value.strip()
    if _GERMAN_NUMBER.match(text) and not _PLAIN_NUMBER.match(text):
        plain = text.replace(".", "").replace(",", ".")
        raise ValueError(
            f"{value!r} looks like a German number; write it with a dot as decimal mark "
            f"and no thousands separator: {plain}"
        )
    if _EXPONENT.match(text):
        raise ValueError(f"{value!r} is written with an exponent; write the number in full{_in_full(Decimal(text))}")
    if "," in text and re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        raise ValueError(f"{value!r} has a thousands separator; write the number without it: {text.replace(',', '')}")
    if text.endswith(("€", "%")) or text.upper().endswith("EUR"):
        raise ValueError(f"{value!r} carries a unit; write the number only, e.g. {example}")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number; write a number such as {example}") from None
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite number; write a number such as {example}")
    return result


def _in_full(value: Decimal) -> str:
    """': 1000' for 1E+3; nothing for numbers too long to print."""
    exponent = value.as_tuple().exponent
    if not value.is_finite() or not isinstance(exponent, int) or abs(exponent) > 20:
        return ""
    return f": {format(value, 'f')}"


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dt.date):
        return f"the date {value}"
    return type(value).__name__


_to_decimal = _number("1234.56")


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"{value} is negative; amounts and rates must be 0 or more (write {-value} if the sign is a mistake)")
    return value


MAX_MONEY = Decimal("10000000000")   # ten billion euros: far above any real amount
MAX_WEIGHT = Decimal("1000000000000")


def _money_size(value: Decimal) -> Decimal:
    """Bounded so that no sum, product or rounding can leave Decimal's 28 digits."""
    if abs(value) >= MAX_MONEY:
        raise ValueError(f"{value} is implausibly large; amounts are below 10000000000 (ten billion euros) — "
                         "check for extra digits")
    return value


def _percent_size(value: Decimal) -> Decimal:
    if value > 100:
        raise ValueError(f"{value} is more than 100 percent; write the rate in percent, e.g. 4.25 for 4.25 %")
    return value


def _weight_size(value: Decimal) -> Decimal:
    if value >= MAX_WEIGHT:
        raise ValueError(f"{value} is implausibly large for a weight; write a head count or a share, e.g. 1 or 12500")
    return value


def _money_places(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        text = str(value)
        if _THOUSANDS_DOTS.match(text):
            meant = text.replace(".", "")
            raise ValueError(
                f"{text} has three decimal places; if the dot is a thousands separator, "
                f"write {meant}.00 (money has a dot as decimal mark and no thousands separator)"
            )
        raise ValueError(f"{text} has more than two decimal places; money is written to the cent, e.g. 1234.56")
    return value


def _fte(value: Decimal) -> Decimal:
    if value > 1:
        raise ValueError(f"{value} is more than a full post (must be > 0 and ≤ 1); write the share of a full post, e.g. 0.5 or 1.0")
    if value <= 0:
        raise ValueError(f"{value} is not a share of a post (must be > 0 and ≤ 1); write e.g. 0.5 or 1.0")
    return value


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(f"{value} must be greater than 0; give every member a positive weight (e.g. 1, or its head count)")
    return value


def _year(value: int) -> int:
    if not 1900 <= value <= 2100:
        raise ValueError(f"{value} is not a plausible year; write a year from 1900 to 2100 with four digits, e.g. 2023")
    return value


Number = Annotated[Decimal, BeforeValidator(_to_decimal)]
Money = Annotated[Decimal, BeforeValidator(_number("1234.56")), AfterValidator(_non_negative), AfterValidator(_money_size),
                  AfterValidator(_money_places)]
Percent = Annotated[Decimal, BeforeValidator(_number("4.25")), AfterValidator(_non_negative), AfterValidator(_percent_size)]
FTE = Annotated[Decimal, BeforeValidator(_number("0.5")), AfterValidator(_fte)]
Weight = Annotated[Decimal, BeforeValidator(_number("1")), AfterValidator(_positive), AfterValidator(_weight_size)]
StepYears = Annotated[int, Field(strict=True, ge=1, le=30)]
"""Years in one step before the next (Stufenlaufzeit); the TVöD's longest is 5."""
Year = Annotated[int, Field(strict=True), AfterValidator(_year)]
Ident = Annotated[
    str,
    Field(strict=True),
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64),
]
Text = Annotated[str, Field(strict=True), StringConstraints(min_length=1, max_length=500)]
Grade = Annotated[str, Field(strict=True), StringConstraints(min_length=1, max_length=20)]
