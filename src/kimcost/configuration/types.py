"""Value types for the schema, with messages that say how to write the value right."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

_GERMAN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+,\d+$")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _to_decimal(value: Any) -> Any:
    """Numbers come from YAML as int or Decimal; quoted numbers as text. Never via float."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, but YAML read a yes/no value ({value}); write a number such as 1234.56")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a finite number; write an amount such as 1234.56")
        return value
    if isinstance(value, float):  # only reachable from Python callers, never from YAML
        raise ValueError("binary floating-point values are not accepted; pass a Decimal or a string")
    if isinstance(value, str):
        text = value.strip()
        if _GERMAN_NUMBER.match(text) and not _PLAIN_NUMBER.match(text):
            plain = text.replace(".", "").replace(",", ".")
            raise ValueError(
                f"{value!r} looks like a German number; write it with a dot as decimal mark "
                f"and no thousands separator: {plain}"
            )
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number; write an amount such as 1234.56") from None
        if not result.is_finite():
            raise ValueError(f"{value!r} is not a finite number; write an amount such as 1234.56")
        return result
    raise ValueError(f"expected a number such as 1234.56, got {type(value).__name__}")


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"{value} is negative; amounts and rates must be 0 or more")
    return value


def _money_places(value: Decimal) -> Decimal:
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise ValueError(f"{value} has more than two decimal places; money is written to the cent")
    return value


def _fte(value: Decimal) -> Decimal:
    if value > 1:
        raise ValueError(f"{value} is more than a full post (must be > 0 and ≤ 1)")
    if value <= 0:
        raise ValueError(f"{value} is not a share of a post (must be > 0 and ≤ 1)")
    return value


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(f"{value} must be greater than 0")
    return value


def _year(value: int) -> int:
    if not 1900 <= value <= 2100:
        raise ValueError(f"{value} is not a plausible year (1900–2100)")
    return value


Number = Annotated[Decimal, BeforeValidator(_to_decimal)]
Money = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_non_negative), AfterValidator(_money_places)]
Percent = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_non_negative)]
FTE = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_fte)]
Weight = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_positive)]
Year = Annotated[int, Field(strict=True), AfterValidator(_year)]
Ident = Annotated[
    str,
    Field(strict=True),
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64),
]
Text = Annotated[str, Field(strict=True), StringConstraints(min_length=1, max_length=500)]
Grade = Annotated[str, Field(strict=True), StringConstraints(min_length=1, max_length=20)]
