"""Turn pydantic's validation errors into ``ConfigIssue``s a finance officer can act on."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from kimcost.configuration.errors import ConfigIssue, Path
from kimcost.configuration.yaml_source import SourceMap

_DATE_REPR = re.compile(r"^datetime\.date\((\d+), (\d+), (\d+)\)$")

_YAML_SURPRISES = {
    bool: "YAML read {text!r} as a yes/no value",
    int: "YAML read {text!r} as a number",
}


def translate_validation_error(exc: ValidationError, sources: SourceMap, root: type[BaseModel]) -> list[ConfigIssue]:
    issues: list[ConfigIssue] = []
    seen: set[tuple[Path, str]] = set()
    for error in exc.errors(include_url=False):
        path = _clean_loc(error["loc"])
        message = _message(error, path, sources, root)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        is_key = error["type"] == "extra_forbidden"
        issues.append(ConfigIssue(sources.locate(path, key=is_key), path, message))
    return issues


def _model_names() -> frozenset[str]:
    from kimcost.configuration import schema

    return frozenset(name for name, obj in vars(schema).items() if isinstance(obj, type) and issubclass(obj, BaseModel))


def _clean_loc(loc: tuple) -> Path:
    """Drop pydantic's union branch labels (``'literal['equal']'``, ``WeightsKey``) and key markers.

    Only labels pydantic adds are dropped: a mapping key such as the grade ``'S 12'`` stays."""
    labels = _model_names()
    out: list[Any] = []
    for part in loc:
        if isinstance(part, str) and (part.startswith(("literal[", "function-", "json-")) or part == "[key]" or part in labels):
            continue
        if isinstance(part, str) and (found := _DATE_REPR.match(part)):
            # pydantic reports non-string mapping keys by their repr; the source map uses dates.
            part = dt.date(*map(int, found.groups()))
        out.append(part)
    return tuple(out)


def _message(error: dict, path: Path, sources: SourceMap, root: type[BaseModel]) -> str:
    kind = error["type"]
    value = error.get("input")
    scalar = sources.scalars.get(path)
    if kind == "extra_forbidden":
        key = path[-1] if path else "?"
        allowed = _allowed_keys(root, path[:-1])
        hint = ""
        if allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f"; allowed keys here: {', '.join(sorted(allowed))}"
        return f"unknown key {key!r}{hint}"
    if kind == "missing":
        return "is missing; this key is required here"
    if scalar is not None and not scalar.quoted and type(value) in _YAML_SURPRISES and kind in ("string_type", "literal_error", "string_pattern_mismatch"):
        said = _YAML_SURPRISES[type(value)].format(text=scalar.text)
        return f"{said}, but text is expected here; write it in quotes: '{scalar.text}'"
    if kind == "string_pattern_mismatch":
        return f"{value!r} is not a valid id; ids use lower-case letters, digits, '-' and '_' (e.g. 'billerbeck')"
    if kind == "string_type":
        return f"expected text, got {_describe(value)}; write it in quotes"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_describe(value)}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"expected a date written as YYYY-MM-DD, got {_describe(value)}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{_describe(value)} is not allowed; write one of {expected}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of keys (key: value), got {_describe(value)}"
    if kind == "list_type":
        return f"expected a list (- item), got {_describe(value)}"
    if kind == "too_short":
        return "must not be empty"
    if kind in ("greater_than", "greater_than_equal", "less_than_equal", "less_than"):
        return f"{_describe(value)}: {error['msg'].lower()}"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "enum":
        return f"{_describe(value)} is not allowed; {error['msg'].lower()}"
    if kind == "union_tag_invalid" or kind.startswith("union"):
        return f"{_describe(value)} is not valid here: {error['msg']}"
    return f"{error['msg']} (got {_describe(value)})"


def _describe(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if value is None:
        return "nothing (empty value)"
    return repr(value) if isinstance(value, str) else str(value)


def _allowed_keys(root: type, path: Path) -> list[str]:
    """Walk the model annotations along ``path`` to list the keys a mapping accepts there."""
    current: Any = root
    for part in path:
        current = _unwrap(current)
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
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            models = [a for a in typing.get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
            if len(models) == 1:
                annotation = models[0]
                continue
            others = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(others) == 1:
                annotation = others[0]
                continue
        return annotation
