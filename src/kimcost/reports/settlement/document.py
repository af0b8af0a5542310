"""The JSON document of a settlement (inside the envelope of ``reports/envelope.py``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kimcost.engine.results import Costs, PositionResult, RegionResult, Settlement
from kimcost.loading import LoadedConfig
from kimcost.reports.envelope import envelope
from kimcost.reports.numbers import plain
from kimcost.reports.parameters import assumption_document, flagged_rows
from kimcost.reports.public import FULL, Privacy, letter


def _fte(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.0001'))}"


def _costs(costs: Costs) -> dict[str, str]:
    out = {category: plain(amount) for category, amount in costs.as_dict().items()}
    out["total"] = plain(costs.total)
    return out


def _holder(h, privacy: Privacy) -> dict[str, Any]:
    if not privacy.shows_holders:
        # occupancy only: no name, grade, step dates or the person's own costs (reports/public.py);
        # the person by its letter within the post, language-neutral like the rest of the JSON
        return {"person": letter(h.index), "fte": _fte(h.fte), "start": h.start.isoformat(),
                "end": h.end.isoformat() if h.end else None, "months_held": h.months_held}
    return {
        "name": h.name,
        "grade": h.grade,
        "steps": [{"date": s.date.isoformat(), "step": s.step} for s in h.steps],
        "fte": _fte(h.fte),
        "start": h.start.isoformat(),
        "end": h.end.isoformat() if h.end else None,
        "months_held": h.months_held,
        "personnel": plain(h.personnel.total),
    }


def _position(p: PositionResult, privacy: Privacy = FULL) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "region": p.region,
        "fte": _fte(p.fte),
        "average_fte": _fte(p.average_fte),
        "costs": _costs(p.costs),
        "actual": sorted(p.costs.actual),
        "grant": plain(p.grant.amount),
        "grant_capped": p.grant.capped,
        "holders": [_holder(h, privacy) for h in p.holders],
    }


def _region(r: RegionResult) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "employer": r.employer,
        "employer_name": r.employer_name,
        "fte": _fte(r.average_fte),
        "costs": _costs(r.costs),
        "grant": plain(r.grant),
        "own_share": plain(r.own_share),
        "key": r.key,
        "members": [
            {
                "id": m.id,
                "name": m.name,
                "weight": format(m.weight.normalize(), "f"),
                "share": plain(m.share),
                "advances": plain(m.advances),
                "balance": plain(m.balance),
                "is_employer": m.is_employer,
            }
            for m in r.members
        ],
    }


def settlement_document(settlement: Settlement, loaded: LoadedConfig, privacy: Privacy = FULL) -> dict[str, Any]:
    return envelope("settlement", loaded, {
        "year": settlement.year,
        "district": settlement.district,
        "regions": [_region(r) for r in settlement.regions],
        "positions": [_position(p, privacy) for r in settlement.regions for p in r.positions],
        "assumptions": [assumption_document(row) for row in flagged_rows(settlement, loaded.config, privacy)],
    }, privacy=privacy)


