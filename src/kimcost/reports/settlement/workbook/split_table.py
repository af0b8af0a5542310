"""Region sheet, second half: the grant per post (rule 10) and the split of the own share
among the members with the remainder cents (rules 11–13)."""

from __future__ import annotations

from kimcost.engine.results import PositionResult, RegionResult
from kimcost.money import CENT, TWELVE, ZERO
from kimcost.reports.labels import balance_label
from kimcost.reports.numbers import number as format_number
from kimcost.reports.settlement.workbook.context import Context
from kimcost.reports.xlsx.styles import EXACT_PLACES, FTE_PLACES, SheetWriter

GRANT_COLUMNS = ("position", "grant_fte_months", "grant_rate", "grant_uncapped", "grant_cap", "grant_capped", "grant")
SPLIT_COLUMNS = ("member", "weight", "exact_share", "floor_share", "extra_cent", "share", "advances", "balance", "result")


def _grant_rates(p: PositionResult):
    """The grant amounts per FTE-year in force in the months the post was held."""
    return sorted({m.grant_amount for h in p.holders for m in h.months if m.days_held})


def write_grant_table(out: SheetWriter, ctx: Context, region: RegionResult, row: int) -> int:
    out.text(row, 1, ctx.L("grant_table"), "section", measure=False)
    row += 1
    out.header(row, 1, [ctx.L(c) for c in GRANT_COLUMNS], numeric={1, 2, 3, 4, 6})
    grant = None
    for p in region.positions:
        row += 1
        grant = p.grant
        out.text(row, 1, p.name)
        out.number(row, 2, p.grant.eligible_fte_months.quantize(FTE_PLACES), "fte")
        rates = _grant_rates(p)
        if len(rates) == 1:
            out.number(row, 3, rates[0])
        elif rates:
            out.text(row, 3, " / ".join(ctx.money(r) for r in rates))
        out.number(row, 4, p.grant.uncapped.quantize(CENT))
        if p.grant.cap is not None:
            out.number(row, 5, p.grant.cap)
        out.text(row, 6, ctx.L("yes") if p.grant.capped else ctx.L("no"), "text_center")
        out.number(row, 7, p.grant.amount, "money_bold")
    row += 1
    out.text(row, 1, ctx.L("total"), "total_label")
    for col in range(2, 7):
        out.style(row, col, "total_blank")
    out.number(row, 7, region.grant, "money_total")
    if grant is not None:
        row += 1
        cap = ctx.L(f"cap_{grant.cap_base}")
        proration = ctx.L(f"proration_{grant.proration}")
        note = (f"{ctx.L('grant_min_fte')}: {format_number(grant.min_fte, ctx.lang, 1)} · "
                f"{ctx.L('grant_proration')}: {proration} · {ctx.L('grant_cap')}: {cap} · "
                f"{ctx.L('grant_uncapped')} = {ctx.L('grant_rate')} × {ctx.L('grant_fte_months')} ÷ {TWELVE}")
        out.text(row, 1, note, "note", measure=False)
    return row


def write_split_table(out: SheetWriter, ctx: Context, region: RegionResult, row: int) -> int:
    out.text(row, 1, ctx.L("split_table"), "section", measure=False)
    # the own share, derived in three lines before it is split
    for key, amount, kind in (("total_costs", region.costs.total, "money"),
                              ("less_grant", region.grant, "money"),
                              ("own_share_region", region.own_share, "money_total")):
        row += 1
        out.text(row, 1, ctx.L(key), "total_label" if kind == "money_total" else "text")
        out.number(row, 3, amount, kind)
    weights = sum((m.weight for m in region.members), ZERO)
    row += 1
    out.text(row, 1, ctx.L("split_rule", own_share=ctx.money(region.own_share),
                           weights=format(weights.normalize(), "f")), "note", measure=False)
    row += 2
    out.header(row, 1, [ctx.L(c) for c in SPLIT_COLUMNS], numeric={1, 2, 3, 4, 5, 6, 7})
    exact = floors = cents = shares = advances = balances = ZERO
    for m in region.members:
        row += 1
        cent = CENT if m.extra_cent else ZERO
        out.text(row, 1, m.name, "text_bold" if not m.is_employer else "text")
        out.number(row, 2, m.weight, "general")
        out.number(row, 3, m.exact.quantize(EXACT_PLACES), "money_exact")
        out.number(row, 4, m.share - cent)
        out.number(row, 5, cent)
        out.number(row, 6, m.share, "money_bold")
        out.number(row, 7, m.advances)
        out.number(row, 8, m.balance, "money_bold")
        out.text(row, 9, balance_label(m.balance, m.is_employer, ctx.lang), "text_indent")
        exact, floors, cents = exact + m.exact, floors + m.share - cent, cents + cent
        shares, advances, balances = shares + m.share, advances + m.advances, balances + m.balance
    row += 1
    out.text(row, 1, ctx.L("total"), "total_label")
    out.style(row, 2, "total_blank")
    out.number(row, 3, exact.quantize(EXACT_PLACES), "money_total")
    for col, amount in ((4, floors), (5, cents), (6, shares), (7, advances), (8, balances)):
        out.number(row, col, amount, "money_total")
    out.style(row, 9, "total_blank")
    return row
