"""The values a region's figures rest on that are assumptions or provisional, named for
people: "Ausstattung je VZÄ-Jahr 2.270,00 €", not ``cost_rates.equipment_per_fte_year``.

The rows are ``reports.parameters.flagged_rows``; a letter lists those that concern its
region: every rate, table and grant amount the settlement used (shared by all regions), the
holders of the region's own posts and the populations of its own members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kimcost.configuration.lookup import value_at
from kimcost.configuration.schema import Configuration
from kimcost.engine.results import RegionResult
from kimcost.reports import numbers as fmt
from kimcost.reports.labels import label
from kimcost.reports.parameters import ParameterRow
from kimcost.reports.public import FULL, Privacy

_COST_RATES = ("equipment_initial", "equipment_per_fte_year", "recruitment_per_new_holder", "administration",
               "accident_insurance_per_fte_year")


@dataclass(frozen=True)
class NamedValue:
    name: str
    since: dt.date | None
    value: str
    status: str
    source: str


def region_assumptions(rows: list[ParameterRow], config: Configuration, region: RegionResult,
                       lang: str, privacy: Privacy = FULL) -> list[NamedValue]:
    members = {m.id for m in region.members}
    out = []
    for row in rows:
        path = row.path
        if path[0] == "positions" and config.positions[_index(path[1])].region != region.id:
            continue
        if path[0] == "municipalities" and path[1] not in members:
            continue
        if path[0] == "regions" and path[1] != region.id:
            continue
        name, value = _describe(row, config, lang, privacy)
        out.append(NamedValue(name, row.since, value, label(row.status, lang), row.source))
    return out


def _describe(row: ParameterRow, config: Configuration, lang: str, privacy: Privacy = FULL) -> tuple[str, str]:
    """A name a reader understands and the value in the letter's number format; a path no
    rule below knows keeps its key and the value as written (never dropped)."""
    path = row.path
    L = lambda key, **values: label(key, lang).format(**values)  # noqa: E731
    head = path[0]
    if head == "regions" and len(path) > 3 and path[2] == "cost_rates":
        path = path[2:]
        head = "cost_rates"
    try:
        entry = value_at(config, row.path)
    except (KeyError, IndexError, AttributeError, ValueError):
        entry = None
    if head == "cost_rates" and len(path) > 1 and path[1] in _COST_RATES:
        return L(f"av_{path[1]}"), _entry_value(entry, lang) or row.value
    if head == "grants":
        grant = config.grants[str(path[1])]
        if len(path) > 2 and path[2] == "amounts":
            return L("av_grant_amount"), _entry_value(entry, lang) or row.value
        rules = [L("av_grant_min_fte", fte=fmt.number(grant.min_fte, lang, 1))]
        if grant.cap != "none":
            rules.append(L("encl_cap_" + grant.cap).lstrip(", "))
        return L("av_grant_rules", name=grant.name), "; ".join(rules)
    if head == "supplementary_pension":
        return L("av_supplementary_pension"), _entry_value(entry, lang) or row.value
    if head == "social_insurance" and len(path) > 1 and entry is not None:
        branches = config.social_insurance.branches
        if path[1] == "rates":
            return L("av_social_insurance_rates"), ", ".join(
                f"{branches[b].name if b in branches else b} {fmt.percent(v, lang)}" for b, v in entry.percent.items())
        return L("av_social_insurance_ceilings"), ", ".join(
            f"{group} {fmt.money(v, lang)}" for group, v in entry.monthly.items())
    if head == "tariffs" and len(path) > 2:
        tariff = config.tariffs[str(path[1])]
        kind = path[2]
        if kind == "tables":
            return L("av_tariff_table", name=tariff.name), row.value
        if kind == "step_durations":
            return L("av_step_durations", name=tariff.name), row.value
        if kind == "annual_payment":
            return L("av_annual_payment"), "; ".join(
                f"{', '.join(g.grades)}: {fmt.percent(g.percent, lang)}" for g in entry.groups) if entry else row.value
        if kind == "allowances" and len(path) > 3:
            return L("av_allowance", name=tariff.allowances[str(path[3])].name), _entry_value(entry, lang) or row.value
    if head == "one_off_payments":
        return L("av_one_off", name=config.one_off_payments[str(path[1])].name), _entry_value(entry, lang) or row.value
    if head == "positions" and len(path) == 4:
        position = config.positions[_index(path[1])]
        holder = position.holders[_index(path[3])]
        if not privacy.shows_holders:  # no grade, step or step date (reports/public.py)
            return (privacy.holder_of_post(position.name or position.id, holder.name, _index(path[3])),
                    L("public_assumed"))
        return (L("av_holder", post=position.name or position.id),
                L("av_holder_value", grade=holder.grade, step=holder.step, since=fmt.date(holder.step_since, lang),
                  fte=fmt.number(holder.fte, lang, 2)))
    if head == "municipalities":
        municipality = config.municipalities[str(path[1])]
        return L("av_population", name=municipality.name), fmt.number(Decimal(row.value), lang, 0)
    return row.key, row.value


def _entry_value(entry: Any, lang: str) -> str | None:
    """Money as money, a percentage as a percentage (with any levy)."""
    if entry is None:
        return None
    if getattr(entry, "percent_of_personnel", None) is not None:
        return fmt.percent(entry.percent_of_personnel, lang)
    if getattr(entry, "per_fte_year", None) is not None:
        return fmt.money(entry.per_fte_year, lang)
    if hasattr(entry, "levy_percent") and hasattr(entry, "percent"):
        text = fmt.percent(entry.percent, lang)
        return text + (f" + {fmt.percent(entry.levy_percent, lang)}" if entry.levy_percent else "")
    value = getattr(entry, "value", None)
    if isinstance(value, Decimal):
        return fmt.money(value, lang)
    return None


def _index(part: str | int | dt.date) -> int:
    """A list index in a key path (the engine records them as ints: positions[i].holders[j])."""
    assert isinstance(part, int), part
    return part
