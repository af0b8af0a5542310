"""The JSON document of ``kimcost variance --format json`` (inside the one envelope)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kimcost.engine.results import CATEGORIES
from kimcost.engine.variance import ORDER, Amounts
from kimcost.reports.envelope import envelope
from kimcost.reports.numbers import plain
from kimcost.reports.public import FULL, Privacy
from kimcost.reports.variance.wording import cause_text


def _plain_data(value: Any) -> Any:
    """Cause details for machines: dates ISO, decimals as text (money with two places)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {k: _plain_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_data(v) for v in value]
    return value


def _amounts(a: Amounts, members: list[str]) -> dict[str, Any]:
    return {
        "costs": {**{c: plain(a.costs[c]) for c in CATEGORIES}, "total": plain(a.total_costs)},
        "grant": plain(a.grant),
        "own_share": plain(a.own_share),
        "members": {m: plain(a.members.get(m, Decimal(0))) for m in members},
    }


def variance_document(subject, lang: str, privacy: Privacy = FULL) -> dict[str, Any]:
    v = subject.variance
    regions = []
    for r in subject.regions:
        members = [m for m, _ in subject.members(r)]
        regions.append({
            "id": r.id, "name": r.name,
            "members": [{"id": m, "name": n} for m, n in subject.members(r)],
            "first": _amounts(r.first, members),
            "second": _amounts(r.second, members),
            "difference": _amounts(r.difference, members),
            "causes": [{"group": c.group, "label": cause_text(c, lang, r.id), "detail": _plain_data(
                {k: val for k, val in c.detail.items() if k not in ("first", "second")}), **_amounts(a, members)}
                for c, a in r.causes],
            "residue": _amounts(r.residue, members),
        })
    scenarios = list(subject.second.scenarios)
    return envelope("variance", subject.second, {
        "district": v.district,
        "first": {"year": v.first.year, "scenarios": [s.name for s in subject.first.scenarios]},
        "second": {"year": v.second.year, "scenarios": [s.name for s in scenarios]},
        "order": list(ORDER),
        "subject": {"region": subject.region, "member": subject.member},
        "regions": regions,
    }, scenarios=_every_scenario(subject), extra_inputs=[subject.first], privacy=privacy)


def _every_scenario(subject) -> list:
    seen: dict[str, Any] = {}
    for s in (*subject.first.scenarios, *subject.second.scenarios):
        seen.setdefault(s.name, s)
    return list(seen.values())
