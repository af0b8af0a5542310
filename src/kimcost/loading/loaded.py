"""What a run works from: the validated configuration, where each value was written, the
scenarios applied and the files that entered the figures."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path as FsPath
from typing import TYPE_CHECKING

from kimcost.configuration.errors import ConfigIssue, Location, Path
from kimcost.configuration.loader import Override
from kimcost.configuration.planning import Planned
from kimcost.configuration.schema import Configuration
from kimcost.configuration.source_map import SourceMap
from kimcost.loading.inputs import InputFile, fingerprint, manifest

if TYPE_CHECKING:  # imported by load_config only when a scenario is used
    from kimcost.scenarios.apply import AppliedScenario


@dataclass(frozen=True)
class LoadedConfig:
    """A validated configuration with the means to say where each value came from."""

    config: Configuration
    sources: SourceMap
    main_file: FsPath
    files: tuple[FsPath, ...]                 # every file read, as reached; no output may overwrite one
    inputs: tuple[InputFile, ...] = field(default=())
    # Scenarios applied in order, each with what it changed.
    scenarios: tuple[AppliedScenario, ...] = field(default=())
    # Names of the scenarios defined under 'scenarios:' in the configuration (applied or not).
    inline_scenarios: tuple[str, ...] = field(default=())
    # What the configuration's ``planning:`` added (None without one): ``config`` holds the
    # planned entries, ``planned.base`` the dated data alone.
    planned: Planned | None = field(default=None)

    @property
    def dated_config(self) -> Configuration:
        """The configuration without the entries planning created: the years it covers are
        the years that can be settled."""
        return self.planned.base if self.planned is not None else self.config
    # What is allowed but most likely a mistake (configuration.plausibility), in file order.
    warnings: tuple[ConfigIssue, ...] = field(default=())
    # Entries of the shipped data (kimcost:NAME) that the district's own files replace.
    overrides: tuple[Override, ...] = field(default=())

    @property
    def manifest(self) -> str:
        """``inputs`` as ``sha256sum`` lines (see ``kimcost.loading.inputs``)."""
        return manifest(self.inputs)

    @property
    def fingerprint(self) -> str:
        """The SHA-256 of ``manifest``: changes when any file that entered the figures does."""
        return fingerprint(self.inputs)

    @property
    def sha256(self) -> str:
        """The former name of ``fingerprint`` (it covered only the main file then)."""
        return self.fingerprint

    def locate(self, path: Path, *, key: bool = False) -> Location | None:
        """Where ``path`` was written (with ``key``: the line of its key, e.g. ``2026-01-01:``)."""
        return self.sources.locate(path, key=key)

    def locate_for_documents(self, path: Path) -> Location | None:
        """Like ``locate``, but the file relative to the main file's folder (``tariffs/…``),
        so documents do not depend on where the command ran or carry local folders."""
        return self.for_documents(self.locate(path))

    def for_documents(self, location: Location | None) -> Location | None:
        """``location`` with its file relative to the main file's folder (see above)."""
        if location is None:
            return None
        if location.file.startswith("kimcost:"):  # shipped data: named the same everywhere
            return location
        name = _document_name(os.getcwd(), str(self.main_file), location.file)
        return replace(location, file=name)  # a cell keeps its sheet


@lru_cache(maxsize=1024)
def _document_name(cwd: str, main_file: str, file: str) -> str:
    """``file`` relative to the main file's folder (else its bare name). Remembered: a
    state-scale workbook asks for it ~700 times over a handful of files, and each answer
    resolved two paths through the file system (~40 ms); the files do not move during a run
    (relative names are resolved against ``cwd``, part of the key)."""
    base = FsPath(main_file).resolve().parent
    candidate = FsPath(file)
    try:
        return candidate.resolve().relative_to(base).as_posix()
    except (ValueError, OSError, RuntimeError):
        return candidate.name
