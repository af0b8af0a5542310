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

from kimcost.messages import DEFAULT_LANGUAGE, Catalogue, Text, render


class OutputError(Exception):
    """An output could not be written (disk, permissions, a file locked by another program).
    ``message``: a :class:`Text` worded in the command's language when shown (a plain str
    is shown as it is)."""

    def __init__(self, message: Text | str):
        self.message = message
        super().__init__(message)

    def text(self, lang: object = DEFAULT_LANGUAGE) -> str:
        return str(render(self.message, lang))

    def __str__(self) -> str:
        return self.text(DEFAULT_LANGUAGE)


TEXTS = Catalogue("reports.output", {
    "too_long": ("{option}: der Dateiname {name}… ist zu lang (höchstens {limit} Bytes); wählen Sie einen kürzeren "
                 "Namen",
                 "{option}: the file name {name}… is too long (at most {limit} bytes); choose a shorter name"),
    "unusable": ("{option} {target}: dieser Pfad ist nicht verwendbar: {reason}",
                 "{option} {target}: cannot use this path: {reason}"),
    "folder": ("{target} ist ein Ordner; geben Sie einen Dateinamen an, z. B. {example}",
               "{target} is a folder; give a file name such as {example}"),
    "not_regular": ("{target} ist keine gewöhnliche Datei (ein Gerät, eine FIFO oder ein Socket); kimcost schreibt nur "
                    "gewöhnliche Dateien: geben Sie einen Dateinamen an, z. B. abrechnung{suffix}",
                    "{target} is not a regular file (a device, a FIFO or a socket); kimcost writes only ordinary "
                    "files: give a file name such as abrechnung{suffix}"),
    "configuration": ("{target} ist eine Konfigurationsdatei (für diesen Lauf gelesen); sie wird nicht überschrieben",
                      "{target} is a configuration file (read for this run); refusing to overwrite it"),
    "suffix": ("{option} {target}: der Name muss auf {suffix} enden (z. B. {example})",
               "{option} {target}: the name must end in {suffix} (e.g. {example})"),
    "no_folder": ("den Ordner {folder} gibt es nicht; legen Sie ihn zuerst an",
                  "the folder {folder} does not exist; create it first"),
    "parent_not_folder": ("{folder} ist kein Ordner; geben Sie einen Dateinamen in einem vorhandenen Ordner an",
                          "{folder} is not a folder; give a file name in an existing folder"),
    "replace": ("{target} kann nicht ersetzt werden: {reason} (ist die Datei in einem anderen Programm geöffnet?); "
                "die bisherige Datei ist unverändert",
                "cannot replace {target}: {reason} (is it open in another program?); the earlier file is unchanged"),
    "write": ("{target} kann nicht geschrieben werden: {reason}; eine bisherige Datei ist unverändert",
              "cannot write {target}: {reason}; any earlier file is unchanged"),
})


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
        raise OutputError(TEXTS("too_long", option=option, name=target.name[:40], limit=MAX_NAME_BYTES - _TMP_RESERVE))
    try:
        real = target.resolve() if target.is_symlink() else target
        info = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(TEXTS("unusable", option=option, target=target, reason=exc.strerror)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(TEXTS("folder", target=target, example=target / ("abrechnung" + suffix)))
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(TEXTS("not_regular", target=target, suffix=suffix))
    resolved = real.resolve()
    for source in loaded.files:
        if source.resolve() == resolved or _same_file(source, real):
            raise OutputError(TEXTS("configuration", target=target))
    if target.suffix.lower() != suffix:
        hint = {".xlsx": "abrechnung.xlsx", ".json": "abrechnung.json", ".csv": "abrechnung.csv"}[suffix]
        raise OutputError(TEXTS("suffix", option=option, target=target, suffix=suffix, example=hint))
    folder = real.parent
    if not folder.exists() and str(folder) not in ("", "."):
        raise OutputError(TEXTS("no_folder", folder=folder))
    if not folder.is_dir() and str(folder) not in ("", "."):
        raise OutputError(TEXTS("parent_not_folder", folder=folder))
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
            raise OutputError(TEXTS("replace", target=target, reason=exc.strerror)) from None
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
        raise OutputError(TEXTS("write", target=target, reason=exc.strerror or exc)) from None
