"""``kimcost compare``: the base and each scenario side by side, with the difference to the base."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from kimcost.cli.console import report_console
from kimcost.cli.errors import echo_err, reported_errors
from kimcost.cli.options import CONFIG, LANG, Format, Lang


def default_comparison_name(district: str, year: int, lang: str) -> Path:
    from kimcost.cli.settle import default_workbook_name

    stem = "kim-vergleich" if lang == "de" else "kim-comparison"
    settle_name = default_workbook_name(district, year, lang).name
    return Path(stem + settle_name[settle_name.index(f"-{year}-"):])


def compare(
    ctx: typer.Context,
    year: int = typer.Argument(..., min=1900, max=2100, help="The year to compare, e.g. 2025."),
    config: Path = CONFIG,
    scenario: List[str] = typer.Option(
        ..., "--scenario", "-s",
        help="A scenario to compare with the base (a name under 'scenarios:' in the configuration, or a scenario file); repeatable."),
    base_scenario: Optional[List[str]] = typer.Option(
        None, "--base-scenario",
        help="A scenario applied to the base and to every column (e.g. planning assumptions for later years); repeatable."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Workbook to write (.xlsx). Default for the table view: kim-vergleich-YEAR-DISTRICT.xlsx."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (terminal), json or csv on stdout.", case_sensitive=False),
    lang: Lang = LANG,
    no_workbook: bool = typer.Option(False, "--no-workbook", help="Do not write a workbook (table view)."),
) -> None:
    """Compare YEAR under each scenario with the base: costs, grant and own share per region,
    each municipality's share, the difference in € and %, and what each scenario changed."""
    from kimcost.loading import load_config
    from kimcost.engine import settle as settle_year
    from kimcost.reports.compare.diff import Column, compare as build

    base_list = list(base_scenario or [])
    if len(set(scenario)) != len(scenario):
        raise typer.BadParameter("each --scenario may be given once", param_hint="--scenario")
    columns: list[Column] = []
    for wanted in [None, *scenario]:
        with reported_errors(ctx):
            loaded = load_config(config, base_list + ([wanted] if wanted else []))
        with reported_errors(ctx, loaded):
            result = settle_year(loaded.config, year)
        added = tuple(loaded.scenarios[len(base_list):])
        if wanted is None:
            columns.append(Column("base", "", result, loaded, (), is_base=True))
        else:
            columns.append(Column(added[0].name, added[0].description, result, loaded, added))
    names = [c.id for c in columns[1:]]
    if len(set(names)) != len(names) or "base" in names:
        raise typer.BadParameter("the scenarios need distinct names other than 'base'", param_hint="--scenario")

    with reported_errors(ctx, columns[0].loaded):
        comparison = build(columns)
        target = out
        if target is None and fmt is Format.table and not no_workbook:
            target = default_comparison_name(comparison.district, year, lang.value)
        if target is not None:
            from kimcost.reports.output import check_output_path
            for column in columns:
                check_output_path(target, column.loaded)
        if fmt is Format.json:
            from kimcost.reports.compare.export import render_comparison_json
            typer.echo(render_comparison_json(comparison), nl=False)
        elif fmt is Format.csv:
            from kimcost.reports.compare.export import render_comparison_csv
            typer.echo(render_comparison_csv(comparison, lang.value), nl=False)
        if target is not None:
            from kimcost.reports.compare.workbook import write_comparison_workbook
            write_comparison_workbook(comparison, target, lang.value)
        if fmt is Format.table:
            from kimcost.reports.compare.terminal import render_comparison
            from kimcost.reports.labels import label
            console = report_console(min_width=160)
            render_comparison(console, comparison, lang.value)
            if target is not None:
                console.print(f"{label('workbook_written', lang.value)}: {target}")
        elif target is not None:
            echo_err(f"workbook written: {target}")
