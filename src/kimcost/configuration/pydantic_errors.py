"""Turn pydantic's validation errors into ``ConfigIssue``s a finance officer can act on.

Each message names what is wrong and how to write it right; each issue points at the
written key or value (file, line, column). Pydantic reports some mapping keys by their
``repr`` and a ``False`` key as ``0``: locations are mapped back to the keys as written.
Of the branches of a union (``key: equal`` or ``key: {weights: …}``) only the branch the
input was meant for is reported.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from kimcost.configuration.errors import ConfigIssue, Path
from kimcost.configuration.lookup import unwrap
from kimcost.configuration.source_map import Scalar, SourceMap
from kimcost.suggestions import close_matches, did_you_mean

_DATE_REPR = re.compile(r"^datetime\.date\((\d+), (\d+), (\d+)\)$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_KEY_MARK = "[key]"

_YAML_SURPRISES: dict[type, str] = {
    bool: "YAML read {text!r} as a yes/no value",
    int: "YAML read {text!r} as a number",
    Decimal: "YAML read {text!r} as a number",
    dt.date: "YAML read {text!r} as a date",
}
_TEXT_EXPECTED = ("string_type", "literal_error", "string_pattern_mismatch", "enum")


def translate_validation_error(exc: ValidationError, sources: SourceMap, root: type[BaseModel]) -> list[ConfigIssue]:
    resolver = _Resolver(sources)
    labels = _model_names(root)
    errors = _pick_union_branches(exc.errors(include_url=False), labels)
    prepared = []
    for error in errors:
        path, is_key = resolver.resolve(error["loc"], labels)
        prepared.append((error, path, is_key))
    # "unknown key 'membres'; did you mean 'members'?" already explains "members is missing"
    suggested = set()
    for error, path, _is_key in prepared:
        if error["type"] == "extra_forbidden" and path:
            close = _close_key(root, path)
            if close:
                suggested.add(path[:-1] + (close,))
    issues: list[ConfigIssue] = []
    seen: set[tuple[Path, str]] = set()
    for error, path, is_key in prepared:
        if error["type"] == "missing" and path in suggested:
            continue
        message = _message(error, path, is_key, sources, root)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        at_key = is_key or error["type"] == "extra_forbidden"
        issues.append(ConfigIssue(sources.locate(path, key=at_key), path, message))
    return issues


@functools.cache
def _model_names(root: type | None = None) -> frozenset[str]:
    """Names pydantic uses as union branch labels: the schema's models and those below ``root``."""
    from kimcost.configuration import schema

    names = {name for name, obj in vars(schema).items() if isinstance(obj, type) and issubclass(obj, BaseModel)}
    seen: set[Any] = set()
    todo: list[Any] = [root] if root is not None else []
    while todo:
        annotation = todo.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                continue
            seen.add(annotation)
            names.add(annotation.__name__)
            todo.extend(field.annotation for field in annotation.model_fields.values())
        else:
            todo.extend(a for a in typing.get_args(annotation) if a is not None)
    return frozenset(names)


def _is_label(part: Any, labels: frozenset[str]) -> bool:
    """A union branch label pydantic adds to a location (not a key of the data)."""
    return isinstance(part, str) and (
        part.startswith(("literal[", "function-", "json-", "nullable[", "union[")) or part in labels
    )


def _clean_loc(loc: tuple) -> Path:
    """Drop pydantic's union branch labels and key markers; map date reprs back to dates.

    Only labels pydantic adds are dropped: a mapping key such as the grade ``'S 12'`` stays."""
    labels = _model_names()
    out: list[Any] = []
    for part in loc:
        if part == _KEY_MARK or _is_label(part, labels):
            continue
        if isinstance(part, str) and (found := _DATE_REPR.match(part)):
            part = dt.date(*map(int, found.groups()))
        out.append(part)
    return tuple(out)


class _Resolver:
    """Maps pydantic's location parts back to the keys written in the files."""

    def __init__(self, sources: SourceMap):
        self.sources = sources
        self._children: dict[Path, list[Any]] | None = None

    def children(self, parent: Path) -> list[Any]:
        if self._children is None:
            self._children = {}
            for path in self.sources.keys:
                self._children.setdefault(path[:-1], []).append(path[-1])
        return self._children.get(parent, [])

    def resolve(self, loc: tuple, labels: frozenset[str]) -> tuple[Path, bool]:
        out: list[Any] = []
        is_key = False
        for part in loc:
            if part == _KEY_MARK:
                is_key = True
                continue
            if _is_label(part, labels):
                continue
            out.append(self._match(tuple(out), part))
        return tuple(out), is_key

    def _match(self, parent: Path, part: Any) -> Any:
        here = parent + (part,)
        if here in self.sources.keys or here in self.sources.values:
            for key in self.children(parent):  # prefer the key as written (False, not 0)
                if key == part and type(key) is not type(part) and isinstance(key, bool):
                    return key
            return part
        if isinstance(part, str):
            found = _DATE_REPR.match(part)
            if found:
                try:
                    return dt.date(*map(int, found.groups()))
                except ValueError:  # pragma: no cover - pydantic only reprs real dates
                    return part
            for key in self.children(parent):
                if repr(key) == part or str(key) == part:
                    return key
        return part


def _pick_union_branches(errors: Sequence[Mapping[str, Any]], labels: frozenset[str]) -> list[Mapping[str, Any]]:
    """Of a failed union, keep the branch the input was meant for.

    A branch whose errors lie deeper than the union (``key.weights.beta``) got the right kind
    of input; the others (``'equal' or 'population'``) only say the input is not theirs.
    When no branch got that far, keep the literal's message and say a mapping is allowed too.
    """
    groups: dict[tuple, dict[str, list[int]]] = {}
    for i, error in enumerate(errors):
        loc = error["loc"]
        for depth, part in enumerate(loc):
            if _is_label(part, labels) and not str(part).startswith(("function-", "json-")):
                groups.setdefault(tuple(loc[:depth]), {}).setdefault(str(part), []).append(i)
                break
    drop: set[int] = set()
    notes: dict[int, str] = {}
    for prefix, branches in groups.items():
        if len(branches) < 2:
            continue
        depth = len(prefix)
        deep = {label for label, idx in branches.items() if any(len(errors[i]["loc"]) > depth + 1 for i in idx)}
        if deep:
            for label, idx in branches.items():
                if label not in deep:
                    drop.update(idx)
            continue
        literal = [i for label, idx in branches.items() if label.startswith("literal[") for i in idx]
        others = [label for label in branches if not label.startswith("literal[")]
        if literal:
            for label in others:
                drop.update(branches[label])
            models = [label for label in others if label in labels]
            if models:
                fields = _model_fields(models[0])
                notes[literal[0]] = f", or a mapping with {', '.join(repr(f) for f in fields)}" if fields else ", or a mapping"
    out = []
    for i, error in enumerate(errors):
        if i in drop:
            continue
        if i in notes:
            error = dict(error, _note=notes[i])
        out.append(error)
    return out


def _model_fields(name: str) -> list[str]:
    from kimcost.configuration import schema

    model = getattr(schema, name, None)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return [n for n, f in model.model_fields.items() if f.is_required()] or list(model.model_fields)
    return []


def _close_key(root: type[BaseModel], path: Path) -> str | None:
    allowed = _allowed_keys(root, path[:-1])
    close = close_matches(path[-1], allowed)
    return close[0] if close else None


def _message(error: Mapping[str, Any], path: Path, is_key: bool, sources: SourceMap, root: type[BaseModel]) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    scalar: Scalar | None = (sources.key_scalars if is_key else sources.scalars).get(path)
    what = "key" if is_key else "value"
    if kind == "extra_forbidden":
        key = path[-1] if path else "?"
        allowed = _allowed_keys(root, path[:-1])
        hint = did_you_mean(key, allowed, otherwise=f"; allowed keys here: {', '.join(sorted(allowed))}") if allowed else ""
        return f"unknown key {key!r}{hint}"
    if kind == "missing":
        name = path[-1] if path else "?"
        return f"{name!r} is missing; this key is required here — add '{name}: …'"
    if scalar is not None and not scalar.quoted and kind in _TEXT_EXPECTED:
        surprise = next((text for kind_, text in _YAML_SURPRISES.items() if type(value) is kind_), None)
        if surprise is not None:
            said = surprise.format(text=scalar.text)
            return f"{said}, but text is expected for this {what}; write it in quotes: '{scalar.text}'"
    if value is None and kind in _TEXT_EXPECTED + ("int_type", "date_type", "list_type", "dict_type", "model_type"):
        return "has no value; write a value after the ':' (or remove the key)"
    if kind == "string_pattern_mismatch":
        return f"{value!r} is not a valid id; ids use lower-case letters, digits, '-' and '_' (e.g. 'billerbeck')"
    if kind == "string_type":
        return f"expected text, got {_describe(value)}; write it in quotes"
    if kind in ("string_too_short", "too_short"):
        return "must not be empty; write at least one entry" if kind == "too_short" else "must not be empty; write some text"
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        return f"is too long; at most {limit} {'characters' if kind == 'string_too_long' else 'entries'}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            return f"{value!r} is in quotes; write the whole number without quotes: {value.strip()}"
        return f"expected a whole number, got {_describe(value)}; write it in digits without decimals, e.g. 3"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"expected a date written as YYYY-MM-DD, got {_describe(value)}{_date_hint(value)}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        close = _suggest(value, re.findall(r"'([^']*)'", str(expected)))
        return f"{_describe(value)} is not allowed; write one of {expected}{error.get('_note', '')}{close}"
    if kind == "enum":
        expected = ctx.get("expected", "")
        close = _suggest(value, re.findall(r"'([^']*)'", str(expected)))
        return f"{_describe(value)} is not allowed; write one of {expected}{close}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (f"expected a mapping of keys (key: value), got {_describe(value)}; write the entries "
                "indented below the key, or as {key: value, …}")
    if kind == "list_type":
        hint = f"; write a list as [{value}]" if isinstance(value, str) and "," in value else "; write a list as [a, b] or one '- item' per line"
        return f"expected a list, got {_describe(value)}{hint}"
    if kind in ("greater_than", "greater_than_equal", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "?")
        words = {"greater_than": f"greater than {bound}", "greater_than_equal": f"{bound} or more",
                 "less_than": f"less than {bound}", "less_than_equal": f"{bound} or less"}[kind]
        return f"{_describe(value)} is out of range; write a number {words}"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"])).removeprefix("Assertion failed, ")
    if kind == "union_tag_invalid" or kind.startswith("union"):
        return f"{_describe(value)} is not valid here: {error['msg']}"
    return f"{error['msg']} (got {_describe(value)})"


def _suggest(value: Any, choices: list[str]) -> str:
    return did_you_mean(value, choices) if isinstance(value, str) else ""


def _date_hint(value: Any) -> str:
    if isinstance(value, str):
        found = _GERMAN_DATE.match(value.strip())
        if found:
            day, month, year = found.groups()
            return f"; write it as {year}-{int(month):02d}-{int(day):02d}"
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return f"; write a full date such as {value}-01-01"
    return ""


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, bool):
        return "a yes/no value"
    return repr(value) if isinstance(value, str) else str(value)


def _allowed_keys(root: type, path: Path) -> list[str]:
    """Walk the model annotations along ``path`` to list the keys a mapping accepts there."""
    current: Any = root
    for part in path:
        current = unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
            continue
        origin = typing.get_origin(current)
        args = typing.get_args(current)
        if origin in (list, dict) and args:
            current = args[-1]
            continue
        return []
    current = unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []

