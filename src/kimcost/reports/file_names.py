"""The one rule for default output names: ``kim-abrechnung-2023-kreis-coesfeld.xlsx``.

Umlauts become ae/oe/ue/ss, anything else that is not an ASCII letter or digit becomes a
hyphen (so the name is safe on Windows, macOS and Linux and in a mail attachment), runs of
hyphens collapse, and the district part is shortened so the whole name stays far below the
255 bytes file systems allow.
"""

from __future__ import annotations

from pathlib import Path

_UMLAUTS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"))
MAX_SLUG = 60

STEMS = {
    "settlement": {"de": "kim-abrechnung", "en": "kim-settlement"},
    "forecast": {"de": "kim-prognose", "en": "kim-forecast"},
    "comparison": {"de": "kim-vergleich", "en": "kim-comparison"},
    "variance": {"de": "kim-abweichung", "en": "kim-variance"},
}


def slug(text: str) -> str:
    text = text.lower()
    for umlaut, plain in _UMLAUTS:
        text = text.replace(umlaut, plain)
    text = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text)
    text = "-".join(part for part in text.split("-") if part)
    return text[:MAX_SLUG].rstrip("-") or "kreis"


def default_name(kind: str, district: str, years: tuple[int, ...], lang: str, suffix: str = ".xlsx") -> Path:
    """``kind``: settlement, forecast or comparison; ``years``: one year or FIRST, LAST."""
    span = "-".join(str(y) for y in years)
    return Path(f"{STEMS[kind][lang]}-{span}-{slug(district)}{suffix}")
