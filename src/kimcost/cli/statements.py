"""``kimcost statements``: the settlement of a year as letters, one PDF per paying member and
one with all of them for printing."""

from __future__ import annotations

from pathlib import Path

import typer

from kimcost.cli.errors import echo_err, reported_errors
from kimcost.cli.options import CONFIG, LANG, PUBLIC, Lang

FOLDER = typer.Option(..., "--out", "-o", help="The folder the letters are written to (it must exist): "
                      "<municipality id>.pdf per letter and one PDF with all letters for printing.",
                      file_okay=False)


def statements(
    ctx: typer.Context,
    year: int = typer.Argument(..., min=1900, max=2100, metavar="YEAR", help="The settled year, e.g. 2024."),
    config: Path = CONFIG,
    out: Path = FOLDER,
    lang: Lang = LANG,
    public: bool = PUBLIC,
) -> None:
    """Write the settlement of YEAR as letters (PDF, DIN 5008) from each region's employer to
    each paying municipality: figures, balance, due date, bank account, reference, enclosure."""
    from kimcost.configuration.advances import missing_advances
    from kimcost.configuration.errors import ConfigError
    from kimcost.configuration.letters import check_letter_details
    from kimcost.engine import settle as settle_year
    from kimcost.loading import load_config
    from kimcost.reports.folder import check_folder, publish_documents
    from kimcost.reports.formats import Edition
    from kimcost.reports.labels import label
    from kimcost.reports.statements import StatementsReport, StatementsSubject
    from kimcost.reports.xlsx.determinism import calculation_moment

    with reported_errors(ctx):
        moment = calculation_moment()
        check_folder(out)
        loaded = load_config(config)
        # every problem at once: the year's advances and every detail the letters need
        details, issues = check_letter_details(loaded.config, loaded.sources, moment.date(), lang.value)
        issues = missing_advances(loaded.config, loaded.sources, (year,), lang.value) + issues
        if issues:
            raise ConfigError(issues)
        assert details is not None  # they are None only when there are issues
    with reported_errors(ctx, loaded):
        result = settle_year(loaded.config, year)
        report = StatementsReport(StatementsSubject(result, loaded, details), Edition(lang.value, public=public))
        for item in publish_documents(report, out, [loaded], moment):
            echo_err(f"{label('written_' + item.kind, lang.value)}: {item.path}")
