"""Read a configuration: the main file and its ``include:`` files, merged; and validate it.

Everything that can be found wrong is collected and raised as one ``ConfigError``. Applying
scenarios between the two steps, and the typed result of a run's loading, belong to
``kimcost.loading``, the layer above this one and the scenarios.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from pydantic import ValidationError

from kimcost.configuration import packaged
from kimcost.configuration.consistency import check_consistency, check_partial
from kimcost.configuration.errors import ConfigError, Location, Path
from kimcost.configuration.pydantic_errors import translate_validation_error
from kimcost.configuration.schema import Configuration
from kimcost.configuration.source_map import SourceMap
from kimcost.configuration.yaml_source import read_config_bytes, read_yaml
from kimcost.messages import Catalogue, Text

INCLUDE_KEYS = ("include", "include_roots")
MAX_INCLUDES = 200

_TEXTS = Catalogue("configuration.loader", {
    "main_unusable": (
        "der Pfad {name} ist als Konfiguration nicht verwendbar: {reason}; geben Sie den Pfad der YAML-Datei "
        "der Konfiguration an",
        "cannot use the configuration path {name}: {reason}; give the path of the configuration's YAML file"),
    "main_missing": ("die Konfigurationsdatei {name} gibt es nicht", "configuration file {name} does not exist"),
    "main_folder": ("{name} ist ein Ordner; geben Sie die YAML-Datei der Konfiguration an",
                    "{name} is a folder; give the configuration's YAML file"),
    "cycle": ("Einbindungen im Kreis: {chain}; eine Datei darf sich nicht selbst einbinden",
              "include cycle: {chain}; a file may not include itself"),
    "twice": ("{name} ist zweimal eingebunden; binden Sie jede Datei nur einmal ein",
              "{name} is included twice; include each file once"),
    "too_many": ("mehr als {count} eingebundene Dateien", "more than {count} included files"),
    "main_unreadable": ("die Konfigurationsdatei {name} lässt sich nicht lesen: {reason}",
                        "cannot read the configuration file {name}: {reason}"),
    "include_unreadable": ("{name} lässt sich nicht lesen: {reason}", "cannot read {name}: {reason}"),
    "not_a_mapping": (
        "die Datei muss eine Zuordnung von Schlüsseln enthalten (etwa 'regions:'), keine Liste und keinen "
        "einzelnen Wert",
        "the file must hold a mapping of keys (such as 'regions:'), not a list or a single value"),
    "roots_in_include": ("include_roots darf nur in der Hauptdatei der Konfiguration stehen",
                         "include_roots may only be set in the main configuration file"),
    "outside": (
        "{name} liegt außerhalb des Ordners der Konfiguration; verschieben Sie die Datei unter den Ordner der "
        "Hauptdatei oder nennen Sie ihren Ordner unter 'include_roots:'",
        "{name} lies outside the configuration's folder; move it below the main file's folder or list its "
        "folder under 'include_roots:'"),
    "include_missing": (
        "die eingebundene Datei {name} gibt es nicht; Pfade unter 'include:' gelten ab der Datei, die sie einbindet",
        "included file {name} does not exist; include paths are relative to the including file"),
    "not_a_list": ("'{name}' muss eine Liste relativer Pfade sein, z. B. ['tariffs/tvoed.yaml']",
                   "'{name}' must be a list of relative paths, e.g. ['tariffs/tvoed.yaml']"),
    "nul": ("{item!r} enthält ein NUL-Zeichen; schreiben Sie einen relativen Pfad wie 'tariffs/tvoed.yaml'",
            "{item!r} contains a NUL character; write a relative path such as 'tariffs/tvoed.yaml'"),
    "backslash": (
        "'{item}' trennt Ordner mit '\\'; schreiben Sie '/' zwischen die Ordner, auch unter Windows: '{fixed}'",
        "'{item}' separates folders with '\\'; write '/' between folders, also on Windows: '{fixed}'"),
    "absolute": ("{item!r} ist ein absoluter Pfad; schreiben Sie ihn relativ zu {name}",
                 "{item!r} is an absolute path; write it relative to {name}"),
    "already_set": ("schon gesetzt in {first}; jeder Wert steht in nur einer Datei",
                    "already set at {first}; each value is written in one file only"),
    "shipped_root": (
        "'{item}' nennt mitgelieferte Daten, keinen Ordner; include_roots nennt Ordner Ihrer eigenen Dateien; "
        "schreiben Sie 'include: [{item}]'",
        "'{item}' names shipped data, not a folder; include_roots lists folders of your own files; "
        "write 'include: [{item}]'"),
    "shipped_unknown": (
        "kimcost liefert keine Daten namens '{name}' mit; mitgeliefert sind {known} (kimcost data listet sie auf)",
        "kimcost ships no data named '{name}'; the shipped data are {known} (kimcost data lists them)"),
    "path_unusable": (
        "der Pfad {name} ist nicht verwendbar: {reason}; schreiben Sie einen relativen Pfad zu einer vorhandenen Datei",
        "cannot use the path {name}: {reason}; write a relative path to an existing file"),
    # what the operating system said, in words of both languages (English as strerror has it)
    "os_EACCES": ("keine Berechtigung", "Permission denied"),
    "os_ENOENT": ("die Datei oder den Ordner gibt es nicht", "No such file or directory"),
    "os_ENOTDIR": ("ein Teil des Pfades ist kein Ordner", "Not a directory"),
    "os_EISDIR": ("es ist ein Ordner", "Is a directory"),
    "os_ENAMETOOLONG": ("der Dateiname ist zu lang", "File name too long"),
    "os_ELOOP": ("zu viele Ebenen symbolischer Verknüpfungen (eine Schleife)", "Too many levels of symbolic links"),
    "os_other": ("das Betriebssystem meldet: {reason}", "{reason}"),
    "symlink_loop": ("eine symbolische Verknüpfung zeigt im Kreis auf sich selbst{reason:.0}", "{reason}"),
})


def os_reason(exc: BaseException) -> Text:
    """Why the system refused a path, in the language of the message: an ``OSError``'s
    ``strerror`` for the common cases in German too; a ``Text`` the raiser attached
    (``yaml_source.NotARegularFile``); else the system's own words."""
    attached = getattr(exc, "text", None)
    if isinstance(attached, Text):
        return attached
    reason = getattr(exc, "strerror", None) or str(exc)
    code = getattr(exc, "errno", None)
    name = errno.errorcode.get(code, "") if isinstance(code, int) else ""
    if f"os_{name}" in _TEXTS.texts and reason == _TEXTS.texts[f"os_{name}"][1]:
        return _TEXTS(f"os_{name}")
    if isinstance(exc, RuntimeError) and "loop" in reason.lower():  # pathlib: "Symlink loop from '…'"
        return _TEXTS("symlink_loop", reason=reason)
    return _TEXTS("os_other", reason=reason)


@dataclass(frozen=True)
class SourceFile:
    """One file read, as it was reached (``contributions/kvw.yaml``), and the SHA-256 of its
    bytes. A shipped file (``include: [kimcost:tvoed-sue]``) has its name in ``label``."""

    path: FsPath
    sha256: str
    label: str | None = None
    table: bool = False   # a spreadsheet or CSV named under 'tables:' (configuration/tables)

    @property
    def is_packaged(self) -> bool:
        return self.label is not None


@dataclass(frozen=True)
class Override:
    """A district's entry that replaces an entry of the shipped data (``kimcost:NAME``)."""

    path: Path
    by: Location | None        # the district's entry
    replaces: Location | None  # the shipped entry it replaces


@dataclass(frozen=True)
class _Include:
    path: FsPath
    label: str | None = None   # kimcost:NAME for a shipped file


@dataclass(frozen=True)
class ConfigTree:
    """The merged raw data of a configuration's files, not yet validated."""

    data: dict
    sources: SourceMap
    files: tuple[SourceFile, ...]  # the main file first, then the includes in reading order
    overrides: tuple[Override, ...] = field(default=())  # shipped entries the district replaced


def display_name(path: FsPath) -> str:
    """Paths in messages: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(FsPath.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # not below; or a symlink loop, a name too long
        return str(path)


def read_config_tree(path: str | FsPath) -> ConfigTree:
    """Read the main file and, depth first, every file it includes; merge them into one tree."""
    reader = _IncludeReader(FsPath(path))
    data, sources = reader.read_tree()
    files = list(reader.files)
    if "tables" in data:  # holders, advances, actuals from spreadsheets, cited by their cells
        # imported here: ~15 ms of every start that reads no spreadsheet (docs/benchmarks.md, S1)
        from kimcost.configuration.tables import read_tables

        named = {f.label or display_name(f.path): f.path for f in files}
        files += [SourceFile(t.path, t.sha256, table=True)
                  for t in read_tables(data, sources, named, reader.roots, display_name)]
    return ConfigTree(data, sources, tuple(files), tuple(reader.overrides))


def validate(data: Any, sources: SourceMap) -> Configuration:
    """The schema first; then the cross references (of the valid parts too, when the schema
    found errors), so one run reports everything."""
    try:
        model = Configuration.model_validate(data)
    except ValidationError as exc:
        schema_issues = translate_validation_error(exc, sources, Configuration)
        raise ConfigError(schema_issues + check_partial(data, sources, schema_issues)) from None
    issues = check_consistency(model, sources)
    if issues:
        raise ConfigError(issues)
    return model


class _IncludeReader:
    def __init__(self, main: FsPath):
        self.main = main
        self.files: list[SourceFile] = []
        self.roots: list[FsPath] = []
        self.overrides: list[Override] = []
        self._labels: set[str] = set()  # the shipped files read, as messages name them

    def read_tree(self) -> tuple[dict, SourceMap]:
        try:
            os.stat(self.main)
            exists = True
        except (FileNotFoundError, NotADirectoryError):
            exists = False
        except (OSError, ValueError) as exc:  # a name too long, a symlink loop: never a bug (issue 11)
            raise ConfigError.single(None, (), _TEXTS("main_unusable", name=display_name(self.main),
                                                      reason=os_reason(exc))) from None
        if not exists:
            raise ConfigError.single(None, (), _TEXTS("main_missing", name=display_name(self.main)))
        if self.main.is_dir():
            raise ConfigError.single(None, (), _TEXTS("main_folder", name=display_name(self.main)))
        self.roots = [_resolve(self.main, None, ()).parent]
        merged: dict = {}
        sources = SourceMap()
        self._read(self.main, merged, sources, (), None)
        return merged, sources

    def _read(self, path: FsPath, merged: dict, sources: SourceMap, stack: tuple[FsPath, ...],
              included_at: Location | None, label: str | None = None) -> None:
        resolved = _resolve(path, included_at, ("include",))
        if resolved in stack:
            chain = " -> ".join(self._name_of(p) for p in (*stack, resolved))
            raise ConfigError.single(included_at, ("include",), _TEXTS("cycle", chain=chain))
        if resolved in (f.path.resolve() for f in self.files):
            raise ConfigError.single(included_at, ("include",), _TEXTS("twice", name=label or display_name(path)))
        if len(self.files) >= MAX_INCLUDES:
            raise ConfigError.single(included_at, ("include",), _TEXTS("too_many", count=MAX_INCLUDES))
        try:
            raw = read_config_bytes(path)
        except OSError as exc:
            if included_at is None:  # the main file: no 'include:' line to point at
                raise ConfigError.single(None, (), _TEXTS("main_unreadable", name=display_name(path),
                                                          reason=os_reason(exc))) from None
            raise ConfigError.single(included_at, ("include",), _TEXTS("include_unreadable", name=label or display_name(path),
                                                                       reason=os_reason(exc))) from None
        self.files.append(SourceFile(path, hashlib.sha256(raw).hexdigest(), label))
        name = label or display_name(path)
        if label is not None:
            self._labels.add(label)
        data, smap = read_yaml(name, raw)
        if not isinstance(data, dict):
            raise ConfigError.single(smap.locate(()), (), _TEXTS("not_a_mapping"))
        includes = data.pop("include", None)
        roots = data.pop("include_roots", None)
        if roots is not None:
            if stack:
                raise ConfigError.single(smap.locate(("include_roots",), key=True), ("include_roots",),
                                         _TEXTS("roots_in_include"))
            self.roots.extend(_resolve(root.path, smap.locate(("include_roots",)), ("include_roots",))
                              for root in self._paths(roots, path, smap, "include_roots"))
        children = self._paths(includes, path, smap, "include") if includes is not None else []
        for i, child in enumerate(children):
            if child.label is not None:  # shipped with kimcost: no folder of the configuration's
                continue
            if not any(_is_below(_resolve(child.path, smap.locate(("include", i)), ("include", i)), root)
                       for root in self.roots):
                raise ConfigError.single(
                    smap.locate(("include", i)), ("include", i), _TEXTS("outside", name=display_name(child.path)))
        if isinstance(data.get("positions"), list) and isinstance(merged.get("positions"), list):
            # Posts may be split over files (one per district of a state-wide configuration):
            # their lists are joined in reading order, the main file's first (issue 14).
            smap = _shifted(smap, "positions", len(merged["positions"]))
            merged["positions"].extend(data.pop("positions"))
        kept: list[Path] = []  # a shipped file's entries the district replaced
        self._merge(merged, data, sources, smap, (), label is not None, kept)
        if kept:
            smap = _without(smap, kept)
        sources.update(smap)
        for i, child in enumerate(children):
            if not _exists(child.path):
                raise ConfigError.single(smap.locate(("include", i)), ("include", i),
                                         _TEXTS("include_missing", name=display_name(child.path)))
            self._read(child.path, merged, sources, (*stack, resolved), smap.locate(("include", i)), child.label)

    def _name_of(self, path: FsPath) -> str:
        for f in self.files:
            if f.label is not None and f.path.resolve() == path:
                return f.label
        return display_name(path)

    @staticmethod
    def _paths(value: Any, path: FsPath, smap: SourceMap, key: str) -> list[_Include]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError.single(smap.locate((key,)), (key,), _TEXTS("not_a_list", name=key))
        out = []
        for i, item in enumerate(value):
            if packaged.is_packaged(item):
                out.append(_shipped(item, key, smap.locate((key, i)), (key, i)))
                continue
            if "\0" in item:
                raise ConfigError.single(smap.locate((key, i)), (key, i),
                                         _TEXTS("nul", item=item))
            if "\\" in item:  # Windows writes 'grants\kim-nrw.yaml'; elsewhere '\' is part of a name
                raise ConfigError.single(smap.locate((key, i)), (key, i),
                                         _TEXTS("backslash", item=item, fixed=item.replace(chr(92), "/")))
            candidate = FsPath(item)
            if candidate.is_absolute():
                raise ConfigError.single(smap.locate((key, i)), (key, i),
                                         _TEXTS("absolute", item=item, name=display_name(path)))
            out.append(_Include(path.parent / candidate))
        return out

    def _merge(self, into: dict, new: dict, sources: SourceMap, smap: SourceMap, path: Path,
               new_is_shipped: bool, kept: list[Path]) -> None:
        """Deep-merge mappings. The same leaf written in two of the district's files is an
        error. Where the district and the shipped data (``kimcost:NAME``) both write an entry,
        the district's replaces the shipped one whole, whichever was read first: an entry is
        a value under a date (a table, a rate set, an amount) or any value that is not a
        mapping; the mappings above the entries merge key by key (README, "Mitgelieferte
        Daten überschreiben")."""
        for key, value in new.items():
            here = path + (key,)
            if key not in into:
                into[key] = value
                continue
            first = sources.locate(here, key=True)
            old_is_shipped = first is not None and first.file in self._labels
            entry = isinstance(key, dt.date) or not (isinstance(into[key], dict) and isinstance(value, dict))
            if old_is_shipped != new_is_shipped and entry:
                if new_is_shipped:  # the district's entry was read first: it stays
                    kept.append(here)
                    self.overrides.append(Override(here, first, smap.locate(here, key=True)))
                else:
                    into[key] = value
                    _drop(sources, here)
                    self.overrides.append(Override(here, smap.locate(here, key=True), first))
                continue
            if isinstance(into[key], dict) and isinstance(value, dict):
                self._merge(into[key], value, sources, smap, here, new_is_shipped, kept)
                continue
            raise ConfigError.single(
                smap.locate(here, key=True), here, _TEXTS("already_set", first=first))


def _shipped(item: str, key: str, at: Location | None, path: Path) -> _Include:
    """``kimcost:NAME``: a file of the reference data shipped with kimcost."""
    name = item[len(packaged.PREFIX):]
    if key != "include":
        raise ConfigError.single(at, path, _TEXTS("shipped_root", item=item))
    entry = packaged.lookup(name)
    if entry is None:
        known = ", ".join(packaged.label(n) for n in packaged.names())
        raise ConfigError.single(at, path, _TEXTS("shipped_unknown", name=name, known=known))
    return _Include(packaged.path_of(entry), packaged.label(name))


def _prefixed(path: Path, prefixes: list[Path]) -> bool:
    return any(path[:len(p)] == p for p in prefixes)


def _without(smap: SourceMap, prefixes: list[Path]) -> SourceMap:
    """``smap`` without the entries at and below ``prefixes``."""
    out = SourceMap()
    out.values.update((p, w) for p, w in smap.values.items() if not _prefixed(p, prefixes))
    out.keys.update((p, w) for p, w in smap.keys.items() if not _prefixed(p, prefixes))
    out.scalars.update((p, w) for p, w in smap.scalars.items() if not _prefixed(p, prefixes))
    out.key_scalars.update((p, w) for p, w in smap.key_scalars.items() if not _prefixed(p, prefixes))
    return out


def _drop(sources: SourceMap, prefix: Path) -> None:
    """Forget where the entries at and below ``prefix`` were written (they are replaced)."""
    for table in (sources.values, sources.keys, sources.scalars, sources.key_scalars):
        for p in [p for p in table if _prefixed(p, [prefix])]:
            del table[p]


def _shifted(smap: SourceMap, section: str, offset: int) -> SourceMap:
    """``smap`` with the items of the list ``section`` renumbered from ``offset`` on."""
    out = SourceMap()
    # values and keys hold Locations, scalars and key_scalars Scalars
    pairs: tuple[tuple[dict[Path, Any], dict[Path, Any]], ...] = (
        (out.values, smap.values), (out.keys, smap.keys),
        (out.scalars, smap.scalars), (out.key_scalars, smap.key_scalars))
    for mine, theirs in pairs:
        for path, where in theirs.items():
            if len(path) >= 2 and path[0] == section and isinstance(path[1], int):
                path = (section, path[1] + offset) + path[2:]
            mine[path] = where
    return out


def _resolve(path: FsPath, at: Location | None, key: Path) -> FsPath:
    """``path.resolve()``; a path the system cannot resolve (a symlink loop, a name too long)
    is a configuration error at the place it was written."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        raise ConfigError.single(at, key, _TEXTS("path_unusable", name=display_name(path), reason=os_reason(exc))) from None


def _exists(path: FsPath) -> bool:
    """Whether ``path`` exists; when the system cannot tell, reading it will say why."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return True


def _is_below(path: FsPath, root: FsPath) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False
