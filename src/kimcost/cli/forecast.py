"""``kimcost forecast``: one settlement per year for the budget and the medium-term plan,
with a proposal for the first year's advance payments."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from kimcost.cli.console import report_console
from kimcost.cli.errors import EXIT_CONFIG, echo_err, reported_errors
from kimcost.cli.options import CONFIG, Format, LANG, Lang, SCENARIOS


def default_forecast_name(district: str, first: int, last: int, lang: str) -> Path:
    slug = district.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        slug = slug.replace(umlaut, plain)
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in slug).strip("-")
    stem = "kim-prognose" if lang == "de" else "kim-forecast"
    return Path(f"{stem}-{first}-{last}-{slug}.xlsx")


def load_with_scenarios(config: Path, scenarios: list[str]):
    """Load the configuration with the named scenarios applied (issue 4's loader API)."""
    from kimcost.loading import load_config

    return load_config(config, scenarios) if scenarios else load_config(config)


def report_missing_years(exc, loaded, lang: str) -> None:
    """Every data series that ends before the last forecast year, each with file:line."""
    from kimcost.configuration.errors import ConfigIssue
    from kimcost.reports.labels import label

    for problem in exc.problems:
        error = problem.error
        issue = ConfigIssue(loaded.locate(error.path, key=True), error.path, f"forecast year {problem.year}: {error.message}")
        echo_err(f"error: {issue}")
    covered = exc.covered_until
    echo_err(label("data_covers", lang).format(year=covered) if covered else label("data_covers_none", lang))
    echo_err(label("forecast_missing", lang))


def forecast(
    ctx: typer.Context,
    first: int = typer.Argument(..., min=1900, max=2100, help="First forecast year, e.g. 2025 (the budget year)."),
    last: int = typer.Argument(..., min=1900, max=2100, help="Last forecast year, e.g. 2028 (end of the medium-term plan)."),
    config: Path = CONFIG,
    scenario: Optional[List[str]] = SCENARIOS,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Workbook to write (.xlsx). Default for the table view: kim-prognose-FIRST-LAST-DISTRICT.xlsx."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (terminal), json or csv on stdout.", case_sensitive=False),
    lang: Lang = LANG,
    no_workbook: bool = typer.Option(False, "--no-workbook", help="Do not write a workbook (table view)."),
) -> None:
    """Forecast FIRST..LAST: per region costs, grant and own share, per municipality its share
    per year, and the proposed advance payments for FIRST in the configured instalments."""
    from kimcost.engine.forecast import MAX_YEARS, ForecastDataMissing
    from kimcost.engine.forecast import forecast as run_forecast

    if last < first:
        raise typer.BadParameter(f"the last year {last} is before the first year {first}", param_hint="LAST")
    if last - first + 1 > MAX_YEARS:
        raise typer.BadParameter(f"at most {MAX_YEARS} years can be forecast at once", param_hint="LAST")
    with reported_errors(ctx):
        loaded = load_with_scenarios(config, list(scenario or []))
    with reported_errors(ctx, loaded):
        try:
            result = run_forecast(loaded.config, first, last)
        except ForecastDataMissing as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            report_missing_years(exc, loaded, lang.value)
            raise typer.Exit(EXIT_CONFIG) from None
        target = out
        if target is None and fmt is Format.table and not no_workbook:
            target = default_forecast_name(result.settlements[0].district, first, last, lang.value)
        if target is not None:
            from kimcost.reports.output import check_output_path
            check_output_path(target, loaded)
        if fmt is Format.json:
            from kimcost.reports.forecast import render_json
            typer.echo(render_json(result, loaded), nl=False)
        elif fmt is Format.csv:
            from kimcost.reports.forecast import render_csv
            typer.echo(render_csv(result, lang.value), nl=False)
        if target is not None:
            from kimcost.reports.forecast_workbook import write_forecast_workbook
            write_forecast_workbook(result, loaded, target, lang.value)
        if fmt is Format.table:
            from kimcost.reports.forecast import render_forecast
            from kimcost.reports.labels import label
            console = report_console()
            render_forecast(console, result, loaded, lang.value)
            if target is not None:
                console.print(f"{label('workbook_written', lang.value)}: {target}")
        elif target is not None:
            echo_err(f"workbook written: {target}")
