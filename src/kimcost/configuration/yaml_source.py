"""Read one YAML file into plain data plus a map from key path to source location.

PyYAML's safe loader is used only to compose nodes (they carry line and column); values
are built here so that:
- floats become ``Decimal`` from their written text, never via binary floating point;
- duplicate keys, anchors, aliases and merge keys are errors (a "billion laughs" file
  fails at its first anchor instead of expanding);
- numbers YAML 1.1 reads in surprising ways (``0301`` as octal 193, ``1:30`` as 90,
  ``0x1F``) are errors that say how to write the value;
- size and nesting depth are bounded (nesting is checked while composing, so a deeply
  nested file fails at the level that is too deep, without recursion errors);
- every problem becomes a ``ConfigIssue`` with file, line, column and, where it can be
  told, the key path (also for syntax errors).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kimcost.collector import collector_paused
from kimcost.configuration.errors import ConfigError, ConfigIssue, Location, Path

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40

_TAG = "tag:yaml.org,2002:"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_QUOTED_STYLES = ("'", '"', "|", ">")


@dataclass(frozen=True)
class Scalar:
    """How a scalar was written: its text and whether it was quoted (for hints)."""

    text: str
    quoted: bool


@dataclass
class SourceMap:
    """Key path -> where its value (and, for mapping entries, its key) was written.

    ``scalars`` holds how each scalar value was written, ``key_scalars`` how each mapping
    key was written (path of the entry -> text), so messages can quote the original text.
    """

    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)
    scalars: dict[Path, Scalar] = field(default_factory=dict)
    key_scalars: dict[Path, Scalar] = field(default_factory=dict)

    def update(self, other: "SourceMap") -> None:
        """Add another file's entries; where both wrote a mapping, the first file is kept."""
        for mine, theirs in (
            (self.values, other.values), (self.keys, other.keys),
            (self.scalars, other.scalars), (self.key_scalars, other.key_scalars),
        ):
            for path, where in theirs.items():
                mine.setdefault(path, where)

    def locate(self, path: Path, *, key: bool = False) -> Location | None:
        """The location of ``path``, or of its nearest written ancestor.

        Date keys are dates whether or not they were quoted (see ``_date_key``)."""
        probe = tuple(path)
        while True:
            if key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return None
            probe = probe[:-1]


def _date_key(key: Any) -> Any:
    """A mapping key written as an ISO date is a date, quoted (``'2024-01-01':``) or not, so the
    data, the source map and the validated model all use one spelling for dated entries."""
    if isinstance(key, str) and _ISO_DATE.match(key):
        try:
            return dt.date.fromisoformat(key)
        except ValueError:
            return key  # not a real day: the schema reports it where a date is expected
    return key


class _Refused(Exception):
    def __init__(self, mark, message: str):
        self.mark = mark
        self.message = message


class _Composer(yaml.SafeLoader):
    """Composes nodes, refusing anchors, aliases and deep nesting before anything is built."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                event.start_mark,
                "YAML anchors and aliases (&name, *name) are not allowed; "
                "write the value out where it is needed, or use 'include:' for shared files",
            )
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(
                event.start_mark,
                f"nesting is too deep; configuration data is at most {MAX_DEPTH} levels deep — "
                "check the indentation or the brackets",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


try:
    from yaml.cyaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python parser does everything
    _CParser = None


class _FastComposer(_Composer):
    """The composer above, fed with events from libyaml's C parser instead of PyYAML's
    pure-Python scanner and parser (five times faster: scanning is most of the load time of
    a large configuration, see docs/benchmarks.md).

    Nodes are still composed by the Python code above, so anchors, aliases and deep nesting
    are refused in the same way. It is used only for files that compose without a problem
    (see ``_compose_fast``); every other file is composed again by the pure-Python parser,
    whose messages and marks the error reports are written for.
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        self._events = _CParser(stream)
        # Instance attributes shadow the pure-Python parser's methods: the composer asks C.
        self.check_event = self._events.check_event
        self.peek_event = self._events.peek_event
        self.get_event = self._events.get_event

    def dispose(self) -> None:
        self._events.dispose()
        super().dispose()


# Text on which libyaml and PyYAML's pure-Python scanner are known to disagree: libyaml
# accepts tabs, "?" and "," in more places, a "#" right after a block scalar's "|" or ">",
# a byte-order mark inside the text, and puts an empty value in a flow mapping ("{a: , b: 1}")
# one column later. Such files are rare and go the pure-Python way (found by
# bench/check_yaml_fast_path.py, which compares both ways on mutated configurations).
_PURE_ONLY = re.compile(r"[\t\ufeff?!|>]|:[ ]*[,}\]]")


def _compose_fast(text: str) -> Node | None:
    """The document's node via libyaml, or None to leave the file to the pure-Python parser:
    when libyaml is missing, when the text holds anything the two parsers treat differently
    (``_PURE_ONLY``), or on any problem at all, so that results and error reports stay
    exactly those of the pure-Python parser."""
    if _CParser is None or _PURE_ONLY.search(text):
        return None
    try:
        loader = _FastComposer(text)
    except Exception:
        return None
    try:
        return loader.get_single_node()
    except Exception:  # noqa: BLE001 - refused or invalid: the pure-Python path reports it
        return None
    finally:
        loader.dispose()


def _loc(file: str, mark) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


def read_config_bytes(path: os.PathLike | str) -> bytes:
    """The bytes of one configuration file, at most one byte beyond the size limit.

    Folders, devices and pipes are refused before they are opened (reading a pipe would
    wait for ever, a device might never end). Raises ``OSError`` with a readable ``strerror``.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(errno.EINVAL, "it is not a regular file (a folder, device or pipe); name a YAML file")
    with open(path, "rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def read_yaml(display_name: str, raw: bytes) -> tuple[Any, SourceMap]:
    """Parse ``raw`` (the bytes of one file) into data and its source map."""
    with collector_paused():  # a node, a value and a location per scalar, no cycles
        return _read_yaml(display_name, raw)


def _read_yaml(display_name: str, raw: bytes) -> tuple[Any, SourceMap]:
    if len(raw) > MAX_FILE_BYTES:
        raise ConfigError.single(
            Location(display_name, 1, 1), (),
            f"file is larger than {MAX_FILE_BYTES:,} bytes (10 MiB), the limit for a configuration file; "
            "split it into several files with 'include:'",
        )
    text = _decode(display_name, raw)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise ConfigError.single(
            Location(display_name, 1, 1), (),
            "file is empty; a configuration file holds a YAML mapping such as 'regions: …'",
        )
    _check_flow_depth(display_name, text)
    loader = None
    try:
        loader = _Composer(text)  # the reader checks the characters here already
        node = _compose_fast(text) or loader.get_single_node()
    except _Refused as exc:
        raise ConfigError.single(_loc(display_name, exc.mark), _path_at(text, exc.mark.index), exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise ConfigError.single(*_yaml_error(display_name, text, exc)) from None
    except yaml.reader.ReaderError as exc:
        raise ConfigError.single(*_reader_error(display_name, text, exc)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error is one of the above
        raise ConfigError.single(Location(display_name, 1, 1), (), f"not valid YAML: {exc}") from None
    except RecursionError:  # pragma: no cover - the depth limit above comes first
        raise ConfigError.single(
            Location(display_name, 1, 1), (),
            f"nesting is too deep; configuration data is at most {MAX_DEPTH} levels deep",
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise ConfigError.single(
            Location(display_name, 1, 1), (),
            "file holds no YAML document; a configuration file holds a mapping such as 'regions: …'",
        )
    builder = _Builder(display_name)
    data = builder.build(node, (), 0)
    if builder.issues:
        raise ConfigError(builder.issues)
    return data, builder.map


_BRACKETS = re.compile(r"[\[\]{}]")


def _check_flow_depth(display_name: str, text: str) -> None:
    """Refuse ``[[[[…`` beyond the depth limit before PyYAML's scanner looks ahead through it.

    Brackets in quoted text or comments are counted too; a real configuration never has
    anywhere near the limit open at once, so this cannot refuse one.
    """
    depth = 0
    for found in _BRACKETS.finditer(text):
        if found.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                index = found.start()
                before = text[:index]
                line = before.count("\n") + 1
                column = index - (before.rfind("\n") + 1) + 1
                raise ConfigError.single(
                    Location(display_name, line, column), _path_at(before, None),
                    f"nesting is too deep; configuration data is at most {MAX_DEPTH} levels deep — "
                    "check the brackets [ ] and { }",
                )
        elif depth:
            depth -= 1


def _decode(display_name: str, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ConfigError.single(
            Location(display_name, 1, 1), (),
            "the file is saved as UTF-16 ('Unicode'); save it as UTF-8",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        readable = raw.decode("utf-8", errors="replace")
        position = len(raw[: exc.start].decode("utf-8", errors="replace"))
        raise ConfigError.single(
            Location(display_name, line, column), _path_at(readable, position),
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(in Excel or an editor: 'UTF-8' encoding, not 'ANSI' or 'Windows-1252')",
        ) from None
    return text.removeprefix("\ufeff")


def _reader_error(display_name: str, text: str, exc: yaml.reader.ReaderError) -> tuple[Location, Path, str]:
    """A character YAML does not accept (control characters such as NUL)."""
    position = max(0, min(exc.position, len(text)))
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return (
        Location(display_name, line, column), _path_at(yaml.reader.Reader.NON_PRINTABLE.sub(" ", text), position),
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


def _yaml_error(display_name: str, text: str, exc: yaml.MarkedYAMLError) -> tuple[Location, Path, str]:
    mark = exc.problem_mark or exc.context_mark
    location = _loc(display_name, mark) if mark else Location(display_name, 1, 1)
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
    path = _path_at(text, mark.index if mark else None)
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


def _path_at(text: str, stop: int | None) -> Path:
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


class _Builder:
    def __init__(self, display_name: str):
        self.file = display_name
        self.map = SourceMap()
        self.issues: list[ConfigIssue] = []

    def issue(self, node: Node, path: Path, message: str) -> None:
        self.issues.append(ConfigIssue(_loc(self.file, node.start_mark), path, message))

    def build(self, node: Node, path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH + 1:  # pragma: no cover - the composer refuses deeper files
            self.issue(node, path, f"nesting is too deep; at most {MAX_DEPTH} levels are allowed")
            return None
        self.map.values[path] = _loc(self.file, node.start_mark)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if node.tag != _TAG + "seq":
                self.issue(node, path, f"the tag {node.tag!r} is not allowed; remove it")
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path, depth: int) -> dict:
        if node.tag != _TAG + "map":
            self.issue(node, path, f"the tag {node.tag!r} is not allowed; remove it")
        out: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.issue(key_node, path, "YAML merge keys ('<<') are not allowed; write the keys out")
                continue
            if not isinstance(key_node, ScalarNode):
                self.issue(key_node, path, "a key must be a plain value such as 'name', not a list or mapping")
                continue
            key = self._scalar(key_node, None, at=path + (key_node.value,))
            if isinstance(key, Decimal):
                key = key_node.value  # a key like 1.5 is kept as its text
            key = _date_key(key)
            if key in first_seen:
                self.issue(
                    key_node, path + (key,),
                    f"duplicate key {key_node.value!r} (first written at line {first_seen[key]}); "
                    "each key may appear only once in a mapping — remove or merge one of them",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.map.keys[path + (key,)] = _loc(self.file, key_node.start_mark)
            self.map.key_scalars[path + (key,)] = Scalar(key_node.value, key_node.style in _QUOTED_STYLES)
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out

    def _scalar(self, node: ScalarNode, path: Path | None, at: Path = ()) -> Any:
        """The value of a scalar; ``path`` None for a mapping key (``at``: where to report)."""
        tag = node.tag
        text = node.value
        where = path if path is not None else at
        if path is not None:
            self.map.scalars[path] = Scalar(text, node.style in _QUOTED_STYLES)
        if tag == _TAG + "str":
            return text
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return text.lower() in ("yes", "true", "on", "y")
        if tag == _TAG + "int":
            return self._int(node, where)
        if tag == _TAG + "float":
            return self._float(node, where)
        if tag == _TAG + "timestamp":
            if not _ISO_DATE.match(text):
                self.issue(node, where, f"{text!r} is a date with a time; write a date as YYYY-MM-DD, e.g. {text[:10]}")
                return text
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                self.issue(node, where, f"{text!r} is not a valid date (no such day); write an existing date as YYYY-MM-DD")
                return text
        self.issue(node, where, f"the tag {tag!r} is not allowed; remove it (write plain values)")
        return text

    def _int(self, node: ScalarNode, path: Path) -> Any:
        text = node.value
        if _DECIMAL_INT.match(text):
            return int(text.replace("_", ""))
        digits = text.lstrip("+-").replace("_", "")
        if ":" in text:
            self.issue(node, path, f"YAML reads {text!r} as a base-60 number; write a number in digits "
                                   f"(e.g. 90), or text such as a time in quotes: '{text}'")
        elif digits.startswith(("0x", "0b")):
            self.issue(node, path, f"YAML reads {text!r} as a hexadecimal or binary number; write numbers "
                                   f"in decimal digits, or text in quotes: '{text}'")
        else:  # a leading zero: YAML 1.1 reads 0301 as the octal number 193
            plain = digits.lstrip("0") or "0"
            self.issue(node, path, f"{text!r} starts with 0, so YAML reads it as an octal number; write an id "
                                   f"or key number in quotes ('{text}'), or a number without the leading zero ({plain})")
        return text

    def _float(self, node: ScalarNode, path: Path) -> Any:
        text = node.value
        cleaned = text.replace("_", "")
        lowered = cleaned.lower()
        if lowered in (".inf", "+.inf"):
            return Decimal("Infinity")
        if lowered == "-.inf":
            return Decimal("-Infinity")
        if lowered == ".nan":
            return Decimal("NaN")
        if ":" in cleaned:
            self.issue(node, path, f"YAML reads {text!r} as a base-60 number; write the number in digits, "
                                   f"or text in quotes: '{text}'")
            return text
        try:
            value = Decimal(cleaned)
        except InvalidOperation:  # pragma: no cover - YAML's float pattern guarantees a number
            self.issue(node, path, f"{text!r} is not a number; write a number such as 1234.56")
            return text
        if "e" in lowered:
            self.issue(node, path, f"{text!r} is written with an exponent; write the number in full{_plain(value)}")
            return text
        return value


def _plain(value: Decimal) -> str:
    """': 1500' for 1.5E+3; nothing for numbers too long to print in full."""
    exponent = value.as_tuple().exponent
    if not value.is_finite() or not isinstance(exponent, int) or abs(exponent) > 20:
        return ""
    return f": {format(value, 'f')}"
