"""The budget forecast on the terminal, as JSON and as CSV.

The rows are the numbers that go into the Haushaltsplan and the medium-term plan: per
region costs, grant and own share per year; per municipality its share per year; and the
advance payments proposed for the first forecast year.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kimcost import __version__
from kimcost.loading import LoadedConfig, display_name
from kimcost.engine.forecast import Forecast
from kimcost.money import ZERO
from kimcost.reports.format import money, number, plain
from kimcost.reports.labels import label
from kimcost.reports.parameters import ParameterRow, flagged_rows

SCHEMA_VERSION = 1
REGION_FIGURES = ("total_costs", "grant", "own_share")


def scenario_names(loaded: LoadedConfig) -> list[str]:
    """Names of the scenarios the configuration was loaded under (none before issue 4's loader)."""
    return [str(getattr(s, "name", s)) for s in getattr(loaded, "scenarios", ()) or ()]


@dataclass(frozen=True)
class FlaggedParameter:
    row: ParameterRow
    years: tuple[int, ...]


def flagged_parameters(fc: Forecast, loaded: LoadedConfig) -> list[FlaggedParameter]:
    """Assumptions and provisional values any forecast year rests on, each once with its years."""
    seen: dict[tuple, tuple[ParameterRow, list[int]]] = {}
    for s in fc.settlements:
        for row in flagged_rows(s, loaded.config):
            key = (row.key, row.since, row.value)
            seen.setdefault(key, (row, []))[1].append(s.year)
    return [FlaggedParameter(row, tuple(years)) for row, years in seen.values()]


def region_figures(fc: Forecast, region_id: str) -> dict[str, list[Decimal]]:
    rows: dict[str, list[Decimal]] = {key: [] for key in ("fte", *REGION_FIGURES)}
    for s in fc.settlements:
        r = s.region(region_id)
        rows["fte"].append(r.average_fte)
        rows["total_costs"].append(r.costs.total)
        rows["grant"].append(r.grant)
        rows["own_share"].append(r.own_share)
    return rows


@dataclass(frozen=True)
class MemberRow:
    region_id: str
    region_name: str
    id: str
    name: str
    is_employer: bool
    shares: tuple[Decimal, ...]   # one per forecast year


def member_rows(fc: Forecast) -> list[MemberRow]:
    """Each member of each region with its share per year, in configuration order."""
    def share(settlement, region_id: str, member_id: str) -> Decimal:
        return next(m.share for m in settlement.region(region_id).members if m.id == member_id)

    return [
        MemberRow(r.id, r.name, m.id, m.name, m.is_employer,
                  tuple(share(s, r.id, m.id) for s in fc.settlements))
        for r in fc.settlements[0].regions
        for m in r.members
    ]


# --- terminal ------------------------------------------------------------------------


def render_forecast(console: Console, fc: Forecast, loaded: LoadedConfig, lang: str = "de") -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    years = [str(y) for y in fc.years]
    names = scenario_names(loaded)
    base = fc.settlements[0]
    title = f"{L('forecast')} {fc.first}–{fc.last} – {base.district}"
    if names:
        title += f" ({L('scenarios')}: {', '.join(names)})"

    regions = Table(title=f"{title}\n{L('forecast_regions')}", title_justify="left")
    regions.add_column(L("region"))
    regions.add_column(L("figure"))
    for y in years:
        regions.add_column(y, justify="right")
    for r in base.regions:
        figures = region_figures(fc, r.id)
        regions.add_row(r.name, L("fte_average"), *(number(v, lang) for v in figures["fte"]))
        for key in REGION_FIGURES:
            cells = [money(v, lang) for v in figures[key]]
            if key == "own_share":
                regions.add_row("", Text(L(key), style="bold"), *(Text(c, style="bold") for c in cells))
            else:
                regions.add_row("", L(key), *cells)
        regions.add_section()
    console.print(regions)

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
        members.add_row(row.region_name if row.region_id != current else "", row.name,
                        *(money(v, lang) for v in row.shares))
        current = row.region_id
        totals = [t + v for t, v in zip(totals, row.shares)]
    members.add_section()
    members.add_row(L("total"), "", *(Text(money(v, lang), style="bold") for v in totals))
    console.print(members)

    render_advances(console, fc, lang)

    flagged = flagged_parameters(fc, loaded)
    if flagged:
        console.print(Text(L("forecast_flagged").format(n=len(flagged)), style="yellow"))


def render_advances(console: Console, fc: Forecast, lang: str) -> None:
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
                cells = [Text(L("bears_own_share"), style="dim")] + [""] * (count - 1)
            else:
                cells = [money(v, lang) for v in m.instalments] + [""] * (count - len(m.instalments))
            table.add_row(r.name if j == 0 else "", m.name, money(m.share, lang), *cells)
        table.add_section()
    console.print(table)


# --- JSON ----------------------------------------------------------------------------


def forecast_document(fc: Forecast, loaded: LoadedConfig) -> dict[str, Any]:
    base = fc.settlements[0]
    years = [str(y) for y in fc.years]
    regions = []
    for r in base.regions:
        figures = region_figures(fc, r.id)
        regions.append({
            "id": r.id, "name": r.name, "employer": r.employer, "employer_name": r.employer_name,
            "years": {
                y: {"fte": f"{figures['fte'][i].quantize(Decimal('0.0001'))}",
                    "costs": plain(figures["total_costs"][i]), "grant": plain(figures["grant"][i]),
                    "own_share": plain(figures["own_share"][i])}
                for i, y in enumerate(years)
            },
        })
    members = [
        {"id": row.id, "name": row.name, "region": row.region_id, "is_employer": row.is_employer,
         "shares": {y: plain(v) for y, v in zip(years, row.shares)}}
        for row in member_rows(fc)
    ]
    proposal = fc.advances
    return {
        "schema": SCHEMA_VERSION,
        "kimcost": __version__,
        "kind": "forecast",
        "first": fc.first,
        "last": fc.last,
        "config": display_name(loaded.main_file),
        "config_sha256": loaded.sha256,
        "scenarios": scenario_names(loaded),
        "district": base.district,
        "regions": regions,
        "members": members,
        "advance_proposal": {
            "year": proposal.year,
            "regions": [
                {"id": r.id, "name": r.name, "instalments": r.instalment_count,
                 "members": [{"id": m.id, "name": m.name, "share": plain(m.share), "is_employer": m.is_employer,
                              "instalments": [plain(v) for v in m.instalments]} for m in r.members]}
                for r in proposal.regions
            ],
        },
        "assumptions": [
            {"key": f.row.key, "since": f.row.since.isoformat() if f.row.since else None, "value": f.row.value,
             "source": f.row.source, "status": f.row.status, "years": list(f.years)}
            for f in flagged_parameters(fc, loaded)
        ],
    }


def render_json(fc: Forecast, loaded: LoadedConfig) -> str:
    return json.dumps(forecast_document(fc, loaded), ensure_ascii=False, indent=2) + "\n"


# --- CSV -----------------------------------------------------------------------------


def _csv_money(amount: Decimal, lang: str) -> str:
    """No grouping, so a spreadsheet reads it as a number: ``1234,56`` (de) or ``1234.56`` (en)."""
    text = plain(amount)
    return text.replace(".", ",") if lang == "de" else text


def render_csv(fc: Forecast, lang: str = "de") -> str:
    """One row per figure: kind; region; municipality; one column per year.

    German: ``;`` separator and decimal comma (what German Excel opens); English: ``,`` and ``.``.
    Kinds: the region figures (costs, grant, own share) and each municipality's share.
    """
    L = lambda key: label(key, lang)  # noqa: E731
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "de" else ",", lineterminator="\n")
    writer.writerow([L("figure"), L("region"), L("member"), *fc.years])
    base = fc.settlements[0]
    for r in base.regions:
        figures = region_figures(fc, r.id)
        for key in REGION_FIGURES:
            writer.writerow([L(key), r.name, "", *(_csv_money(v, lang) for v in figures[key])])
    for row in member_rows(fc):
        writer.writerow([L("share"), row.region_name, row.name, *(_csv_money(v, lang) for v in row.shares)])
    return out.getvalue()
