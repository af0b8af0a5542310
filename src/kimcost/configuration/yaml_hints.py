"""Plain-language messages for YAML syntax errors, with the key path where they happened.

PyYAML's own messages ("mapping values are not allowed here") mean little to a finance
officer; these say what to write instead, and name the key the broken line belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
)

from kimcost.configuration.errors import Location, Path
from kimcost.messages import Catalogue, Text

_TEXTS = Catalogue("configuration.yaml_hints", {
    "control": (
        "das Steuerzeichen U+{code:04X} ist in YAML nicht erlaubt; entfernen Sie es (es kommt oft vom Kopieren "
        "aus einem anderen Programm)",
        "the control character U+{code:04X} is not allowed in YAML; remove it "
        "(it often comes from copying out of another program)"),
    "tab": ("ein Tabulator ist hier nicht erlaubt; YAML wird nur mit Leerzeichen eingerückt",
            "a tab is not allowed here; YAML is indented with spaces only"),
    "colon": (
        "ein zweites ': ' in einer Zeile; setzen Sie einen Wert, der ': ' enthält, in Anführungszeichen, "
        "z. B. name: \"Stadt A: Nord\"",
        "a second ': ' on one line; put a value that contains ': ' in quotes, e.g. name: \"Stadt A: Nord\""),
    "list_open": (
        "eine mit '[' begonnene Liste ist nicht geschlossen; schließen Sie sie mit ']' (Einträge werden durch "
        "Kommas getrennt)",
        "a list opened with '[' is not closed; close it with ']' (items are separated by commas)"),
    "mapping_open": (
        "eine mit '{opening}' begonnene Zuordnung ist nicht geschlossen; schließen Sie sie mit '{closing}' "
        "(Einträge werden durch Kommas getrennt)",
        "a mapping opened with '{opening}' is not closed; close it with '{closing}' (entries are separated by commas)"),
    "indentation": (
        "die Einrückung passt nicht; Schlüssel derselben Zuordnung beginnen in derselben Spalte, eingerückt "
        "mit Leerzeichen",
        "the indentation does not line up; keys of the same mapping must start in the same column, using spaces"),
    "no_colon": (
        "ein Schlüssel ohne ':'; schreiben Sie 'schlüssel: wert' (oder setzen Sie Text über mehrere Zeilen in "
        "Anführungszeichen)",
        "a key without ':'; write 'key: value' (or put text that spans lines in quotes)"),
    "unclosed_quote": ("ein Text in Anführungszeichen ist nicht geschlossen; beenden Sie ihn mit demselben "
                       "Anführungszeichen, mit dem er beginnt",
                       "a quoted text is not closed; end it with the same quote it starts with"),
    "escape": (
        "eine unbekannte Backslash-Escape-Folge in doppelten Anführungszeichen; nehmen Sie einfache "
        "Anführungszeichen oder schreiben Sie \\\\",
        "an unknown backslash escape in double quotes; use single quotes or write \\\\"),
    "documents": (
        "eine Konfigurationsdatei enthält ein YAML-Dokument; entfernen Sie die Zeile '---' oder teilen Sie die "
        "Datei mit 'include:' auf",
        "a configuration file holds one YAML document; remove the '---' line or split the file with 'include:'"),
    "anchor": ("YAML-Anker und -Aliasse (&name, *name) sind nicht erlaubt; schreiben Sie den Wert aus",
               "YAML anchors and aliases (&name, *name) are not allowed; write the value out"),
    "cannot_start": ("{char!r} kann keinen Wert beginnen; setzen Sie den Wert in Anführungszeichen",
                     "{char!r} cannot start a value; put the value in quotes"),
    "opened": (" ({what} beginnt in Zeile {line}, Spalte {column})", " ({what} starts at line {line}, column {column})"),
    "the_list": ("die Liste", "the list"),
    "the_mapping": ("die Zuordnung", "the mapping"),
    "the_quoted": ("der Text in Anführungszeichen", "the quoted text"),
    # PyYAML's own words are kept in English: they are a quotation of the reader, for a rare case
    "invalid": ("kein gültiges YAML (der YAML-Leser meldet: {problem}{context}); prüfen Sie Anführungszeichen, "
                "Klammern und Einrückung",
                "not valid YAML: {problem}{context}; check the quotes, brackets and indentation"),
    "context": (", {context}", " ({context})"),
    "hint": ("{hint}{opened}", "{hint}{opened}"),
})


def location_of(file: str, mark) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


def reader_error(display_name: str, text: str, exc: yaml.reader.ReaderError) -> tuple[Location, Path, Text]:
    """A character YAML does not accept (control characters such as NUL)."""
    position = max(0, min(exc.position, len(text)))
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return (
        Location(display_name, line, column), path_at(yaml.reader.Reader.NON_PRINTABLE.sub(" ", text), position),
        _TEXTS("control", code=ord(character)),
    )


# PyYAML's problem (a needle of its message) -> what to write instead
_SYNTAX_HINTS: tuple[tuple[str, Text], ...] = (
    ("found character '\\t'", _TEXTS("tab")),
    ("found a tab character", _TEXTS("tab")),
    ("mapping values are not allowed here", _TEXTS("colon")),
    ("expected ',' or ']'", _TEXTS("list_open")),
    ("expected ',' or '}'", _TEXTS("mapping_open", opening="{", closing="}")),
    ("expected <block end>", _TEXTS("indentation")),
    ("could not find expected ':'", _TEXTS("no_colon")),
    ("found unexpected end of stream", _TEXTS("unclosed_quote")),
    ("found unknown escape character", _TEXTS("escape")),
    ("but found another document", _TEXTS("documents")),
    ("found undefined alias", _TEXTS("anchor")),
    ("found duplicate anchor", _TEXTS("anchor")),
    ("found character '@' that cannot start any token", _TEXTS("cannot_start", char="@")),
    ("found character '`' that cannot start any token", _TEXTS("cannot_start", char="`")),
    ("found character '%' that cannot start any token", _TEXTS("cannot_start", char="%")),
)


_OPENERS: tuple[tuple[str, Text], ...] = (
    ("flow sequence", _TEXTS("the_list")),
    ("flow mapping", _TEXTS("the_mapping")),
    ("block mapping", _TEXTS("the_mapping")),
    ("block collection", _TEXTS("the_list")),
    ("quoted scalar", _TEXTS("the_quoted")),
)


def yaml_error(display_name: str, text: str, exc: yaml.MarkedYAMLError, *,
               with_path: bool = True) -> tuple[Location, Path, Text]:
    """``with_path``: also name the key path, which walks the pure-Python parser's events up to
    the error — left out for a file too large for that parser (the line and column stay)."""
    mark = exc.problem_mark or exc.context_mark
    location = location_of(display_name, mark) if mark else Location(display_name, 1, 1)
    problem = exc.problem or "not valid YAML"
    hint: Text | None = next((h for needle, h in _SYNTAX_HINTS if needle in problem), None)
    if hint is None and "\t" in _line_at(text, mark):
        hint = _TEXTS("tab")
    context = exc.context or ""
    opened: Text | str = ""
    what = next((noun for needle, noun in _OPENERS if needle in context), None)
    if what and exc.context_mark is not None and exc.problem_mark is not None and exc.context_mark.line != exc.problem_mark.line:
        opened = _TEXTS("opened", what=what, line=exc.context_mark.line + 1, column=exc.context_mark.column + 1)
    if hint is None:
        hint = _TEXTS("invalid", problem=problem, context=_TEXTS("context", context=context) if context else "")
    path = path_at(text, mark.index if mark else None) if with_path else ()
    return location, path, _TEXTS("hint", hint=hint, opened=opened) if opened else hint


def _line_at(text: str, mark) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    return lines[mark.line] if 0 <= mark.line < len(lines) else ""


@dataclass
class _Frame:
    mapping: bool
    key: Any = None
    expect_key: bool = True
    index: int = -1


def path_at(text: str, stop: int | None) -> Path:
    """The key path being written at character ``stop`` (or where parsing fails).

    Walks the parser's events, which need no recursion and stop at the first syntax error,
    so this works for files the composer refuses.
    """
    stack: list[_Frame] = []

    def current() -> Path:
        out: list[Any] = []
        for frame in stack:
            if frame.mapping:
                if frame.key is not None and not frame.expect_key:
                    out.append(frame.key)
                else:
                    break
            elif frame.index >= 0:
                out.append(frame.index)
        return tuple(out)

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            assert event.end_mark is not None  # the parser marks every event it emits
            if stop is not None and event.end_mark.index > stop and not isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                if stack and stack[-1].mapping and stack[-1].expect_key:
                    # the event is a key: the path goes down to it
                    return current() + ((event.value,) if isinstance(event, ScalarEvent) else ())
                if stack and not stack[-1].mapping:
                    stack[-1].index += 1
                return current()
            if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                if stack:
                    stack.pop()
                _value_done(stack)
                continue
            if not isinstance(event, (ScalarEvent, AliasEvent, CollectionStartEvent)):
                continue
            top = stack[-1] if stack else None
            if top is not None and top.mapping and top.expect_key:
                top.key = event.value if isinstance(event, ScalarEvent) else "?"
                top.expect_key = False
                if isinstance(event, CollectionStartEvent):  # a complex key: not used in configurations
                    stack.append(_Frame(isinstance(event, MappingStartEvent)))
                continue
            if top is not None and not top.mapping:
                top.index += 1
            if isinstance(event, CollectionStartEvent):
                stack.append(_Frame(isinstance(event, MappingStartEvent)))
            else:
                _value_done(stack)
    except yaml.YAMLError:
        return current()
    except RecursionError:  # pragma: no cover - the parser does not recurse
        return ()
    return current()


def _value_done(stack: list[_Frame]) -> None:
    """A value ended: its mapping expects the next key."""
    if stack and stack[-1].mapping and not stack[-1].expect_key:
        stack[-1].expect_key = True
