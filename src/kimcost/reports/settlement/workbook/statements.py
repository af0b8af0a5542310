"""One statement per member that is not its region's employer: a letter-like page that
says what the member owes (or gets back) and why, printed on one A4 page, portrait."""

from __future__ import annotations

import datetime as dt

from kimcost import __version__
from kimcost.engine.results import MemberShare, RegionResult
from kimcost.money import ZERO
from kimcost.reports.settlement.workbook.context import Context
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.xlsx.model import Book
from kimcost.reports.xlsx.styles import FTE_PLACES, SheetWriter

WIDTHS = {1: 44.0, 2: 30.0, 3: 17.0}
LINE = int(sum(WIDTHS.values()) * 1.05)  # characters per line of running text, 10 point


def write_statements(wb: Book, ctx: Context) -> None:
    for region, member in ctx.statement_members():
        write_statement(wb, ctx, region, member)


def write_statement(wb: Book, ctx: Context, region: RegionResult, member: MemberShare) -> None:
    ws = wb.create_sheet(ctx.statement_sheets[(region.id, member.id)])
    out = SheetWriter(ws, ctx.lang)
    title = ctx.privacy.title(ctx.L("statement_title", year=ctx.year, name=member.name))
    row = _letterhead(out, ctx, region, member, title)
    row = _facts(out, ctx, region, row + 2)
    row = _region_costs(out, ctx, region, row + 2)
    row = _member_share(out, ctx, region, member, row + 2)
    row = _closing(out, ctx, region, member, row + 2)
    out.fit_columns(fixed=WIDTHS)
    print_setup(ws, last_row=row, last_col=3, landscape=False, lang=ctx.lang, header=title,
                footer=ctx.footer(), title_rows="1:2", one_page=True)


def _letterhead(out: SheetWriter, ctx: Context, region: RegionResult, member: MemberShare, title: str) -> int:
    out.text(1, 1, region.employer_name, "text_bold")
    out.text(1, 2, ctx.L("date"), "label")
    out.date(1, 3, ctx.calculation_date, left=True)
    out.text(2, 1, f"{ctx.L('employer')} {region.name}", "small")
    out.text(4, 1, ctx.L("to"), "small")
    out.text(5, 1, member.name, "text_bold")
    out.text(6, 1, ctx.L("finance_department"))
    out.paragraph(8, 1, 3, title, "section", chars_per_line=int(LINE * 0.8), line_height=16)
    out.text(10, 1, ctx.L("salutation"))
    intro = ctx.L("statement_intro", region=region.name, employer=region.employer_name,
                  key=ctx.L(f"split_words_{region.key}"), year=ctx.year)
    out.paragraph(11, 1, 3, intro, chars_per_line=LINE)
    return 11


def _facts(out: SheetWriter, ctx: Context, region: RegionResult, row: int) -> int:
    period = f"{ctx.date_text(dt.date(ctx.year, 1, 1))} – {ctx.date_text(dt.date(ctx.year, 12, 31))}"
    for key, value in (("employer", region.employer_name), ("region", region.name),
                       ("region_members", ", ".join(m.name for m in region.members)), ("period", period)):
        out.text(row, 1, ctx.L(key), "label")
        out.paragraph(row, 2, 3, value, chars_per_line=int(LINE * 0.45))
        row += 1
    out.text(row, 1, f"{ctx.L('posts_average')} ({ctx.L('fte')})", "label")
    out.number(row, 2, region.average_fte.quantize(FTE_PLACES), "fte_left")
    return row


def _region_costs(out: SheetWriter, ctx: Context, region: RegionResult, row: int) -> int:
    out.header(row, 1, [f"{ctx.L('statement_costs')} – {region.name}", "", ""], numeric={2})
    c = region.costs
    for key, amount in (("personnel", c.personnel), ("equipment", c.equipment),
                        ("recruitment", c.recruitment), ("administration", c.administration)):
        row += 1
        out.text(row, 1, ctx.L(key))
        out.number(row, 3, amount)
    for key, amount, total in (("total_costs", c.total, True), ("less_grant", region.grant, False),
                               ("own_share_region", region.own_share, True)):
        row += 1
        out.text(row, 1, ctx.L(key), "total_label" if total else "text")
        if total:
            out.style(row, 2, "total_blank")
        out.number(row, 3, amount, "money_total" if total else "money")
    return row


def _member_share(out: SheetWriter, ctx: Context, region: RegionResult, member: MemberShare, row: int) -> int:
    out.header(row, 1, [ctx.L("your_share"), ctx.L("key"), ""], numeric={2})
    row += 1
    out.text(row, 1, f"{ctx.L('key')}: {ctx.L(f'key_{region.key}')}")
    out.text(row, 2, _key_text(ctx, region, member))
    row += 1
    out.text(row, 1, f"{ctx.L('your_share')} ({ctx.L('own_share_region')} × {_fraction(region, member)})")
    if member.extra_cent:
        out.text(row, 2, ctx.L("includes_cent"), "note")
    out.number(row, 3, member.share)
    row += 1
    out.text(row, 1, ctx.L("less_advances"))
    out.number(row, 3, -member.advances)
    row += 1
    # the balance as an amount with its direction in words, as a letter states it
    out.text(row, 1, _result_label(ctx, member), "result_label")
    out.style(row, 2, "total_blank")
    out.number(row, 3, abs(member.balance), "money_result")
    out.ws.row_dimensions[row].height = 20
    return row


def _closing(out: SheetWriter, ctx: Context, region: RegionResult, member: MemberShare, row: int) -> int:
    out.paragraph(row, 1, 3, _payment_note(ctx, region, member), "wrap", chars_per_line=LINE)
    row += 2
    if ctx.flagged:
        out.paragraph(row, 1, 3, ctx.L("statement_flagged", sheet=ctx.parameter_sheet), "note_wrap",
                      chars_per_line=LINE)
        row += 1
    details = ctx.L("statement_details", region_sheet=ctx.region_sheets[region.id],
                    monthly_sheet=ctx.monthly_sheet, parameter_sheet=ctx.parameter_sheet)
    out.paragraph(row, 1, 3, details, "note_wrap", chars_per_line=LINE)
    row += 2
    footer = ctx.L("statement_footer", version=__version__, date=ctx.date_text(ctx.calculation_date),
                   config=ctx.config_name, sha=ctx.loaded.fingerprint)
    out.paragraph(row, 1, 3, footer, "small", chars_per_line=int(LINE * 1.2), line_height=11)
    return row


def _weights(region: RegionResult, member: MemberShare) -> tuple[str, str]:
    total = sum((m.weight for m in region.members), ZERO)
    return format(member.weight.normalize(), "f"), format(total.normalize(), "f")


def _key_text(ctx: Context, region: RegionResult, member: MemberShare) -> str:
    weight, total = _weights(region, member)
    return ctx.L(f"key_fraction_{region.key}", count=len(region.members), weight=weight, total=total)


def _fraction(region: RegionResult, member: MemberShare) -> str:
    """``1/4`` under the equal key (weights of 1), ``12074/46431`` under population."""
    return "/".join(_weights(region, member))


def _result_label(ctx: Context, member: MemberShare) -> str:
    if member.balance > 0:
        return ctx.L("due")
    if member.balance < 0:
        return ctx.L("refund")
    return ctx.L("balance")


def _payment_note(ctx: Context, region: RegionResult, member: MemberShare) -> str:
    reference = ctx.L("reference", year=ctx.year, name=member.name)
    amount = ctx.money(abs(member.balance))
    if member.balance > 0:
        return ctx.L("pay_note_due", amount=amount, employer=region.employer_name, reference=reference)
    if member.balance < 0:
        return ctx.L("pay_note_refund", amount=amount, employer=region.employer_name, reference=reference)
    return ctx.L("pay_note_settled")
