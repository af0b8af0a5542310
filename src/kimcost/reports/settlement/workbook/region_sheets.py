"""One sheet per region: posts and holders, costs by category (actual amounts marked), how
each cost was found, the grant per post and the split of the own share."""

from __future__ import annotations

from kimcost.engine.results import CATEGORIES, HolderYear, PositionResult, RegionResult
from kimcost.money import ZERO
from kimcost.reports.labels import key_label
from kimcost.reports.settlement.workbook.basis import basis_text, parameter_text
from kimcost.reports.settlement.workbook.context import Context
from kimcost.reports.settlement.workbook.split_table import write_grant_table, write_split_table
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.xlsx.model import Book
from kimcost.reports.xlsx.styles import FTE_PLACES, SheetWriter

HOLDER_COLUMNS = ("position", "holder", "grade", "steps", "fte", "start", "end", "months_held", "fte_months", "personnel")
# The public edition: occupancy only; grade, steps and the person's own costs are left out
# (reports/public.py), the post's costs follow in the costs table.
PUBLIC_HOLDER_COLUMNS = ("position", "holder", "fte", "start", "end", "months_held", "fte_months")
COST_COLUMNS = ("position", "fte_plan", "fte_average", "personnel", "equipment", "recruitment", "administration",
                "total_costs", "grant", "own_share", "note")
BASIS_COLUMNS = ("position", "category", "computed", "actual", "amount_used", "basis")
LAST_COL = len(COST_COLUMNS)


def write_region_sheet(wb: Book, ctx: Context, region: RegionResult) -> None:
    ws = wb.create_sheet(ctx.region_sheets[region.id])
    out = SheetWriter(ws, ctx.lang)
    out.text(1, 1, ctx.L("region_title", region=region.name, employer=region.employer_name), "title", measure=False)
    ws.row_dimensions[1].height = 24
    members = ", ".join(m.name for m in region.members)
    out.text(2, 1, f"{ctx.L('settlement_year')} {ctx.year} · {ctx.L('key')}: {key_label(region.key, ctx.lang)} · "
                   f"{ctx.L('region_members')}: {members}", "subtitle", measure=False)

    row = _holders_table(out, ctx, region, 4)
    row = _costs_table(out, ctx, region, row + 2)
    row = _basis_table(out, ctx, region, row + 2)
    row = write_grant_table(out, ctx, region, row + 2)
    row = write_split_table(out, ctx, region, row + 2)

    out.fit_columns(minimum=9, maximum=34, fixed={LAST_COL: 40.0})
    ws.freeze_panes = "B3"
    print_setup(ws, last_row=row, last_col=LAST_COL, landscape=True, lang=ctx.lang,
                header=f"{ctx.workbook_title} – {region.name}", footer=ctx.footer(),
                title_rows="1:2")


def steps_text(holder: HolderYear, ctx: Context) -> str:
    """``3`` or ``2; 3 ab 01.10.2024`` — the steps in force during the year (rule 3)."""
    parts = []
    for i, change in enumerate(holder.steps):
        if i == 0:
            parts.append(str(change.step))
        else:
            since = "ab" if ctx.lang == "de" else "from"
            parts.append(f"{change.step} {since} {ctx.date_text(change.date)}")
    return "; ".join(parts)


def _holders_table(out: SheetWriter, ctx: Context, region: RegionResult, row: int) -> int:
    if not ctx.privacy.shows_holders:
        return _public_holders_table(out, ctx, region, row)
    out.text(row, 1, ctx.L("holders_table"), "section", measure=False)
    row += 1
    out.header(row, 1, [ctx.L(c) for c in HOLDER_COLUMNS], numeric={4, 7, 8, 9})
    for p in region.positions:
        if not p.holders:
            row += 1
            out.text(row, 1, p.name)
            out.text(row, 2, ctx.L("vacant"), "note")
            out.number(row, 10, ZERO)
        for h in p.holders:
            row += 1
            out.text(row, 1, p.name)
            out.text(row, 2, h.name)
            out.text(row, 3, h.grade)
            if len(h.steps) == 1:  # a lone step as a number (Excel flags digits stored as text)
                out.number(row, 4, h.steps[0].step, "integer_left")
            else:
                out.text(row, 4, steps_text(h, ctx))
            out.number(row, 5, h.fte, "fte")
            out.date(row, 6, h.start)
            out.date(row, 7, h.end)
            out.number(row, 8, h.months_held, "integer")
            out.number(row, 9, h.fte_months.quantize(FTE_PLACES), "fte")
            out.number(row, 10, h.personnel.total)
    return row


def _public_holders_table(out: SheetWriter, ctx: Context, region: RegionResult, row: int) -> int:
    out.text(row, 1, ctx.L("holders_table"), "section", measure=False)
    row += 1
    out.header(row, 1, [ctx.L(c) for c in PUBLIC_HOLDER_COLUMNS], numeric={2, 5, 6})
    for p in region.positions:
        if not p.holders:
            row += 1
            out.text(row, 1, p.name)
            out.text(row, 2, ctx.L("vacant"), "note")
        for h in p.holders:
            row += 1
            out.text(row, 1, p.name)
            out.text(row, 2, ctx.privacy.person(h.index))
            out.number(row, 3, h.fte, "fte")
            out.date(row, 4, h.start)
            out.date(row, 5, h.end)
            out.number(row, 6, h.months_held, "integer")
            out.number(row, 7, h.fte_months.quantize(FTE_PLACES), "fte")
    return row


def _actual_note(p: PositionResult, ctx: Context) -> str:
    if not p.costs.actual:
        return ""
    names = ", ".join(ctx.L(c) for c in CATEGORIES if c in p.costs.actual)
    actuals = ctx.loaded.config.positions[p.index].actuals.get(ctx.year)
    source = f" ({actuals.source})" if actuals is not None else ""
    return ctx.L("actual_note", categories=names) + source


def _costs_table(out: SheetWriter, ctx: Context, region: RegionResult, row: int) -> int:
    out.text(row, 1, ctx.L("costs_table"), "section", measure=False)
    row += 1
    out.header(row, 1, [ctx.L(c) for c in COST_COLUMNS], numeric=set(range(1, 10)))
    for p in region.positions:
        row += 1
        out.text(row, 1, p.name)
        out.number(row, 2, p.fte, "fte")
        out.number(row, 3, p.average_fte.quantize(FTE_PLACES), "fte")
        for col, category in enumerate(CATEGORIES, start=4):
            kind = "money_actual" if category in p.costs.actual else "money"
            out.number(row, col, getattr(p.costs, category), kind)
        out.number(row, 8, p.costs.total)
        out.number(row, 9, p.grant.amount)
        out.number(row, 10, p.costs.total - p.grant.amount, "money_bold")
        out.text(row, 11, _actual_note(p, ctx), "wrap_indent")
    row += 1
    c = region.costs
    out.text(row, 1, ctx.L("total"), "total_label")
    out.number(row, 2, sum((p.fte for p in region.positions), ZERO), "total_fte")
    out.number(row, 3, region.average_fte.quantize(FTE_PLACES), "total_fte")
    for col, amount in enumerate((c.personnel, c.equipment, c.recruitment, c.administration, c.total,
                                  region.grant, region.own_share), start=4):
        out.number(row, col, amount, "money_total")
    out.style(row, 11, "total_blank")
    if any(p.costs.actual for p in region.positions):
        row += 1
        out.text(row, 1, ctx.L("actual_legend"), "note", measure=False)
    return row


def _basis_table(out: SheetWriter, ctx: Context, region: RegionResult, row: int) -> int:
    out.text(row, 1, ctx.L("basis_table"), "section", measure=False)
    row += 1
    out.header(row, 1, [ctx.L(c) for c in BASIS_COLUMNS], numeric={2, 3, 4})
    rows = {r.path: r for r in ctx.parameters}
    for p in region.positions:
        for detail in p.details:
            row += 1
            out.text(row, 1, p.name)
            out.text(row, 2, ctx.L(detail.category))
            out.number(row, 3, detail.computed)
            if detail.actual is not None:
                out.number(row, 4, detail.actual, "money_actual")
            out.number(row, 5, detail.amount, "money_actual" if detail.actual is not None else "money")
            text = basis_text(detail, ctx.lang)
            values = parameter_text(detail, rows, ctx.lang, ctx.loaded.config, ctx.privacy)
            # text runs on into the empty cells to the right; it must not widen this column
            out.text(row, 6, f"{text} – {values}" if values else text, "text_indent", measure=False)
    return row
