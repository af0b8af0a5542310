"""Load a configuration: read the main file and its ``include:`` files, merge, validate.

Everything that can be found wrong is collected and raised as one ``ConfigError``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, Sequence

from pydantic import ValidationError

from kimcost.collector import collector_paused
from kimcost.configuration.consistency import check_consistency, check_partial
from kimcost.configuration.errors import ConfigError, ConfigIssue, Location, Path
from kimcost.configuration.pydantic_errors import translate_validation_error
from kimcost.configuration.schema import Configuration
from kimcost.configuration.source_map import SourceMap
from kimcost.configuration.yaml_source import read_config_bytes, read_yaml

INCLUDE_KEYS = ("include", "include_roots")
MAX_INCLUDES = 200


@dataclass(frozen=True)
class LoadedConfig:
    """A validated configuration with the means to say where each value came from."""

    config: Configuration
    sources: SourceMap
    main_file: FsPath
    files: tuple[FsPath, ...]
    sha256: str = field(default="")
    # Scenarios applied in order, each with what it changed (kimcost.scenarios.AppliedScenario).
    scenarios: tuple[Any, ...] = field(default=())
    # Names of the scenarios defined under 'scenarios:' in the configuration (applied or not).
    inline_scenarios: tuple[str, ...] = field(default=())

    def locate(self, path: Path, *, key: bool = False) -> Location | None:
        """Where ``path`` was written (with ``key``: the line of its key, e.g. ``2026-01-01:``)."""
        return self.sources.locate(path, key=key)

    def locate_for_documents(self, path: Path) -> Location | None:
        """Like ``locate``, but the file relative to the main file's folder (``tariffs/…``),
        so documents do not depend on where the command ran or carry local folders."""
        location = self.locate(path)
        if location is None:
            return None
        base = self.main_file.resolve().parent
        candidate = FsPath(location.file)
        try:
            relative = candidate.resolve().relative_to(base)
        except (ValueError, OSError, RuntimeError):
            return Location(candidate.name, location.line, location.column)
        return Location(relative.as_posix(), location.line, location.column)


def display_name(path: FsPath) -> str:
    """Paths in messages: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(FsPath.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # not below; or a symlink loop, a name too long
        return str(path)


def load_config(path: str | FsPath, scenarios: Sequence[str] = ()) -> LoadedConfig:
    """``scenarios``: names under the configuration's ``scenarios:`` key or scenario files
    (relative to the working directory), applied in order to the merged data before it is
    validated, so a scenario can never yield an invalid configuration silently."""
    main = FsPath(path)
    with collector_paused():  # validation builds many small objects without cycles
        reader = _IncludeReader(main)
        data, sources = reader.read_tree()
        inline = data.get("scenarios")
        inline_names = tuple(str(name) for name in inline) if isinstance(inline, dict) else ()
        applied: tuple = ()
        if scenarios or "scenarios" in data:
            # Imported only when needed (it builds its own models), which keeps plain runs fast.
            from kimcost.scenarios import apply_scenarios

            applied = apply_scenarios(data, sources, tuple(scenarios), config_name=display_name(main), display=display_name)
        model = _validate(data, sources)
    return LoadedConfig(
        config=model,
        sources=sources,
        main_file=main,
        files=tuple(reader.files) + tuple(s.file for s in applied if s.file is not None),
        sha256=hashlib.sha256(reader.main_bytes).hexdigest(),
        scenarios=applied,
        inline_scenarios=inline_names,
    )


def _validate(data: Any, sources: SourceMap) -> Configuration:
    try:
        model = Configuration.model_validate(data)
    except ValidationError as exc:
        schema_issues = translate_validation_error(exc, sources, Configuration)
        # cross references of the parts that are valid, reported in the same run
        raise ConfigError(schema_issues + check_partial(data, sources, schema_issues)) from None
    issues = check_consistency(model, sources)
    if issues:
        raise ConfigError(issues)
    return model


class _IncludeReader:
    def __init__(self, main: FsPath):
        self.main = main
        self.files: list[FsPath] = []
        self.main_bytes = b""
        self.roots: list[FsPath] = []

    def read_tree(self) -> tuple[dict, SourceMap]:
        if not self.main.exists():
            raise ConfigError.single(None, (), f"configuration file {display_name(self.main)} does not exist")
        if self.main.is_dir():
            raise ConfigError.single(None, (), f"{display_name(self.main)} is a folder; give the configuration's YAML file")
        self.roots = [_resolve(self.main, None, ()).parent]
        merged: dict = {}
        sources = SourceMap()
        self._read(self.main, merged, sources, (), None)
        return merged, sources

    def _read(self, path: FsPath, merged: dict, sources: SourceMap, stack: tuple[FsPath, ...],
              included_at: Location | None) -> None:
        resolved = _resolve(path, included_at, ("include",))
        if resolved in stack:
            chain = " -> ".join(display_name(p) for p in (*stack, resolved))
            raise ConfigError.single(included_at, ("include",), f"include cycle: {chain}; a file may not include itself")
        if resolved in (f.resolve() for f in self.files):
            raise ConfigError.single(included_at, ("include",),
                                     f"{display_name(path)} is included twice; include each file once")
        if len(self.files) >= MAX_INCLUDES:
            raise ConfigError.single(included_at, ("include",), f"more than {MAX_INCLUDES} included files")
        try:
            raw = read_config_bytes(path)
        except OSError as exc:
            raise ConfigError.single(included_at, ("include",),
                                     f"cannot read {display_name(path)}: {exc.strerror}") from None
        if not stack:
            self.main_bytes = raw
        self.files.append(path)
        name = display_name(path)
        data, smap = read_yaml(name, raw)
        if not isinstance(data, dict):
            raise ConfigError.single(smap.locate(()), (), "the file must hold a mapping of keys (such as 'regions:'), not a list or a single value")
        includes = data.pop("include", None)
        roots = data.pop("include_roots", None)
        if roots is not None:
            if stack:
                raise ConfigError.single(smap.locate(("include_roots",), key=True), ("include_roots",),
                                         "include_roots may only be set in the main configuration file")
            self.roots.extend(_resolve(root, smap.locate(("include_roots",)), ("include_roots",))
                              for root in self._paths(roots, path, smap, "include_roots"))
        child_paths = self._paths(includes, path, smap, "include") if includes is not None else []
        for i, child in enumerate(child_paths):
            if not any(_is_below(_resolve(child, smap.locate(("include", i)), ("include", i)), root) for root in self.roots):
                raise ConfigError.single(
                    smap.locate(("include", i)), ("include", i),
                    f"{display_name(child)} lies outside the configuration's folder; "
                    "move it below the main file's folder or list its folder under 'include_roots:'",
                )
        self._merge(merged, data, sources, smap, ())
        sources.update(smap)
        for i, child in enumerate(child_paths):
            if not _exists(child):
                raise ConfigError.single(smap.locate(("include", i)), ("include", i),
                                         f"included file {display_name(child)} does not exist; "
                                         "include paths are relative to the including file")
            self._read(child, merged, sources, (*stack, resolved), smap.locate(("include", i)))

    @staticmethod
    def _paths(value: Any, path: FsPath, smap: SourceMap, key: str) -> list[FsPath]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError.single(smap.locate((key,)), (key,), f"'{key}' must be a list of relative paths, e.g. ['tariffs/tvoed.yaml']")
        out = []
        for i, item in enumerate(value):
            if "\0" in item:
                raise ConfigError.single(smap.locate((key, i)), (key, i),
                                         f"{item!r} contains a NUL character; write a relative path such as 'tariffs/tvoed.yaml'")
            candidate = FsPath(item)
            if candidate.is_absolute():
                raise ConfigError.single(smap.locate((key, i)), (key, i),
                                         f"{item!r} is an absolute path; write it relative to {display_name(path)}")
            out.append(path.parent / candidate)
        return out

    def _merge(self, into: dict, new: dict, sources: SourceMap, smap: SourceMap, path: Path) -> None:
        """Deep-merge mappings; the same leaf written in two files is an error."""
        for key, value in new.items():
            here = path + (key,)
            if key not in into:
                into[key] = value
                continue
            if isinstance(into[key], dict) and isinstance(value, dict):
                self._merge(into[key], value, sources, smap, here)
                continue
            first = sources.locate(here, key=True)
            raise ConfigError.single(
                smap.locate(here, key=True), here,
                f"already set at {first}; each value is written in one file only",
            )


def _resolve(path: FsPath, at: Location | None, key: Path) -> FsPath:
    """``path.resolve()``; a path the system cannot resolve (a symlink loop, a name too long)
    is a configuration error at the place it was written."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError.single(at, key, f"cannot use the path {display_name(path)}: {reason}; "
                                          "write a relative path to an existing file") from None


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
