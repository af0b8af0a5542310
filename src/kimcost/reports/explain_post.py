"""``explain`` below the region: a post's cost categories and grant, each holder's steps and
months (rules 1–10). Inner nodes carry the engine's figures; leaves cite the YAML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kimcost.configuration.errors import Path
from kimcost.configuration.schema import Holder, Position
from kimcost.engine.parameters import Parameters
from kimcost.engine.results import AnnualPayment, CostDetail, HolderMonth, HolderYear, PositionResult
from kimcost.engine.steps import StepPeriod, step_history
from kimcost.money import ZERO
from kimcost.reports.explain_tree import Leaves, Node, resolve
from kimcost.reports.numbers import date, money, number, percent
from kimcost.reports.labels import label


@dataclass
class Context:
    leaf: Leaves
    params: Parameters
    year: int
    lang: str

    def L(self, key: str, **values) -> str:
        text = label(key, self.lang)
        return text.format(**values) if values else text

    def money(self, amount) -> str:
        return money(amount, self.lang)

    def date(self, day: dt.date) -> str:
        return date(day, self.lang)


def _holder_path(position_index: int, holder_index: int) -> Path:
    return ("positions", position_index, "holders", holder_index)


def _in_month(day: dt.date | None, year: int, month: int) -> bool:
    return day is not None and day.year == year and day.month == month


# --- a post ----------------------------------------------------------------------------


def post_costs(cx: Context, p: PositionResult) -> Node:
    node = Node(f"{cx.L('ex_position', id=p.id, name=p.name)}: {cx.L('total_costs')}", p.costs.total, "money")
    position = cx.leaf.config.positions[p.index]
    for detail in p.details:
        node.add(_category(cx, p, position, detail))
    return node


def _vacant(cx: Context, p: PositionResult) -> Node:
    return cx.leaf(f"{cx.L('vacant')} ({cx.L('position')})", ("positions", p.index, "id"), "text")


def _category(cx: Context, p: PositionResult, position: Position, detail: CostDetail) -> Node:
    computed = _computed_children(cx, p, position, detail)
    if detail.actual is None:
        return Node(cx.L(detail.category), detail.amount, "money").add(*(computed or [_vacant(cx, p)]))
    actual = cx.leaf(cx.L("ex_actual"), ("positions", p.index, "actuals", cx.year, detail.category), "money")
    node = Node(f"{cx.L(detail.category)} ({cx.L('actual')})", detail.amount, "money").add(actual)
    if computed:
        node.add(Node(cx.L("ex_computed_replaced"), detail.computed, "money").add(*computed))
    return node


def _computed_children(cx: Context, p: PositionResult, position: Position, detail: CostDetail) -> list[Node]:
    rates = [path for path in detail.paths if "actuals" not in path]
    if detail.category == "personnel":
        return [holder_node(cx, p, h) for h in p.holders]
    if detail.category == "equipment":
        out = []
        for path in rates:
            if path[-2] == "equipment_initial":
                out.append(cx.leaf(cx.L("ex_equipment_initial"), path + ("value",), "money"))
                out.append(_first_filled(cx, p, position))
            else:
                out.append(cx.leaf(f"{cx.L('ex_equipment_running')}, {cx.L('since')} {cx.date(path[-1])}",
                                   path + ("value",), "money"))
        return out
    if detail.category == "recruitment":
        out = [cx.leaf(f"{cx.L('ex_recruitment_each')}, {cx.L('since')} {cx.date(path[-1])}", path + ("value",), "money")
               for path in rates]
        # The start dates say who started in the year (and, for 0 €, that nobody did).
        out += [cx.leaf(f"{cx.L('ex_start')} {h.name}", _holder_path(p.index, j) + ("start",), "date")
                for j, h in enumerate(position.holders) if h.start.year <= cx.year and (h.end is None or h.end.year >= cx.year)]
        return out
    out = []
    for path in rates:
        entry = resolve(cx.leaf.config, path)
        if entry.percent_of_personnel is not None:
            out.append(cx.leaf(cx.L("ex_admin_percent"), path + ("percent_of_personnel",), "percent"))
        else:
            out.append(cx.leaf(f"{cx.L('ex_admin_per_fte')}, {cx.L('since')} {cx.date(path[-1])}",
                               path + ("per_fte_year",), "money"))
    return out


def _first_filled(cx: Context, p: PositionResult, position: Position) -> Node:
    if getattr(position, "first_filled", None) is not None:
        return cx.leaf(cx.L("ex_first_filled"), ("positions", p.index, "first_filled"), "date")
    j = min(range(len(position.holders)), key=lambda k: position.holders[k].start)
    return cx.leaf(f"{cx.L('ex_first_filled')} ({cx.L('ex_start')} {position.holders[j].name})",
                   _holder_path(p.index, j) + ("start",), "date")


def post_grant(cx: Context, p: PositionResult) -> Node:
    g = p.grant
    text = cx.L("ex_grant_post", id=p.id)
    if g.capped:
        text += f"; {cx.L('ex_grant_capped', cap=cx.money(g.cap))}"
    node = Node(text, g.amount, "money")
    gid = cx.leaf.config.district.grant
    base = ("grants", gid)
    fixed = getattr(cx.leaf.config.grants[gid], "basis", "per_fte_year") == "fixed_per_year"
    amount_label = "ex_grant_fixed" if fixed else "ex_grant_amount"
    for path in g.amount_paths:
        node.add(cx.leaf(cx.L(amount_label, since=cx.date(path[-1])), path + ("value",), "money"))
    if fixed:
        # One yearly sum for all posts, spread per planned VZÄ (schema: GrantProgramme.basis).
        positions = cx.leaf.config.positions
        node.add(cx.leaf(cx.L("ex_grant_basis"), base + ("basis",), "text"),
                 Node(cx.L("ex_planned_fte"), sum((q.fte for q in positions), ZERO), "decimal").add(
                     *(cx.leaf(f"{cx.L('fte')} {q.id}", ("positions", i, "fte"), "decimal")
                       for i, q in enumerate(positions))))
    node.add(cx.leaf(cx.L("ex_grant_proration"), base + ("proration",), "text"),
             cx.leaf(cx.L("ex_grant_min_fte"), base + ("min_fte",), "decimal"),
             cx.leaf(cx.L("ex_grant_cap"), base + ("cap",), "text"))
    eligible = Node(cx.L("ex_eligible"), g.eligible_fte_months, "share")
    for h in p.holders:
        hp = _holder_path(p.index, h.index)
        if h.fte < g.min_fte:
            eligible.add(Node(cx.L("ex_not_eligible", name=h.name), ZERO, "share").add(
                cx.leaf(cx.L("ex_fte"), hp + ("fte",), "decimal")))
            continue
        months = Node(cx.L("ex_eligible_holder", name=h.name), sum((m.grant_share for m in h.months), ZERO), "share")
        months.add(cx.leaf(cx.L("ex_fte"), hp + ("fte",), "decimal"), cx.leaf(cx.L("ex_start"), hp + ("start",), "date"))
        if h.end is not None:
            months.add(cx.leaf(cx.L("ex_end"), hp + ("end",), "date"))
        eligible.add(months)
    node.add(eligible if eligible.children else eligible.add(_vacant(cx, p)))
    return node


# --- a holder --------------------------------------------------------------------------


def holder_node(cx: Context, p: PositionResult, h: HolderYear) -> Node:
    hp = _holder_path(p.index, h.index)
    holder = cx.leaf.config.positions[p.index].holders[h.index]
    fte = number(h.fte, cx.lang, max(1, -h.fte.as_tuple().exponent))
    node = Node(cx.L("ex_holder", name=h.name, grade=h.grade, fte=fte), h.personnel.total, "money")
    node.add(cx.leaf(cx.L("ex_grade"), hp + ("grade",), "text"), _steps(cx, holder, hp, h))
    for m in h.months:
        if m.days_held:
            node.add(_month(cx, holder, hp, h, m))
    return node


def _steps(cx: Context, holder: Holder, hp: Path, h: HolderYear) -> Node:
    tariff = cx.params.tariff_of(holder.grade)
    history = step_history(holder, tariff.durations, tariff.max_step(holder.grade), dt.date(cx.year, 12, 31))
    node = Node(cx.L("ex_steps"), " → ".join(str(s.step) for s in h.steps), "text")
    for change in h.steps:
        k = next(i for i, period in enumerate(history) if period.since == change.date and period.step == change.step)
        node.add(_step(cx, holder, hp, history, k))
    return node


def _step(cx: Context, holder: Holder, hp: Path, history: list[StepPeriod], k: int) -> Node:
    """Why the holder is in this step: the holder data, a schedule entry, or a rise by the
    step duration in force (rule 3), explained down to the step it rose from."""
    period = history[k]
    if period.reason == "start":
        return Node(cx.L("ex_step_start", step=period.step, since=cx.date(period.since)), period.step, "int").add(
            cx.leaf(cx.L("ex_step_value"), hp + ("step",), "int"),
            cx.leaf(cx.L("ex_step_since"), hp + ("step_since",), "date"))
    if period.reason == "schedule":
        s = next(i for i, c in enumerate(holder.step_schedule or ())
                 if c.date == period.since and c.step == period.step)
        return Node(cx.L("ex_step_schedule", step=period.step, date=cx.date(period.since)), period.step, "int").add(
            cx.leaf(cx.L("ex_schedule_date"), hp + ("step_schedule", s, "date"), "date"),
            cx.leaf(cx.L("ex_schedule_step"), hp + ("step_schedule", s, "step"), "int"))
    previous = history[k - 1]
    durations = cx.params.tariff_of(holder.grade).durations.at(period.durations_since)
    return Node(cx.L("ex_step_rise", step=period.step, date=cx.date(period.since), prev=previous.step), period.step, "int").add(
        cx.leaf(cx.L("ex_step_duration", step=previous.step, since=cx.date(durations.since)),
                durations.path + ("years", previous.step - 1), "int"),
        _step(cx, holder, hp, history, k - 1))


# --- a month ---------------------------------------------------------------------------


def _occupied(cx: Context, holder: Holder, hp: Path, m: HolderMonth) -> Node:
    node = Node(cx.L("ex_occupied", days=m.days_held, of=m.days_in_month), m.occupied_share, "share")
    node.add(cx.leaf(cx.L("ex_fte"), hp + ("fte",), "decimal"))
    if m.days_held != m.days_in_month:
        if _in_month(holder.start, cx.year, m.month):
            node.add(cx.leaf(cx.L("ex_start"), hp + ("start",), "date"))
        if _in_month(holder.end, cx.year, m.month):
            node.add(cx.leaf(cx.L("ex_end"), hp + ("end",), "date"))
    return node


def _table_leaf(cx: Context, h: HolderYear, m: HolderMonth) -> Node:
    return cx.leaf(cx.L("ex_table", since=cx.date(m.table_since), grade=h.grade, step=m.step),
                   m.table_path + (m.step - 1,), "money")


def _month(cx: Context, holder: Holder, hp: Path, h: HolderYear, m: HolderMonth) -> Node:
    month_name = cx.L(f"month_{m.month}")
    node = Node(cx.L("ex_month", month=month_name), m.personnel, "money")
    share = number(m.occupied_share, cx.lang, 4)
    node.add(Node(cx.L("ex_pay", amount=cx.money(m.table_amount), share=share), m.pay, "money").add(
        _table_leaf(cx, h, m), _occupied(cx, holder, hp, m)))
    if m.allowance_paths:
        node.add(Node(cx.L("ex_allowance", share=share), m.allowance, "money").add(
            *(cx.leaf(cx.L("ex_allowance_amount"), path + ("value",), "money") for path in m.allowance_paths)))
    if m.one_off_paths:
        node.add(Node(cx.L("ex_one_off"), m.one_off, "money").add(
            *(cx.leaf(cx.L("ex_one_off_amount"), path + ("value",), "money") for path in m.one_off_paths),
            cx.leaf(cx.L("ex_fte"), hp + ("fte",), "decimal")))
    if m.annual_payment and h.annual_payment is not None:
        node.add(_annual_payment(cx, holder, hp, h, h.annual_payment))
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
    branches = cx.leaf.config.social_insurance.branches
    node = Node(cx.L("ex_si"), m.social_insurance_total, "money")
    for bid, amount in m.social_insurance.items():
        group = branches[bid].ceiling
        rate = m.social_insurance_rates_path + ("percent", bid)
        rate_value = cx.leaf(cx.L("ex_rate"), rate, "percent")
        title = cx.L("ex_branch", name=branches[bid].name, rate=percent(rate_value.value, cx.lang),
                     base=cx.money(m.contributory_pay[group]))
        ceiling_label = (cx.L("ex_ceiling") if m.days_held == m.days_in_month
                         else cx.L("ex_ceiling_part", days=m.days_held))
        node.add(Node(title, amount, "money").add(
            rate_value, cx.leaf(ceiling_label, m.ceilings_path + ("monthly", group), "money")))
    return node


def _annual_payment(cx: Context, holder: Holder, hp: Path, h: HolderYear, a: AnnualPayment) -> Node:
    """Rule 5: rate × base × months with pay ÷ 12; the base from the pay of the base months."""
    k = next(i for i, g in enumerate(resolve(cx.leaf.config, a.rate_path).groups) if h.grade in g.grades)
    node = Node(cx.L("ex_jsz", month=cx.L(f"month_{a.month}"), base=cx.money(a.base), paid=a.months_paid),
                a.amount, "money")
    node.add(cx.leaf(cx.L("ex_jsz_rate"), a.rate_path + ("groups", k, "percent"), "percent"))
    base_months = a.base_months or tuple(m.month for m in h.months if m.days_held)[:1]
    title = (cx.L("ex_jsz_base_months", months=", ".join(cx.L(f"month_{n}") for n in a.base_months))
             if a.base_months else cx.L("ex_jsz_first_full"))
    base = Node(title, a.base, "money")
    seen: set = set()
    for n in base_months:
        m = h.months[n - 1]
        for leaf in (_table_leaf(cx, h, m), *(cx.leaf(cx.L("ex_allowance_amount"), p + ("value",), "money")
                                            for p in m.allowance_paths)):
            if leaf.path not in seen:
                seen.add(leaf.path)
                base.add(leaf)
    base.add(cx.leaf(cx.L("ex_fte"), hp + ("fte",), "decimal"))
    return node.add(base)
