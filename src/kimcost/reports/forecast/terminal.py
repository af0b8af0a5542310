"""The forecast on the terminal: the year table, the municipalities' shares, the advances."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from kimcost.engine.forecast import Forecast
from kimcost.loading import LoadedConfig
from kimcost.money import ZERO
from kimcost.reports.console import safe
from kimcost.reports.forecast.figures import (
    BUDGET_FIGURES,
    BUDGET_LABELS,
    EMPHASISED,
    flagged_parameters,
    member_rows,
    region_figures,
    scenario_names,
)
from kimcost.reports.labels import label
from kimcost.reports.numbers import date, money, number
from kimcost.reports.public import FULL, Privacy


def forecast_view(fc: Forecast, loaded: LoadedConfig, lang: str = "de", privacy: Privacy = FULL) -> Iterator[RenderableType]:
    L = lambda key: label(key, lang)  # noqa: E731
    if privacy.note:
        yield Text(privacy.note, style="bold")
        yield ""
    years = [str(y) for y in fc.years]
    names = scenario_names(loaded)
    base = fc.settlements[0]
    title = f"{L('forecast')} {fc.first}–{fc.last} – {base.district}"
    if names:
        title += f" ({L('scenarios')}: {', '.join(names)})"

    regions = Table(title=safe(f"{title}\n{L('fc_budget')}"), title_justify="left",
                    caption=L("fc_budget_note"), caption_justify="left")
    regions.add_column(L("region"))
    regions.add_column(L("figure"))
    for y in years:
        regions.add_column(y, justify="right")
    for r in base.regions:
        figures = region_figures(fc, r.id)
        regions.add_row(safe(r.name), L("fte_average"), *(number(v, lang) for v in figures["fte"]))
        for key in BUDGET_FIGURES:
            cells = [money(v, lang) for v in figures[key]]
            if key in EMPHASISED:
                regions.add_row("", Text(L(BUDGET_LABELS[key]), style="bold"), *(Text(c, style="bold") for c in cells))
            else:
                regions.add_row("", L(BUDGET_LABELS[key]), *cells)
        regions.add_section()
    yield regions

    members = Table(title=L("forecast_members"), title_justify="left")
    members.add_column(L("region"))
    members.add_column(L("member"))
    for y in years:
        members.add_column(y, justify="right")
    totals = [ZERO] * len(years)
    current = None
    for row in member_rows(fc):
        if current is not None and row.region_id != current:
            members.add_section()
        members.add_row(safe(row.region_name) if row.region_id != current else "", safe(row.name),
                        *(money(v, lang) for v in row.shares))
        current = row.region_id
        totals = [t + v for t, v in zip(totals, row.shares)]
    members.add_section()
    members.add_row(L("total"), "", *(Text(money(v, lang), style="bold") for v in totals))
    yield members
    yield advances_table(fc, lang)
    if any(r.due_dates for r in fc.advances.regions):
        yield due_dates_table(fc, lang)
    flagged = flagged_parameters(fc, loaded, privacy)
    if flagged:
        yield Text(L("forecast_flagged").format(n=len(flagged)), style="yellow")


def advances_table(fc: Forecast, lang: str) -> Table:
    L = lambda key: label(key, lang)  # noqa: E731
    proposal = fc.advances
    count = max(r.instalment_count for r in proposal.regions)
    table = Table(title=f"{L('advance_proposal')} {proposal.year}", title_justify="left",
                  caption=L("advance_note").format(year=proposal.year, n=count), caption_justify="left")
    table.add_column(L("region"))
    table.add_column(L("member"))
    table.add_column(f"{L('share')} {proposal.year}", justify="right")
    for i in range(count):
        table.add_column(f"{i + 1}. {L('instalment')}", justify="right")
    for r in proposal.regions:
        for j, m in enumerate(r.members):
            if m.is_employer:
                cells: Sequence[str | Text] = [Text(L("bears_own_share"), style="dim")] + [""] * (count - 1)
            else:
                cells = [money(v, lang) for v in m.instalments] + [""] * (count - len(m.instalments))
            table.add_row(safe(r.name) if j == 0 else "", safe(m.name), money(m.share, lang), *cells)
        table.add_section()
    return table


def due_dates_table(fc: Forecast, lang: str) -> Table:
    """When each instalment falls due, per region (the configuration's ``advance_due_dates``)."""
    L = lambda key: label(key, lang)  # noqa: E731
    proposal = fc.advances
    count = max(r.instalment_count for r in proposal.regions)
    table = Table(title=L("due_dates_table").format(year=proposal.year), title_justify="left")
    table.add_column(L("region"))
    for i in range(count):
        table.add_column(f"{i + 1}. {L('instalment')}", justify="right")
    for r in proposal.regions:
        cells = [date(d, lang) for d in r.due_dates] if r.due_dates else [L("due_dates_missing")]
        table.add_row(safe(r.name), *cells, *([""] * (count - len(cells))))
    return table
