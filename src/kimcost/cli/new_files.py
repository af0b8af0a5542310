"""Writing new files into a folder, for ``kimcost init`` and ``kimcost template``: they never
overwrite anything. Every target is checked before the first byte is written, each file is
written atomically, and a failure part-way removes what this run wrote, so the folder is left
as it was."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import typer

from kimcost.cli.errors import echo_err, error_line
from kimcost.messages import Catalogue

TEXTS = Catalogue("cli.new_files", {
    "not_folder": ("{folder} gibt es und ist kein Ordner; es wurde nichts geschrieben",
                   "{folder} exists and is not a folder; nothing was written"),
    "exist": ("{files} gibt es schon; kimcost {command} überschreibt nichts. Wählen Sie einen anderen Ordner oder "
              "entfernen Sie die Dateien; es wurde nichts geschrieben",
              "{files} already exist(s); kimcost {command} overwrites nothing. Choose another folder or remove the "
              "files; nothing was written"),
    "failed": ("{reason}; es wurde nichts geschrieben", "{reason}; nothing was written"),
    "written": ("geschrieben: {path}", "written: {path}"),
})


def write_new_files(folder: Path, files: Mapping[Path, Callable[[Path], None]], command: str, lang: str) -> None:
    """Write each file (``write`` fills a temporary path) or none; exit 1 with the reason when
    a target exists or a write fails. Names each file written on stdout."""
    from kimcost.reports.output import OutputError, write_atomically

    if folder.exists() and not folder.is_dir():
        echo_err(error_line(TEXTS("not_folder", folder=folder), lang), lang)
        raise typer.Exit(1)
    existing = [str(p) for p in files if p.exists() or p.is_symlink()]
    if existing:
        echo_err(error_line(TEXTS("exist", files=", ".join(existing), command=command), lang), lang)
        raise typer.Exit(1)
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, write in files.items():
            write_atomically(path, write)
            written.append(path)
    except (OutputError, OSError) as exc:
        for path in written:
            path.unlink(missing_ok=True)
        reason = exc.text(lang) if isinstance(exc, OutputError) else str(exc)
        echo_err(error_line(TEXTS("failed", reason=reason), lang), lang)
        raise typer.Exit(1) from None
    for path in files:
        typer.echo(TEXTS("written", path=path).render(lang))
