"""Sheet names Excel accepts: at most 31 characters, none of ``[]:*?/\\``, not starting or
ending with an apostrophe, not the reserved name "History", unique ignoring case."""

from __future__ import annotations

import re

from kimcost.reports.xlsx.styles import clean_text

MAX_LENGTH = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f\ufffd]")
_RESERVED = {"history"}


def clean_sheet_name(name: str, fallback: str = "Blatt") -> str:
    text = _FORBIDDEN.sub("-", clean_text(name))
    text = " ".join(text.split()).strip("'").strip()
    return text[:MAX_LENGTH].rstrip("' ") or fallback


class SheetNames:
    """Hands out valid, unique names; a clash gets " (2)", " (3)" … within 31 characters."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, wanted: str, fallback: str = "Blatt") -> str:
        base = clean_sheet_name(wanted, fallback)
        candidate, n = base, 1
        while candidate.casefold() in self._taken or candidate.casefold() in _RESERVED:
            n += 1
            suffix = f" ({n})"
            candidate = base[: MAX_LENGTH - len(suffix)].rstrip("' ") + suffix
        self._taken.add(candidate.casefold())
        return candidate
