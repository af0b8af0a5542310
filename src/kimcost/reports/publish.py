"""Where a report's output goes, decided once for every command.

- ``--format table``: the terminal view on stdout, and (unless ``--no-workbook``) a workbook.
- ``--format json|csv``: the data as UTF-8 bytes, whatever the console's encoding (a
  redirected stdout on Windows is cp1252), on stdout or with ``--output FILE`` in a file.
- ``--out FILE.xlsx``: the workbook, with any format.

Every target is checked before anything is written (``output.check_output_path``); files
are written to a temporary file and moved into place when complete. Everything is rendered
before the first byte is written, so an error never leaves half the outputs behind.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kimcost.messages import Catalogue
from kimcost.reports.formats import Report, StreamFormat, TerminalFormat, WorkbookFormat
from kimcost.reports.output import OutputError, check_output_path, write_atomically
from kimcost.reports.progress import NO_PROGRESS, Progress

TEXTS = Catalogue("reports.publish", {
    "same_file": ("--output und --out nennen dieselbe Datei {name}; geben Sie zwei Namen an",
                  "--output and --out name the same file {name}; give two names"),
    "pipe_closed": ("die Standardausgabe wurde geschlossen, bevor alle Daten geschrieben waren (eine Pipe, deren "
                    "Leser vorzeitig endete)",
                    "standard output was closed before all data was written (a pipe whose reader ended early)"),
    "stdout": ("in die Standardausgabe kann nicht geschrieben werden: {reason}",
               "cannot write to standard output: {reason}"),
    "disk_full": ("der Datenträger ist voll", "the disk is full"),
})


@dataclass(frozen=True)
class Request:
    format: str = "table"            # table, json or csv
    output: Path | None = None       # --output: the JSON or CSV file (default: stdout)
    workbook: Path | None = None     # --out, or the default name for the table view


@dataclass(frozen=True)
class Written:
    kind: str                        # "workbook" or the stream format's name
    path: Path


def publish(report: Report, request: Request, loads: Sequence[Any], *, console: Any = None,
            stdout: IO[bytes] | None = None, progress: Progress = NO_PROGRESS) -> list[Written]:
    """Write ``report`` as ``request`` asks; ``loads``: the loaded configurations the report
    was computed from (none of their files may be overwritten). Returns what was written to
    files; the caller says so on stderr. ``progress`` is told each phase and closed before
    anything goes to stdout or the terminal."""
    try:
        return _publish(report, request, loads, console, stdout, progress)
    finally:
        progress.close()


def _publish(report: Report, request: Request, loads: Sequence[Any], console: Any, stdout: IO[bytes] | None,
             progress: Progress) -> list[Written]:
    stream_target = workbook_target = None
    stream: StreamFormat | None = None
    if request.format != "table":
        chosen = report.format(request.format)
        assert isinstance(chosen, StreamFormat)
        stream = chosen
        if request.output is not None:
            stream_target = _checked(request.output, loads, stream.suffix, "--output")
    if request.workbook is not None:
        workbook_target = _checked(request.workbook, loads, ".xlsx", "--out")
        if stream_target is not None and stream_target.resolve() == workbook_target.resolve():
            raise OutputError(TEXTS("same_file", name=request.output))

    # Render everything first: an error here leaves every earlier file as it was.
    progress.enter("render")
    data = stream.encode() if stream is not None else None
    terminal = None
    if request.format == "table" and console is not None:
        view = report.format("table")
        assert isinstance(view, TerminalFormat)
        terminal = list(view.renderables())
    save: Callable[[Path], None] | None = None
    if workbook_target is not None:
        progress.enter("workbook")
        save = _workbook_saver(report)

    written: list[Written] = []
    if save is not None and workbook_target is not None:
        progress.enter("save")
        write_atomically(workbook_target, save)
        written.append(Written("workbook", request.workbook or workbook_target))
    progress.close()
    if data is not None:
        if stream_target is not None:
            write_atomically(stream_target, lambda tmp: tmp.write_bytes(data))
            written.append(Written(request.format, request.output or stream_target))
        else:
            write_stdout(data, stdout)
    if terminal is not None:
        for item in terminal:
            console.print(item)
    return written


def _checked(target: Path, loads: Sequence[Any], suffix: str, option: str) -> Path:
    real = target
    for loaded in loads:
        real = check_output_path(target, loaded, suffix=suffix, option=option)
    return real


def _workbook_saver(report: Report) -> Callable[[Path], None]:
    from kimcost.reports.xlsx.determinism import calculation_moment, save_reproducibly

    moment = calculation_moment()
    fmt = report.format("xlsx")
    assert isinstance(fmt, WorkbookFormat)
    workbook = fmt.build(moment)

    def save(tmp: Path) -> None:
        save_reproducibly(workbook, tmp, moment)
    return save


def write_stdout(data: bytes, stream: IO[bytes] | None = None) -> None:
    """The bytes as they are, not through the console's text encoding; a full disk or a
    closed pipe is an ``OutputError`` (exit 1), not a bug."""
    target = stream if stream is not None else sys.stdout.buffer
    try:
        target.write(data)
        target.flush()
    except BrokenPipeError:
        _silence(target)
        raise OutputError(TEXTS("pipe_closed")) from None
    except OSError as exc:
        reason = TEXTS("disk_full") if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise OutputError(TEXTS("stdout", reason=reason)) from None


def _silence(stream: IO[bytes]) -> None:
    """After a closed pipe, point the descriptor at the null device, so the interpreter's own
    flush at exit does not fail a second time."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass
