"""The files that entered a run's figures, and one fingerprint over all of them.

A figure depends on the main file, on every file it includes (a contribution rate in
``contributions/kvw.yaml`` changes a region's own share) and on every scenario file applied,
so the fingerprint covers them all. It is defined so anyone can check it without kimcost:
the manifest is written exactly as ``sha256sum`` writes its lines, ``HASH  PATH``, paths
relative to the main configuration's folder, in load order; the fingerprint is the SHA-256
of that text. In the main file's folder::

    sha256sum coesfeld.yaml contributions/kvw.yaml … | sha256sum

A file shipped with kimcost is named as it was included, ``kimcost:tvoed-sue``, the same on
every machine; ``kimcost data`` prints where it lies, so its line can be checked too.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path as FsPath, PurePath

# table: a spreadsheet or CSV file named under 'tables:' (holders, advances, actual amounts)
ROLES = ("configuration", "include", "scenario", "table")


@dataclass(frozen=True)
class InputFile:
    path: str    # relative to the main configuration's folder, '/'-separated, '../' where outside;
                 # kimcost:NAME for the shipped reference data
    sha256: str  # of the file's bytes as read
    role: str    # configuration (the main file) | include | scenario | table

    def manifest_line(self) -> str:
        # GNU sha256sum marks a name holding a backslash or a line break with a leading
        # backslash and escapes those characters, so its output stays one line per file.
        name = self.path
        if any(ch in name for ch in "\\\n\r"):
            name = name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
            return f"\\{self.sha256}  {name}\n"
        return f"{self.sha256}  {name}\n"


def relative_path(file: FsPath, folder: FsPath) -> str:
    """``file`` as written from ``folder`` (both resolved, so neither depends on the working
    directory): ``tariffs/tvoed-vka.yaml``, ``../examples/grant-ends.yaml``."""
    try:
        return PurePath(os.path.relpath(file.resolve(), folder.resolve())).as_posix()
    except (ValueError, OSError, RuntimeError):  # another drive; a path the system cannot resolve
        return file.as_posix()


def manifest(inputs: Iterable[InputFile]) -> str:
    return "".join(f.manifest_line() for f in inputs)


def fingerprint(inputs: Iterable[InputFile]) -> str:
    # surrogateescape: a file name that is not UTF-8 hashes as the bytes sha256sum prints
    return hashlib.sha256(manifest(inputs).encode("utf-8", "surrogateescape")).hexdigest()
