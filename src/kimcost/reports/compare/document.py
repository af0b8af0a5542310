"""The comparison's JSON document (inside the envelope of ``reports/envelope.py``).

``scenarios`` lists every scenario of the comparison once, in the envelope's one shape: first
those applied to the base (and so to every column), then each column's own; each column
names the scenarios it adds (``columns[].scenarios``).

``regions``, ``totals`` and ``members`` hold the figures of the period — for one year that
year's, for a range the sums over its years — and ``years`` each year's, in the same shape.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kimcost.reports.compare.diff import REGION_FIGURES, Comparison, Delta, Figure, Table, percent_display
from kimcost.reports.envelope import envelope
from kimcost.reports.numbers import plain
from kimcost.reports.parameters import assumption_document, flagged_rows
from kimcost.reports.public import FULL, Privacy


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
    figures = {f: getattr(row, f) for f in REGION_FIGURES}
    values = {k: _figure_values(f, ids) for k, f in figures.items()}
    deltas = {k: _figure_deltas(f, ids) for k, f in figures.items()}
    return {
        "values": {i: {k: values[k][i] for k in figures} for i in ids},
        "differences": {i: {k: deltas[k][i] for k in figures} for i in ids[1:]},
    }


def _table(table: Table, ids: list[str]) -> dict[str, Any]:
    return {
        "regions": [{"id": r.id, "name": r.name, **_region(r, ids)} for r in table.regions],
        "totals": _region(table.totals, ids),
        "members": [
            {"region": m.region_id, "id": m.id, "name": m.name,
             "values": _figure_values(m.share, ids), "differences": _figure_deltas(m.share, ids)}
            for m in table.members
        ],
    }


def _assumptions(column, privacy: Privacy = FULL) -> list[dict[str, Any]]:
    """Each flagged value once, with the years of the comparison that rest on it."""
    seen: dict[tuple, tuple[Any, list[int]]] = {}
    for settlement in column.settlements:
        for row in flagged_rows(settlement, column.loaded.config, privacy):
            seen.setdefault((row.key, row.since, row.value), (row, []))[1].append(settlement.year)
    return [assumption_document(row, tuple(years)) for row, years in seen.values()]


def comparison_document(comparison: Comparison, privacy: Privacy = FULL) -> dict[str, Any]:
    ids = [c.id for c in comparison.columns]
    base = comparison.base
    base_scenarios = tuple(base.loaded.scenarios)
    every = (*base_scenarios, *(s for c in comparison.scenarios for s in c.scenarios))
    return envelope("comparison", base.loaded, {
        "year": comparison.first if not comparison.multi_year else None,
        "first": comparison.first,
        "last": comparison.last,
        "district": comparison.district,
        "columns": [{"id": c.id, "base": c.is_base, "title": c.title or None, "description": c.description,
                     "scenarios": [s.name for s in (base_scenarios if c.is_base else c.scenarios)]}
                    for c in comparison.columns],
        **_table(comparison.period, ids),
        "years": {str(t.year): _table(t, ids) for t in comparison.years},
        "assumptions": {c.id: _assumptions(c, privacy) for c in comparison.columns},
    }, scenarios=every, extra_inputs=[c.loaded for c in comparison.scenarios], privacy=privacy)
