"""``kimcost settle``: the yearly settlement on the terminal, as JSON or CSV, and as a workbook."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from kimcost.cli.console import report_console
from kimcost.cli.errors import echo_err, reported_errors
from kimcost.cli.options import CONFIG, Format, LANG, Lang, SCENARIOS


def default_workbook_name(district: str, year: int, lang: str) -> Path:
    slug = "".join(ch if ch.isalnum() else "-" for ch in district.lower()).strip("-")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        slug = slug.replace(umlaut, plain)
    stem = "kim-abrechnung" if lang == "de" else "kim-settlement"
    return Path(f"{stem}-{year}-{slug}.xlsx")


def settle(
    ctx: typer.Context,
    year: int = typer.Argument(..., min=1900, max=2100, metavar="YEAR", help="The year to settle, e.g. 2023."),
    config: Path = CONFIG,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Workbook to write (.xlsx). Default for the table view: kim-abrechnung-YEAR-DISTRICT.xlsx."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (terminal), json or csv on stdout.", case_sensitive=False),
    lang: Lang = LANG,
    no_workbook: bool = typer.Option(False, "--no-workbook", help="Do not write a workbook (table view)."),
    csv_positions: bool = typer.Option(False, "--csv-positions", help="With --format csv: the post lines instead of the municipalities."),
    scenario: Optional[List[str]] = SCENARIOS,
) -> None:
    """Settle YEAR: costs, grant, own share and each municipality's share and balance."""
    from kimcost.loading import load_config
    from kimcost.engine import settle as settle_year

    with reported_errors(ctx):
        loaded = load_config(config, list(scenario or []))
    with reported_errors(ctx, loaded):
        result = settle_year(loaded.config, year)
        target = out
        if target is None and fmt is Format.table and not no_workbook:
            target = default_workbook_name(result.district, year, lang.value)
        if target is not None:
            from kimcost.reports.output import check_output_path
            check_output_path(target, loaded)
        if fmt is Format.json:
            from kimcost.reports.json_report import render_json
            typer.echo(render_json(result, loaded), nl=False)
        elif fmt is Format.csv:
            from kimcost.reports.csv_report import render_members_csv, render_positions_csv
            render = render_positions_csv if csv_positions else render_members_csv
            typer.echo(render(result, lang.value), nl=False)
        if target is not None:
            from kimcost.reports.workbook import write_workbook
            write_workbook(result, loaded, target, lang.value)
        if fmt is Format.table:
            from kimcost.reports.terminal import render_settlement
            from kimcost.reports.labels import label
            console = report_console()
            if loaded.scenarios:
                from kimcost.reports.compare.terminal import render_changes
                render_changes(console, loaded.scenarios, lang.value)
            render_settlement(console, result, loaded, lang.value)
            if target is not None:
                console.print(f"{label('workbook_written', lang.value)}: {target}")
        elif target is not None:
            echo_err(f"workbook written: {target}")
