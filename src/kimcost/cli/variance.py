"""``kimcost variance``: why a share changed between two years (or a base and a scenario),
split into causes that add up to the difference exactly (issue 13)."""

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

TEXTS = Catalogue("cli.variance", {
    "both": ("geben Sie --region oder --member an, nicht beides", "give --region or --member, not both"),
    "same_year": ("zweimal dasselbe Jahr vergleicht nichts: geben Sie zwei Jahre an oder --against-scenario",
                  "the same year twice compares nothing: give two years, or --against-scenario"),
    "no_region": ("keine Region {name}{hint}", "no region {name}{hint}"),
    "no_member": ("keine Kommune {name}{hint}", "no member {name}{hint}"),
})


def variance(
    ctx: typer.Context,
    first: int = typer.Argument(..., min=1900, max=2100, metavar="FIRST", help="The year compared from, e.g. 2023."),
    second: int = typer.Argument(..., min=1900, max=2100, metavar="SECOND", help="The year compared to, e.g. 2024 (the same year with --against-scenario)."),
    config: Path = CONFIG,
    region: str | None = typer.Option(None, "--region", "-r", help="Only this region (its id)."),
    member: str | None = typer.Option(None, "--member", "-m", help="Only this municipality (its id) and its region."),
    scenario: list[str] | None = SCENARIOS,
    against: list[str] | None = typer.Option(
        None, "--against-scenario",
        help="A scenario applied to the SECOND side only (after any --scenario): base against scenario, "
             "e.g. 'variance 2025 2025 --against-scenario grant-ends'; repeatable."),
    out: Path | None = WORKBOOK,
    fmt: Format = format_option("table (terminal) or json on stdout"),
    output: Path | None = OUTPUT,
    lang: Lang = LANG,
    no_workbook: bool = NO_WORKBOOK,
    public: bool = PUBLIC,
) -> None:
    """Why the own share changed from FIRST to SECOND: per region and municipality, the difference
    in costs, grant and own share split into causes (occupancy, steps, pay tables, rates, grant,
    split …) that add up to it exactly, to the cent."""
    from kimcost.cli.emit import emit
    from kimcost.engine.variance import variance as decompose
    from kimcost.loading import load_config
    from kimcost.reports.file_names import default_name
    from kimcost.reports.formats import Edition
    from kimcost.reports.variance import VarianceReport, VarianceSubject
    from kimcost.suggestions import suggest

    if region is not None and member is not None:
        raise typer.BadParameter(TEXTS("both").render(lang), param_hint="--member")
    if first == second and not against:
        raise typer.BadParameter(TEXTS("same_year").render(lang), param_hint="SECOND")
    base = list(scenario or [])
    with reported_errors(ctx):
        loaded_first = load_config(config, base)
        loaded_second = load_config(config, base + list(against or [])) if against else loaded_first
    for wanted, known, option in ((region, list(loaded_second.config.regions), "--region"),
                                  (member, [m for r in loaded_second.config.regions.values() for m in r.members], "--member")):
        if wanted is not None and wanted not in known:
            raise typer.BadParameter(TEXTS("no_" + option[2:], name=repr(wanted), hint=suggest(wanted, known)).render(lang),
                                     param_hint=option)
    added = ", ".join(s.name for s in loaded_second.scenarios[len(base):])
    with reported_errors(ctx, loaded_second):
        result = decompose(loaded_first.config, first, loaded_second.config, second,
                           second_label=added)
        report = VarianceReport(VarianceSubject(result, loaded_first, loaded_second, region, member), Edition(lang.value, public=public))
        emit(report, fmt, lang=lang.value, loads=[loaded_first, loaded_second], output=output, out=out,
             no_workbook=no_workbook, min_width=160,
             default_workbook=lambda: default_name("variance", result.district, (first, second), lang.value))
