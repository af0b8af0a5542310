"""The one CSV dialect of every CSV kimcost writes (settle, forecast, compare).

- UTF-8 with a byte-order mark: without it German Excel reads "Dülmen" as "DÃ¼lmen".
- CRLF between records (RFC 4180); a CR or LF inside a field is quoted, so a name with a
  line break stays one record.
- German (``de``): ``;`` between fields and a decimal comma, which German Excel opens
  directly; English (``en``): ``,`` and a decimal point. Numbers are never grouped.
- Formula injection (OWASP): a text field starting with ``= + - @``, tab or CR gets a leading
  apostrophe, so a municipality named ``=HYPERLINK(…)`` stays text. Numbers are written
  as numbers and never escaped, so a negative balance stays a number.
- Other control characters never reach this point: the configuration refuses them when
  it is loaded (configuration/yaml_source.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kimcost.money import round_cent
from kimcost.reports.numbers import ungrouped

BOM = "\ufeff"
LINE_END = "\r\n"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FTE = Decimal("0.0001")


class Number:
    """A numeric field: written with the language's decimal mark, never escaped."""

    __slots__ = ("value",)

    def __init__(self, value: Decimal):
        self.value = value

    def render(self, lang: str) -> str:
        return ungrouped(self.value, lang)


def money(value: Decimal | None) -> Number | None:
    return None if value is None else Number(round_cent(value))


def fte(value: Decimal) -> Number:
    return Number(value.quantize(_FTE))


def escape_text(text: str) -> str:
    """A field a spreadsheet would read as a formula starts with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _field(value: object, lang: str) -> str:
    if isinstance(value, Number):
        return value.render(lang)
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return escape_text(str(value))


@dataclass
class CsvTable:
    """A header and rows of text, ``Number``, int or ``None`` (an empty field)."""

    header: Sequence[object]
    rows: list[Sequence[object]] = field(default_factory=list)

    def add(self, *values: object) -> None:
        self.rows.append(values)

    def encode(self, lang: str) -> bytes:
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=";" if lang == "de" else ",", quotechar='"',
                            quoting=csv.QUOTE_MINIMAL, lineterminator=LINE_END)
        writer.writerow([_field(h, lang) for h in self.header])
        for row in self.rows:
            writer.writerow([_field(v, lang) for v in row])
        return (BOM + out.getvalue()).encode("utf-8")
