"""The JSON document of a settlement: a stable shape for scripts. Money is a string with two
decimals ("12780.25") so no reader loses a cent to binary floating point."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from kimcost import __version__
from kimcost.loading import LoadedConfig, display_name
from kimcost.engine.results import Costs, PositionResult, RegionResult, Settlement
from kimcost.reports.format import plain
from kimcost.reports.parameters import flagged_rows
from kimcost.scenarios.report import scenarios_document

SCHEMA_VERSION = 1


def _fte(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.0001'))}"


def _costs(costs: Costs) -> dict[str, str]:
    out = {category: plain(amount) for category, amount in costs.as_dict().items()}
    out["total"] = plain(costs.total)
    return out


def _position(p: PositionResult) -> dict[str, Any]:
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
        "holders": [
            {
                "name": h.name,
                "grade": h.grade,
                "steps": [{"date": s.date.isoformat(), "step": s.step} for s in h.steps],
                "fte": _fte(h.fte),
                "start": h.start.isoformat(),
                "end": h.end.isoformat() if h.end else None,
                "months_held": h.months_held,
                "personnel": plain(h.personnel.total),
            }
            for h in p.holders
        ],
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


def settlement_document(settlement: Settlement, loaded: LoadedConfig) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "kimcost": __version__,
        "year": settlement.year,
        "config": display_name(loaded.main_file),
        "config_sha256": loaded.sha256,
        **({"scenarios": scenarios_document(loaded.scenarios)} if loaded.scenarios else {}),
        "district": settlement.district,
        "regions": [_region(r) for r in settlement.regions],
        "positions": [_position(p) for r in settlement.regions for p in r.positions],
        "assumptions": [
            {"key": row.key, "since": row.since.isoformat() if row.since else None,
             "value": row.value, "source": row.source, "status": row.status}
            for row in flagged_rows(settlement, loaded.config)
        ],
    }


def render_json(settlement: Settlement, loaded: LoadedConfig) -> str:
    return json.dumps(settlement_document(settlement, loaded), ensure_ascii=False, indent=2) + "\n"


