"""'Did you mean …?' for a mistyped name: one closeness rule for every message that offers one.

A base module, below every layer, so configuration, scenarios, reports and the command line
all suggest alike.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6  # difflib's default: 'membres' finds 'members', 'xyz' finds nothing


def close_matches(word: object, choices: Iterable[object], *, n: int = 1, cutoff: float = CUTOFF) -> list[str]:
    """At most ``n`` of the choices close to ``word``, the closest first."""
    return difflib.get_close_matches(str(word), [str(c) for c in choices], n=n, cutoff=cutoff)


def did_you_mean(word: object, choices: Iterable[object], *, known: str = "", otherwise: str = "") -> str:
    """The tail of a message: ``; did you mean 'members'?`` when a choice is close; else, with
    ``known``, the choices (``; known: a, b, …``); else ``otherwise``."""
    names = [str(c) for c in choices]
    close = close_matches(word, names)
    if close:
        return f"; did you mean {close[0]!r}?"
    if known and names:
        return f"; {known}: {shortlist(names)}"
    return otherwise


def shortlist(choices: Iterable[object], limit: int = 12) -> str:
    """The choices sorted, at most ``limit`` of them: ``a, b, c, …``."""
    names = sorted(str(c) for c in choices)
    return ", ".join(names[:limit]) + (", …" if len(names) > limit else "")
