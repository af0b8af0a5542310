"""The parameters a settlement rests on: every dated entry it used, with source and status,
and every assumption written into the configuration (holders, populations)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kimcost.configuration.errors import Path, format_path
from kimcost.configuration.lookup import value_at
from kimcost.configuration.schema import Configuration, Status
from kimcost.engine.results import Settlement
from kimcost.periods import active_in_year
from kimcost.reports.labels import label
from kimcost.reports.public import FULL, Privacy


@dataclass(frozen=True)
class ParameterRow:
    path: Path
    since: dt.date | None
    value: str
    source: str
    status: str

    @property
    def key(self) -> str:
        return format_path(self.path)

    @property
    def flagged(self) -> bool:
        return self.status not in (Status.seen.value, Status.derived.value)


def _value_text(entry: Any) -> str:
    for name in ("value", "percent", "years", "monthly", "groups", "grades", "date"):
        if hasattr(entry, name):
            value = getattr(entry, name)
            if name == "grades":
                return ", ".join(value)
            if name == "groups":
                return "; ".join(f"{', '.join(g.grades)}: {g.percent} %" for g in value)
            if isinstance(value, dict):
                return ", ".join(f"{k} {v}" for k, v in value.items())
            if isinstance(value, list):
                return ", ".join(str(v) for v in value)
            if name == "percent" and hasattr(entry, "levy_percent"):
                return f"{value} % + {entry.levy_percent} %"
            return str(value)
    if getattr(entry, "percent_of_personnel", None) is not None:
        return f"{entry.percent_of_personnel} %"
    if getattr(entry, "per_fte_year", None) is not None:
        return str(entry.per_fte_year)
    return ""


def parameter_rows(settlement: Settlement, config: Configuration, privacy: Privacy = FULL) -> list[ParameterRow]:
    """``privacy``: the public edition words a holder's row without name, grade, step and the
    holder's own assumption text (reports/public.py)."""
    rows: list[ParameterRow] = []
    for path, since in settlement.parameters_used:
        entry = value_at(config, path)
        status = getattr(entry, "status", Status.seen)
        rows.append(ParameterRow(path, since, _value_text(entry), getattr(entry, "source", ""), Status(status).value))
    grant_path = ("grants", config.district.grant)
    grant = config.grants[config.district.grant]
    rows.append(ParameterRow(grant_path, None,
                             f"basis {grant.basis}, min_fte {grant.min_fte}, proration {grant.proration}, cap {grant.cap}",
                             grant.source, grant.status.value))
    for i, position in enumerate(config.positions):
        for j, holder in enumerate(position.holders):
            if holder.assumption and active_in_year(holder, settlement.year):
                path = ("positions", i, "holders", j)
                if privacy.shows_holders:
                    rows.append(ParameterRow(path, holder.start,
                                             f"{holder.name}: {holder.grade} Stufe {holder.step} seit {holder.step_since}, {holder.fte} VZÄ",
                                             holder.assumption, Status.assumption.value))
                else:
                    who = privacy.holder_of_post(position.name or position.id, holder.name, j)
                    rows.append(ParameterRow(path, holder.start,
                                             label("public_assumption", privacy.lang).format(holder=who),
                                             label("public_source", privacy.lang), Status.assumption.value))
    # what the allocation keys' weights rest on, as the engine recorded it (engine/keys.py)
    for region in settlement.regions:
        for path in region.key_sources:
            entry = value_at(config, path)
            rows.append(ParameterRow(path, getattr(entry, "as_of", None), _value_text(entry), entry.source,
                                     Status(entry.status).value))
    return rows


def flagged_rows(settlement: Settlement, config: Configuration, privacy: Privacy = FULL) -> list[ParameterRow]:
    """Provisional values and assumptions, which every output must show."""
    return [r for r in parameter_rows(settlement, config, privacy) if r.flagged]


def assumption_document(row: ParameterRow, years: tuple[int, ...] | None = None) -> dict[str, Any]:
    """One flagged value as every JSON document lists it under ``assumptions``."""
    doc: dict[str, Any] = {"key": row.key, "since": row.since.isoformat() if row.since else None,
                           "value": row.value, "source": row.source, "status": row.status}
    if years is not None:
        doc["years"] = list(years)
    return doc
