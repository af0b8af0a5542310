"""``kimcost settle``: the yearly settlement on the terminal, as JSON or CSV, and as a workbook."""

from __future__ import annotations

from pathlib import Path

import typer

from kimcost.cli.errors import reported_errors
from kimcost.cli.options import (
    CONFIG,
    LANG,
    NO_WORKBOOK,
    OUTPUT,
    PUBLIC,
    SCENARIOS,
    WORKBOOK,
    Format,
    Lang,
    format_option,
)
from kimcost.messages import Catalogue

TEXTS = Catalogue("cli.settle", {
    "csv_positions": ("--csv-positions gehört zu --format csv", "--csv-positions goes with --format csv"),
})


def settle(
    ctx: typer.Context,
    year: int = typer.Argument(..., min=1900, max=2100, metavar="YEAR", help="The year to settle, e.g. 2023."),
    config: Path = CONFIG,
    out: Path | None = WORKBOOK,
    fmt: Format = format_option(),
    output: Path | None = OUTPUT,
    lang: Lang = LANG,
    no_workbook: bool = NO_WORKBOOK,
    csv_positions: bool = typer.Option(False, "--csv-positions", help="With --format csv: the post lines instead of the municipalities."),
    scenario: list[str] | None = SCENARIOS,
    public: bool = PUBLIC,
) -> None:
    """Settle YEAR: costs, grant, own share and each municipality's share and balance."""
    from kimcost.cli.emit import emit, run_progress
    from kimcost.configuration.advances import require_advances
    from kimcost.configuration.planning import refuse_planned
    from kimcost.engine import settle as settle_year
    from kimcost.loading import load_config
    from kimcost.reports.file_names import default_name
    from kimcost.reports.formats import Edition
    from kimcost.reports.settlement import SettlementReport, SettlementSubject

    if csv_positions and fmt is not Format.csv:
        raise typer.BadParameter(TEXTS("csv_positions").render(lang), param_hint="--csv-positions")
    progress = run_progress(fmt, output, lang.value)
    with reported_errors(ctx), progress.phase("load"):
        loaded = load_config(config, list(scenario or []))
    with reported_errors(ctx, loaded), progress.phase("settle"):
        result = settle_year(loaded.config, year)
        # A settlement is the final statement of a past year: never on planning assumptions
        # (README, "Planning assumptions"); refused before the advances are asked for.
        refuse_planned(loaded.planned, year, (path for path, _ in result.parameters_used))
        require_advances(loaded.config, loaded.sources, year, lang=lang.value)
        report = SettlementReport(SettlementSubject(result, loaded),
                                  Edition(lang.value, "positions" if csv_positions else None, public))
        emit(report, fmt, lang=lang.value, loads=[loaded], output=output, out=out, no_workbook=no_workbook,
             default_workbook=lambda: default_name("settlement", result.district, (year,), lang.value),
             progress=progress)
