"""Compare for scripts: JSON (money as strings "123.45") and CSV (``;``/``,`` in German,
``,``/``.`` in English). Text written in the YAML is escaped against formula injection."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from kimcost import __version__
from kimcost.loading import display_name
from kimcost.reports.compare.diff import Comparison, Delta, Figure, percent_display
from kimcost.reports.format import plain
from kimcost.reports.labels import label
from kimcost.reports.parameters import flagged_rows
from kimcost.scenarios.report import scenarios_document

SCHEMA_VERSION = 1
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    return {
        "schema": SCHEMA_VERSION,
        "kind": "comparison",
        "kimcost": __version__,
        "year": comparison.year,
        "config": display_name(base.loaded.main_file),
        "config_sha256": base.loaded.sha256,
        "district": comparison.district,
        "base_scenarios": scenarios_document(getattr(base.loaded, "scenarios", ())),
        "columns": [{"id": c.id, "base": c.is_base, "description": c.description} for c in comparison.columns],
        "regions": [{"id": r.id, "name": r.name, **_region(r, ids)} for r in comparison.regions],
        "totals": _region(comparison.totals, ids),
        "members": [
            {"region": m.region_id, "id": m.id, "name": m.name,
             "values": _figure_values(m.share, ids), "differences": _figure_deltas(m.share, ids)}
            for m in comparison.members
        ],
        "scenarios": scenarios_document(s for c in comparison.scenarios for s in c.scenarios),
        "assumptions": {
            c.id: [{"key": row.key, "since": row.since.isoformat() if row.since else None,
                    "value": row.value, "source": row.source, "status": row.status}
                   for row in flagged_rows(c.settlement, c.loaded.config)]
            for c in comparison.columns
        },
    }


def render_comparison_json(comparison: Comparison) -> str:
    return json.dumps(comparison_document(comparison), ensure_ascii=False, indent=2) + "\n"


def safe_text(text: str) -> str:
    """A spreadsheet would run a cell starting with = + - @ as a formula: quote it (OWASP)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_number(value: Decimal | None, lang: str, places: int = 2) -> str:
    if value is None:
        return ""
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if lang == "de" else text


def render_comparison_csv(comparison: Comparison, lang: str = "de") -> str:
    """One line per region figure and per member share: base, then each scenario with Δ € and Δ %."""
    L = lambda key: label(key, lang)  # noqa: E731
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if lang == "de" else ",", lineterminator="\r\n")
    header = [L("cmp_column"), L("region"), L("member"), L("figure"), L("cmp_base")]
    for column in comparison.scenarios:
        header += [column.id, f"{column.id} {L('cmp_diff_eur')}", f"{column.id} {L('cmp_diff_pct')}"]
    writer.writerow([safe_text(h) for h in header])

    def line(level: str, region: str, member: str, what: str, fig: Figure) -> None:
        cells = [level, safe_text(region), safe_text(member), what, _csv_number(fig.values[0], lang)]
        for value, d in zip(fig.values[1:], fig.deltas):
            cells += [_csv_number(value, lang), _csv_number(d.amount, lang), _csv_number(percent_display(d.percent), lang)]
        writer.writerow(cells)

    for row in (*comparison.regions, comparison.totals):
        level = L("cmp_level_total") if row is comparison.totals else L("cmp_level_region")
        name = L("total") if row is comparison.totals else row.name
        for key, fig in (("total_costs", row.costs), ("grant", row.grant), ("own_share", row.own_share)):
            line(level, name, "", L(key), fig)
    for m in comparison.members:
        line(L("cmp_level_member"), m.region_name, m.name, L("share"), m.share)
    return buffer.getvalue()
