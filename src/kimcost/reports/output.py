"""Safe output: refuse dangerous targets, write to a temporary file, move into place when done."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path


class OutputError(Exception):
    """An output could not be written (disk, permissions, a file locked by another program)."""


MAX_NAME_BYTES = 255  # the limit of ext4, NTFS, APFS for one name
_TMP_RESERVE = 22  # ".kimcost-", ".XXXXXXXX.tmp" around the name of the temporary file


def check_output_path(target: Path, loaded, *, suffix: str = ".xlsx", option: str = "--out") -> Path:
    """The file to write for ``target``, or ``OutputError`` before anything is written.

    Accepted: a regular file (replaced) or a new name in an existing folder, ending in
    ``suffix``. Refused: another suffix (``--format json --out result.json`` would otherwise
    get a workbook under a JSON name), a folder, a device such as ``/dev/null``, a FIFO, a
    socket, a name too long for the file system, and any file the configuration was read
    from. A symbolic link is followed: its target must pass the same checks.
    """
    target = Path(target)
    if len(target.name.encode("utf-8")) + _TMP_RESERVE > MAX_NAME_BYTES:
        raise OutputError(f"{option}: the file name {target.name[:40]}… is too long "
                          f"(at most {MAX_NAME_BYTES - _TMP_RESERVE} bytes); choose a shorter name")
    try:
        real = target.resolve() if target.is_symlink() else target
        info = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{option} {target}: cannot use this path: {exc.strerror}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{target} is a folder; give a file name such as {target / ('abrechnung' + suffix)}")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{target} is not a regular file (a device, a FIFO or a socket); "
                          f"kimcost writes only ordinary files: give a file name such as abrechnung{suffix}")
    resolved = real.resolve()
    for source in loaded.files:
        if source.resolve() == resolved or _same_file(source, real):
            raise OutputError(f"{target} is a configuration file (read for this run); refusing to overwrite it")
    if target.suffix.lower() != suffix:
        hint = {".xlsx": "abrechnung.xlsx", ".json": "abrechnung.json", ".csv": "abrechnung.csv"}[suffix]
        raise OutputError(f"{option} {target}: the name must end in {suffix} (e.g. {hint})")
    folder = real.parent
    if not folder.exists() and str(folder) not in ("", "."):
        raise OutputError(f"the folder {folder} does not exist; create it first")
    if not folder.is_dir() and str(folder) not in ("", "."):
        raise OutputError(f"{folder} is not a folder; give a file name in an existing folder")
    return real


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
    remove_stale_temporaries(folder)
    fd, tmp_name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{target.name}.", suffix=TMP_SUFFIX, dir=folder)
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


# ".kimcost-abrechnung.xlsx.k3j9_x2a.tmp": a kimcost temporary file (mkstemp adds 8 characters)
TMP_PREFIX = ".kimcost-"
TMP_SUFFIX = ".tmp"
_TMP_NAME = re.compile(r"^\.kimcost-.+\.[A-Za-z0-9_]{8}\.tmp$")
STALE_AFTER_SECONDS = 6 * 3600  # far longer than any run takes; a younger file may be another run's


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Temporary files of runs that were killed (SIGKILL, power loss) before they could clean
    up: those of kimcost's naming pattern, regular files, older than ``STALE_AFTER_SECONDS``."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _TMP_NAME.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_AFTER_SECONDS:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _final_mode(target: Path) -> int:
    """Keep the permissions of the file being replaced; a new file gets the usual ones."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Run ``write(tmp_path)`` and move the result into place; map OS errors to ``OutputError``."""
    try:
        with atomic_target(target) as tmp:
            write(tmp)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}; any earlier file is unchanged") from None
