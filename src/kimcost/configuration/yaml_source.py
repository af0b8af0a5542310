"""Read one YAML file into plain data plus a map from key path to source location.

PyYAML's safe loader is used only to compose nodes (they carry line and column); values
are built here so that:
- floats become ``Decimal`` from their written text, never via binary floating point;
- duplicate keys, anchors, aliases and merge keys are errors (a "billion laughs" file
  fails at its first anchor instead of expanding);
- size and nesting depth are bounded;
- every problem becomes a ``ConfigIssue`` with file, line and column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kimcost.configuration.errors import ConfigError, ConfigIssue, Location, Path

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40

_TAG = "tag:yaml.org,2002:"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Scalar:
    """How a scalar was written: its text and whether it was quoted (for hints)."""

    text: str
    quoted: bool


@dataclass
class SourceMap:
    """Key path -> where its value (and, for mapping entries, its key) was written."""

    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)
    scalars: dict[Path, Scalar] = field(default_factory=dict)

    def update(self, other: "SourceMap") -> None:
        """Add another file's entries; where both wrote a mapping, the first file is kept."""
        for mine, theirs in ((self.values, other.values), (self.keys, other.keys), (self.scalars, other.scalars)):
            for path, where in theirs.items():
                mine.setdefault(path, where)

    def locate(self, path: Path, *, key: bool = False) -> Location | None:
        """The location of ``path``, or of its nearest written ancestor."""
        probe = tuple(path)
        while True:
            if key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return None
            probe = probe[:-1]


class _Composer(yaml.SafeLoader):
    """Composes nodes, refusing anchors and aliases before anything is expanded."""

    def compose_node(self, parent, index):  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                event.start_mark,
                "YAML anchors and aliases (&name, *name) are not allowed; "
                "write the value out where it is needed, or use 'include:' for shared files",
            )
        return super().compose_node(parent, index)


class _Refused(Exception):
    def __init__(self, mark, message: str):
        self.mark = mark
        self.message = message


def _loc(file: str, mark) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


def read_yaml(display_name: str, raw: bytes) -> tuple[Any, SourceMap]:
    """Parse ``raw`` (the bytes of one file) into data and its source map."""
    if len(raw) > MAX_FILE_BYTES:
        raise ConfigError.single(
            Location(display_name, 1, 1), (),
            f"file is {len(raw):,} bytes; configuration files may be at most "
            f"{MAX_FILE_BYTES:,} bytes — split it with 'include:'",
        )
    text = _decode(display_name, raw)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise ConfigError.single(
            Location(display_name, 1, 1), (),
            "file is empty; a configuration file holds a YAML mapping such as 'regions: …'",
        )
    try:
        node = yaml.compose(text, Loader=_Composer)
    except _Refused as exc:
        raise ConfigError.single(_loc(display_name, exc.mark), (), exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise ConfigError.single(*_yaml_error(display_name, exc)) from None
    except yaml.YAMLError as exc:  # unmarked reader errors
        raise ConfigError.single(Location(display_name, 1, 1), (), f"not valid YAML: {exc}") from None
    except RecursionError:
        raise ConfigError.single(
            Location(display_name, 1, 1), (),
            f"nesting is too deep; configuration data is at most {MAX_DEPTH} levels deep",
        ) from None
    if node is None:
        raise ConfigError.single(Location(display_name, 1, 1), (), "file holds no YAML document")
    builder = _Builder(display_name)
    data = builder.build(node, (), 0)
    if builder.issues:
        raise ConfigError(builder.issues)
    return data, builder.map


def _decode(display_name: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ConfigError.single(
            Location(display_name, line, column), (),
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8 "
            "(in Excel or an editor: 'UTF-8' encoding, not 'ANSI' or 'Windows-1252')",
        ) from None
    return text.removeprefix("\ufeff")


def _yaml_error(display_name: str, exc: yaml.MarkedYAMLError) -> tuple[Location, Path, str]:
    mark = exc.problem_mark or exc.context_mark
    location = _loc(display_name, mark) if mark else Location(display_name, 1, 1)
    problem = exc.problem or "not valid YAML"
    if "'\\t'" in problem or "\\t" in problem:
        hint = "tabs are not allowed for indentation in YAML; indent with spaces"
    elif "found duplicate anchor" in problem or "found undefined alias" in problem:
        hint = "YAML anchors and aliases are not allowed; write the value out"
    else:
        context = f" ({exc.context})" if exc.context else ""
        hint = f"not valid YAML: {problem}{context}"
    return location, (), hint


class _Builder:
    def __init__(self, display_name: str):
        self.file = display_name
        self.map = SourceMap()
        self.issues: list[ConfigIssue] = []

    def issue(self, node: Node, path: Path, message: str) -> None:
        self.issues.append(ConfigIssue(_loc(self.file, node.start_mark), path, message))

    def build(self, node: Node, path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH:
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
                self.issue(key_node, path, "a key must be a plain value, not a list or mapping")
                continue
            key = self._scalar(key_node, None)
            if isinstance(key, Decimal):
                key = key_node.value  # a key like 1.5 is kept as its text
            try:
                hash(key)
            except TypeError:
                self.issue(key_node, path, "a key must be a plain value")
                continue
            if key in first_seen:
                self.issue(
                    key_node, path + (key,),
                    f"duplicate key {key_node.value!r} (first written at line {first_seen[key]}); "
                    "each key may appear only once in a mapping",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.map.keys[path + (key,)] = _loc(self.file, key_node.start_mark)
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out

    def _scalar(self, node: ScalarNode, path: Path | None) -> Any:
        tag = node.tag
        text = node.value
        if path is not None:
            self.map.scalars[path] = Scalar(text, node.style in ("'", '"', "|", ">"))
        try:
            if tag == _TAG + "str":
                return text
            if tag == _TAG + "null":
                return None
            if tag == _TAG + "bool":
                return text.lower() in ("yes", "true", "on", "y")
            if tag == _TAG + "int":
                return yaml.SafeLoader.construct_yaml_int(_Composer(""), node)
            if tag == _TAG + "float":
                return _decimal(text)
            if tag == _TAG + "timestamp":
                if not _ISO_DATE.match(text):
                    self.issue(node, path or (), f"{text!r} is a date with a time; write a date as YYYY-MM-DD")
                    return text
                return dt.date.fromisoformat(text)
        except ValueError:
            self.issue(
                node, path or (),
                f"{text!r} is not a valid date (no such day); write an existing date as YYYY-MM-DD",
            )
            return text
        self.issue(node, path or (), f"the tag {tag!r} is not allowed; remove it")
        return text


def _decimal(text: str) -> Decimal:
    cleaned = text.replace("_", "")
    lowered = cleaned.lower()
    if lowered in (".inf", "+.inf"):
        return Decimal("Infinity")
    if lowered == "-.inf":
        return Decimal("-Infinity")
    if lowered == ".nan":
        return Decimal("NaN")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - YAML's float pattern guarantees a number
        raise ValueError(text) from None
