"""CSV for spreadsheets and scripts: the municipality table or the post lines.

German (``de``): ``;`` between fields and ``,`` as decimal mark, which German Excel opens
directly; English (``en``): ``,`` and ``.``. UTF-8 with a byte order mark, because without
it Excel reads the umlauts of "Dülmen" as two characters each.

Text from the configuration is escaped against formula injection as OWASP recommends: a
text cell starting with ``= + - @``, tab or carriage return gets a leading single quote.
Numbers are never escaped, so a negative balance stays a number.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Iterable, Sequence

from kimcost.engine.results import CATEGORIES, Settlement
from kimcost.money import round_cent
from kimcost.reports.labels import balance_label, key_label, label

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FTE = Decimal("0.0001")


class Number:
    """A numeric cell: written with the language's decimal mark, never escaped."""

    __slots__ = ("value",)

    def __init__(self, value: Decimal):
        self.value = value

    def render(self, lang: str) -> str:
        text = format(self.value, "f")
        return text.replace(".", ",") if lang == "de" else text


def money(value: Decimal) -> Number:
    return Number(round_cent(value))


def fte(value: Decimal) -> Number:
    return Number(value.quantize(_FTE))


def escape_text(text: str) -> str:
    """OWASP CSV injection: a cell a spreadsheet would read as a formula starts with a quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(value: object, lang: str) -> str:
    if isinstance(value, Number):
        return value.render(lang)
    if value is None:
        return ""
    return escape_text(str(value))


def render_rows(header: Sequence[str], rows: Iterable[Sequence[object]], lang: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "de" else ",", quotechar='"',
                        quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([escape_text(h) for h in header])
    for row in rows:
        writer.writerow([_cell(v, lang) for v in row])
    return BOM + out.getvalue()


MEMBER_HEADER = ("region_id", "region", "member_id", "member", "key", "weight", "share", "advances", "balance",
                 "result", "employer")


def render_members_csv(settlement: Settlement, lang: str = "de") -> str:
    """One line per municipality and region: share, advances, balance (rules 12 and 13)."""
    header = [label(h, lang) for h in MEMBER_HEADER]
    rows = []
    for r in settlement.regions:
        for m in r.members:
            rows.append((r.id, r.name, m.id, m.name, key_label(r.key, lang), Number(m.weight.normalize()),
                         money(m.share), money(m.advances), money(m.balance),
                         balance_label(m.balance, m.is_employer, lang), r.employer_name))
    return render_rows(header, rows, lang)


POSITION_HEADER = ("region_id", "region", "position_id", "position", "fte_plan", "fte_average", *CATEGORIES,
                   "total_costs", "grant", "own_share", "actual_categories")


def render_positions_csv(settlement: Settlement, lang: str = "de") -> str:
    """One line per post: costs by category, grant and what is left for the members."""
    header = [label(h, lang) for h in POSITION_HEADER]
    rows = []
    for r in settlement.regions:
        for p in r.positions:
            costs = p.costs
            rows.append((r.id, r.name, p.id, p.name, Number(p.fte.normalize()), fte(p.average_fte),
                         *(money(getattr(costs, c)) for c in CATEGORIES), money(costs.total),
                         money(p.grant.amount), money(costs.total - p.grant.amount),
                         ", ".join(label(c, lang) for c in CATEGORIES if c in costs.actual)))
    return render_rows(header, rows, lang)
