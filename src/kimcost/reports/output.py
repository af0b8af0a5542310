"""Safe output: refuse dangerous targets, write to a temporary file, move into place when done."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from kimcost.loading import LoadedConfig


class OutputError(Exception):
    """An output could not be written (disk, permissions, a file locked by another program)."""


def check_output_path(target: Path, loaded: LoadedConfig) -> None:
    """Refuse a folder, a missing folder, or any file the configuration was read from."""
    target = Path(target)
    if target.is_dir():
        raise OutputError(f"{target} is a folder; give a file name such as {target / 'abrechnung.xlsx'}")
    if not target.parent.exists() and str(target.parent) not in ("", "."):
        raise OutputError(f"the folder {target.parent} does not exist; create it first")
    resolved = target.resolve()
    for source in loaded.files:
        if source.resolve() == resolved or _same_file(source, target):
            raise OutputError(f"{target} is a configuration file (read for this run); refusing to overwrite it")


def _same_file(a: Path, b: Path) -> bool:
    """Also a hard link: two names, one file."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@contextlib.contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one step.

    On any failure the temporary file is removed and an earlier ``target`` is left intact.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); colleagues must be able to read the result
        os.chmod(tmp, _final_mode(target))
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(f"cannot replace {target}: {exc.strerror} (is it open in another program?); "
                              "the earlier file is unchanged") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _final_mode(target: Path) -> int:
    """Keep the permissions of the file being replaced; a new file gets the usual ones."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Run ``write(tmp_path)`` and move the result into place; map OS errors to ``OutputError``."""
    try:
        with atomic_target(target) as tmp:
            write(tmp)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}; any earlier file is unchanged") from None
