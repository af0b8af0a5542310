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


def location_of(file: str, mark) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


def reader_error(display_name: str, text: str, exc: yaml.reader.ReaderError) -> tuple[Location, Path, str]:
    """A character YAML does not accept (control characters such as NUL)."""
    position = max(0, min(exc.position, len(text)))
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return (
        Location(display_name, line, column), path_at(yaml.reader.Reader.NON_PRINTABLE.sub(" ", text), position),
        f"the control character U+{ord(character):04X} is not allowed in YAML; remove it "
        "(it often comes from copying out of another program)",
    )


_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    ("found character '\\t'", "a tab is not allowed here; YAML is indented with spaces only"),
    ("found a tab character", "a tab is not allowed here; YAML is indented with spaces only"),
    ("mapping values are not allowed here",
     "a second ': ' on one line; put a value that contains ': ' in quotes, e.g. name: \"Stadt A: Nord\""),
    ("expected ',' or ']'", "a list opened with '[' is not closed; close it with ']' (items are separated by commas)"),
    ("expected ',' or '}'", "a mapping opened with '{' is not closed; close it with '}' (entries are separated by commas)"),
    ("expected <block end>",
     "the indentation does not line up; keys of the same mapping must start in the same column, using spaces"),
    ("could not find expected ':'", "a key without ':'; write 'key: value' (or put text that spans lines in quotes)"),
    ("found unexpected end of stream", "a quoted text is not closed; end it with the same quote it starts with"),
    ("found unknown escape character", "an unknown backslash escape in double quotes; use single quotes or write \\\\"),
    ("but found another document", "a configuration file holds one YAML document; remove the '---' line or split the file with 'include:'"),
    ("found undefined alias", "YAML anchors and aliases (&name, *name) are not allowed; write the value out"),
    ("found duplicate anchor", "YAML anchors and aliases (&name, *name) are not allowed; write the value out"),
    ("found character '@' that cannot start any token", "'@' cannot start a value; put the value in quotes"),
    ("found character '`' that cannot start any token", "'`' cannot start a value; put the value in quotes"),
    ("found character '%' that cannot start any token", "'%' cannot start a value; put the value in quotes"),
)


_OPENERS: tuple[tuple[str, str], ...] = (
    ("flow sequence", "the list"),
    ("flow mapping", "the mapping"),
    ("block mapping", "the mapping"),
    ("block collection", "the list"),
    ("quoted scalar", "the quoted text"),
)


def yaml_error(display_name: str, text: str, exc: yaml.MarkedYAMLError, *,
               with_path: bool = True) -> tuple[Location, Path, str]:
    """``with_path``: also name the key path, which walks the pure-Python parser's events up to
    the error — left out for a file too large for that parser (the line and column stay)."""
    mark = exc.problem_mark or exc.context_mark
    location = location_of(display_name, mark) if mark else Location(display_name, 1, 1)
    problem = exc.problem or "not valid YAML"
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in problem), None)
    if hint is None and "\t" in _line_at(text, mark):
        hint = "a tab is not allowed here; YAML is indented with spaces only"
    context = exc.context or ""
    opened = ""
    what = next((noun for needle, noun in _OPENERS if needle in context), None)
    if what and exc.context_mark is not None and exc.problem_mark is not None and exc.context_mark.line != exc.problem_mark.line:
        opened = f" ({what} starts at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
    if hint is None:
        hint = f"not valid YAML: {problem}" + (f" ({context})" if context else "") + "; check the quotes, brackets and indentation"
    path = path_at(text, mark.index if mark else None) if with_path else ()
    return location, path, f"{hint}{opened}"


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
