"""Find and check scenario definitions: under ``scenarios:`` in the configuration or in files.

Only the scenario's own shape is checked here (name, description, one verb per change);
whether its paths and values fit the configuration is checked when it is applied.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kimcost.configuration.errors import ConfigError, ConfigIssue, Location, Path
from kimcost.configuration.pydantic_errors import translate_validation_error
from kimcost.configuration.source_map import SourceMap
from kimcost.configuration.yaml_source import read_config_bytes, read_yaml
from kimcost.scenarios.model import VERBS, InlineScenarioHeader, ScenarioHeader
from kimcost.suggestions import did_you_mean

MAX_SCENARIO_BYTES = 1024 * 1024
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # as ``Ident`` in the schema: usable on the command line


@dataclass
class ScenarioSource:
    """One scenario as written, with its changes checked for shape."""

    name: str
    description: str
    changes: list[BaseModel | None]   # None where a change's shape is wrong (see ``issues``)
    smap: SourceMap          # source map the paths below are found in
    prefix: Path             # where the scenario sits in ``smap`` (() for a file)
    file: FsPath | None      # the scenario file, None when defined in the configuration
    sha256: str | None
    location: Location | None
    issues: list[ConfigIssue] = field(default_factory=list)
    title: str = ""          # the short heading for people, "" when the scenario has none

    def locate(self, relative: Path, *, key: bool = False) -> Location | None:
        return self.smap.locate(self.prefix + relative, key=key)


def subtree(smap: SourceMap, prefix: Path) -> SourceMap:
    """The entries of ``smap`` below ``prefix``, with ``prefix`` cut off."""
    out = SourceMap()
    n = len(prefix)
    tables: tuple[tuple[dict[Path, Any], dict[Path, Any]], ...] = (  # Locations, and Scalars
        (out.values, smap.values), (out.keys, smap.keys), (out.scalars, smap.scalars))
    for mine, theirs in tables:
        for path, where in theirs.items():
            if path[:n] == prefix:
                mine[path[n:]] = where
    return out


_Model = TypeVar("_Model", bound=BaseModel)


def _validate(model: type[_Model], data: Any, smap: SourceMap, prefix: Path) -> _Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        issues = translate_validation_error(exc, subtree(smap, prefix), model)
        raise ConfigError(ConfigIssue(i.location, prefix + i.path, i.message) for i in issues) from None


def parse_changes(raw: list, smap: SourceMap, prefix: Path) -> tuple[list[BaseModel | None], list[ConfigIssue]]:
    """Each change names exactly one verb; its keys are checked by that verb's model.

    A change of the wrong shape yields None and an issue, so the others can still be
    applied and their problems reported in the same run."""
    changes: list[BaseModel | None] = []
    issues: list[ConfigIssue] = []
    for i, item in enumerate(raw):
        here = prefix + ("changes", i)
        changes.append(None)
        if not isinstance(item, dict):
            issues.append(ConfigIssue(smap.locate(here), here,
                                      "each change is a mapping such as 'set: regions.nord.key' with 'value: population'"))
            continue
        verbs = [k for k in item if k in VERBS]
        if len(verbs) != 1:
            if verbs:
                message = f"one change per item; this one has {', '.join(verbs)}: start a new '- ' item for each"
            else:
                hint = next((h for h in (did_you_mean(k, VERBS) for k in item) if h), "")
                message = f"a change starts with one of {', '.join(VERBS)}{hint}"
            issues.append(ConfigIssue(smap.locate(here), here, message))
            continue
        try:
            changes[-1] = _validate(VERBS[verbs[0]], item, smap, here)
        except ConfigError as exc:
            issues.extend(exc.issues)
    return changes, issues


def _source(data: Any, smap: SourceMap, prefix: Path, header: type[ScenarioHeader], *,
            name: str | None, file: FsPath | None, sha256: str | None) -> ScenarioSource:
    if not isinstance(data, dict):
        raise ConfigError.single(smap.locate(prefix), prefix,
                                 "a scenario is a mapping with 'name', 'description' and 'changes'")
    head = _validate(header, data, smap, prefix)
    if name is not None and head.name is not None and head.name != name:
        raise ConfigError.single(smap.locate(prefix + ("name",)), prefix + ("name",),
                                 f"the scenario is listed as {name!r}; leave 'name' out or write {name!r}")
    changes, issues = parse_changes(head.changes, smap, prefix)
    return ScenarioSource(name or head.name, head.description, changes, smap, prefix, file, sha256,
                          smap.locate(prefix, key=True), issues, head.title or "")


def inline_scenarios(raw: Any, sources: SourceMap) -> dict[str, ScenarioSource]:
    """All scenarios under the configuration's ``scenarios:`` key, each checked for shape."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError.single(sources.locate(("scenarios",)), ("scenarios",),
                                 "'scenarios' is a mapping from a scenario's name to its description and changes")
    found: dict[str, ScenarioSource] = {}
    issues: list[ConfigIssue] = []
    for name, data in raw.items():
        if not isinstance(name, str) or not _NAME.match(name):
            issues.append(ConfigIssue(sources.locate(("scenarios", name), key=True), ("scenarios", name),
                                      f"{name!r} is not a valid scenario name; use lower-case letters, digits, "
                                      "'-' and '_' (e.g. 'grant-ends')"))
            continue
        try:
            found[name] = _source(data, sources, ("scenarios", name), InlineScenarioHeader,
                                  name=name, file=None, sha256=None)
            issues.extend(found[name].issues)  # part of the configuration: wrong even when not chosen
        except ConfigError as exc:
            issues.extend(exc.issues)
    if issues:
        raise ConfigError(issues)
    return found


def _looks_like_file(item: str) -> bool:
    return item.endswith((".yaml", ".yml")) or "/" in item or "\\" in item


def read_scenario_file(path: FsPath, display: str) -> ScenarioSource:
    # At most one byte beyond the limit is read: a sparse 2 GiB file is refused at once,
    # not after filling the memory with it.
    try:
        raw = read_config_bytes(path, limit=MAX_SCENARIO_BYTES)
    except OSError as exc:
        raise ConfigError.single(None, (), f"cannot read scenario file {display}: {exc.strerror}") from None
    if len(raw) > MAX_SCENARIO_BYTES:
        raise ConfigError.single(Location(display, 1, 1), (),
                                 f"scenario file is larger than {MAX_SCENARIO_BYTES:,} bytes (1 MiB), the limit for a "
                                 "scenario; a scenario lists only what differs from the configuration")
    data, smap = read_yaml(display, raw)
    return _source(data, smap, (), ScenarioHeader, name=None, file=path, sha256=hashlib.sha256(raw).hexdigest())


def _file_kind(path: FsPath) -> str:
    """file, folder, other (device, FIFO, socket), missing, or broken (the system cannot tell)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError):  # a name too long, a symlink loop, a NUL byte
        return "broken"
    if stat.S_ISREG(mode):
        return "file"
    return "folder" if stat.S_ISDIR(mode) else "other"


def _reason(path: FsPath) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.strerror or str(exc)
    except ValueError as exc:
        return str(exc)
    return "unknown"  # pragma: no cover - only called when stat failed


def select(requested: Sequence[str], inline: dict[str, ScenarioSource], config_name: str, display) -> list[ScenarioSource]:
    """The scenarios named on the command line, in order: a name under ``scenarios:`` or a file."""
    chosen: list[ScenarioSource] = []
    for item in requested:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError.single(None, (), "a scenario is given by its name or by the path of its YAML file")
        if item in inline and not _looks_like_file(item):
            chosen.append(inline[item])
            continue
        path = FsPath(item)
        kind = _file_kind(path)
        if kind == "file":
            chosen.append(read_scenario_file(path, display(path)))
            continue
        if kind == "folder":
            raise ConfigError.single(None, (), f"{item} is a folder; give a scenario's YAML file")
        if kind == "other":  # a FIFO would block for ever, a device never end: not opened
            raise ConfigError.single(None, (), f"scenario file {item} is not a regular file (a device, a pipe or "
                                               "a socket); give a scenario's YAML file")
        if kind == "broken":
            raise ConfigError.single(None, (), f"cannot use the scenario path {item}: {_reason(path)}; "
                                               "give the path of a scenario's YAML file")
        names = sorted(inline)
        hint = did_you_mean(item, names, otherwise=(
            f"; scenarios in {config_name}: {', '.join(names)}" if names else f"; {config_name} defines no scenarios"))
        what = f"scenario file {item} does not exist" if _looks_like_file(item) else \
            f"no scenario named {item!r} under 'scenarios:' and no file of that name"
        if "\\" in item and os.sep != "\\":
            hint = f"; write '/' between folders: {item.replace(chr(92), '/')}"
        raise ConfigError.single(None, (), f"{what}{hint}")
    seen: set[str] = set()
    for source in chosen:
        if source.name in seen:
            raise ConfigError.single(source.location, (), f"scenario {source.name!r} is given twice; apply each scenario once")
        seen.add(source.name)
    return chosen
