"""'Did you mean …?' for a mistyped name: one closeness rule for every message that offers one.

A base module, below every layer, so configuration, scenarios, reports and the command line
all suggest alike. ``suggest`` gives the hint as a :class:`~kimcost.messages.Text`, worded
in the language of the command that shows it; ``did_you_mean`` is the former English-only
form, kept for callers not yet converted.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from kimcost.messages import Catalogue, Text

CUTOFF = 0.6  # difflib's default: 'membres' finds 'members', 'xyz' finds nothing

_TEXTS = Catalogue("suggestions", {
    "did_you_mean": ("; meinten Sie {name!r}?", "; did you mean {name!r}?"),
    "known": ("; bekannt sind: {names}", "; known: {names}"),
    "known_here": ("; bekannt sind hier: {names}", "; known here: {names}"),
})
_KNOWN = {True: "known", "known": "known", "known here": "known_here"}


def close_matches(word: object, choices: Iterable[object], *, n: int = 1, cutoff: float = CUTOFF) -> list[str]:
    """At most ``n`` of the choices close to ``word``, the closest first."""
    return difflib.get_close_matches(str(word), [str(c) for c in choices], n=n, cutoff=cutoff)


def suggest(word: object, choices: Iterable[object], *, known: bool | str = False,
            otherwise: Text | str = "") -> Text | str:
    """The tail of a message: ``; meinten Sie 'members'?`` / ``; did you mean 'members'?`` when
    a choice is close; else, with ``known`` (``True``/``"known"``, or ``"known here"``), the
    choices (``; known: a, b, …``); else ``otherwise`` ("" for nothing)."""
    names = [str(c) for c in choices]
    close = close_matches(word, names)
    if close:
        return _TEXTS("did_you_mean", name=close[0])
    if known and names:
        return _TEXTS(_KNOWN.get(known, "known"), names=shortlist(names))
    return otherwise


def did_you_mean(word: object, choices: Iterable[object], *, known: str = "", otherwise: str = "") -> str:
    """The tail of a message in English: ``; did you mean 'members'?`` when a choice is close;
    else, with ``known``, the choices (``; known: a, b, …``); else ``otherwise``. The form of
    messages not yet worded in both languages; new code uses ``suggest``."""
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
