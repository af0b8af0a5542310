"""The options every reporting command shares for its outputs, turned into a publish request."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer

from kimcost.cli.errors import echo_err
from kimcost.cli.options import Format
from kimcost.messages import Catalogue

TEXTS = Catalogue("cli.emit", {
    "output_table": ("--output nimmt die JSON- oder CSV-Daten auf: verwenden Sie es mit --format json oder --format csv",
                     "--output takes the JSON or CSV data: use it with --format json or --format csv"),
    "no_format": ("dieser Befehl hat keine Ausgabe {format}; verwenden Sie eine von: {formats}",
                  "this command has no {format} output; use one of: {formats}"),
})


def run_progress(fmt: Format, output: Path | None, lang: str) -> Any:
    """The progress display of this run (reports/progress.py): on stderr, after a second,
    never on a pipe. The command names its phases (``with progress.phase("load"): …``) and
    hands it to ``emit``, which closes it."""
    from kimcost.reports.progress import Progress, shown_for

    return Progress(shown_for(fmt.value, output), lang)


def emit(report: Any, fmt: Format, *, lang: str, loads: Sequence[Any], output: Path | None, out: Path | None,
         no_workbook: bool, default_workbook: Callable[[], Path] | None, min_width: int = 140,
         progress: Any = None) -> None:
    """Write ``report`` to the terminal, stdout, ``--output`` and ``--out`` as asked; say on
    stderr which files were written. ``progress``: from ``run_progress``, closed here."""
    from kimcost.reports.console import report_console
    from kimcost.reports.labels import label
    from kimcost.reports.progress import NO_PROGRESS
    from kimcost.reports.publish import Request, publish

    progress = progress or NO_PROGRESS

    if output is not None and fmt is Format.table:
        progress.close()
        raise typer.BadParameter(TEXTS("output_table").render(lang), param_hint="--output")
    if not report.offers(fmt.value):
        progress.close()
        raise typer.BadParameter(TEXTS("no_format", format=fmt.value,
                                       formats=", ".join(n for n in report.formats if n != "xlsx")).render(lang),
                                 param_hint="--format")
    workbook = out
    if workbook is None and fmt is Format.table and not no_workbook and default_workbook is not None:
        workbook = default_workbook()
    console = report_console(min_width) if fmt is Format.table else None
    written = publish(report, Request(fmt.value, output, workbook), loads, console=console, progress=progress)
    for item in written:
        echo_err(f"{label('written_' + item.kind, lang)}: {item.path}")
