"""The settlement workbook: overview, one sheet per region, monthly values, one statement
per paying member and the parameters, written atomically and reproducibly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kimcost.engine.results import Settlement
from kimcost.loading import LoadedConfig
from kimcost.reports.output import check_output_path, write_atomically
from kimcost.reports.public import FULL, Privacy
from kimcost.reports.settlement.workbook.context import Context
from kimcost.reports.settlement.workbook.monthly import write_monthly
from kimcost.reports.settlement.workbook.monthly_public import write_public_monthly
from kimcost.reports.settlement.workbook.overview import write_overview
from kimcost.reports.settlement.workbook.parameters_sheet import write_parameters
from kimcost.reports.settlement.workbook.region_sheets import write_region_sheet
from kimcost.reports.settlement.workbook.statements import write_statements
from kimcost.reports.xlsx.book import new_workbook, set_properties
from kimcost.reports.xlsx.determinism import calculation_moment, save_reproducibly
from kimcost.reports.xlsx.model import Book

__all__ = ["build_workbook", "write_workbook"]


def build_workbook(settlement: Settlement, loaded: LoadedConfig, lang: str = "de",
                   moment: dt.datetime | None = None, privacy: Privacy = FULL) -> Book:
    """The whole workbook in memory; nothing is written to disk. ``privacy``: the public
    edition (reports/public.py) says so in its properties and on the overview."""
    moment = moment or calculation_moment()
    ctx = Context.build(settlement, loaded, lang, moment, privacy)
    wb = new_workbook()
    write_overview(wb, ctx)
    for region in settlement.regions:
        write_region_sheet(wb, ctx, region)
    # the public edition has one row per post and month, without pay lines (reports/public.py)
    (write_monthly if privacy.shows_holders else write_public_monthly)(wb, ctx)
    write_statements(wb, ctx)
    write_parameters(wb, ctx)
    wb.active = 0
    public = "" if privacy.shows_holders else f"; {ctx.L('public_edition_short')}"
    set_properties(wb, title=privacy.title(ctx.L("workbook_title", year=settlement.year)),
                   subject=privacy.title(ctx.L("workbook_subject", district=settlement.district)),
                   keywords=f"KIM; Case-Management; {settlement.year}; {settlement.district}{public}",
                   description=f"{ctx.config_name} SHA-256 {loaded.fingerprint}", lang=lang)
    return wb


def write_workbook(settlement: Settlement, loaded: LoadedConfig, target: Path, lang: str = "de") -> None:
    """Build the workbook, then move it into place only once it is complete (an earlier file
    stays intact on any failure). Same inputs and date give the same bytes."""
    target = Path(target)
    check_output_path(target, loaded)
    moment = calculation_moment()
    wb = build_workbook(settlement, loaded, lang, moment)
    write_atomically(target, lambda tmp: save_reproducibly(wb, tmp, moment))
