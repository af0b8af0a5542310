"""Key paths of a scenario: ``positions.nord-1.holders[0].grade`` → a checked configuration path.

A path is resolved against the schema (which keys exist, what type a mapping's keys have)
and against the data (which regions, posts, holders exist), so a typo is an error with a
"did you mean" instead of a silently added key. Written forms:

- mapping keys and fields with dots: ``regions.nord.key``, ``grants.kim-nrw.amounts.2025-01-01``;
- list items by id, by name or by 0-based index, with dots or brackets:
  ``positions.nord-1``, ``positions[nord-1]``, ``holders[0]``, ``holders[Case-Manager Nord 2]``.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass
from typing import Any

from kimcost.configuration.errors import Path
from kimcost.configuration.lookup import is_model, unwrap
from kimcost.configuration.schema import Configuration, Sourced
from kimcost.messages import Catalogue, Text
from kimcost.suggestions import suggest as _suggest

_TEXTS = Catalogue("scenarios.paths", {
    "empty_part": ("{text} hat einen leeren Teil (zwei Punkte oder einen Punkt am Anfang)",
                   "{text} has an empty part (two dots, or a dot at the start)"),
    "unclosed": ("{text} öffnet '[' ohne schließende ']'", "{text} opens '[' without closing ']'"),
    "empty_brackets": ("{text} hat leere Klammern; schreiben Sie eine Nummer wie [0] oder eine Kennung wie [nord-1]",
                       "{text} has empty brackets; write an index such as [0] or an id such as [nord-1]"),
    "unopened": ("{text} schließt ']' ohne öffnende '['", "{text} closes ']' without opening '['"),
    "ends_with_dot": ("{text} endet mit einem Punkt", "{text} ends with a dot"),
    "empty": ("der Schlüsselpfad ist leer; schreiben Sie einen wie 'regions.nord.key'",
              "the key path is empty; write one such as 'regions.nord.key'"),
    "not_date": ("{segment} unter {where} ist kein Datum; schreiben Sie es als JJJJ-MM-TT",
                 "{segment} under {where} is not a date; write it as YYYY-MM-DD"),
    "not_year": ("{segment} unter {where} ist kein Jahr; schreiben Sie es z. B. als 2025",
                 "{segment} under {where} is not a year; write it as e.g. 2025"),
    "no_index": ("{where} hat {count} Einträge, gezählt ab 0; es gibt kein [{index}]",
                 "{where} has {count} item(s), numbered from 0; there is no [{index}]"),
    "ambiguous": ("{count} Einträge von {where} heißen {segment}; sprechen Sie den Eintrag mit seiner Nummer an, "
                  "z. B. [{first}]",
                  "{count} items of {where} are named {segment}; address it by number, e.g. [{first}]"),
    "no_item": ("{where} hat keinen Eintrag {segment}{hint}", "{where} has no item {segment}{hint}"),
    "top_level": ("der obersten Ebene", "the top level"),
    "unknown_key": ("unbekannter Schlüssel {segment} unter {where}{hint}", "unknown key {segment} under {where}{hint}"),
    "not_mapping": ("{where} ist in der Konfiguration keine Zuordnung; der Pfad kann nicht in {segment} weitergehen",
                    "{where} is not a mapping in the configuration; cannot go into {segment}"),
    "not_list": ("{where} ist in der Konfiguration keine Liste; der Pfad kann nicht in {segment} weitergehen",
                 "{where} is not a list in the configuration; cannot go into {segment}"),
    "single_value": ("{where} enthält einen einzelnen Wert; der Pfad kann nicht mit {segment} weitergehen",
                     "{where} holds a single value; the path cannot go on with {segment}"),
    "not_there": ("{shown} gibt es in der Konfiguration nicht{hint}", "{shown} does not exist in the configuration{hint}"),
})


class PathError(Exception):
    """A key path that does not lead anywhere; the message says why and what would."""

    def __init__(self, message: Text | str):
        self.message = message
        super().__init__(message)


@dataclass
class Resolved:
    path: Path            # the configuration path, with typed keys (dates, years, indices)
    parent: Any           # the dict or list holding the target
    key: Any              # the key (or index) in ``parent``
    exists: bool
    annotation: Any       # schema type of the target, unwrapped
    owner: Any = None     # the model class whose field the target is, if it is one

    @property
    def value(self) -> Any:
        return self.parent[self.key] if self.exists else None


def split_path(text: str) -> list[tuple[str, bool]]:
    """``a.b[c d].e`` → ``[("a", False), ("b", False), ("c d", True), ("e", False)]``."""
    parts: list[tuple[str, bool]] = []
    current = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == ".":
            if current:
                parts.append((current.strip(), False))
            elif not parts or not parts[-1][1]:
                raise PathError(_TEXTS("empty_part", text=repr(text)))
            current = ""
        elif ch == "[":
            if current:
                parts.append((current.strip(), False))
                current = ""
            end = text.find("]", i)
            if end < 0:
                raise PathError(_TEXTS("unclosed", text=repr(text)))
            inner = text[i + 1:end].strip().strip("'\"")
            if not inner:
                raise PathError(_TEXTS("empty_brackets", text=repr(text)))
            parts.append((inner, True))
            i = end
        elif ch == "]":
            raise PathError(_TEXTS("unopened", text=repr(text)))
        else:
            current += ch
        i += 1
    if current.strip():
        parts.append((current.strip(), False))
    elif text.endswith("."):
        raise PathError(_TEXTS("ends_with_dot", text=repr(text)))
    if not parts:
        raise PathError(_TEXTS("empty"))
    return parts


def is_sourced(annotation: Any) -> bool:
    return is_model(annotation) and issubclass(annotation, Sourced)


def dated_entry_type(annotation: Any) -> Any | None:
    """For ``dict[date, X]`` the type ``X`` of its entries; otherwise None."""
    annotation = unwrap(annotation)
    if typing.get_origin(annotation) is dict:
        key, value = typing.get_args(annotation)
        if unwrap(key) is dt.date:
            return unwrap(value)
    return None


def list_item_type(annotation: Any) -> Any | None:
    annotation = unwrap(annotation)
    if typing.get_origin(annotation) is list:
        return unwrap(typing.get_args(annotation)[0])
    return None


def suggest(word: str, choices) -> Text | str:
    return _suggest(word, choices, known="known here")


def _dict_key(segment: str, key_type: Any, where: Text | str) -> Any:
    key_type = unwrap(key_type)
    if key_type is dt.date:
        try:
            return dt.date.fromisoformat(segment)
        except ValueError:
            raise PathError(_TEXTS("not_date", segment=repr(segment), where=where)) from None
    if key_type is int:
        if not _digits(segment):
            raise PathError(_TEXTS("not_year", segment=repr(segment), where=where))
        return int(segment)
    return segment


def _digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts '²' and '٣', which ``int`` refuses or
    reads as another number than the one written."""
    return text.isascii() and text.isdigit()


def _list_index(items: list, segment: str, item_type: Any, where: Text | str) -> int:
    if _digits(segment):
        index = int(segment)
        if index >= len(items):
            raise PathError(_TEXTS("no_index", where=where, count=len(items), index=index))
        return index
    for field in ("id", "name"):
        if is_model(item_type) and field in item_type.model_fields:
            found = [i for i, item in enumerate(items) if isinstance(item, dict) and item.get(field) == segment]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise PathError(_TEXTS("ambiguous", count=len(found), where=where, segment=repr(segment), first=found[0]))
    names = [item.get("id") or item.get("name") for item in items if isinstance(item, dict)]
    raise PathError(_TEXTS("no_item", where=where, segment=repr(segment), hint=suggest(segment, [n for n in names if n])))


def resolve(data: dict, text: str, *, create: bool = False) -> Resolved:
    """Follow ``text`` through ``data`` along the configuration schema.

    With ``create``, missing sections and dated or yearly entries on the way are created as
    empty mappings (a new ``advances.2025`` year); a missing region, post or other named
    thing is an error, because there a typo is far likelier than intent.
    """
    segments = split_path(text)
    node: Any = data
    annotation: Any = Configuration
    path: Path = ()
    key: str | int | dt.date  # a model's field, a mapping's key or a list's index
    written: list[str] = []   # the path as the user wrote it, for messages
    for index, (segment, bracketed) in enumerate(segments):
        last = index == len(segments) - 1
        annotation = unwrap(annotation)
        owner = None
        where: Text | str = "".join(written).lstrip(".") or _TEXTS("top_level")
        written.append(f"[{segment}]" if bracketed else f".{segment}")
        if is_model(annotation):
            fields = annotation.model_fields
            if segment not in fields:
                raise PathError(_TEXTS("unknown_key", segment=repr(segment), where=where, hint=suggest(segment, fields)))
            if not isinstance(node, dict):
                raise PathError(_TEXTS("not_mapping", where=where, segment=repr(segment)))
            key, child, creatable = segment, fields[segment].annotation, True
            owner = annotation
        elif typing.get_origin(annotation) is dict:
            key_type, child = typing.get_args(annotation)
            if not isinstance(node, dict):
                raise PathError(_TEXTS("not_mapping", where=where, segment=repr(segment)))
            key = _dict_key(segment, key_type, where)
            creatable = unwrap(key_type) in (dt.date, int)
        elif typing.get_origin(annotation) is list:
            child = typing.get_args(annotation)[0]
            if not isinstance(node, list):
                raise PathError(_TEXTS("not_list", where=where, segment=repr(segment)))
            key, creatable = _list_index(node, segment, unwrap(child), where), False
        else:
            raise PathError(_TEXTS("single_value", where=where, segment=repr(segment)))
        exists = key in node if isinstance(node, dict) else True
        path = path + (key,)
        if last:
            return Resolved(path, node, key, exists, unwrap(child), owner)
        if not exists:
            if not (create and creatable):
                known = [k for k in node] if isinstance(node, dict) else []
                shown = "".join(written).lstrip(".")
                raise PathError(_TEXTS("not_there", shown=shown, hint=suggest(str(key), known)))
            node[key] = [] if list_item_type(child) is not None else {}
        node = node[key]
        annotation = child
    raise AssertionError("unreachable")  # pragma: no cover
