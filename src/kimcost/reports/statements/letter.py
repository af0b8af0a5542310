"""Page 1: the letter itself (DIN 5008): letterhead, address field, information block,
subject, salutation, the settlement in a few lines, how and when to pay, the values that are
assumptions, closing, signature and the enclosure note."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table

from kimcost.money import ZERO
from kimcost.reports import numbers as fmt
from kimcost.reports.labels import label
from kimcost.reports.statements import layout
from kimcost.reports.statements.content import Letter
from kimcost.reports.statements.fonts import BOLD
from kimcost.reports.statements.styles import SUBJECT, bold, cell, grid, markup, text

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

MAX_NAMED = 8        # assumptions named in the letter's text; the enclosure lists them all


def L(letter: Letter, name: str, /, **values: object) -> str:
    value = label(name, letter.lang)
    return value.format(**values) if values else value


def money(letter: Letter, amount: Decimal) -> str:
    return fmt.money(amount, letter.lang)


def draw_first_page(canvas: Canvas, letter: Letter) -> None:
    """Everything on page 1 that has a fixed place on the sheet."""
    sender = letter.sender.address
    layout.fold_marks(canvas)
    layout.letterhead(canvas, sender.name, sender.lines, " · ".join(
        (sender.street, sender.city) + ((sender.country,) if sender.country else ())))
    layout.address_field(canvas, sender.return_line, letter.recipient.all_lines)
    s = letter.sender
    layout.information_block(canvas, [
        (L(letter, "letter_info_reference"), letter.reference),
        (L(letter, "letter_info_contact"), s.contact_name),
        (L(letter, "letter_info_phone"), s.phone),
        (L(letter, "letter_info_email"), s.email),
        ("", ""),
        (L(letter, "letter_info_date"), fmt.date(letter.date, letter.lang)),
    ])
    layout.footer(canvas, footer_columns(letter))


def footer_columns(letter: Letter) -> list[list[str]]:
    s = letter.sender
    bank = [f"{s.bank}", f"IBAN {s.iban_grouped}"] + ([f"BIC {s.bic}"] if s.bic else [])
    return [[s.address.name, s.address.street, s.address.city], [s.contact_name, s.phone, s.email], bank]


def body(letter: Letter) -> list[Flowable]:
    """The letter's text, kept on its one page (it shrinks rather than run over)."""
    region = letter.region
    story: list[Flowable] = [
        text(L(letter, "letter_subject", year=letter.year, region=region.name), SUBJECT),
        text(L(letter, "letter_subject_more", reference=letter.reference)),
        Spacer(1, 5 * mm),
        text(L(letter, "letter_salutation")),
        Spacer(1, 2.5 * mm),
        text(L(letter, "letter_intro", employer=region.employer_name, region=region.name,
               members=_names([m.name for m in region.members], letter), year=letter.year,
               key_words=L(letter, f"split_words_{region.key}"))),
        Spacer(1, 2.5 * mm),
        _figures(letter),
        Spacer(1, 3 * mm),
    ]
    story += _payment(letter)
    if letter.flagged:
        names = list(dict.fromkeys(v.name for v in letter.flagged))
        shown = names[:MAX_NAMED]
        if len(names) > MAX_NAMED:
            shown.append(L(letter, "letter_flagged_more", count=len(names) - MAX_NAMED))
        story += [Spacer(1, 2.5 * mm), text(L(letter, "letter_flagged", names=", ".join(shown)))]
    s = letter.sender
    story += [
        Spacer(1, 2.5 * mm),
        text(L(letter, "letter_enclosure_hint") + " " + L(letter, "letter_questions", name=s.contact_name,
                                                         phone=s.phone, email=s.email)),
        Spacer(1, 4 * mm),
        text(L(letter, "letter_closing")),
    ]
    on_behalf = L(letter, "letter_on_behalf")
    if on_behalf and s.signature_name:
        story.append(text(on_behalf))
    story.append(Spacer(1, 9 * mm))
    if s.signature_name:
        story.append(text(s.signature_name))
        if s.signature_role:
            story.append(text(s.signature_role))
    story += [Spacer(1, 4 * mm), markup(bold(L(letter, "letter_enclosure_line"))),
              text(L(letter, "letter_enclosure_what"))]
    height = layout.BODY_BOTTOM - layout.BODY_TOP
    return [KeepInFrame(layout.TEXT_WIDTH, height, story, mode="shrink")]


def _names(names: list[str], letter: Letter) -> str:
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {L(letter, 'letter_and')} {names[-1]}"


def _fraction(letter: Letter) -> str:
    region, member = letter.region, letter.member
    if region.key == "equal":
        return f"1/{len(region.members)}"
    total = sum((m.weight for m in region.members), ZERO)
    return f"{fmt.number(member.weight, letter.lang, _places(member.weight))}/{fmt.number(total, letter.lang, _places(total))}"


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def balance_label(letter: Letter) -> str:
    balance = letter.member.balance
    return L(letter, "letter_due" if balance > 0 else "letter_refund" if balance < 0 else "letter_settled")


def _figures(letter: Letter) -> Table:
    """The settlement in six lines; every amount positive, its direction in words ("abzüglich"),
    so that no line reads "abzüglich … -142.500,00 €"."""
    region, member = letter.region, letter.member
    fte = fmt.number(region.average_fte, letter.lang, 2)
    rows = [
        (L(letter, "letter_total_costs", region=region.name, fte=fte), region.costs.total, False),
        (L(letter, "letter_less_grant"), region.grant, False),
        (L(letter, "letter_own_share", region=region.name), region.own_share, True),
        (L(letter, "letter_your_share", key=label(f"key_{region.key}", letter.lang), fraction=_fraction(letter)),
         member.share, False),
        (L(letter, "letter_less_advances", year=letter.year), member.advances, False),
        (balance_label(letter), abs(member.balance), True),
    ]
    widths = [120 * mm, 35 * mm]
    data = [[cell(name, widths[0], strong=strong, size=9.5), cell(money(letter, amount), widths[1], strong=strong,
                                                                 right=True, size=9.5)]
            for name, amount, strong in rows]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    style = grid(header_rows=0, total_rows=(2, 5), shaded_rows=(5,))
    style.add("FONTSIZE", (0, 0), (-1, -1), 9.5)
    style.add("LEADING", (0, 0), (-1, -1), 11.5)
    style.add("ALIGN", (1, 0), (1, -1), "RIGHT")
    table.setStyle(style)
    return table


def _payment(letter: Letter) -> list[Flowable]:
    balance = letter.member.balance
    amount = money(letter, abs(balance))
    due = fmt.date(letter.due, letter.lang)
    if balance < 0:
        return [text(L(letter, "letter_pay_refund", amount=amount, due=due, reference=letter.reference))]
    if balance == 0:
        return [text(L(letter, "letter_pay_settled"))]
    s = letter.sender
    rows = [("letter_payee", s.address.name), ("letter_iban", s.iban_grouped)]
    if s.bic:
        rows.append(("letter_bic", s.bic))
    rows += [("letter_bank", s.bank), ("letter_purpose", letter.reference), ("letter_due_date", due)]
    widths = [35 * mm, 120 * mm]
    strong = ("letter_iban", "letter_purpose", "letter_due_date")
    data = [[cell(L(letter, key), widths[0], size=9), cell(value, widths[1], strong=key in strong, size=9)]
            for key, value in rows]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    style = grid(header_rows=0)
    style.add("FONTSIZE", (0, 0), (-1, -1), 9)
    style.add("LEADING", (0, 0), (-1, -1), 11)
    for i, (key, _) in enumerate(rows):
        if key in strong:
            style.add("FONT", (1, i), (1, i), BOLD, 9)
    style.add("TOPPADDING", (0, 0), (-1, -1), 0.5)
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)
    table.setStyle(style)
    return [text(L(letter, "letter_pay_due", amount=amount, due=due)), Spacer(1, 1.5 * mm), table]
