"""The one number and date formatter of every output, German (default) and English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kimcost.money import round_cent

LANGS = ("de", "en")


def money(amount: Decimal, lang: str = "de", *, symbol: bool = True) -> str:
    """``1234.5`` -> ``1.234,50 €`` (de) or ``€1,234.50`` (en)."""
    text = f"{round_cent(amount):,.2f}"
    if lang == "de":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return f"{text} €" if symbol else text
    return f"€{text}" if symbol and not text.startswith("-") else (f"-€{text[1:]}" if symbol else text)


def number(value: Decimal, lang: str = "de", places: int = 2) -> str:
    text = f"{value:,.{places}f}"
    if lang == "de":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def ungrouped(value: Decimal, lang: str = "de") -> str:
    """Digits as they are, with the language's decimal mark and no grouping, so a spreadsheet
    reads the field as a number: ``1234,56`` (de), ``1234.56`` (en)."""
    text = format(value, "f")
    return text.replace(".", ",") if lang == "de" else text


def percent(value: Decimal, lang: str = "de") -> str:
    text = format(value.normalize(), "f")
    return (text.replace(".", ",") + " %") if lang == "de" else text + " %"


def date(day: dt.date | None, lang: str = "de") -> str:
    if day is None:
        return ""
    return day.strftime("%d.%m.%Y") if lang == "de" else day.isoformat()


def plain(amount: Decimal) -> str:
    """Money for machines: two decimals, dot, no grouping (JSON, scripts)."""
    return f"{round_cent(amount):.2f}"
