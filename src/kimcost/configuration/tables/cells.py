"""A cell's value as the YAML reader would have given it: text, ``Decimal``, ``int`` or a date.

A spreadsheet cell holds a real number or date, or text; a CSV field is always text. Text is
read the German way as well as the plain way: ``1.234,56`` and ``1234.56``, ``0,5`` and
``0.5``, ``15.09.2025`` and ``2025-09-15``. Where the text could mean two numbers (``1.500``:
fifteen hundred, or one and a half?) the cell is an error that says how to write it; a guess
would enter the figures unseen.

A number cell is taken with the 15 significant digits a spreadsheet shows, never through
binary floating point's longer tail (0.1 + 0.2 is 0.3 here, as on the screen). Money's
cents, an FTE's range and so on are the schema's to check, as for YAML.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from kimcost.configuration.tables.layout import Kind
from kimcost.messages import Catalogue, Text

_TEXTS = Catalogue("configuration.tables.cells", {
    "not_date": ("„{text}“ ist kein Datum; schreiben Sie Tag.Monat.Jahr, z. B. 15.09.2025",
                 "{text!r} is not a date; write day.month.year, e.g. 15.09.2025"),
    "no_such_day": ("den {text} gibt es nicht; schreiben Sie einen Tag, den es gibt, z. B. 28.02.2025",
                    "there is no day {text}; write a day that exists, e.g. 28.02.2025"),
    "short_year": ("„{text}“ hat ein zweistelliges Jahr; schreiben Sie das Jahr vierstellig, z. B. {full}",
                   "{text!r} has a two-digit year; write the year with four digits, e.g. {full}"),
    "date_is_number": ("die Zelle enthält die Zahl {value}, kein Datum; formatieren Sie die Zelle als Datum "
                       "oder schreiben Sie z. B. 15.09.2025",
                       "the cell holds the number {value}, not a date; format the cell as a date "
                       "or write e.g. 15.09.2025"),
    "date_has_time": ("die Zelle enthält Datum und Uhrzeit ({value}); geben Sie nur das Datum an",
                      "the cell holds a date and a time ({value}); give the date only"),
    "not_number": ("„{text}“ ist keine Zahl; schreiben Sie z. B. {example}",
                   "{text!r} is not a number; write e.g. {example}"),
    "ambiguous": ("„{text}“ kann {thousands} oder {decimal_de} (= {decimal}) bedeuten; schreiben Sie "
                  "{thousands} (ohne Tausenderpunkt) oder {decimal_de} (mit Dezimalkomma)",
                  "{text!r} may mean {thousands} or {decimal}; write {thousands} (no thousands separator) "
                  "or {decimal_de} (with a decimal comma)"),
    "mixed_marks": ("„{text}“ mischt Punkt und Komma wie im Englischen; schreiben Sie {german} oder {plain}",
                    "{text!r} mixes point and comma the English way; write {german} or {plain}"),
    "number_is_date": ("die Zelle enthält das Datum {value}, keine Zahl; formatieren Sie die Zelle als Zahl",
                       "the cell holds the date {value}, not a number; format the cell as a number"),
    "yes_no": ("die Zelle enthält einen Wahrheitswert ({value}); schreiben Sie {example}",
               "the cell holds a true/false value ({value}); write {example}"),
    "not_whole": ("„{text}“ ist keine ganze Zahl; schreiben Sie z. B. {example}",
                  "{text!r} is not a whole number; write e.g. {example}"),
    "text_is_date": ("die Zelle enthält das Datum {value}; schreiben Sie hier Text",
                     "the cell holds the date {value}; write text here"),
})

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_INTEGER = re.compile(r"^-?\d+$")
_DECIMAL_COMMA = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+),\d+$")     # 1.234,56  0,5  1234,5
_THOUSANDS_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")              # 1.500  1.234.567
_DECIMAL_POINT = re.compile(r"^-?\d+\.\d+$")                        # 0.5  1234.56
_ENGLISH = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")               # 1,234.56
_EXAMPLES = {Kind.number: "0,5", Kind.money: "1.234,56", Kind.whole: "3", Kind.year: "2025"}


class CellError(ValueError):
    """A cell that cannot be read as its column needs; ``text`` says how to write it."""

    def __init__(self, text: Text):
        super().__init__(str(text))
        self.text = text


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def convert(value: object, kind: Kind) -> object:
    """The cell's ``value`` (a str, int, float, bool, date or datetime) as ``kind`` needs it."""
    if kind in (Kind.ident, Kind.text, Kind.note):
        return _text(value)
    if kind is Kind.date:
        return _date(value)
    if kind in (Kind.number, Kind.money):
        return _decimal(value, kind)
    return _whole(value, kind)


def _text(value: object) -> str:
    if isinstance(value, bool):
        raise CellError(_TEXTS("yes_no", value=str(value).upper(), example="Text"))
    if isinstance(value, dt.datetime | dt.date):
        raise CellError(_TEXTS("text_is_date", value=_shown(value)))
    if isinstance(value, float):
        return _from_float(value).to_eng_string()
    return str(value).strip()


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise CellError(_TEXTS("date_has_time", value=value.strftime("%d.%m.%Y %H:%M")))
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(_TEXTS("yes_no", value=str(value).upper(), example="15.09.2025"))
    if isinstance(value, int | float):
        raise CellError(_TEXTS("date_is_number", value=_plain(_from_float(float(value)))))
    text = str(value).strip()
    if found := _GERMAN_DATE.match(text):
        day, month, year = found.groups()
        if len(year) == 2:
            raise CellError(_TEXTS("short_year", text=text, full=f"{int(day):02d}.{int(month):02d}.20{year}"))
        return _day(int(year), int(month), int(day), text)
    if found := _ISO_DATE.match(text):
        year, month, day = found.groups()
        return _day(int(year), int(month), int(day), text)
    raise CellError(_TEXTS("not_date", text=text))


def _day(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(_TEXTS("no_such_day", text=text)) from None


def _decimal(value: object, kind: Kind) -> Decimal:
    example = _EXAMPLES[kind]
    if isinstance(value, bool):
        raise CellError(_TEXTS("yes_no", value=str(value).upper(), example=example))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return _from_float(value)
    if isinstance(value, dt.date):
        raise CellError(_TEXTS("number_is_date", value=_shown(value)))
    original = str(value).strip()
    text = original
    if kind is Kind.money:
        text = re.sub(r"\s*(€|EUR)$", "", text, flags=re.IGNORECASE)
    text = text.replace("\u00a0", "").replace(" ", "") if re.fullmatch(r"[-\d., \u00a0]+", text) else text
    if _INTEGER.match(text) or _DECIMAL_POINT.match(text) and not _THOUSANDS_DOTS.match(text):
        return Decimal(text)
    if _DECIMAL_COMMA.match(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if _THOUSANDS_DOTS.match(text) and text.count(".") > 1:  # 1.234.567: only thousands
        return Decimal(text.replace(".", ""))
    if _THOUSANDS_DOTS.match(text):
        decimal = _plain(Decimal(text).normalize())
        raise CellError(_TEXTS("ambiguous", text=original, thousands=text.replace(".", ""), decimal=decimal,
                               decimal_de=decimal.replace(".", ",")))
    if _ENGLISH.match(text):
        plain = text.replace(",", "")
        integer, _, fraction = plain.partition(".")
        german = f"{int(integer):,}".replace(",", ".") + (f",{fraction}" if fraction else "")
        raise CellError(_TEXTS("mixed_marks", text=original, german=german, plain=plain))
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise CellError(_TEXTS("not_number", text=original, example=example)) from None
    if not result.is_finite() or "e" in text.lower():
        raise CellError(_TEXTS("not_number", text=original, example=example))
    return result


def _whole(value: object, kind: Kind) -> int:
    number = _decimal(value, Kind.number) if not isinstance(value, str) else None
    if number is None:
        text = str(value).strip()
        if not _INTEGER.match(text):
            raise CellError(_TEXTS("not_whole", text=text, example=_EXAMPLES[kind]))
        return int(text)
    if number != number.to_integral_value():
        raise CellError(_TEXTS("not_whole", text=_plain(number), example=_EXAMPLES[kind]))
    return int(number)


def _from_float(value: float) -> Decimal:
    """A number cell as the spreadsheet shows it: 15 significant digits, no float tail."""
    result = Decimal(format(value, ".15g"))
    if result == result.to_integral_value() and abs(result) < Decimal("1e15"):
        return result.quantize(Decimal(1))
    return result


def _plain(value: Decimal) -> str:
    return format(value, "f")


def _shown(value: dt.date) -> str:
    return value.strftime("%d.%m.%Y")
