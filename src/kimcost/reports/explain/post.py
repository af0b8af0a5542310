"""``explain`` below the region: a post's cost categories and grant, each holder's steps and
months (rules 1–10). Inner nodes carry the engine's figures; leaves cite the YAML.

Everything here is read from the settlement: which rates, table amounts, steps and grant
rules the engine used, and the key paths it read them from, are recorded in its results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kimcost.engine.results import (
    AnnualPayment,
    CostDetail,
    HolderMonth,
    HolderYear,
    PositionResult,
    StepChange,
)
from kimcost.money import ZERO
from kimcost.reports.explain.tree import Leaves, Node
from kimcost.reports.labels import label
from kimcost.reports.numbers import date, money, number, percent


@dataclass
class Context:
    leaf: Leaves
    year: int
    lang: str

    def L(self, key: str, **values) -> str:
        text = label(key, self.lang)
        return text.format(**values) if values else text

    def money(self, amount) -> str:
        return money(amount, self.lang)

    def date(self, day: dt.date | None) -> str:
        return date(day, self.lang)


def _in_month(day: dt.date | None, year: int, month: int) -> bool:
    return day is not None and day.year == year and day.month == month


# --- a post ----------------------------------------------------------------------------


def post_costs(cx: Context, p: PositionResult) -> Node:
    node = Node(f"{cx.L('ex_position', id=p.id, name=p.name)}: {cx.L('total_costs')}", p.costs.total, "money")
    for detail in p.details:
        node.add(_category(cx, p, detail))
    return node


def _vacant(cx: Context, p: PositionResult) -> Node:
    return cx.leaf(f"{cx.L('vacant')} ({cx.L('position')})", p.path + ("id",), "text")


def _category(cx: Context, p: PositionResult, detail: CostDetail) -> Node:
    computed = _computed_children(cx, p, detail)
    if detail.actual_path is None:
        return Node(cx.L(detail.category), detail.amount, "money").add(*(computed or [_vacant(cx, p)]))
    actual = cx.leaf(cx.L("ex_actual"), detail.actual_path, "money")
    node = Node(f"{cx.L(detail.category)} ({cx.L('actual')})", detail.amount, "money").add(actual)
    if computed:
        node.add(Node(cx.L("ex_computed_replaced"), detail.computed, "money").add(*computed))
    return node


# The rates given per period: their label names the date the entry took effect.
_DATED_RATE_LABELS = {
    "equipment_running": "ex_equipment_running",
    "recruitment": "ex_recruitment_each",
    "administration_per_fte": "ex_admin_per_fte",
}


def _computed_children(cx: Context, p: PositionResult, detail: CostDetail) -> list[Node]:
    if detail.category == "personnel":
        return [holder_node(cx, p, h) for h in p.holders]
    out = []
    for rate in detail.rates:
        if rate.kind == "equipment_initial":
            # Followed by the date the post was first filled: why the amount was due this year.
            out.append(cx.leaf(cx.L("ex_equipment_initial"), rate.path, "money"))
            out.append(_first_filled(cx, detail))
        elif rate.kind == "administration_percent":
            out.append(cx.leaf(cx.L("ex_admin_percent"), rate.path, "percent"))
        else:
            out.append(cx.leaf(f"{cx.L(_DATED_RATE_LABELS[rate.kind])}, {cx.L('since')} {cx.date(rate.since)}",
                               rate.path, "money"))
    if detail.category == "recruitment":
        # The start dates say who started in the year (and, for 0 €, that nobody did).
        out += [cx.leaf(f"{cx.L('ex_start')} {h.name}", h.path + ("start",), "date") for h in p.holders]
    return out


def _first_filled(cx: Context, detail: CostDetail) -> Node:
    assert detail.first_filled_path is not None  # initial equipment cites the date first filled
    if detail.first_filled_holder is None:
        return cx.leaf(cx.L("ex_first_filled"), detail.first_filled_path, "date")
    return cx.leaf(f"{cx.L('ex_first_filled')} ({cx.L('ex_start')} {detail.first_filled_holder})",
                   detail.first_filled_path, "date")


def post_grant(cx: Context, p: PositionResult) -> Node:
    g = p.grant
    text = cx.L("ex_grant_post", id=p.id)
    if g.capped:
        text += f"; {cx.L('ex_grant_capped', cap=cx.money(g.cap))}"
    node = Node(text, g.amount, "money")
    base = g.programme_path
    fixed = g.basis == "fixed_per_year"
    amount_label = "ex_grant_fixed" if fixed else "ex_grant_amount"
    for path in g.amount_paths:
        since = path[-1]
        assert isinstance(since, dt.date)  # grants.<id>.amounts.<date>
        node.add(cx.leaf(cx.L(amount_label, since=cx.date(since)), path + ("value",), "money"))
    if fixed:
        # One yearly sum for all posts, spread per planned VZÄ (schema: GrantProgramme.basis).
        node.add(cx.leaf(cx.L("ex_grant_basis"), base + ("basis",), "text"),
                 Node(cx.L("ex_planned_fte"), g.planned_fte, "decimal").add(
                     *(cx.leaf(f"{cx.L('fte')} {q.id}", q.path, "decimal") for q in g.planned)))
    node.add(cx.leaf(cx.L("ex_grant_proration"), base + ("proration",), "text"),
             cx.leaf(cx.L("ex_grant_min_fte"), base + ("min_fte",), "decimal"),
             cx.leaf(cx.L("ex_grant_cap"), base + ("cap",), "text"))
    eligible = Node(cx.L("ex_eligible"), g.eligible_fte_months, "share")
    for h in p.holders:
        if not h.grant_eligible:
            eligible.add(Node(cx.L("ex_not_eligible", name=h.name), ZERO, "share").add(
                cx.leaf(cx.L("ex_fte"), h.path + ("fte",), "decimal")))
            continue
        months = Node(cx.L("ex_eligible_holder", name=h.name), sum((m.grant_share for m in h.months), ZERO), "share")
        months.add(cx.leaf(cx.L("ex_fte"), h.path + ("fte",), "decimal"), cx.leaf(cx.L("ex_start"), h.path + ("start",), "date"))
        if h.end is not None:
            months.add(cx.leaf(cx.L("ex_end"), h.path + ("end",), "date"))
        eligible.add(months)
    node.add(eligible if eligible.children else eligible.add(_vacant(cx, p)))
    return node


# --- a holder --------------------------------------------------------------------------


def holder_node(cx: Context, p: PositionResult, h: HolderYear) -> Node:
    fte = number(h.fte, cx.lang, max(1, -int(h.fte.as_tuple().exponent)))
    node = Node(cx.L("ex_holder", name=h.name, grade=h.grade, fte=fte), h.personnel.total, "money")
    node.add(cx.leaf(cx.L("ex_grade"), h.path + ("grade",), "text"), _steps(cx, h))
    for m in h.months:
        if m.days_held:
            node.add(_month(cx, h, m))
    return node


def _steps(cx: Context, h: HolderYear) -> Node:
    node = Node(cx.L("ex_steps"), " → ".join(str(s.step) for s in h.steps), "text")
    return node.add(*(_step(cx, change) for change in h.steps))


def _step(cx: Context, change: StepChange) -> Node:
    """Why the holder is in this step: the holder data, a schedule entry, or a rise by the
    step duration in force (rule 3), explained down to the step it rose from."""
    if change.reason == "start":
        step, since = change.cited
        return Node(cx.L("ex_step_start", step=change.step, since=cx.date(change.date)), change.step, "int").add(
            cx.leaf(cx.L("ex_step_value"), step, "int"), cx.leaf(cx.L("ex_step_since"), since, "date"))
    if change.reason == "schedule":
        day, step = change.cited
        return Node(cx.L("ex_step_schedule", step=change.step, date=cx.date(change.date)), change.step, "int").add(
            cx.leaf(cx.L("ex_schedule_date"), day, "date"), cx.leaf(cx.L("ex_schedule_step"), step, "int"))
    previous = change.previous
    assert previous is not None  # a rise has the period it rose from
    (years,) = change.cited
    return Node(cx.L("ex_step_rise", step=change.step, date=cx.date(change.date), prev=previous.step), change.step, "int").add(
        cx.leaf(cx.L("ex_step_duration", step=previous.step, since=cx.date(change.durations_since)), years, "int"),
        _step(cx, previous))


# --- a month ---------------------------------------------------------------------------


def _occupied(cx: Context, h: HolderYear, m: HolderMonth) -> Node:
    node = Node(cx.L("ex_occupied", days=m.days_held, of=m.days_in_month), m.occupied_share, "share")
    node.add(cx.leaf(cx.L("ex_fte"), h.path + ("fte",), "decimal"))
    if m.days_held != m.days_in_month:
        if _in_month(h.start, cx.year, m.month):
            node.add(cx.leaf(cx.L("ex_start"), h.path + ("start",), "date"))
        if _in_month(h.end, cx.year, m.month):
            node.add(cx.leaf(cx.L("ex_end"), h.path + ("end",), "date"))
    return node


def _table_leaf(cx: Context, h: HolderYear, m: HolderMonth) -> Node:
    assert m.table_amount_path is not None  # only for a month paid from a table
    return cx.leaf(cx.L("ex_table", since=cx.date(m.table_since), grade=h.grade, step=m.step),
                   m.table_amount_path, "money")


def _month(cx: Context, h: HolderYear, m: HolderMonth) -> Node:
    month_name = cx.L(f"month_{m.month}")
    node = Node(cx.L("ex_month", month=month_name), m.personnel, "money")
    share = number(m.occupied_share, cx.lang, 4)
    node.add(Node(cx.L("ex_pay", amount=cx.money(m.table_amount), share=share), m.pay, "money").add(
        _table_leaf(cx, h, m), _occupied(cx, h, m)))
    if m.allowance_paths:
        node.add(Node(cx.L("ex_allowance", share=share), m.allowance, "money").add(
            *(cx.leaf(cx.L("ex_allowance_amount"), path + ("value",), "money") for path in m.allowance_paths)))
    if m.one_off_paths:
        node.add(Node(cx.L("ex_one_off"), m.one_off, "money").add(
            *(cx.leaf(cx.L("ex_one_off_amount"), path + ("value",), "money") for path in m.one_off_paths),
            cx.leaf(cx.L("ex_fte"), h.path + ("fte",), "decimal")))
    if m.annual_payment and h.annual_payment is not None:
        node.add(_annual_payment(cx, h, h.annual_payment))
    node.add(_social_insurance(cx, m))
    if m.supplementary_pension_path is not None:
        path = m.supplementary_pension_path
        pensionable = m.pay + m.allowance + m.annual_payment
        pension = Node(cx.L("ex_pension", base=cx.money(pensionable)), m.supplementary_pension, "money")
        pension.add(cx.leaf(cx.L("ex_pension_rate"), path + ("percent",), "percent"))
        if cx.leaf.written(path + ("levy_percent",)):
            pension.add(cx.leaf(cx.L("ex_pension_levy"), path + ("levy_percent",), "percent"))
        node.add(pension)
    if m.accident_insurance_path is not None:
        node.add(Node(cx.L("accident_insurance"), m.accident_insurance, "money").add(
            cx.leaf(cx.L("ex_accident"), m.accident_insurance_path + ("value",), "money")))
    return node


def _social_insurance(cx: Context, m: HolderMonth) -> Node:
    """Rule 7: per branch rate × contributory pay (capped at the ceiling, ÷ 30 in part months)."""
    node = Node(cx.L("ex_si"), m.social_insurance_total, "money")
    ceiling_label = (cx.L("ex_ceiling") if m.days_held == m.days_in_month
                     else cx.L("ex_ceiling_part", days=m.days_held))
    for b in m.social_insurance_basis:
        rate_value = cx.leaf(cx.L("ex_rate"), b.rate_path, "percent")
        title = cx.L("ex_branch", name=b.name, rate=percent(rate_value.value, cx.lang),
                     base=cx.money(m.contributory_pay[b.group]))
        node.add(Node(title, m.social_insurance[b.branch], "money").add(
            rate_value, cx.leaf(ceiling_label, b.ceiling_path, "money")))
    return node


def _annual_payment(cx: Context, h: HolderYear, a: AnnualPayment) -> Node:
    """Rule 5: rate × base × months with pay ÷ 12; the base from the pay of the base months
    (or, with no month held in full, of the first month held)."""
    node = Node(cx.L("ex_jsz", month=cx.L(f"month_{a.month}"), base=cx.money(a.base), paid=a.months_paid),
                a.amount, "money")
    node.add(cx.leaf(cx.L("ex_jsz_rate"), a.percent_path, "percent"))
    title = (cx.L("ex_jsz_first_full") if a.fallback == "full_month_pay"
             else cx.L("ex_jsz_base_months", months=", ".join(cx.L(f"month_{n}") for n in a.base_months)))
    base = Node(title, a.base, "money")
    seen: set = set()
    for n in a.source_months:
        m = h.months[n - 1]
        for leaf in (_table_leaf(cx, h, m), *(cx.leaf(cx.L("ex_allowance_amount"), p + ("value",), "money")
                                            for p in m.allowance_paths)):
            if leaf.path not in seen:
                seen.add(leaf.path)
                base.add(leaf)
    base.add(cx.leaf(cx.L("ex_fte"), h.path + ("fte",), "decimal"))
    return node.add(base)
