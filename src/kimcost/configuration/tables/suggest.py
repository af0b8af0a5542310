"""'Did you mean …?' in the language the message is shown in (kimcost.suggestions' rule)."""

from __future__ import annotations

from collections.abc import Iterable

from kimcost.messages import Catalogue, Text
from kimcost.suggestions import close_matches

_TEXTS = Catalogue("configuration.tables.suggest", {
    "meant": ("; meinten Sie „{name}“?", "; did you mean {name!r}?"),
})


def meant(word: object, choices: Iterable[object]) -> Text | str:
    """``; did you mean 'Stellen'?`` when a choice is close to ``word``, else nothing."""
    close = close_matches(word, choices)
    return _TEXTS("meant", name=close[0]) if close else ""
