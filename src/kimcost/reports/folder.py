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

from kimcost.messages import Catalogue
from kimcost.reports.formats import DocumentsFormat, Report
from kimcost.reports.output import OutputError, atomic_target, check_output_path
from kimcost.reports.publish import Written

TEXTS = Catalogue("reports.folder", {
    "missing": ("{option} {folder}: den Ordner gibt es nicht; legen Sie ihn zuerst an",
                "{option} {folder}: the folder does not exist; create it first"),
    "not_folder": ("{option} {folder}: kein Ordner; geben Sie den Ordner an, in den die Briefe geschrieben werden",
                   "{option} {folder}: not a folder; give the folder the letters are written to"),
    "same_name": ("zwei Dokumente bekämen denselben Namen {names}; benennen Sie die id der Kommune um",
                  "two documents would have the same name {names}; rename the municipality id"),
    "write": ("in {folder} kann nicht geschrieben werden: {reason}; keine Datei wurde geändert",
              "cannot write into {folder}: {reason}; no file was changed"),
})


def check_folder(folder: Path, option: str = "--out") -> Path:
    folder = Path(folder)
    if not folder.exists():
        raise OutputError(TEXTS("missing", option=option, folder=folder))
    if not folder.is_dir():
        raise OutputError(TEXTS("not_folder", option=option, folder=folder))
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
        raise OutputError(TEXTS("same_name", names=", ".join(twice)))
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
        raise OutputError(TEXTS("write", folder=folder, reason=exc.strerror or exc)) from None
    return [Written(d.kind, folder / d.name) for d in documents]


def _write(path: Path, data: bytes) -> None:
    # on the disk before it is moved into place, as the workbook is (determinism.save_reproducibly)
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
