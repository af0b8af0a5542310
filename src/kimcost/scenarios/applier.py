"""Editing the merged raw configuration for one scenario: the changes it records, the source
map kept in step, and the plain verbs (set, add, remove).

The assumption verbs (pay rises, values carried forward) work with the same ``Applier`` and
live in ``assumptions.py``; ``apply.py`` hands each change to its verb.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any, NoReturn

from kimcost.configuration.errors import ConfigIssue, Location, Path, format_path
from kimcost.configuration.source_map import SourceMap
from kimcost.messages import Catalogue, Text
from kimcost.scenarios.describe import ABSENT, describe
from kimcost.scenarios.model import AddChange, RemoveChange, SetChange
from kimcost.scenarios.paths import PathError, Resolved, dated_entry_type, is_sourced, list_item_type, resolve
from kimcost.scenarios.read import ScenarioSource

TEXTS = Catalogue("scenarios.applier", {
    "needs_mapping": ("{path} braucht eine Zuordnung seiner Schlüssel ({keys})",
                      "{path} needs a mapping of its keys ({keys})"),
    "no_item": ("diesen Listeneintrag gibt es nicht", "no such list item"),
    "not_dated": ("{path} ist kein datierter Eintrag; 'source' und 'status' gehören in seinen Wert, oder lassen Sie sie "
                  "weg",
                  "{path} is not a dated entry; 'source' and 'status' belong into its value, or leave them out"),
    "since_needs_series": ("{path} ist keine datierte Reihe; 'since' braucht eine wie grants.kim-nrw.amounts oder "
                           "supplementary_pension",
                           "{path} is not a dated series; 'since' needs one such as grants.kim-nrw.amounts or "
                           "supplementary_pension"),
    "not_dates": ("{path} ist in der Konfiguration keine Zuordnung von Daten",
                  "{path} is not a mapping of dates in the configuration"),
    "add_not_list": ("{path} ist keine Liste; 'add' hängt eine Stelle an 'positions' oder eine/n Stelleninhaber/in an "
                     "'positions.<id>.holders' an — einen Wert schreiben Sie mit 'set'",
                     "{path} is not a list; 'add' appends a post to 'positions' or a holder to "
                     "'positions.<id>.holders' — to write a value use 'set'"),
    "not_list": ("{path} ist in der Konfiguration keine Liste", "{path} is not a list in the configuration"),
    "nothing_to_remove": ("{path} steht nicht in der Konfiguration; es gibt nichts zu entfernen",
                          "{path} is not in the configuration; nothing to remove"),
    "required": ("Szenario {name} kann {path} nicht entfernen: es ist in jeder Konfiguration nötig — entfernen Sie "
                 "einzelne Einträge darunter (z. B. {path}.<id>) oder ersetzen Sie es mit 'set'",
                 "scenario {name} cannot remove {path}: it is required in every configuration — remove single "
                 "entries below it (e.g. {path}.<id>), or replace it with 'set'"),
})


@dataclass(frozen=True)
class Change:
    """One input a scenario altered: base value against scenario value (raw YAML data)."""

    kind: str                 # set | add | remove | pay_rise | carry_forward
    path: Path
    base: Any                 # ABSENT when the base has no value there
    value: Any                # ABSENT when the scenario removed it
    location: Location | None  # the change in the scenario's file
    note: str = ""            # how a created value was derived (pay rise, carried forward)
    key: str = ""             # the path for people: posts by id (positions.nord-1.fte)

    @property
    def base_text(self) -> str:
        return describe(self.base)

    @property
    def value_text(self) -> str:
        return describe(self.value)


class Sources:
    """Edits on the run's source map: drop what a change replaced, point new values at the scenario."""

    def __init__(self, sources: SourceMap):
        self.map = sources

    def drop(self, path: Path) -> None:
        n = len(path)
        for table in (self.map.values, self.map.keys, self.map.scalars):
            for p in [p for p in table if p[:n] == path]:
                del table[p]

    def graft(self, scenario: ScenarioSource, relative: Path, target: Path) -> None:
        """Copy the scenario's locations below ``relative`` to ``target`` in the run's map."""
        src = scenario.prefix + relative
        n = len(src)
        mine = scenario.smap
        tables: tuple[tuple[dict[Path, Any], dict[Path, Any]], ...] = (  # Locations, and Scalars
            (self.map.values, mine.values), (self.map.keys, mine.keys), (self.map.scalars, mine.scalars))
        for table, theirs in tables:
            for p, where in list(theirs.items()):
                if p[:n] == src:
                    table[target + p[n:]] = where

    def point(self, path: Path, where: Location | None, *, key: Location | None = None) -> None:
        if where is not None:
            self.map.values[path] = where
        if key is not None:
            self.map.keys[path] = key

    def shift_list(self, list_path: Path, removed: int) -> None:
        """After deleting item ``removed`` of a list, later items move up by one."""
        n = len(list_path)
        tables: tuple[dict[Path, Any], ...] = (self.map.values, self.map.keys, self.map.scalars)
        for table in tables:
            moved = {}
            for p in list(table):
                at = p[n] if len(p) > n else None
                if p[:n] == list_path and isinstance(at, int) and at > removed:
                    moved[p[:n] + (at - 1,) + p[n + 1:]] = table.pop(p)
            table.update(moved)


def readable_path(data: dict, path: Path, *values: Any) -> str:
    """``positions[3].holders[0].end`` → ``positions.nord-4.holders[0].end``: posts by their id."""
    if len(path) >= 2 and path[0] == "positions" and isinstance(path[1], int):
        post_id = None
        positions = data.get("positions")
        if isinstance(positions, list) and path[1] < len(positions) and isinstance(positions[path[1]], dict):
            post_id = positions[path[1]].get("id")
        for value in values:  # a removed post is no longer in the data
            if post_id is None and len(path) == 2 and isinstance(value, dict):
                post_id = value.get("id")
        if isinstance(post_id, str):
            return format_path(("positions", post_id) + tuple(path[2:]))
    return format_path(path)


class ChangeFailed(Exception):
    """A change that cannot be applied; caught per change, so one run reports them all."""

    def __init__(self, issue: ConfigIssue):
        self.issue = issue


class Applier:
    """Applies one scenario's changes in the order they are written."""

    def __init__(self, data: dict, sources: SourceMap, scenario: ScenarioSource):
        self.data = data
        self.sources = Sources(sources)
        self.scenario = scenario
        self.changes: list[Change] = []

    # -- helpers ---------------------------------------------------------------------------

    def fail(self, index: int, field: str | None, message: Text | str) -> NoReturn:
        relative = ("changes", index) + ((field,) if field else ())
        raise ChangeFailed(ConfigIssue(self.scenario.locate(relative), self.scenario.prefix + relative, message))

    def where(self, index: int, field: str | None = None) -> Location | None:
        return self.scenario.locate(("changes", index) + ((field,) if field else ()))

    def resolve(self, index: int, field: str, text: str, *, create: bool) -> Resolved:
        try:
            return resolve(self.data, text, create=create)
        except PathError as exc:
            self.fail(index, field, exc.message)
            raise  # pragma: no cover - fail always raises

    def default_source(self) -> str:
        return f"assumption (scenario {self.scenario.name}: {self.scenario.description})"

    def record(self, kind: str, path: Path, base: Any, value: Any, index: int, note: str = "") -> None:
        self.changes.append(Change(kind, path, base, copy.deepcopy(value), self.where(index), note,
                                   readable_path(self.data, path, base, value)))

    def prepare(self, value: Any, annotation: Any, change: SetChange, index: int, target: Path) -> Any:
        """A dated entry written by a scenario: a bare number becomes its value, and source
        and status default to the scenario (status ``assumption``), so every output flags it."""
        value = copy.deepcopy(value)
        if not is_sourced(annotation):
            return value
        fields = annotation.model_fields
        if not isinstance(value, (dict, list)) and value is not None:
            main = next((f for f in ("value", "percent") if f in fields), None)
            if main is None:
                self.fail(index, "value", TEXTS("needs_mapping", path=format_path(target),
                                                keys=", ".join(k for k in fields if k not in ("source", "status"))))
            value = {main: value}
            self.sources.point(target + (main,), self.where(index, "value"))
        if isinstance(value, dict):
            if "source" not in value:
                value["source"] = change.source or self.default_source()
                self.sources.point(target + ("source",), self.where(index, "source" if change.source else None))
            if "status" not in value:
                value["status"] = change.status.value if change.status else "assumption"
                self.sources.point(target + ("status",), self.where(index, "status" if change.status else None))
        return value

    # -- verbs -----------------------------------------------------------------------------

    def set(self, index: int, change: SetChange) -> None:
        target = self.resolve(index, "set", change.set, create=True)
        if isinstance(target.parent, list) and not target.exists:  # pragma: no cover - resolve checks
            self.fail(index, "set", TEXTS("no_item"))
        if change.since is not None:
            self.set_since(index, change, target)
            return
        if change.source is not None or change.status is not None:
            if not is_sourced(target.annotation):
                self.fail(index, "source", TEXTS("not_dated", path=format_path(target.path)))
        base = copy.deepcopy(target.value) if target.exists else ABSENT
        self.sources.drop(target.path)
        self.sources.graft(self.scenario, ("changes", index, "value"), target.path)
        self.sources.point(target.path, None, key=self.where(index, "set"))
        value = self.prepare(change.value, target.annotation, change, index, target.path)
        target.parent[target.key] = value
        self.record("set", target.path, base, value, index)

    def set_since(self, index: int, change: SetChange, series: Resolved) -> None:
        assert change.since is not None  # called for a change with 'since' (set)
        entry_type = dated_entry_type(series.annotation)
        if entry_type is None:
            self.fail(index, "since", TEXTS("since_needs_series", path=format_path(series.path)))
        if not series.exists:
            series.parent[series.key] = {}
        entries = series.parent[series.key]
        if not isinstance(entries, dict):
            self.fail(index, "set", TEXTS("not_dates", path=format_path(series.path)))
        # The value holds from ``since`` on, so later entries take it too (they would bring
        # the old values back); they stay, so the series still reaches the years it reached.
        later = sorted(d for d in entries if isinstance(d, dt.date) and d > change.since)
        for day in [change.since, *later]:
            path = series.path + (day,)
            base = copy.deepcopy(entries.get(day, ABSENT))
            self.sources.drop(path)
            self.sources.graft(self.scenario, ("changes", index, "value"), path)
            self.sources.point(path, None, key=self.where(index, "since"))
            entries[day] = self.prepare(change.value, entry_type, change, index, path)
            self.record("set", path, base, entries[day], index,
                        note="" if day == change.since else f"holds from {change.since} on")

    def add(self, index: int, change: AddChange) -> None:
        target = self.resolve(index, "add", change.add, create=True)
        if list_item_type(target.annotation) is None:
            self.fail(index, "add", TEXTS("add_not_list", path=format_path(target.path)))
        if not target.exists:
            target.parent[target.key] = []
        items = target.parent[target.key]
        if not isinstance(items, list):
            self.fail(index, "add", TEXTS("not_list", path=format_path(target.path)))
        path = target.path + (len(items),)
        self.sources.graft(self.scenario, ("changes", index, "value"), path)
        items.append(copy.deepcopy(change.value))
        self.record("add", path, ABSENT, change.value, index)

    def remove(self, index: int, change: RemoveChange) -> None:
        target = self.resolve(index, "remove", change.remove, create=False)
        if not target.exists:
            self.fail(index, "remove", TEXTS("nothing_to_remove", path=format_path(target.path)))
        if target.owner is not None and target.owner.model_fields[target.key].is_required():
            # Removed, it would be reported as missing where the configuration begins, far
            # from the change that removed it (issue 11): refused here, at the scenario's line.
            self.fail(index, "remove", TEXTS("required", name=repr(self.scenario.name), path=format_path(target.path)))
        base = target.parent[target.key]
        del target.parent[target.key]
        self.sources.drop(target.path)
        if isinstance(target.parent, list):
            self.sources.shift_list(target.path[:-1], target.key)
        self.record("remove", target.path, base, ABSENT, index)
