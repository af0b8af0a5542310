"""The engine's record (its trace) agrees with the figures it paid (issue 8).

``explain`` only reads what the engine recorded: the step history and why each step began,
the JSZ basis, and the key path of every value used. These tests rebuild each figure from the
record and the values at the recorded paths, so a rule changed in the engine without its
record (or the other way round) fails here instead of making ``explain`` disagree silently.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal as D

import pytest

from kimcost.loading import load_config
from kimcost.configuration.lookup import value_at
from kimcost.engine import settle
from kimcost.engine.calendar import add_years, month_end
from kimcost.engine.results import HolderYear, Settlement
from kimcost.money import ZERO, percent, round_cent
from tests.builders import ZERO_COST_RATES, grant, holder, position, write_config
from tests.conftest import COESFELD

EXAMPLES = COESFELD.parent.parent / "examples"


@pytest.fixture(scope="module")
def special(tmp_path_factory):
    """The rarer paths in one configuration: a step schedule written out of order, a holder
    with no full month, one who starts in October, one below the grant's minimum FTE, actual
    amounts, an explicit first filling, rates per VZÄ-year, a weights and a population key."""
    folder = tmp_path_factory.mktemp("special")
    rates = {
        "equipment_initial": {"2020-01-01": {"value": "3000", "source": "t"}},
        "equipment_per_fte_year": {"2020-01-01": {"value": "600", "source": "t"}, "2023-04-01": {"value": "700", "source": "t"}},
        "recruitment_per_new_holder": {"2020-01-01": {"value": "1000", "source": "t"}},
        "administration": {"2020-01-01": {"per_fte_year": "900", "source": "t"}, "2023-05-01": {"per_fte_year": "950", "source": "t"}},
        "accident_insurance_per_fte_year": {"2020-01-01": {"value": "120", "source": "t"}},
    }
    # A copy: the same objects twice would be written as a YAML alias, which the loader refuses.
    percent_rates = dict(copy.deepcopy(ZERO_COST_RATES), administration={"2020-01-01": {"percent_of_personnel": "3", "source": "t"}})
    positions = [
        position("p1", [holder("2023-01-01", "S 12", 2, "2022-06-01", name="Plan",
                               step_schedule=[{"date": "2023-09-01", "step": 5}, {"date": "2023-03-01", "step": 3}])]),
        position("p2", [holder("2019-01-01", "S 12", 1, "2018-05-10", name="Riser", end="2023-06-30"),
                        holder("2023-10-01", "S 11b", 2, "2021-01-01", name="October", fte="0.75")],
                 first_filled="2023-02-01"),
        position("p3", [holder("2023-01-01", "S 12", 3, "2021-03-01", fte="0.4", name="Small")],
                 actuals={2023: {"source": "t", "equipment": "1234.56", "personnel": "20000"}}),
        position("p4", []),
        position("p5", [holder("2023-11-15", "S 12", 1, "2023-11-15", end="2023-12-20", name="NoFull")]),
        position("p6", [holder("2015-07-13", "S 12", 1, "2015-07-13", name="Long")], region="s"),
    ]
    municipalities = {m: {"name": f"Gemeinde {m.upper()}", "population": {"value": pop, "source": "t"}}
                      for m, pop in (("a", 12000), ("b", 8000), ("c", 20000), ("d", 7000), ("e", 5000))}
    regions = {
        "r": {"name": "Region R", "employer": "a", "members": ["c", "a", "b"],
              "key": {"weights": {"a": "2", "b": "1.5", "c": "0.5"}}, "cost_rates": rates},
        "s": {"name": "Region S", "employer": "d", "members": ["e", "d"], "key": "population",
              "cost_rates": percent_rates},
    }
    path = write_config(folder, positions, municipalities=municipalities, regions=regions,
                        grants=grant({"2020-01-01": "55000", "2023-07-01": "57000", "2024-01-01": "57000"}, proration="full_months", cap="total"))
    return load_config(path)


@pytest.fixture(scope="module")
def fixed_grant(tmp_path_factory):
    """A grant passed on as one yearly sum, spread per planned VZÄ (0.8 + 1.0 = 1.8)."""
    folder = tmp_path_factory.mktemp("fixed")
    programme = grant({"2023-01-01": "40000"}, cap="none")
    programme["test-grant"]["basis"] = "fixed_per_year"
    path = write_config(folder, [position("q1", [holder("2023-02-10", "S 12", 4, "2020-01-01", fte="0.8")], fte="0.8"),
                                 position("q2", [holder("2023-01-01", "S 12", 2, "2022-12-01")])],
                        grants=programme)
    return load_config(path)


def _cases(coesfeld, special, fixed_grant):
    yield coesfeld, 2023
    yield coesfeld, 2024
    yield special, 2023
    yield special, 2024
    yield fixed_grant, 2023
    for example in ("steinfurt-rheine/kreis-steinfurt.yaml", "guetersloh-rietberg/kreis-guetersloh.yaml"):
        yield load_config(EXAMPLES / example), 2024


def _holders(result: Settlement):
    for region in result.regions:
        for p in region.positions:
            for h in p.holders:
                yield p, h


def test_the_record_rebuilds_every_figure(coesfeld, special, fixed_grant):
    seen: set[str] = set()
    for loaded, year in _cases(coesfeld, special, fixed_grant):
        result = settle(loaded.config, year)
        config = loaded.config
        for p, h in _holders(result):
            _check_steps(config, h, year)
            _check_months(config, h)
            _check_annual_payment(config, h)
            seen |= {s.reason for s in h.steps} | {"eligible" if h.grant_eligible else "not eligible"}
            seen |= {h.annual_payment.fallback} if h.annual_payment else set()
        _check_costs_and_grant(config, result, year)
        _check_split(config, result)
        seen |= {r.key for r in result.regions}
        seen |= {p.grant.basis for r in result.regions for p in r.positions}
        seen |= {d.basis for r in result.regions for p in r.positions for d in p.details}
        seen |= {"actual" for r in result.regions for p in r.positions for d in p.details if d.actual_path}
    # Every kind of record was checked at least once.
    assert seen >= {"start", "rise", "schedule", "eligible", "not eligible", "base_months", "first_full_month",
                    "full_month_pay", "equal", "weights", "population", "per_fte_year", "fixed_per_year",
                    "running", "first_filled", "new_holders", "percent", "actual"}


def _check_steps(config, h: HolderYear, year: int) -> None:
    """Rule 3: each month's step is the period in force on its last held day; each period's
    cited values are the ones its reason names."""
    assert all(s in h.step_history for s in h.steps)
    for m in h.months:
        if not m.days_held:
            continue
        last = month_end(year, m.month) if h.end is None else min(month_end(year, m.month), h.end)
        in_force = [s for s in h.step_history if s.date <= last][-1:] or h.step_history[:1]
        assert (m.step, m.step_since) == (in_force[0].step, in_force[0].date)
    for change in h.step_history:
        values = [value_at(config, path) for path in change.cited]
        if change.reason == "start":
            assert values == [change.step, change.date]
            assert change.cited[0] == h.path + ("step",)
        elif change.reason == "schedule":
            assert values == [change.date, change.step]
        else:
            (years,) = values
            previous = change.previous
            assert change.step == previous.step + 1
            assert change.cited[0] == change.durations_path + ("years", previous.step - 1)
            assert change.durations_path[-1] == change.durations_since
            assert change.date == max(change.durations_since, previous.date, add_years(previous.date, years))


def _check_months(config, h: HolderYear) -> None:
    """Rules 2 and 7: the table amount sits at its path; each branch = rate × contributory pay
    of its ceiling group, the ceiling the one at the recorded path (÷ 30 × days in part months)."""
    for m in h.months:
        if not m.days_held:
            continue
        assert value_at(config, m.table_amount_path) == m.table_amount
        assert [b.branch for b in m.social_insurance_basis] == list(m.social_insurance)
        for b in m.social_insurance_basis:
            rate = value_at(config, b.rate_path)
            assert m.social_insurance[b.branch] == round_cent(percent(rate) * m.contributory_pay[b.group])
            ceiling = value_at(config, b.ceiling_path)
            full = m.days_held == m.days_in_month
            assert m.ceilings[b.group] == (ceiling if full else ceiling * m.days_held / D(30))


def _check_annual_payment(config, h: HolderYear) -> None:
    """Rule 5: the JSZ paid = rate at the recorded path × base × months ÷ 12, booked in its
    month; the base is the pay of the recorded months (a full month's pay when none was full)."""
    a = h.annual_payment
    if a is None:
        assert sum((m.annual_payment for m in h.months), ZERO) == ZERO
        return
    assert value_at(config, a.percent_path) == a.percent
    assert a.amount == round_cent(percent(a.percent) * a.base * a.months_paid / 12)
    assert h.months[a.month - 1].annual_payment == a.amount
    assert a.months_paid == sum(1 for m in h.months if m.days_held)
    full = [m.month for m in h.months if m.days_held and m.days_held == m.days_in_month]
    if a.fallback == "base_months":
        assert a.source_months == a.base_months == tuple(n for n in (7, 8, 9) if n in full) != ()
    elif a.fallback == "first_full_month":
        assert not set(full) & {7, 8, 9} and a.source_months == a.base_months == (full[0],)
    else:
        assert a.fallback == "full_month_pay" and not full and a.base_months == ()
        first = next(m for m in h.months if m.days_held)
        assert a.source_months == (first.month,)
        allowances = sum((round_cent(value_at(config, p + ("value",)) * h.fte) for p in first.allowance_paths), ZERO)
        assert a.base == round_cent(first.table_amount * h.fte) + allowances
        return
    months = [h.months[n - 1] for n in a.source_months]
    assert a.base == sum((m.pay + m.allowance for m in months), ZERO) / len(months)


def _check_costs_and_grant(config, result: Settlement, year: int) -> None:
    for region in result.regions:
        for p in region.positions:
            for detail in p.details:
                assert detail.paths[:len(detail.rates)] == tuple(r.path[:-1] for r in detail.rates)
                for rate in detail.rates:
                    assert rate.path[-2] == rate.since and value_at(config, rate.path) is not None
                if detail.actual_path is not None:
                    assert value_at(config, detail.actual_path) == detail.actual
                if detail.basis == "first_filled":
                    assert value_at(config, detail.first_filled_path) == detail.basis_values["date"]
                if detail.basis == "percent":
                    (rate,) = detail.rates
                    personnel = p.costs.personnel
                    assert detail.computed == round_cent(percent(value_at(config, rate.path)) * personnel)
            g = p.grant
            programme = value_at(config, g.programme_path)
            assert (g.min_fte, g.proration, g.cap_base, g.basis) == (
                programme.min_fte, programme.proration, programme.cap, programme.basis)
            for h in p.holders:
                assert h.grant_eligible == (h.fte >= g.min_fte)
                if not h.grant_eligible:
                    assert all(m.grant_share == ZERO for m in h.months)
            if g.basis == "fixed_per_year":
                assert g.planned_fte == sum((value_at(config, q.path) for q in g.planned), ZERO)
                for m in (m for h in p.holders for m in h.months if m.days_held):
                    assert m.grant_amount == value_at(config, m.grant_amount_path).value / g.planned_fte
            else:
                assert g.planned_fte is None and g.planned == ()


def _check_split(config, result: Settlement) -> None:
    """Rule 12: each weight is the value at its recorded path; the list place names the member."""
    for region in result.regions:
        key = value_at(config, region.key_path)
        for m in region.members:
            assert value_at(config, m.listed_path) == m.id
            written = value_at(config, m.weight_path)
            if region.key == "equal":
                assert key == "equal" and written == m.id and m.weight == 1
            else:
                assert D(written) == m.weight


def test_no_full_month_bases_the_jsz_on_a_full_months_pay(special):
    # NoFull holds 15 Nov–20 Dec 2023 in S 12 step 1 (3351.74 in the 2022-04-01 table) plus the
    # SuE allowance 180: no month is full, so the base is what a full November would bring,
    # 3351.74 + 180 = 3531.74; JSZ = 70.28 % × 3531.74 × 2 months ÷ 12 = 413.684… → 413.68.
    h = settle(special.config, 2023).position("p5").holders[0]
    a = h.annual_payment
    assert (a.fallback, a.base_months, a.source_months) == ("full_month_pay", (), (11,))
    assert (a.base, a.months_paid, a.amount) == (D("3531.74"), 2, D("413.68"))
    assert a.percent_path == ("tariffs", "tvoed-sue", "annual_payment", dt.date(2022, 1, 1), "groups", 0, "percent")


def test_an_october_start_bases_the_jsz_on_its_first_full_month(special):
    # October holds S 11b step 2 (3542.98) at 0.75 FTE from 1 Oct 2023: pay 2657.24 + allowance
    # 135.00 = 2792.24 in October, the first full month (none of July–September is held);
    # JSZ = 70.28 % × 2792.24 × 3 ÷ 12 = 490.597… → 490.60.
    h = settle(special.config, 2023).position("p2").holders[1]
    a = h.annual_payment
    assert (a.fallback, a.base_months, a.source_months) == ("first_full_month", (10,), (10,))
    assert (a.base, a.months_paid, a.amount) == (D("2792.24"), 3, D("490.60"))


def test_a_schedule_cites_the_entry_it_came_from_in_the_order_written(special):
    # The schedule is written 2023-09-01 (step 5) first, 2023-03-01 (step 3) second: the steps
    # follow the dates, each citing its own entry.
    h = settle(special.config, 2023).position("p1").holders[0]
    assert [(s.step, s.date, s.reason) for s in h.steps] == [
        (2, dt.date(2022, 6, 1), "start"), (3, dt.date(2023, 3, 1), "schedule"), (5, dt.date(2023, 9, 1), "schedule")]
    holder_path = ("positions", 0, "holders", 0)
    assert h.steps[1].cited == (holder_path + ("step_schedule", 1, "date"), holder_path + ("step_schedule", 1, "step"))
    assert h.steps[2].cited == (holder_path + ("step_schedule", 0, "date"), holder_path + ("step_schedule", 0, "step"))


def test_a_rise_chain_goes_back_to_the_holder_data(special):
    # Long: S 12 step 1 from 13 Jul 2015; old SuE durations [1, 3, 4, 4, 5] (2009-11-01):
    # step 2 on 13 Jul 2016, 3 on 13 Jul 2019, 4 on 13 Jul 2023; each rise names the years of
    # the step it rose from and leads back to the holder's own step and step_since.
    h = settle(special.config, 2023).position("p6").holders[0]
    assert [(s.step, s.date) for s in h.steps] == [(3, dt.date(2019, 7, 13)), (4, dt.date(2023, 7, 13))]
    chain, change = [], h.steps[-1]
    while change is not None:
        chain.append((change.step, change.reason, change.cited[-1][-2:]))
        change = change.previous
    assert chain == [(4, "rise", ("years", 2)), (3, "rise", ("years", 1)), (2, "rise", ("years", 0)),
                     (1, "start", (0, "step_since"))]
    assert chain_start(h) == ("positions", 5, "holders", 0, "step_since")


def chain_start(h: HolderYear):
    change = h.steps[-1]
    while change.previous is not None:
        change = change.previous
    return change.cited[-1]
