"""The comparison's JSON document (inside the envelope of ``reports/envelope.py``).

``scenarios`` lists every scenario of the comparison once, in the envelope's one shape: first
those applied to the base (and so to every column), then each column's own; each column
names the scenarios it adds (``columns[].scenarios``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kimcost.reports.compare.diff import Comparison, Delta, Figure, percent_display
from kimcost.reports.envelope import envelope
from kimcost.reports.numbers import plain
from kimcost.reports.parameters import assumption_document, flagged_rows


def _money(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def _percent(d: Delta) -> str | None:
    shown = percent_display(d.percent)
    return None if shown is None else f"{shown:.2f}"


def _figure_values(fig: Figure, ids: list[str]) -> dict[str, str | None]:
    return {i: _money(v) for i, v in zip(ids, fig.values)}


def _figure_deltas(fig: Figure, ids: list[str]) -> dict[str, dict[str, str | None]]:
    return {i: {"amount": _money(d.amount), "percent": _percent(d)} for i, d in zip(ids[1:], fig.deltas)}


def _region(row, ids: list[str]) -> dict[str, Any]:
    """Per column the three figures, and per scenario column their differences to the base."""
    figures = {"costs": row.costs, "grant": row.grant, "own_share": row.own_share}
    values = {k: _figure_values(f, ids) for k, f in figures.items()}
    deltas = {k: _figure_deltas(f, ids) for k, f in figures.items()}
    return {
        "values": {i: {k: values[k][i] for k in figures} for i in ids},
        "differences": {i: {k: deltas[k][i] for k in figures} for i in ids[1:]},
    }


def comparison_document(comparison: Comparison) -> dict[str, Any]:
    ids = [c.id for c in comparison.columns]
    base = comparison.base
    base_scenarios = tuple(base.loaded.scenarios)
    every = (*base_scenarios, *(s for c in comparison.scenarios for s in c.scenarios))
    return envelope("comparison", base.loaded, {
        "year": comparison.year,
        "district": comparison.district,
        "columns": [{"id": c.id, "base": c.is_base, "description": c.description,
                     "scenarios": [s.name for s in (base_scenarios if c.is_base else c.scenarios)]}
                    for c in comparison.columns],
        "regions": [{"id": r.id, "name": r.name, **_region(r, ids)} for r in comparison.regions],
        "totals": _region(comparison.totals, ids),
        "members": [
            {"region": m.region_id, "id": m.id, "name": m.name,
             "values": _figure_values(m.share, ids), "differences": _figure_deltas(m.share, ids)}
            for m in comparison.members
        ],
        "assumptions": {
            c.id: [assumption_document(row) for row in flagged_rows(c.settlement, c.loaded.config)]
            for c in comparison.columns
        },
    }, scenarios=every, extra_inputs=[c.loaded for c in comparison.scenarios])
