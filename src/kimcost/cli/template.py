"""``kimcost template DIR``: empty tables for holders, advances and actual amounts, read by the
configuration's ``tables:`` (reports/templates). Like ``init``, it overwrites nothing: every
target is checked before the first byte is written, each file is written atomically, and a
failure part-way removes what this run wrote."""

from __future__ import annotations

from pathlib import Path

import typer

from kimcost.cli.errors import echo_err, error_line, reported_errors
from kimcost.cli.options import LANG, Lang
from kimcost.messages import Catalogue

TEXTS = Catalogue("cli.template", {
    "not_folder": ("{folder} gibt es und ist kein Ordner; es wurde nichts geschrieben",
                   "{folder} exists and is not a folder; nothing was written"),
    "exist": ("{files} gibt es schon; kimcost template überschreibt nichts. Wählen Sie einen anderen Ordner oder "
              "entfernen Sie die Dateien; es wurde nichts geschrieben",
              "{files} already exist(s); kimcost template overwrites nothing. Choose another folder or remove the "
              "files; nothing was written"),
    "failed": ("{reason}; es wurde nichts geschrieben", "{reason}; nothing was written"),
    "written": ("geschrieben: {path}", "written: {path}"),
    "snippet": ("In die Konfiguration (Pfade relativ zu ihr):", "For the configuration (paths relative to it):"),
})


def template(
    ctx: typer.Context,
    folder: Path = typer.Argument(..., help="Folder for the templates; created if missing."),
    config: Path | None = typer.Option(
        None, "--config", "-c",
        help="A configuration whose posts, regions, members and grades the drop-downs offer; "
             "without it, the grades of the shipped pay tables."),
    csv: bool = typer.Option(False, "--csv", help="Also write the CSV header files (stellen.csv, abschlaege.csv, ist.csv)."),
    lang: Lang = LANG,
) -> None:
    """Write empty tables for the configuration's tables: (FOLDER/stellen.xlsx, abschlaege.xlsx,
    ist.xlsx): headers, an example row the reader skips, date and number formats, drop-downs
    for posts, regions, members and grades. Never overwrites a file."""
    from kimcost.reports.output import OutputError, write_atomically
    from kimcost.reports.templates import from_config, shipped, tables_snippet, template_files

    lang_ = lang.value

    if config is not None:
        from kimcost.loading import display_name, load_config

        with reported_errors(ctx):
            loaded = load_config(config)
        choices = from_config(loaded.config, display_name(config))
    else:
        choices = shipped()
    files = template_files(folder, choices, csv=csv)
    if folder.exists() and not folder.is_dir():
        echo_err(error_line(TEXTS("not_folder", folder=folder), lang_), lang_)
        raise typer.Exit(1)
    existing = [str(p) for p in files if p.exists() or p.is_symlink()]
    if existing:
        echo_err(error_line(TEXTS("exist", files=", ".join(existing)), lang_), lang_)
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
        reason = exc.text(lang_) if isinstance(exc, OutputError) else str(exc)
        echo_err(error_line(TEXTS("failed", reason=reason), lang_), lang_)
        raise typer.Exit(1) from None
    for path in files:
        typer.echo(TEXTS("written", path=path).render(lang_))
    typer.echo(TEXTS("snippet").render(lang_) + "\n" + tables_snippet(csv=False), nl=False)
