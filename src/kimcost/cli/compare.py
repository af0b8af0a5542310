"""``kimcost compare``: the base and each scenario side by side, with the difference to the base."""

from __future__ import annotations

from pathlib import Path

import typer

from kimcost.cli.errors import reported_errors
from kimcost.cli.options import CONFIG, LANG, NO_WORKBOOK, OUTPUT, PUBLIC, WORKBOOK, Format, Lang, format_option
from kimcost.messages import Catalogue

TEXTS = Catalogue("cli.compare", {
    "order": ("das letzte Jahr {last} liegt vor dem ersten Jahr {first}",
              "the last year {last} is before the first year {first}"),
    "too_many": ("höchstens {count} Jahre lassen sich auf einmal vergleichen",
                 "at most {count} years can be compared at once"),
    "once": ("jedes --scenario darf nur einmal angegeben werden", "each --scenario may be given once"),
    "names": ("die Szenarien brauchen verschiedene Namen, und keines darf 'base' heißen",
              "the scenarios need distinct names other than 'base'"),
})


def compare(
    ctx: typer.Context,
    first: int = typer.Argument(..., min=1900, max=2100,
                                help="The (first) year to compare, e.g. 2027 (the budget year)."),
    last: int | None = typer.Argument(None, min=1900, max=2100,
                                         help="The last year of the period, e.g. 2030 (end of the medium-term plan); "
                                              "default: FIRST alone."),
    config: Path = CONFIG,
    scenario: list[str] = typer.Option(
        ..., "--scenario", "-s",
        help="A scenario to compare with the base (a name under 'scenarios:' in the configuration, or a scenario file); repeatable."),
    base_scenario: list[str] | None = typer.Option(
        None, "--base-scenario",
        help="A scenario applied to the base and to every column (e.g. planning assumptions for later years); repeatable."),
    out: Path | None = WORKBOOK,
    fmt: Format = format_option(),
    output: Path | None = OUTPUT,
    lang: Lang = LANG,
    no_workbook: bool = NO_WORKBOOK,
    public: bool = PUBLIC,
) -> None:
    """Compare FIRST (to LAST) under each scenario with the base, year by year and for the
    period: personnel and other costs, grant and own share per region, each municipality's
    share, the difference in € and %, and what each scenario changed."""
    from kimcost.cli.emit import emit
    from kimcost.engine import settle as settle_year
    from kimcost.engine.coverage import require_years
    from kimcost.engine.forecast import MAX_YEARS
    from kimcost.loading import load_config
    from kimcost.reports.compare import ComparisonReport
    from kimcost.reports.compare.diff import Column, compare as build
    from kimcost.reports.file_names import default_name
    from kimcost.reports.formats import Edition

    last = first if last is None else last
    if last < first:
        raise typer.BadParameter(TEXTS("order", last=last, first=first).render(lang), param_hint="LAST")
    if last - first + 1 > MAX_YEARS:
        raise typer.BadParameter(TEXTS("too_many", count=MAX_YEARS).render(lang), param_hint="LAST")
    years = range(first, last + 1)
    base_list = list(base_scenario or [])
    if len(set(scenario)) != len(scenario):
        raise typer.BadParameter(TEXTS("once").render(lang), param_hint="--scenario")
    columns: list[Column] = []
    for wanted in [None, *scenario]:
        with reported_errors(ctx):
            loaded = load_config(config, base_list + ([wanted] if wanted else []))
        with reported_errors(ctx, loaded):
            # every series that does not reach the whole range, at once (cli/missing.py)
            require_years(loaded.config, years[0], years[-1])
            results = tuple(settle_year(loaded.config, year) for year in years)
        added = tuple(loaded.scenarios[len(base_list):])
        if wanted is None:
            columns.append(Column("base", "", results, loaded, (), is_base=True))
        else:
            columns.append(Column(added[0].name, added[0].description, results, loaded, added,
                                  title=added[0].title))
    names = [c.id for c in columns[1:]]
    if len(set(names)) != len(names) or "base" in names:
        raise typer.BadParameter(TEXTS("names").render(lang), param_hint="--scenario")

    with reported_errors(ctx, columns[0].loaded):
        comparison = build(columns)
        report = ComparisonReport(comparison, Edition(lang.value, public=public))
        emit(report, fmt, lang=lang.value, loads=[c.loaded for c in columns], output=output, out=out,
             no_workbook=no_workbook, min_width=160,
             default_workbook=lambda: default_name("comparison", comparison.district,
                                                       (first,) if first == last else (first, last), lang.value))
