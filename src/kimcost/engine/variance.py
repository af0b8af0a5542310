"""Why a share changed (issue 13): the difference between two settlements, split into causes
that add up to it exactly, to the cent.

The method, once: move from the first settlement's inputs to the second's one cause group at a
time, in the fixed order of ``ORDER``; every step is an ordinary ``settle`` of a configuration
whose groups come partly from the first side and partly from the second; the difference
between two consecutive steps is that cause's amount. The amounts telescope, so they add up
to the difference by construction.

Two years: the steps are settled in the second year. The first side's data is moved there by
shifting every date of its configuration by the number of years between them (a holder who
started on 15.02.2023 starts on 15.02.2024, the table of 01.04.2022 takes effect on
01.04.2023 …; actual amounts entered for 2023 stand for 2024): settling the shifted
configuration in the second year repeats the first year, except where the calendar differs
(February's days in a leap year, 29 February). That difference is the first line, *calendar*.

The path always runs forward: from the earlier year to the later one, and from the base to
the scenario. Asked the other way round, the same path is walked backwards, so every cause
changes its sign and nothing else.

Members: each cause's amount for a member is the change in the member's *exact* share
(own share × weight ÷ Σ weights, rule 12) rounded half up to the cent; the cents the
Hare–Niemeyer split hands out differently, and anything the steps do not account for, are the
*residue*, its own line (regions: always 0,00 €, a check).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from kimcost.configuration.schema import Configuration, CostRates, Position, Tariff
from kimcost.engine.calendar import MONTHS, add_years, month_start
from kimcost.engine.results import CATEGORIES, Settlement
from kimcost.engine.settlement import settle
from kimcost.money import ZERO, round_cent

# The cause groups in the order they are substituted (README, "Why the share changed").
# Volume first (who holds the posts, at which step), then prices (tables, one-off payments,
# contribution rates and ceilings, the pension levy, the cost rates), then what replaces
# computed figures (actual amounts), then the grant (capped at costs, so after them), the split last.
ORDER = (
    "calendar", "occupancy", "steps", "pay_table", "one_off", "si_rates", "si_ceilings",
    "supplementary_pension", "equipment", "recruitment", "administration", "accident_insurance",
    "actuals", "grant", "split",
)
_COST_RATE_FIELDS = {
    "equipment": ("equipment_initial", "equipment_per_fte_year"),
    "recruitment": ("recruitment_per_new_holder",),
    "administration": ("administration",),
    "accident_insurance": ("accident_insurance_per_fte_year",),
}
_TARIFF_SERIES = ("tables", "annual_payment")  # and each allowance's amounts


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One end of the comparison: a year under a configuration (``label``: e.g. a scenario)."""

    year: int
    label: str = ""


@dataclass(frozen=True)
class Cause:
    """One step of the path. ``detail`` is plain data the reports word (dates, names, values)."""

    group: str
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Amounts:
    """A change (or a level) of one region: cost categories, grant, own share, member shares."""

    costs: Mapping[str, Decimal]
    grant: Decimal
    own_share: Decimal
    members: Mapping[str, Decimal]

    @property
    def total_costs(self) -> Decimal:
        return sum(self.costs.values(), ZERO)

    @property
    def is_zero(self) -> bool:
        return not (any(self.costs.values()) or self.grant or self.own_share or any(self.members.values()))

    def __neg__(self) -> Amounts:
        return Amounts({k: -v for k, v in self.costs.items()}, -self.grant, -self.own_share,
                       {k: -v for k, v in self.members.items()})

    def __add__(self, other: Amounts) -> Amounts:
        keys = list(dict.fromkeys([*self.members, *other.members]))
        return Amounts({c: self.costs.get(c, ZERO) + other.costs.get(c, ZERO) for c in CATEGORIES},
                       self.grant + other.grant, self.own_share + other.own_share,
                       {m: self.members.get(m, ZERO) + other.members.get(m, ZERO) for m in keys})


@dataclass(frozen=True)
class RegionVariance:
    id: str
    name: str
    members: tuple[tuple[str, str], ...]       # (id, name) of every member on either side
    first: Amounts                             # the first side's figures (members: shares)
    second: Amounts
    causes: tuple[tuple[Cause, Amounts], ...]  # the causes that change anything here, in ORDER
    residue: Amounts

    @property
    def difference(self) -> Amounts:
        return self.second + (-self.first)


@dataclass(frozen=True)
class Variance:
    district: str
    first: Side
    second: Side
    regions: tuple[RegionVariance, ...]
    causes: tuple[Cause, ...]                  # every step of the path (also those changing nothing)

    def region(self, region_id: str) -> RegionVariance:
        return next(r for r in self.regions if r.id == region_id)

    def member_region(self, member_id: str) -> RegionVariance:
        return next(r for r in self.regions if member_id in dict(r.members))


# --- the path ----------------------------------------------------------------------------


def variance(first_config: Configuration, first_year: int, second_config: Configuration, second_year: int,
             *, first_label: str = "", second_label: str = "") -> Variance:
    """The causes of the difference from (``first_config``, ``first_year``) to the second."""
    first, second = Side(first_year, first_label), Side(second_year, second_label)
    if first_year > second_year:
        forward = _forward(second_config, second_year, first_config, first_year)
        return _backwards(forward, first, second)
    return replace(_forward(first_config, first_year, second_config, second_year), first=first, second=second)


def _backwards(forward: Variance, first: Side, second: Side) -> Variance:
    regions = tuple(
        replace(r, first=r.second, second=r.first, causes=tuple((c, -a) for c, a in r.causes), residue=-r.residue)
        for r in forward.regions
    )
    return replace(forward, first=first, second=second, regions=regions)


def _forward(a: Configuration, year_a: int, b: Configuration, year_b: int) -> Variance:
    years = year_b - year_a
    sa = shift_config(a, years)
    posts = _changed_posts(sa, b)
    tariff_dates, tariff_detail = _tariff_changes(sa, b, year_b)

    steps: list[tuple[Cause, Settlement]] = []
    state = _State(frozenset(), frozenset(), frozenset())
    start = settle(a, year_a)
    first_mixed = settle(_mixed(sa, b, state, year_b), year_b)
    for group in ORDER[1:]:
        if group == "occupancy":
            for pid in posts:
                state = replace(state, posts=state.posts | {pid})
                steps.append((Cause("occupancy", _occupancy_detail(a, b, pid, year_a, year_b)),
                              settle(_mixed(sa, b, state, year_b), year_b)))
            continue
        if group == "pay_table" and tariff_dates is not None:
            for day in tariff_dates:
                state = replace(state, tariff_dates=state.tariff_dates | {day})
                steps.append((Cause("pay_table", tariff_detail[day]), settle(_mixed(sa, b, state, year_b), year_b)))
            state = replace(state, second=state.second | {"pay_table"})
            continue
        state = replace(state, second=state.second | {group})
        steps.append((Cause(group, {}), settle(_mixed(sa, b, state, year_b), year_b)))
    end = settle(b, year_b)

    figures = [_figures(s) for s in (start, first_mixed, *(s for _, s in steps), end)]
    causes = [Cause("calendar", {"first": year_a, "second": year_b}) if years else None]
    causes += [_described(c, s, a, b, year_a, year_b) for c, s in steps]
    regions = tuple(_region_variance(rid, b, a, figures, causes) for rid in _region_ids(a, b))
    return Variance(b.district.name, Side(year_a), Side(year_b), regions, tuple(c for c in causes if c is not None))


def _region_ids(a: Configuration, b: Configuration) -> list[str]:
    return list(dict.fromkeys([*b.regions, *a.regions]))


@dataclass(frozen=True)
class _Figures:
    costs: dict[str, Decimal]
    grant: Decimal
    own_share: Decimal
    shares: dict[str, Decimal]
    exact: dict[str, Decimal]


def _figures(s: Settlement) -> dict[str, _Figures]:
    return {
        r.id: _Figures(r.costs.as_dict(), r.grant, r.own_share,
                       {m.id: m.share for m in r.members}, {m.id: m.exact for m in r.members})
        for r in s.regions
    }


_NONE = _Figures({c: ZERO for c in CATEGORIES}, ZERO, ZERO, {}, {})


def _region_variance(rid: str, b: Configuration, a: Configuration, figures: list[dict[str, _Figures]],
                     causes: list[Cause | None]) -> RegionVariance:
    region = b.regions.get(rid) or a.regions[rid]
    member_ids = list(dict.fromkeys([*(b.regions[rid].members if rid in b.regions else []),
                                     *(a.regions[rid].members if rid in a.regions else [])]))
    names = {**{m: v.name for m, v in a.municipalities.items()}, **{m: v.name for m, v in b.municipalities.items()}}
    levels = [f.get(rid, _NONE) for f in figures]

    def delta(before: _Figures, after: _Figures, *, exact: bool) -> Amounts:
        pick = (lambda f: f.exact) if exact else (lambda f: f.shares)
        return Amounts(
            {c: after.costs[c] - before.costs[c] for c in CATEGORIES}, after.grant - before.grant,
            after.own_share - before.own_share,
            {m: (round_cent if exact else (lambda x: x))(pick(after).get(m, ZERO) - pick(before).get(m, ZERO))
             for m in member_ids},
        )

    def level(f: _Figures) -> Amounts:
        return Amounts(dict(f.costs), f.grant, f.own_share, {m: f.shares.get(m, ZERO) for m in member_ids})

    # levels: start, first mixed, one per step, end. causes[0] is the calendar (or None: same year).
    found: list[tuple[Cause, Amounts]] = []
    explained = Amounts({c: ZERO for c in CATEGORIES}, ZERO, ZERO, {m: ZERO for m in member_ids})
    for i, cause in enumerate(causes):
        if cause is None:
            continue
        amounts = delta(levels[i], levels[i + 1], exact=True)
        explained = explained + amounts
        if not amounts.is_zero:
            found.append((cause, amounts))
    total = delta(levels[0], levels[-1], exact=False)
    residue = total + (-explained)
    return RegionVariance(rid, region.name, tuple((m, names.get(m, m)) for m in member_ids),
                          level(levels[0]), level(levels[-1]), tuple(found), residue)


# --- shifting a configuration in time ------------------------------------------------------


def shift_config(config: Configuration, years: int) -> Configuration:
    """Every date of ``config`` ``years`` later (29 February: 1 March when missing), and every
    year key (actual amounts, advances) too: the same inputs, one or more years on."""
    return config if years == 0 else _shift(config, years)


def _shift(value: Any, years: int) -> Any:
    if isinstance(value, dt.date):
        return add_years(value, years)
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: _shift(getattr(value, name), years) for name in type(value).model_fields})
    if isinstance(value, dict):
        return {_shift_key(k, years): _shift(v, years) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_shift(v, years) for v in value)
    return value


def _shift_key(key: Any, years: int) -> Any:
    if isinstance(key, dt.date):
        return add_years(key, years)
    if isinstance(key, int) and not isinstance(key, bool):
        return key + years  # a year key: actuals and advances
    return key


# --- a configuration between the two sides -------------------------------------------------


@dataclass(frozen=True)
class _State:
    second: frozenset[str]           # groups taken from the second side
    posts: frozenset[str]            # posts whose occupancy comes from the second side
    tariff_dates: frozenset[dt.date]  # tariff entries (by their date) taken from the second side


def _mixed(sa: Configuration, b: Configuration, state: _State, year: int) -> Configuration:
    """The configuration of ``state``: each group from the shifted first side ``sa`` or from ``b``."""
    def src(group: str) -> Configuration:
        return b if group in state.second else sa

    rates = {g: src(g) for g in _COST_RATE_FIELDS}
    regions = {}
    for rid in _region_ids(sa, b):
        region = b.regions.get(rid) or sa.regions[rid]
        keyed = src("split").regions.get(rid, region)
        regions[rid] = region.model_copy(update={
            "key": keyed.key, "members": keyed.members, "employer": keyed.employer,
            "cost_rates": _mixed_cost_rates(rates, rid),
        })
    si = b.social_insurance.model_copy(update={
        "branches": src("si_rates").social_insurance.branches,
        "rates": src("si_rates").social_insurance.rates,
        "ceilings": src("si_ceilings").social_insurance.ceilings,
    })
    return b.model_copy(update={
        "district": b.district.model_copy(update={"grant": src("grant").district.grant}),
        "municipalities": {**sa.municipalities, **b.municipalities, **src("split").municipalities},
        "parties": {**sa.parties, **b.parties},
        "regions": regions,
        "positions": _mixed_positions(sa, b, state),
        "cost_rates": _mixed_cost_rates(rates, None),
        "tariffs": _mixed_tariffs(sa, b, state, year),
        "one_off_payments": src("one_off").one_off_payments,
        "social_insurance": si,
        "supplementary_pension": src("supplementary_pension").supplementary_pension,
        "grants": {**sa.grants, **b.grants, **src("grant").grants},
    })


def _effective_rates(config: Configuration, rid: str | None) -> CostRates:
    region = config.regions.get(rid) if rid is not None else None
    return region.cost_rates if region is not None and region.cost_rates is not None else config.cost_rates


def _mixed_cost_rates(sources: Mapping[str, Configuration], rid: str | None) -> CostRates:
    values = {}
    for group, names in _COST_RATE_FIELDS.items():
        rates = _effective_rates(sources[group], rid)
        for name in names:
            values[name] = getattr(rates, name)
    return CostRates.model_construct(**values)


def _by_id(config: Configuration) -> dict[str, Position]:
    return {p.id: p for p in config.positions}


def _mixed_positions(sa: Configuration, b: Configuration, state: _State) -> list[Position]:
    first, second = _by_id(sa), _by_id(b)
    steps = second if "steps" in state.second else first
    actuals = second if "actuals" in state.second else first
    out = []
    for pid in dict.fromkeys([*second, *first]):
        post = (second if pid in state.posts else first).get(pid)
        if post is None:
            continue  # the post does not exist on the side its occupancy comes from
        stepped = steps.get(pid)
        holders = []
        for i, holder in enumerate(post.holders):
            source = stepped.holders[i] if stepped is not None and i < len(stepped.holders) else holder
            holders.append(holder.model_copy(update={
                "grade": source.grade, "step": source.step, "step_since": source.step_since,
                "step_schedule": source.step_schedule,
            }))
        entered = actuals.get(pid)
        out.append(post.model_copy(update={"holders": holders, "actuals": entered.actuals if entered else {}}))
    return out


def _mixed_tariffs(sa: Configuration, b: Configuration, state: _State, year: int) -> dict[str, Tariff]:
    steps = b if "steps" in state.second else sa
    if "pay_table" in state.second and not state.tariff_dates:
        tariffs = dict(b.tariffs)  # taken whole (the tariffs of the two sides differ in shape)
    elif not _same_shape(sa, b):
        tariffs = dict(sa.tariffs)
    else:
        tariffs = {tid: _mixed_tariff(sa.tariffs[tid], t, state.tariff_dates, year) for tid, t in b.tariffs.items()}
    return {
        tid: t.model_copy(update={"step_durations": steps.tariffs[tid].step_durations}) if tid in steps.tariffs else t
        for tid, t in tariffs.items()
    }


def _same_shape(sa: Configuration, b: Configuration) -> bool:
    """The per-date path needs the same tariffs and allowances on both sides."""
    if set(sa.tariffs) != set(b.tariffs):
        return False
    return all(set(sa.tariffs[t].allowances) == set(b.tariffs[t].allowances) for t in b.tariffs)


def _in_force(series: Mapping[dt.date, Any], day: dt.date) -> tuple[dt.date, Any] | None:
    found = [d for d in series if d <= day]
    if not found:
        return None
    since = max(found)
    return since, series[since]


def _mixed_series(first: Mapping[dt.date, Any], second: Mapping[dt.date, Any], applied: frozenset[dt.date],
                  year: int) -> dict[dt.date, Any]:
    """Month by month of ``year`` (tables, allowances and JSZ rates are read on the first of a
    month): the second side's entry where its date is in ``applied``, else the first side's.
    Entries outside the year stay as the second side has them (the table's steps, the data's end)."""
    out = {d: v for d, v in second.items() if d.year != year}
    for m in MONTHS:
        day = month_start(year, m)
        a, b = _in_force(first, day), _in_force(second, day)
        chosen = b if b is not None and (a is None or b[0] in applied) else a
        if chosen is not None:
            out[day] = chosen[1]
    return dict(sorted(out.items()))


def _mixed_tariff(first: Tariff, second: Tariff, applied: frozenset[dt.date], year: int) -> Tariff:
    allowances = {
        aid: allowance.model_copy(update={"amounts": _mixed_series(first.allowances[aid].amounts, allowance.amounts,
                                                                     applied, year)})
        for aid, allowance in second.allowances.items()
    }
    return second.model_copy(update={
        "tables": _mixed_series(first.tables, second.tables, applied, year),
        "annual_payment": _mixed_series(first.annual_payment, second.annual_payment, applied, year),
        "allowances": allowances,
    })


def _tariff_changes(sa: Configuration, b: Configuration, year: int) -> tuple[list[dt.date] | None, dict]:
    """The dates of the second side's tariff entries in force in ``year`` where the first side
    (shifted) has other values: one step each, in order. ``None``: the sides differ in shape."""
    if not _same_shape(sa, b):
        return None, {}
    found: dict[dt.date, dict] = {}
    for tid, second in b.tariffs.items():
        first = sa.tariffs[tid]
        pairs: list[tuple[str, Mapping[dt.date, Any], Mapping[dt.date, Any]]] = [
            ("table", first.tables, second.tables), ("annual_payment", first.annual_payment, second.annual_payment)]
        pairs += [("allowance", first.allowances[aid].amounts, a.amounts) for aid, a in second.allowances.items()]
        for kind, a_series, b_series in pairs:
            for m in MONTHS:
                day = month_start(year, m)
                a, bb = _in_force(a_series, day), _in_force(b_series, day)
                if bb is None or (a is not None and a[1] == bb[1]):
                    continue
                entry = found.setdefault(bb[0], {"date": bb[0], "kinds": [], "tariffs": [], "rise": True})
                if kind not in entry["kinds"]:
                    entry["kinds"].append(kind)
                if second.name not in entry["tariffs"]:
                    entry["tariffs"].append(second.name)
                if a is not None and not _not_lower(a[1], bb[1]):
                    entry["rise"] = False
    return sorted(found), found


def _not_lower(before: Any, after: Any) -> bool:
    """Whether a tariff entry pays at least as much as the one it replaces (wording only)."""
    if hasattr(before, "grades"):
        return all(all(x >= y for x, y in zip(after.grades[g], before.grades[g]))
                   for g in before.grades if g in after.grades)
    if hasattr(before, "groups"):
        old = {g: grp.percent for grp in before.groups for g in grp.grades}
        return all(grp.percent >= old.get(g, grp.percent) for grp in after.groups for g in grp.grades)
    return after.value >= before.value


# --- what each step is about (for the wording) -----------------------------------------------


def _occupancy_fields(post: Position) -> tuple:
    return (post.region, post.fte, post.first_filled,
            tuple((h.start, h.end, h.fte, h.name) for h in post.holders))


def _changed_posts(sa: Configuration, b: Configuration) -> list[str]:
    """Posts whose occupancy differs between the shifted first side and the second, in the
    second side's order (then posts only the first side has)."""
    first, second = _by_id(sa), _by_id(b)
    out = []
    for pid in dict.fromkeys([*second, *first]):
        x, y = first.get(pid), second.get(pid)
        if x is None or y is None or _occupancy_fields(x) != _occupancy_fields(y):
            out.append(pid)
    return out


def _occupancy_detail(a: Configuration, b: Configuration, pid: str, year_a: int, year_b: int) -> dict:
    """What happened on the post: holders who started or left between the two years, or, when
    the two configurations differ (a scenario), holders added, removed or changed."""
    first, second = _by_id(a).get(pid), _by_id(b).get(pid)
    post = second or first
    assert post is not None  # pid is a post of a or of b
    events: list[dict] = []
    window = (dt.date(year_a, 1, 1), dt.date(year_b, 12, 31))
    if first is None:
        events.append({"kind": "post_added"})
    elif second is None:
        events.append({"kind": "post_removed"})
    else:
        if first.fte != second.fte:
            events.append({"kind": "post_fte", "before": first.fte, "after": second.fte})
        filled = [_first_filled(p) for p in (first, second)]
        if filled[0] != filled[1]:
            events.append({"kind": "first_filled_moved", "before": filled[0], "after": filled[1]})
        elif filled[1] is not None and window[0] <= filled[1] <= window[1]:
            events.append({"kind": "first_filled", "date": filled[1]})
        for i in range(max(len(first.holders), len(second.holders))):
            x = first.holders[i] if i < len(first.holders) else None
            y = second.holders[i] if i < len(second.holders) else None
            events += _holder_events(x, y, window)
    return {"post": pid, "post_name": post.name or pid, "region": post.region, "events": events}


def _first_filled(post: Position) -> dt.date | None:
    """As rule 9 reads it: the date written, else the first holder's start."""
    return post.first_filled or min((h.start for h in post.holders), default=None)


def _holder_events(x, y, window: tuple[dt.date, dt.date]) -> list[dict]:
    if y is None:
        return [{"kind": "holder_removed", "name": x.name}]
    if x is None:
        return [{"kind": "holder_added", "name": y.name, "date": y.start, "fte": y.fte}]
    events = []
    if x.fte != y.fte:
        events.append({"kind": "fte", "name": y.name, "before": x.fte, "after": y.fte})
    if x.start != y.start:
        events.append({"kind": "start_moved", "name": y.name, "before": x.start, "after": y.start})
    elif window[0] <= y.start <= window[1]:
        events.append({"kind": "start", "name": y.name, "date": y.start})
    if x.end != y.end:
        events.append({"kind": "end_moved", "name": y.name, "before": x.end, "after": y.end})
    elif y.end is not None and window[0] <= y.end < window[1]:
        events.append({"kind": "end", "name": y.name, "date": y.end})
    return events


def _described(cause: Cause, end: Settlement, a: Configuration, b: Configuration, year_a: int, year_b: int) -> Cause:
    """Fill in what a step is about, from the two configurations and the settlement it leads to."""
    detail = dict(cause.detail)
    detail.setdefault("first", year_a)
    detail.setdefault("second", year_b)
    if cause.group == "steps":
        detail["rises"] = _rises(end, dt.date(year_a, 1, 1))
    elif cause.group == "grant":
        detail["before"] = _grant_amount(a, year_a)
        detail["after"] = _grant_amount(b, year_b)
    elif cause.group == "one_off":
        detail["names"] = sorted({p.name for c, y in ((a, year_a), (b, year_b))
                                  for p in c.one_off_payments.values() if any(d.year == y for d in p.months)})
    elif cause.group == "actuals":
        detail["before"] = _actuals(a, year_a)
        detail["after"] = _actuals(b, year_b)
    return Cause(cause.group, detail)


def _grant_amount(config: Configuration, year: int) -> Decimal | None:
    found = _in_force(config.grants[config.district.grant].amounts, dt.date(year, 1, 1))
    return None if found is None else found[1].value


def _actuals(config: Configuration, year: int) -> list[dict]:
    out = []
    for post in config.positions:
        entered = post.actuals.get(year)
        if entered is not None:
            categories = [c for c in CATEGORIES if getattr(entered, c) is not None]
            out.append({"post": post.id, "post_name": post.name or post.id, "categories": categories})
    return out


def _rises(settlement: Settlement, since: dt.date) -> list[dict]:
    """Step rises (or scheduled steps) from ``since`` on that the settlement's holders had."""
    out = []
    for region in settlement.regions:
        for post in region.positions:
            for holder in post.holders:
                for change in holder.steps:
                    if change.reason != "start" and change.date >= since:
                        out.append({"region": region.id, "post": post.id, "post_name": post.name, "name": holder.name,
                                    "step": change.step, "date": change.date})
    return sorted(out, key=lambda r: (r["date"], r["post"], r["name"]))
