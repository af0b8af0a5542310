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
from kimcost.messages import Catalogue
from kimcost.scenarios.model import VERBS, InlineScenarioHeader, ScenarioHeader
from kimcost.suggestions import suggest

_TEXTS = Catalogue("scenarios.read", {
    "change_mapping": ("jede Änderung ist eine Zuordnung wie 'set: regions.nord.key' mit 'value: population'",
                       "each change is a mapping such as 'set: regions.nord.key' with 'value: population'"),
    "one_verb": ("eine Änderung je Eintrag; dieser hat {verbs}: beginnen Sie für jede einen neuen Eintrag '- '",
                 "one change per item; this one has {verbs}: start a new '- ' item for each"),
    "no_verb": ("eine Änderung beginnt mit einem von {verbs}{hint}", "a change starts with one of {verbs}{hint}"),
    "scenario_mapping": ("ein Szenario ist eine Zuordnung mit 'name', 'description' und 'changes'",
                         "a scenario is a mapping with 'name', 'description' and 'changes'"),
    "listed_as": ("das Szenario steht als {name} in der Liste; lassen Sie 'name' weg oder schreiben Sie {name}",
                  "the scenario is listed as {name}; leave 'name' out or write {name}"),
    "scenarios_mapping": ("'scenarios' ordnet dem Namen eines Szenarios seine Beschreibung und Änderungen zu",
                          "'scenarios' is a mapping from a scenario's name to its description and changes"),
    "bad_name": ("{name} ist kein gültiger Szenarioname; verwenden Sie Kleinbuchstaben, Ziffern, '-' und '_' "
                 "(z. B. 'grant-ends')",
                 "{name} is not a valid scenario name; use lower-case letters, digits, '-' and '_' (e.g. 'grant-ends')"),
    "unreadable": ("die Szenariodatei {name} lässt sich nicht lesen: {reason}", "cannot read scenario file {name}: {reason}"),
    "too_large": ("die Szenariodatei ist größer als {size} Byte (1 MiB), die Grenze für ein Szenario; ein Szenario "
                  "nennt nur, was von der Konfiguration abweicht",
                  "scenario file is larger than {size} bytes (1 MiB), the limit for a scenario; a scenario lists only "
                  "what differs from the configuration"),
    "how": ("ein Szenario wird mit seinem Namen oder dem Pfad seiner YAML-Datei angegeben",
            "a scenario is given by its name or by the path of its YAML file"),
    "folder": ("{item} ist ein Ordner; geben Sie die YAML-Datei eines Szenarios an",
               "{item} is a folder; give a scenario's YAML file"),
    "not_regular": ("die Szenariodatei {item} ist keine gewöhnliche Datei (ein Gerät, eine Pipe oder ein Socket); geben "
                    "Sie die YAML-Datei eines Szenarios an",
                    "scenario file {item} is not a regular file (a device, a pipe or a socket); give a scenario's YAML "
                    "file"),
    "broken": ("der Szenariopfad {item} ist nicht verwendbar: {reason}; geben Sie den Pfad der YAML-Datei eines "
               "Szenarios an",
               "cannot use the scenario path {item}: {reason}; give the path of a scenario's YAML file"),
    "in_config": ("; Szenarien in {config}: {names}", "; scenarios in {config}: {names}"),
    "none_in_config": ("; {config} definiert keine Szenarien", "; {config} defines no scenarios"),
    "no_file": ("die Szenariodatei {item} gibt es nicht", "scenario file {item} does not exist"),
    "no_name": ("unter 'scenarios:' gibt es kein Szenario {item} und keine Datei dieses Namens",
                "no scenario named {item} under 'scenarios:' and no file of that name"),
    "backslash": ("; schreiben Sie '/' zwischen die Ordner: {path}", "; write '/' between folders: {path}"),
    "not_found": ("{what}{hint}", "{what}{hint}"),
    "twice": ("Szenario {name} ist zweimal angegeben; wenden Sie jedes Szenario einmal an",
              "scenario {name} is given twice; apply each scenario once"),
    # "{x:.0}" formats a value to nothing: a figure with the language's thousands separator
    "size": ("{de}{en:.0}", "{en}{de:.0}"),
})


def _size(count: int):
    """1.048.576 in German, 1,048,576 in English."""
    english = f"{count:,}"
    return _TEXTS("size", de=english.replace(",", "."), en=english)

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
            issues.append(ConfigIssue(smap.locate(here), here, _TEXTS("change_mapping")))
            continue
        verbs = [k for k in item if k in VERBS]
        if len(verbs) != 1:
            if verbs:
                message = _TEXTS("one_verb", verbs=", ".join(verbs))
            else:
                hint = next((h for h in (suggest(k, VERBS) for k in item) if h), "")
                message = _TEXTS("no_verb", verbs=", ".join(VERBS), hint=hint)
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
        raise ConfigError.single(smap.locate(prefix), prefix, _TEXTS("scenario_mapping"))
    head = _validate(header, data, smap, prefix)
    if name is not None and head.name is not None and head.name != name:
        raise ConfigError.single(smap.locate(prefix + ("name",)), prefix + ("name",),
                                 _TEXTS("listed_as", name=repr(name)))
    changes, issues = parse_changes(head.changes, smap, prefix)
    return ScenarioSource(name or head.name, head.description, changes, smap, prefix, file, sha256,
                          smap.locate(prefix, key=True), issues, head.title or "")


def inline_scenarios(raw: Any, sources: SourceMap) -> dict[str, ScenarioSource]:
    """All scenarios under the configuration's ``scenarios:`` key, each checked for shape."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError.single(sources.locate(("scenarios",)), ("scenarios",), _TEXTS("scenarios_mapping"))
    found: dict[str, ScenarioSource] = {}
    issues: list[ConfigIssue] = []
    for name, data in raw.items():
        if not isinstance(name, str) or not _NAME.match(name):
            issues.append(ConfigIssue(sources.locate(("scenarios", name), key=True), ("scenarios", name),
                                      _TEXTS("bad_name", name=repr(name))))
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
        raise ConfigError.single(None, (), _TEXTS("unreadable", name=display, reason=exc.strerror)) from None
    if len(raw) > MAX_SCENARIO_BYTES:
        raise ConfigError.single(Location(display, 1, 1), (), _TEXTS("too_large", size=_size(MAX_SCENARIO_BYTES)))
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
            raise ConfigError.single(None, (), _TEXTS("how"))
        if item in inline and not _looks_like_file(item):
            chosen.append(inline[item])
            continue
        path = FsPath(item)
        kind = _file_kind(path)
        if kind == "file":
            chosen.append(read_scenario_file(path, display(path)))
            continue
        if kind == "folder":
            raise ConfigError.single(None, (), _TEXTS("folder", item=item))
        if kind == "other":  # a FIFO would block for ever, a device never end: not opened
            raise ConfigError.single(None, (), _TEXTS("not_regular", item=item))
        if kind == "broken":
            raise ConfigError.single(None, (), _TEXTS("broken", item=item, reason=_reason(path)))
        names = sorted(inline)
        hint = suggest(item, names, otherwise=(
            _TEXTS("in_config", config=config_name, names=", ".join(names)) if names
            else _TEXTS("none_in_config", config=config_name)))
        what = _TEXTS("no_file", item=item) if _looks_like_file(item) else _TEXTS("no_name", item=repr(item))
        if "\\" in item and os.sep != "\\":
            hint = _TEXTS("backslash", path=item.replace(chr(92), "/"))
        raise ConfigError.single(None, (), _TEXTS("not_found", what=what, hint=hint))
    seen: set[str] = set()
    for source in chosen:
        if source.name in seen:
            raise ConfigError.single(source.location, (), _TEXTS("twice", name=repr(source.name)))
        seen.add(source.name)
    return chosen
