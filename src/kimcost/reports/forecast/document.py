"""The forecast's JSON document (inside the envelope of ``reports/envelope.py``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kimcost.engine.forecast import Forecast
from kimcost.loading import LoadedConfig
from kimcost.reports.envelope import envelope
from kimcost.reports.forecast.figures import flagged_parameters, member_rows, region_figures
from kimcost.reports.numbers import plain
from kimcost.reports.parameters import assumption_document
from kimcost.reports.public import FULL, Privacy


def forecast_document(fc: Forecast, loaded: LoadedConfig, privacy: Privacy = FULL) -> dict[str, Any]:
    base = fc.settlements[0]
    years = [str(y) for y in fc.years]
    regions = []
    for r in base.regions:
        figures = region_figures(fc, r.id)
        regions.append({
            "id": r.id, "name": r.name, "employer": r.employer, "employer_name": r.employer_name,
            "years": {
                y: {"fte": f"{figures['fte'][i].quantize(Decimal('0.0001'))}",
                    "personnel": plain(figures["personnel"][i]), "other_costs": plain(figures["other_costs"][i]),
                    "costs": plain(figures["total_costs"][i]), "grant": plain(figures["grant"][i]),
                    "own_share": plain(figures["own_share"][i]), "refunds": plain(figures["refunds"][i]),
                    "employer_share": plain(figures["employer_share"][i])}
                for i, y in enumerate(years)
            },
        })
    members = [
        {"id": row.id, "name": row.name, "region": row.region_id, "is_employer": row.is_employer,
         "shares": {y: plain(v) for y, v in zip(years, row.shares)}}
        for row in member_rows(fc)
    ]
    proposal = fc.advances
    return envelope("forecast", loaded, {
        "first": fc.first,
        "last": fc.last,
        "district": base.district,
        "regions": regions,
        "members": members,
        "advance_proposal": {
            "year": proposal.year,
            "regions": [
                {"id": r.id, "name": r.name, "instalments": r.instalment_count,
                 "due_dates": [d.isoformat() for d in r.due_dates],
                 "members": [{"id": m.id, "name": m.name, "share": plain(m.share), "is_employer": m.is_employer,
                              "instalments": [plain(v) for v in m.instalments]} for m in r.members]}
                for r in proposal.regions
            ],
        },
        "assumptions": [assumption_document(f.row, f.years) for f in flagged_parameters(fc, loaded, privacy)],
    }, privacy=privacy)
