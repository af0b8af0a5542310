"""``kimcost forecast``: one settlement per year for the budget and the medium-term plan,
with a proposal for the first year's advance payments."""

from __future__ import annotations

from pathlib import Path

import typer

from kimcost.cli.errors import echo_err, reported_errors
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

TEXTS = Catalogue("cli.forecast", {
    "order": ("das letzte Jahr {last} liegt vor dem ersten Jahr {first}",
              "the last year {last} is before the first year {first}"),
    "too_many": ("höchstens {count} Jahre lassen sich auf einmal vorausrechnen",
                 "at most {count} years can be forecast at once"),
    "yaml_suffix": ("--advances-yaml {target}: der Name muss auf .yaml enden (z. B. abschlaege.yaml)",
                    "--advances-yaml {target}: the name must end in .yaml (e.g. abschlaege.yaml)"),
    "yaml_same": ("--advances-yaml nennt dieselbe Datei wie --output oder --out ({target}); geben Sie zwei Namen an",
                  "--advances-yaml names the same file as --output or --out ({target}); give two names"),
})


def load_with_scenarios(config: Path, scenarios: list[str]):
    """Load the configuration with the named scenarios applied (issue 4's loader API)."""
    from kimcost.loading import load_config

    return load_config(config, scenarios) if scenarios else load_config(config)


def forecast(
    ctx: typer.Context,
    first: int = typer.Argument(..., min=1900, max=2100, help="First forecast year, e.g. 2025 (the budget year)."),
    last: int = typer.Argument(..., min=1900, max=2100, help="Last forecast year, e.g. 2028 (end of the medium-term plan)."),
    config: Path = CONFIG,
    scenario: list[str] | None = SCENARIOS,
    out: Path | None = WORKBOOK,
    fmt: Format = format_option(),
    output: Path | None = OUTPUT,
    lang: Lang = LANG,
    no_workbook: bool = NO_WORKBOOK,
    advances_yaml: Path | None = typer.Option(
        None, "--advances-yaml",
        help="Also write the advance proposal for FIRST in the configuration's 'advances' format to this file "
             "(.yaml), ready to paste under each region's 'advances:'."),
    public: bool = PUBLIC,
) -> None:
    """Forecast FIRST..LAST: per region costs, grant and own share, per municipality its share
    per year, and the proposed advance payments for FIRST in the configured instalments."""
    from kimcost.cli.emit import emit
    from kimcost.cli.missing import note_planning
    from kimcost.engine.forecast import MAX_YEARS, forecast as run_forecast
    from kimcost.reports.file_names import default_name
    from kimcost.reports.forecast import ForecastReport, ForecastSubject
    from kimcost.reports.formats import Edition

    if last < first:
        raise typer.BadParameter(TEXTS("order", last=last, first=first).render(lang), param_hint="LAST")
    if last - first + 1 > MAX_YEARS:
        raise typer.BadParameter(TEXTS("too_many", count=MAX_YEARS).render(lang), param_hint="LAST")
    with reported_errors(ctx):
        loaded = load_with_scenarios(config, list(scenario or []))
    with reported_errors(ctx, loaded):
        # Years the data does not reach: every series at once, with the remedy (cli/missing.py).
        result = run_forecast(loaded.config, first, last)
        report = ForecastReport(ForecastSubject(result, loaded), Edition(lang.value, public=public))
        proposal = _advances_target(advances_yaml, loaded, [output, out])
        emit(report, fmt, lang=lang.value, loads=[loaded], output=output, out=out, no_workbook=no_workbook,
             default_workbook=lambda: default_name("forecast", result.settlements[0].district, (first, last), lang.value))
        if proposal is not None and advances_yaml is not None:  # a proposal only for --advances-yaml
            _write_advances(proposal, advances_yaml, result, lang.value)
        note_planning(loaded, result.settlements, lang.value)


def _advances_target(target: Path | None, loaded, others: list) -> Path | None:
    """``--advances-yaml`` checked before anything is written (reports/output.py's rules)."""
    from kimcost.reports.output import OutputError, check_output_path

    if target is None:
        return None
    suffix = target.suffix.lower()
    if suffix not in (".yaml", ".yml"):
        raise OutputError(TEXTS("yaml_suffix", target=target))
    if any(o is not None and Path(o).resolve() == target.resolve() for o in others):
        raise OutputError(TEXTS("yaml_same", target=target))
    return check_output_path(target, loaded, suffix=suffix, option="--advances-yaml")


def _write_advances(real: Path, shown: Path, result, lang: str) -> None:
    from kimcost.reports.forecast.advances_yaml import advances_yaml
    from kimcost.reports.labels import label
    from kimcost.reports.output import write_atomically

    data = advances_yaml(result, result.settlements[0].district, lang)
    write_atomically(real, lambda tmp: tmp.write_bytes(data))
    echo_err(f"{label('advances_yaml_written', lang)}: {shown}")
