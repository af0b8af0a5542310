"""Write a report's documents (``DocumentsFormat``) into a folder: all of them or none.

The folder must exist (kimcost creates no folders: a typing error would otherwise scatter
letters into a new one). Every target is checked as a single output is (regular files only,
the suffix, never a configuration file). Every document is rendered first, then written to a
temporary file beside its target; only when all are written are they moved into place, so an
error leaves every earlier file as it was and no half-written letter behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kimcost.reports.formats import DocumentsFormat, Report
from kimcost.reports.output import OutputError, atomic_target, check_output_path
from kimcost.reports.publish import Written


def check_folder(folder: Path, option: str = "--out") -> Path:
    folder = Path(folder)
    if not folder.exists():
        raise OutputError(f"{option} {folder}: the folder does not exist; create it first")
    if not folder.is_dir():
        raise OutputError(f"{option} {folder}: not a folder; give the folder the letters are written to")
    return folder


def publish_documents(report: Report, folder: Path, loads: Sequence[Any], moment: dt.datetime,
                      *, format_name: str = "pdf", option: str = "--out") -> list[Written]:
    """Write every document of ``report`` into ``folder``; returns what was written, in order."""
    folder = check_folder(folder, option)
    fmt = report.format(format_name)
    assert isinstance(fmt, DocumentsFormat)
    documents = fmt.documents(moment)
    names = [d.name for d in documents]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise OutputError(f"two documents would have the same name {', '.join(twice)}; rename the municipality id")
    targets = []
    for document in documents:
        target = folder / document.name
        for loaded in loads:
            target = check_output_path(target, loaded, suffix=fmt.suffix, option=option)
        targets.append(target)
    try:
        with contextlib.ExitStack() as stack:
            # each context moves its file into place as the stack closes without an error
            for target, document in zip(targets, documents):
                _write(stack.enter_context(atomic_target(target)), document.data)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write into {folder}: {exc.strerror or exc}; no file was changed") from None
    return [Written(d.kind, folder / d.name) for d in documents]


def _write(path: Path, data: bytes) -> None:
    # on the disk before it is moved into place, as the workbook is (determinism.save_reproducibly)
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
