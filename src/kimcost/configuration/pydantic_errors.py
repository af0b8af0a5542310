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
from kimcost.messages import Catalogue, Text, render
from kimcost.suggestions import close_matches, suggest

_DATE_REPR = re.compile(r"^datetime\.date\((\d+), (\d+), (\d+)\)$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_KEY_MARK = "[key]"

# One text per pydantic error type (``error["type"]``), so no English of pydantic's own reaches a
# German message; pydantic's words appear only in the English fallback for a type not named here.
# "{x:.0}" formats a text to nothing: the value is shown in one language only.
_TEXTS = Catalogue("configuration.pydantic_errors", {
    "unknown_key": ("unbekannter Schlüssel {name!r}{hint}", "unknown key {name!r}{hint}"),
    "allowed_keys": ("; erlaubt sind hier: {keys}", "; allowed keys here: {keys}"),
    "missing": ("{name!r} fehlt; dieser Schlüssel ist hier vorgeschrieben — ergänzen Sie '{name}: …'",
                "{name!r} is missing; this key is required here — add '{name}: …'"),
    "surprise_bool": ("YAML hat {text!r} als Ja/Nein-Wert gelesen", "YAML read {text!r} as a yes/no value"),
    "surprise_number": ("YAML hat {text!r} als Zahl gelesen", "YAML read {text!r} as a number"),
    "surprise_date": ("YAML hat {text!r} als Datum gelesen", "YAML read {text!r} as a date"),
    "quote_key": ("{said}, aber für diesen Schlüssel wird Text erwartet; schreiben Sie ihn in Anführungszeichen: '{text}'",
                  "{said}, but text is expected for this key; write it in quotes: '{text}'"),
    "quote_value": ("{said}, aber für diesen Wert wird Text erwartet; schreiben Sie ihn in Anführungszeichen: '{text}'",
                    "{said}, but text is expected for this value; write it in quotes: '{text}'"),
    "no_value": ("hat keinen Wert; schreiben Sie einen Wert hinter den ':' (oder entfernen Sie den Schlüssel)",
                 "has no value; write a value after the ':' (or remove the key)"),
    "bad_id": ("{value!r} ist keine gültige Kennung; Kennungen bestehen aus Kleinbuchstaben, Ziffern, '-' und '_' "
               "(z. B. 'billerbeck')",
               "{value!r} is not a valid id; ids use lower-case letters, digits, '-' and '_' (e.g. 'billerbeck')"),
    "text_expected": ("hier wird Text erwartet, geschrieben ist {got}; schreiben Sie ihn in Anführungszeichen",
                      "expected text, got {got}; write it in quotes"),
    "empty_list": ("darf nicht leer sein; schreiben Sie mindestens einen Eintrag",
                   "must not be empty; write at least one entry"),
    "empty_text": ("darf nicht leer sein; schreiben Sie einen Text", "must not be empty; write some text"),
    "long_text": ("ist zu lang; höchstens {limit} Zeichen", "is too long; at most {limit} characters"),
    "long_list": ("ist zu lang; höchstens {limit} Einträge", "is too long; at most {limit} entries"),
    "int_quoted": ("{value!r} steht in Anführungszeichen; schreiben Sie die ganze Zahl ohne Anführungszeichen: {plain}",
                   "{value!r} is in quotes; write the whole number without quotes: {plain}"),
    "int_expected": ("hier wird eine ganze Zahl erwartet, geschrieben ist {got}; schreiben Sie sie in Ziffern ohne "
                     "Nachkommastellen, z. B. 3",
                     "expected a whole number, got {got}; write it in digits without decimals, e.g. 3"),
    "date_expected": ("hier wird ein Datum in der Form JJJJ-MM-TT erwartet, geschrieben ist {got}{hint}",
                      "expected a date written as YYYY-MM-DD, got {got}{hint}"),
    "date_german": ("; schreiben Sie es als {iso}", "; write it as {iso}"),
    "date_year": ("; schreiben Sie ein vollständiges Datum wie {year}-01-01", "; write a full date such as {year}-01-01"),
    "not_allowed": ("{got} ist nicht erlaubt; schreiben Sie {expected}{note}{close}",
                    "{got} is not allowed; write {expected}{note}{close}"),
    "or_mapping_with": (", oder eine Zuordnung mit {fields}", ", or a mapping with {fields}"),
    "or_mapping": (", oder eine Zuordnung", ", or a mapping"),
    "mapping_expected": (
        "hier wird eine Zuordnung von Schlüsseln (schlüssel: wert) erwartet, geschrieben ist {got}; schreiben Sie die "
        "Einträge eingerückt unter den Schlüssel, oder als {{schlüssel: wert, …}}",
        "expected a mapping of keys (key: value), got {got}; write the entries "
        "indented below the key, or as {{key: value, …}}"),
    "list_expected": ("hier wird eine Liste erwartet, geschrieben ist {got}{hint}", "expected a list, got {got}{hint}"),
    "list_as": ("; schreiben Sie eine Liste als [{value}]", "; write a list as [{value}]"),
    "list_forms": ("; schreiben Sie eine Liste als [a, b] oder je Zeile einen Eintrag '- eintrag'",
                   "; write a list as [a, b] or one '- item' per line"),
    "out_of_range": ("{got} liegt außerhalb des erlaubten Bereichs; schreiben Sie eine Zahl {words}",
                     "{got} is out of range; write a number {words}"),
    "greater_than": ("größer als {bound}", "greater than {bound}"),
    "greater_than_equal": ("von {bound} oder mehr", "{bound} or more"),
    "less_than": ("kleiner als {bound}", "less than {bound}"),
    "less_than_equal": ("von {bound} oder weniger", "{bound} or less"),
    "bool_expected": ("hier wird ja oder nein erwartet (true oder false), geschrieben ist {got}",
                      "expected yes or no (true or false), got {got}"),
    "number_expected": ("hier wird eine Zahl erwartet, geschrieben ist {got}; schreiben Sie sie in Ziffern, z. B. 1234.56",
                        "expected a number, got {got}; write it in digits, e.g. 1234.56"),
    "union": ("{got} ist hier nicht gültig{msg:.0}", "{got} is not valid here: {msg}"),
    "other": ("{got} ist hier nicht gültig (Prüfung '{kind}'){msg:.0}", "{msg} (got {got}){kind:.0}"),
    "a_mapping": ("eine Zuordnung", "a mapping"),
    "a_list": ("eine Liste", "a list"),
    "nothing": ("nichts (ein leerer Wert)", "nothing (empty value)"),
    "a_yes_no": ("ein Ja/Nein-Wert", "a yes/no value"),
    "one_of": ("einen der Werte {choices}", "one of {choices}"),
    "one_single": ("{choice}", "one of {choice}"),
    "joined": ("{head} oder {last}", "{head} or {last}"),
})

_YAML_SURPRISES: dict[type, str] = {
    bool: "surprise_bool",
    int: "surprise_number",
    Decimal: "surprise_number",
    dt.date: "surprise_date",
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
        said = (path, render(message, "en"))  # a text's values need not be hashable
        if said in seen:
            continue
        seen.add(said)
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
    notes: dict[int, Text] = {}
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
                notes[literal[0]] = (_TEXTS("or_mapping_with", fields=", ".join(repr(f) for f in fields)) if fields
                                     else _TEXTS("or_mapping"))
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


def _message(error: Mapping[str, Any], path: Path, is_key: bool, sources: SourceMap, root: type[BaseModel]) -> Text | str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    scalar: Scalar | None = (sources.key_scalars if is_key else sources.scalars).get(path)
    got = _describe(value)
    if kind == "extra_forbidden":
        key = path[-1] if path else "?"
        allowed = _allowed_keys(root, path[:-1])
        hint = suggest(key, allowed, otherwise=_TEXTS("allowed_keys", keys=", ".join(sorted(allowed)))) if allowed else ""
        return _TEXTS("unknown_key", name=key, hint=hint)
    if kind == "missing":
        return _TEXTS("missing", name=path[-1] if path else "?")
    if scalar is not None and not scalar.quoted and kind in _TEXT_EXPECTED:
        surprise = next((key for kind_, key in _YAML_SURPRISES.items() if type(value) is kind_), None)
        if surprise is not None:
            return _TEXTS("quote_key" if is_key else "quote_value", said=_TEXTS(surprise, text=scalar.text),
                          text=scalar.text)
    if value is None and kind in _TEXT_EXPECTED + ("int_type", "date_type", "list_type", "dict_type", "model_type"):
        return _TEXTS("no_value")
    if kind == "string_pattern_mismatch":
        return _TEXTS("bad_id", value=value)
    if kind == "string_type":
        return _TEXTS("text_expected", got=got)
    if kind in ("string_too_short", "too_short"):
        return _TEXTS("empty_list" if kind == "too_short" else "empty_text")
    if kind in ("string_too_long", "too_long"):
        return _TEXTS("long_text" if kind == "string_too_long" else "long_list", limit=ctx.get("max_length"))
    if kind in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            return _TEXTS("int_quoted", value=value, plain=value.strip())
        return _TEXTS("int_expected", got=got)
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return _TEXTS("date_expected", got=got, hint=_date_hint(value))
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        return _TEXTS("not_allowed", got=got, expected=_one_of(expected, choices),
                      note=error.get("_note", "") if kind == "literal_error" else "", close=_suggest(value, choices))
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _TEXTS("mapping_expected", got=got)
    if kind == "list_type":
        hint = _TEXTS("list_as", value=value) if isinstance(value, str) and "," in value else _TEXTS("list_forms")
        return _TEXTS("list_expected", got=got, hint=hint)
    if kind in ("greater_than", "greater_than_equal", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "?")
        return _TEXTS("out_of_range", got=got, words=_TEXTS(kind, bound=bound))
    if kind in ("bool_type", "bool_parsing"):
        return _TEXTS("bool_expected", got=got)
    if kind.startswith("decimal_") or kind in ("float_type", "float_parsing", "finite_number"):
        return _TEXTS("number_expected", got=got)
    if kind in ("value_error", "assertion_error"):
        raised = ctx.get("error")
        if isinstance(raised, Exception) and raised.args and isinstance(raised.args[0], Text):
            return raised.args[0]  # a validator's own message (types.py, schema.py)
        return str(ctx.get("error", error["msg"])).removeprefix("Assertion failed, ")
    if kind == "union_tag_invalid" or kind.startswith("union"):
        return _TEXTS("union", got=got, msg=str(error["msg"]))
    return _TEXTS("other", got=got, kind=kind, msg=str(error["msg"]))


def _one_of(expected: str, choices: list[str]) -> Text:
    """pydantic's ``'a', 'b' or 'c'`` in words of the message's language."""
    quoted = [f"'{c}'" for c in choices]
    if len(choices) == 1 and expected == quoted[0]:
        return _TEXTS("one_single", choice=expected)
    if len(choices) > 1 and expected == ", ".join(quoted[:-1]) + f" or {quoted[-1]}":
        return _TEXTS("one_of", choices=_TEXTS("joined", head=", ".join(quoted[:-1]), last=quoted[-1]))
    return _TEXTS("one_of", choices=expected)  # not pydantic's usual list: as it is


def _suggest(value: Any, choices: list[str]) -> Text | str:
    return suggest(value, choices) if isinstance(value, str) else ""


def _date_hint(value: Any) -> Text | str:
    if isinstance(value, str):
        found = _GERMAN_DATE.match(value.strip())
        if found:
            day, month, year = found.groups()
            return _TEXTS("date_german", iso=f"{year}-{int(month):02d}-{int(day):02d}")
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return _TEXTS("date_year", year=value)
    return ""


def _describe(value: Any) -> Text | str:
    if isinstance(value, (dict, list)):
        return _TEXTS("a_mapping") if isinstance(value, dict) else _TEXTS("a_list")
    if value is None:
        return _TEXTS("nothing")
    if isinstance(value, bool):
        return _TEXTS("a_yes_no")
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

