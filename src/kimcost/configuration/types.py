"""Value types for the schema, with messages that say how to write the value right."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from kimcost.messages import Catalogue, Text as Message

# Raised as ``ValueError(text)``: pydantic_errors takes the text from the error's context.
_TEXTS = Catalogue("configuration.types", {
    "yes_no": ("eine Zahl wird erwartet, aber YAML hat einen Ja/Nein-Wert gelesen ({value}); schreiben Sie eine Zahl "
               "wie {example}",
               "expected a number, but YAML read a yes/no value ({value}); write a number such as {example}"),
    "not_finite": ("{value} ist keine endliche Zahl; schreiben Sie eine Zahl wie {example}",
                   "{value} is not a finite number; write a number such as {example}"),
    "float": ("binäre Gleitkommazahlen werden nicht angenommen; übergeben Sie eine Decimal oder einen Text",
              "binary floating-point values are not accepted; pass a Decimal or a string"),
    "not_number_kind": ("eine Zahl wie {example} wird erwartet, geschrieben ist {kind}",
                        "expected a number such as {example}, got {kind}"),
    "german": (
        "{value!r} sieht nach einer deutsch geschriebenen Zahl aus; schreiben Sie sie mit Punkt als Dezimalzeichen "
        "und ohne Tausendertrennzeichen: {plain}",
        "{value!r} looks like a German number; write it with a dot as decimal mark "
        "and no thousands separator: {plain}"),
    "exponent": ("{value!r} ist mit Exponent geschrieben; schreiben Sie die Zahl aus{full}",
                 "{value!r} is written with an exponent; write the number in full{full}"),
    "thousands": ("{value!r} hat ein Tausendertrennzeichen; schreiben Sie die Zahl ohne: {plain}",
                  "{value!r} has a thousands separator; write the number without it: {plain}"),
    "unit": ("{value!r} enthält eine Einheit; schreiben Sie nur die Zahl, z. B. {example}",
             "{value!r} carries a unit; write the number only, e.g. {example}"),
    "not_number": ("{value!r} ist keine Zahl; schreiben Sie eine Zahl wie {example}",
                   "{value!r} is not a number; write a number such as {example}"),
    "text_not_finite": ("{value!r} ist keine endliche Zahl; schreiben Sie eine Zahl wie {example}",
                        "{value!r} is not a finite number; write a number such as {example}"),
    "a_mapping": ("eine Zuordnung", "a mapping"),
    "a_list": ("eine Liste", "a list"),
    "nothing": ("nichts (ein leerer Wert)", "nothing (an empty value)"),
    "the_date": ("das Datum {value}", "the date {value}"),
    "negative": (
        "{value} ist negativ; Beträge und Sätze sind 0 oder mehr (schreiben Sie {positive}, wenn das Vorzeichen "
        "ein Versehen ist)",
        "{value} is negative; amounts and rates must be 0 or more (write {positive} if the sign is a mistake)"),
    "money_size": (
        "{value} ist unplausibel groß; Beträge liegen unter 10000000000 (zehn Milliarden Euro) — prüfen Sie auf "
        "überzählige Ziffern",
        "{value} is implausibly large; amounts are below 10000000000 (ten billion euros) — check for extra digits"),
    "percent_size": ("{value} ist mehr als 100 Prozent; schreiben Sie den Satz in Prozent, z. B. 4.25 für 4,25 %",
                     "{value} is more than 100 percent; write the rate in percent, e.g. 4.25 for 4.25 %"),
    "weight_size": ("{value} ist als Gewicht unplausibel groß; schreiben Sie eine Kopfzahl oder einen Anteil, "
                    "z. B. 1 oder 12500",
                    "{value} is implausibly large for a weight; write a head count or a share, e.g. 1 or 12500"),
    "three_places": (
        "{text} hat drei Nachkommastellen; ist der Punkt ein Tausendertrennzeichen, schreiben Sie {meant}.00 "
        "(Geldbeträge haben einen Punkt als Dezimalzeichen und kein Tausendertrennzeichen)",
        "{text} has three decimal places; if the dot is a thousands separator, "
        "write {meant}.00 (money has a dot as decimal mark and no thousands separator)"),
    "cents": ("{text} hat mehr als zwei Nachkommastellen; Geldbeträge werden auf den Cent genau geschrieben, "
              "z. B. 1234.56",
              "{text} has more than two decimal places; money is written to the cent, e.g. 1234.56"),
    "fte_above": (
        "{value} ist mehr als eine volle Stelle (erlaubt: größer als 0 und höchstens 1); schreiben Sie den Anteil "
        "an einer vollen Stelle, z. B. 0.5 oder 1.0",
        "{value} is more than a full post (must be > 0 and ≤ 1); write the share of a full post, e.g. 0.5 or 1.0"),
    "fte_share": ("{value} ist kein Anteil an einer Stelle (erlaubt: größer als 0 und höchstens 1); schreiben Sie "
                  "z. B. 0.5 oder 1.0",
                  "{value} is not a share of a post (must be > 0 and ≤ 1); write e.g. 0.5 or 1.0"),
    "weight": ("{value} ist nicht größer als 0; geben Sie jedem Mitglied ein positives Gewicht (z. B. 1 oder seine "
               "Einwohnerzahl)",
               "{value} must be greater than 0; give every member a positive weight (e.g. 1, or its head count)"),
    "year": ("{value} ist kein plausibles Jahr; schreiben Sie ein Jahr von 1900 bis 2100 mit vier Ziffern, z. B. 2023",
             "{value} is not a plausible year; write a year from 1900 to 2100 with four digits, e.g. 2023"),
})

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
            raise ValueError(_TEXTS("yes_no", value=str(value).lower(), example=example))
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise ValueError(_TEXTS("not_finite", value=value, example=example))
            return value
        if isinstance(value, float):  # only reachable from Python callers, never from YAML
            raise ValueError(_TEXTS("float"))
        if isinstance(value, str):
            return _from_text(value, example)
        raise ValueError(_TEXTS("not_number_kind", example=example, kind=_kind(value)))

    return convert


def _from_text(value: str, example: str) -> Decimal:
    text = value.strip()
    if _GERMAN_NUMBER.match(text) and not _PLAIN_NUMBER.match(text):
        plain = text.replace(".", "").replace(",", ".")
        raise ValueError(_TEXTS("german", value=value, plain=plain))
    if _EXPONENT.match(text):
        raise ValueError(_TEXTS("exponent", value=value, full=_in_full(Decimal(text))))
    if "," in text and re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        raise ValueError(_TEXTS("thousands", value=value, plain=text.replace(",", "")))
    if text.endswith(("€", "%")) or text.upper().endswith("EUR"):
        raise ValueError(_TEXTS("unit", value=value, example=example))
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ValueError(_TEXTS("not_number", value=value, example=example)) from None
    if not result.is_finite():
        raise ValueError(_TEXTS("text_not_finite", value=value, example=example))
    return result


def _in_full(value: Decimal) -> str:
    """': 1000' for 1E+3; nothing for numbers too long to print."""
    exponent = value.as_tuple().exponent
    if not value.is_finite() or not isinstance(exponent, int) or abs(exponent) > 20:
        return ""
    return f": {format(value, 'f')}"


def _kind(value: Any) -> Message | str:
    if isinstance(value, dict):
        return _TEXTS("a_mapping")
    if isinstance(value, list):
        return _TEXTS("a_list")
    if value is None:
        return _TEXTS("nothing")
    if isinstance(value, dt.date):
        return _TEXTS("the_date", value=value)
    return type(value).__name__


_to_decimal = _number("1234.56")


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(_TEXTS("negative", value=value, positive=-value))
    return value


MAX_MONEY = Decimal("10000000000")   # ten billion euros: far above any real amount
MAX_WEIGHT = Decimal("1000000000000")


def _money_size(value: Decimal) -> Decimal:
    """Bounded so that no sum, product or rounding can leave Decimal's 28 digits."""
    if abs(value) >= MAX_MONEY:
        raise ValueError(_TEXTS("money_size", value=value))
    return value


def _percent_size(value: Decimal) -> Decimal:
    if value > 100:
        raise ValueError(_TEXTS("percent_size", value=value))
    return value


def _weight_size(value: Decimal) -> Decimal:
    if value >= MAX_WEIGHT:
        raise ValueError(_TEXTS("weight_size", value=value))
    return value


def _money_places(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        text = str(value)
        if _THOUSANDS_DOTS.match(text):
            meant = text.replace(".", "")
            raise ValueError(_TEXTS("three_places", text=text, meant=meant))
        raise ValueError(_TEXTS("cents", text=text))
    return value


def _fte(value: Decimal) -> Decimal:
    if value > 1:
        raise ValueError(_TEXTS("fte_above", value=value))
    if value <= 0:
        raise ValueError(_TEXTS("fte_share", value=value))
    return value


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(_TEXTS("weight", value=value))
    return value


def _year(value: int) -> int:
    if not 1900 <= value <= 2100:
        raise ValueError(_TEXTS("year", value=value))
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
