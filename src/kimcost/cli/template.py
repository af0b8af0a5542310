"""``kimcost template DIR``: empty tables for holders, advances and actual amounts, read by the
configuration's ``tables:`` (reports/templates). Like ``init``, it overwrites nothing: every
target is checked before the first byte is written, each file is written atomically, and a
failure part-way removes what this run wrote."""

from __future__ import annotations

from pathlib import Path

import typer

from kimcost.cli.errors import reported_errors
from kimcost.cli.new_files import write_new_files
from kimcost.cli.options import LANG, Lang
from kimcost.messages import Catalogue

TEXTS = Catalogue("cli.template", {
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
    write_new_files(folder, files, "template", lang_)
    typer.echo(TEXTS("snippet").render(lang_) + "\n" + tables_snippet(csv=False), nl=False)
