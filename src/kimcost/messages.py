"""Messages to the user in German and English, chosen when they are shown, not when raised.

A configuration error is found while loading, long before anyone knows in which language it
will be printed (``--lang`` is read by the command, and a library caller may show the same
error twice, in both). So an error carries a :class:`Text`: a key into its module's
:class:`Catalogue` and the values to fill in. It becomes a sentence only in
:meth:`Text.render`, in the language asked for.

Each module that talks to the user keeps its texts in one catalogue next to the code that
uses them, German first (the default) and English second::

    _TEXTS = Catalogue("configuration.loader", {
        "missing_file": ("Die Konfigurationsdatei {name} gibt es nicht",
                         "configuration file {name} does not exist"),
    })
    raise ConfigError.single(None, (), _TEXTS("missing_file", name=shown))

Values may be texts themselves (a reason inside a sentence); they are rendered in the same
language. Every catalogue registers itself, so one test checks all of them: both languages
present, the same placeholders in both (tests/test_messages.py).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"

_CATALOGUES: dict[str, Catalogue] = {}


def language(lang: object) -> str:
    """``"en"`` for English (also an enum whose value is ``"en"``), else German."""
    value = getattr(lang, "value", lang)
    return "en" if value == "en" else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Text:
    """A message not yet put into words: its catalogue, its key and the values to fill in."""

    catalogue: Catalogue
    key: str
    values: tuple[tuple[str, Any], ...] = ()   # a tuple, so an issue stays hashable

    def render(self, lang: object = DEFAULT_LANGUAGE) -> str:
        lang = language(lang)
        de, en = self.catalogue.texts[self.key]
        pattern = en if lang == "en" else de
        if not self.values:
            return pattern
        return pattern.format(**{name: render(value, lang) for name, value in self.values})

    def __str__(self) -> str:  # where no language is known (a log, a repr): the default
        return self.render(DEFAULT_LANGUAGE)


def render(value: object, lang: object = DEFAULT_LANGUAGE) -> Any:
    """A :class:`Text` in words; anything else (a number, a plain string) as it is."""
    return value.render(lang) if isinstance(value, Text) else value


class Catalogue:
    """One module's texts: key → (German, English), with ``str.format`` placeholders."""

    def __init__(self, name: str, texts: Mapping[str, tuple[str, str]]):
        if name in _CATALOGUES:
            raise ValueError(f"a message catalogue named {name!r} exists already")
        self.name = name
        self.texts = dict(texts)
        _CATALOGUES[name] = self

    def __call__(self, key: str, **values: Any) -> Text:
        if key not in self.texts:  # a programming error, found by the first test that hits it
            raise KeyError(f"catalogue {self.name!r} has no text {key!r}")
        return Text(self, key, tuple(values.items()))

    def placeholders(self, key: str) -> tuple[set[str], set[str]]:
        """The placeholder names of the German and of the English text of ``key``."""
        return tuple(  # type: ignore[return-value]
            {name for _, name, _, _ in string.Formatter().parse(text) if name}
            for text in self.texts[key])

    def __repr__(self) -> str:
        return f"Catalogue({self.name!r}, {len(self.texts)} texts)"


def catalogues() -> dict[str, Catalogue]:
    """Every catalogue of the modules imported so far."""
    return dict(_CATALOGUES)
