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
from kimcost.suggestions import did_you_mean


class PathError(Exception):
    """A key path that does not lead anywhere; the message says why and what would."""


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
                raise PathError(f"{text!r} has an empty part (two dots, or a dot at the start)")
            current = ""
        elif ch == "[":
            if current:
                parts.append((current.strip(), False))
                current = ""
            end = text.find("]", i)
            if end < 0:
                raise PathError(f"{text!r} opens '[' without closing ']'")
            inner = text[i + 1:end].strip().strip("'\"")
            if not inner:
                raise PathError(f"{text!r} has empty brackets; write an index such as [0] or an id such as [nord-1]")
            parts.append((inner, True))
            i = end
        elif ch == "]":
            raise PathError(f"{text!r} closes ']' without opening '['")
        else:
            current += ch
        i += 1
    if current.strip():
        parts.append((current.strip(), False))
    elif text.endswith("."):
        raise PathError(f"{text!r} ends with a dot")
    if not parts:
        raise PathError("the key path is empty; write one such as 'regions.nord.key'")
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


def suggest(word: str, choices) -> str:
    return did_you_mean(word, choices, known="known here")


def _dict_key(segment: str, key_type: Any, where: str) -> Any:
    key_type = unwrap(key_type)
    if key_type is dt.date:
        try:
            return dt.date.fromisoformat(segment)
        except ValueError:
            raise PathError(f"{segment!r} under {where} is not a date; write it as YYYY-MM-DD") from None
    if key_type is int:
        if not _digits(segment):
            raise PathError(f"{segment!r} under {where} is not a year; write it as e.g. 2025")
        return int(segment)
    return segment


def _digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts '²' and '٣', which ``int`` refuses or
    reads as another number than the one written."""
    return text.isascii() and text.isdigit()


def _list_index(items: list, segment: str, item_type: Any, where: str) -> int:
    if _digits(segment):
        index = int(segment)
        if index >= len(items):
            raise PathError(f"{where} has {len(items)} item(s), numbered from 0; there is no [{index}]")
        return index
    for field in ("id", "name"):
        if is_model(item_type) and field in item_type.model_fields:
            found = [i for i, item in enumerate(items) if isinstance(item, dict) and item.get(field) == segment]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise PathError(f"{len(found)} items of {where} are named {segment!r}; address it by number, e.g. [{found[0]}]")
    names = [item.get("id") or item.get("name") for item in items if isinstance(item, dict)]
    raise PathError(f"{where} has no item {segment!r}{suggest(segment, [n for n in names if n])}")


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
        where = "".join(written).lstrip(".") or "the top level"
        written.append(f"[{segment}]" if bracketed else f".{segment}")
        if is_model(annotation):
            fields = annotation.model_fields
            if segment not in fields:
                raise PathError(f"unknown key {segment!r} under {where}{suggest(segment, fields)}")
            if not isinstance(node, dict):
                raise PathError(f"{where} is not a mapping in the configuration; cannot go into {segment!r}")
            key, child, creatable = segment, fields[segment].annotation, True
            owner = annotation
        elif typing.get_origin(annotation) is dict:
            key_type, child = typing.get_args(annotation)
            if not isinstance(node, dict):
                raise PathError(f"{where} is not a mapping in the configuration; cannot go into {segment!r}")
            key = _dict_key(segment, key_type, where)
            creatable = unwrap(key_type) in (dt.date, int)
        elif typing.get_origin(annotation) is list:
            child = typing.get_args(annotation)[0]
            if not isinstance(node, list):
                raise PathError(f"{where} is not a list in the configuration; cannot go into {segment!r}")
            key, creatable = _list_index(node, segment, unwrap(child), where), False
        else:
            raise PathError(f"{where} holds a single value; the path cannot go on with {segment!r}")
        exists = key in node if isinstance(node, dict) else True
        path = path + (key,)
        if last:
            return Resolved(path, node, key, exists, unwrap(child), owner)
        if not exists:
            if not (create and creatable):
                known = [k for k in node] if isinstance(node, dict) else []
                shown = "".join(written).lstrip(".")
                raise PathError(f"{shown} does not exist in the configuration{suggest(str(key), known)}")
            node[key] = [] if list_item_type(child) is not None else {}
        node = node[key]
        annotation = child
    raise AssertionError("unreachable")  # pragma: no cover
