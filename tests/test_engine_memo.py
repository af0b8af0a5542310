"""The engine's shortcuts give exactly what the plain way gives: rows built by
``HolderMonth.of`` equal those of its ``__init__``, shared occupancy records equal the month's
own, and a settlement with the per-run memo of lookups equals one that remembers nothing."""

from __future__ import annotations

import dataclasses
import decimal
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal as D
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st

import kimcost.engine.holder as holder_module
import kimcost.engine.settlement as settlement_module
from kimcost.configuration.schema import Holder
from kimcost.engine.contributions import CeilingAccount
from kimcost.engine import settle
from kimcost.engine.errors import MissingData
from kimcost.engine.occupancy import Occupancy, occupancies, occupancy
from kimcost.engine.parameters import build_parameters
from kimcost.engine.results import HolderMonth
from kimcost.loading import load_config
from kimcost.money import CENT, round_cent

ROOT = Path(__file__).resolve().parent.parent
PROFILE = settings(max_examples=80, deadline=None, derandomize=True)

FIELDS = {f.name: f for f in dataclasses.fields(HolderMonth)}
REQUIRED = [name for name, f in FIELDS.items()
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
OPTIONAL = [name for name in FIELDS if name not in REQUIRED]
VALUES = {  # a value of the right kind for every optional field
    "step": 3, "step_since": dt.date(2021, 4, 1), "table_amount_path": ("tariffs", "sue", "tables"),
    "table_since": dt.date(2024, 3, 1), "table_amount": D("4113.54"), "pay": D("2056.77"),
    "allowance": D("65.00"), "annual_payment": D("2931.04"), "one_off": D("150.00"),
    "social_insurance": {"pension": D("191.28")}, "contributory_pay": {"pension": D("2056.77")},
    "ceilings": {"pension": D("7550")}, "social_insurance_basis": (), "supplementary_pension": D("117.24"),
    "accident_insurance": D("1.13"), "grant_share": D("0.5"), "grant_amount": D("70000"),
    "allowance_paths": (("tariffs", "sue", "allowances"),), "one_off_paths": (),
    "supplementary_pension_path": ("supplementary_pension", dt.date(2022, 1, 1)),
    "accident_insurance_path": ("cost_rates", "accident"), "grant_amount_path": ("grants", "kim"),
}
assert set(VALUES) == set(OPTIONAL)


@PROFILE
@given(chosen=st.lists(st.sampled_from(OPTIONAL), unique=True), month=st.integers(1, 12),
       days=st.integers(0, 31), fte=st.sampled_from([D("1"), D("0.5"), D("1.0"), D("0.75")]))
def test_of_builds_the_row_init_builds(chosen, month, days, fte):
    row = {"month": month, "days_held": days, "days_in_month": 31, "fte": fte, "occupied_share": fte * days / 31}
    row.update((name, VALUES[name]) for name in chosen)
    fast, plain = HolderMonth.of(row), HolderMonth(**row)
    assert fast == plain
    assert repr(fast) == repr(plain)
    assert list(vars(fast).items()) == list(vars(plain).items())   # the same fields in the same order
    assert hash(fast.month) == hash(plain.month)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.pay = D(0)  # type: ignore[misc]


def test_of_gives_each_row_its_own_default_mappings_and_refuses_bad_rows():
    row = {"month": 1, "days_held": 0, "days_in_month": 31, "fte": D(1), "occupied_share": D(0)}
    one, two = HolderMonth.of(row), HolderMonth.of(row)
    assert one.social_insurance == {} and one.social_insurance is not two.social_insurance
    with pytest.raises(TypeError, match="no field"):
        HolderMonth.of({**row, "salary": D(1)})
    with pytest.raises(TypeError, match="days_held"):
        HolderMonth.of({k: v for k, v in row.items() if k != "days_held"})


days = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 12, 31))


@PROFILE
@given(start=days, length=st.one_of(st.none(), st.integers(0, 900)), year=st.integers(2022, 2026),
       fte=st.sampled_from([D("1"), D("0.5"), D("0.75"), D("1.00"), D("0.3")]))
def test_shared_occupancy_records_equal_each_months_own(start, length, year, fte):
    holder = SimpleNamespace(start=start, end=None if length is None else start + dt.timedelta(days=length), fte=fte)
    shared = occupancies(holder, year)  # type: ignore[arg-type]
    for month, occ in enumerate(shared, start=1):
        own = occupancy(holder, year, month)  # type: ignore[arg-type]
        assert occ == own
        # the figures worked out when built are rule 1's, exactly
        assert repr(occ.share) == repr(D(0) if not own.days_held else fte if own.days_held == own.days_in_month
                                       else fte * own.days_held / own.days_in_month)
        assert occ.held == (own.days_held > 0) and occ.full_month == (own.days_held == own.days_in_month)


def test_occupancy_records_stay_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Occupancy(3, 30, D(1)).days_held = 4  # type: ignore[misc]


class _Forgetful(dict):
    """A memo that remembers nothing: every lookup is made again."""

    def get(self, key, default=None):
        return default

    def setdefault(self, key, default=None):
        return default

    def __setitem__(self, key, value):
        pass


def _settled(config, year: int) -> str:
    try:
        return repr(settle(config, year))
    except MissingData as exc:   # a year without data: the same error both ways
        return f"error {exc.path} {exc}"


@pytest.mark.parametrize("config", ["configs/coesfeld.yaml", "examples/steinfurt-rheine/kreis-steinfurt.yaml",
                                    "examples/guetersloh-rietberg/kreis-guetersloh.yaml"])
def test_remembered_lookups_give_the_settlement_of_lookups_made_again(config, monkeypatch):
    loaded = load_config(ROOT / config).config
    remembered = {year: _settled(loaded, year) for year in (2023, 2024, 2025)}
    assert any(not text.startswith("error") for text in remembered.values())

    def forgetful(config):
        params = build_parameters(config)
        params.memo = _Forgetful()
        return params

    monkeypatch.setattr(settlement_module, "build_parameters", forgetful)
    for year, expected in remembered.items():
        assert _settled(loaded, year) == expected


finite = st.decimals(allow_nan=False, allow_infinity=False, places=None)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(amount=st.one_of(finite, st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**7, max_value=10**7)))
def test_rounding_with_the_mode_by_position_is_round_cent(amount):
    """The engine's hot sites round with ``quantize(CENT, ROUND_HALF_UP)`` (the mode by
    position: half the cost): the same as ``money.round_cent``, to the digit and exponent,
    and the same error where the result would not fit the context."""
    try:
        expected = repr(round_cent(amount))
    except decimal.InvalidOperation:
        with pytest.raises(decimal.InvalidOperation):
            amount.quantize(CENT, ROUND_HALF_UP)
        return
    assert repr(amount.quantize(CENT, ROUND_HALF_UP)) == expected


def test_of_fields_by_position_builds_the_row_init_builds():
    values = {"month": 3, "days_held": 31, "days_in_month": 31, "fte": D("0.5"), "occupied_share": D("0.5"), **VALUES}
    fast = HolderMonth.of_fields(*(values[name] for name in FIELDS))
    plain = HolderMonth(**values)
    assert fast == plain and repr(fast) == repr(plain)
    assert list(vars(fast).items()) == list(vars(plain).items())
    short = HolderMonth.of_fields(3, 0, 31, D(1), D(0))
    assert repr(short) == repr(HolderMonth(3, 0, 31, D(1), D(0)))
    assert short.ceilings == {} and short.ceilings is not HolderMonth.of_fields(3, 0, 31, D(1), D(0)).ceilings


def _never_alike(*_args) -> bool:
    return False


def _without_like_months(mp: pytest.MonkeyPatch) -> None:
    """Every month worked out from its own values: no month takes the one before's figures."""
    mp.setattr(holder_module, "like_pay", _never_alike)
    mp.setattr(holder_module, "like_contributions", _never_alike)


@pytest.mark.parametrize("config", ["configs/coesfeld.yaml", "examples/steinfurt-rheine/kreis-steinfurt.yaml",
                                    "examples/guetersloh-rietberg/kreis-guetersloh.yaml"])
def test_months_like_the_one_before_give_the_settlement_of_months_worked_out_alone(config, monkeypatch):
    loaded = load_config(ROOT / config).config
    alike = {year: _settled(loaded, year) for year in (2023, 2024, 2025)}
    _without_like_months(monkeypatch)
    for year, expected in alike.items():
        assert _settled(loaded, year) == expected


COESFELD = load_config(ROOT / "configs" / "coesfeld.yaml").config


@settings(max_examples=150, deadline=None, derandomize=True)
@given(offset=st.integers(-600, 364), length=st.one_of(st.none(), st.integers(0, 800)), year=st.integers(2023, 2025),
       fte=st.sampled_from([D("1"), D("0.5"), D("0.75"), D("1.00"), D("0.3"), D("0.8125")]),
       grade=st.sampled_from(["S 12", "S 14", "S 11b", "E 9b", "E 11"]), step=st.integers(1, 5),
       back=st.integers(0, 2000))
def test_a_holders_year_with_like_months_is_the_year_worked_out_month_by_month(offset, length, year, fte, grade,
                                                                                step, back):
    """Random holders on a Coesfeld post (part-time, starting and leaving on any day, with the
    JSZ, step rises, the 2024 pay rise): the same year, to every field and parameter used."""
    start = dt.date(year, 1, 1) + dt.timedelta(days=offset)
    end = None if length is None else start + dt.timedelta(days=length)
    if end is not None and end < dt.date(year, 1, 1):
        return   # not on the post in the year
    holder = Holder(name="H", start=start, end=end, fte=fte, grade=grade, step=step,
                    step_since=start - dt.timedelta(days=back))
    rates = build_parameters(COESFELD).cost_rates[COESFELD.positions[0].region].accident_insurance_per_fte_year

    def year_of() -> str:
        params = build_parameters(COESFELD)
        try:
            result = holder_module.holder_year(params, holder, 0, ("positions", 0, "holders", 0), year, rates)
        except MissingData as exc:
            return f"error {exc.path} {exc}"
        return repr((result, sorted(params.used.items(), key=str)))

    alike = year_of()
    with pytest.MonkeyPatch.context() as mp:
        _without_like_months(mp)
        assert year_of() == alike


@PROFILE
@given(months=st.lists(st.tuples(st.sampled_from([D("3500.00"), D("4113.54"), D("8000.00"), D("5175.00")]),
                                 st.integers(1, 31), st.booleans()), min_size=1, max_size=12),
       jsz=st.sampled_from([D("0"), D("2931.04"), D("9000.00")]))
def test_repeating_a_month_advances_the_account_as_the_month_again(months, jsz):
    """``CeilingAccount.repeat`` after a month without a one-off payment gives that month's
    figures and leaves the running totals as ``month`` with the same values would, also for
    a JSZ that comes after."""
    groups = {"health": "kv", "care": "kv", "pension": "rv", "unemployment": "rv"}
    factors = {"health": D("0.073"), "care": D("0.017"), "pension": D("0.093"), "unemployment": D("0.013")}
    ceilings = {"kv": D("5175.00"), "rv": D("7550")}
    fast, plain = CeilingAccount(groups), CeilingAccount(groups)
    for pay, days, again in months:
        occ = Occupancy(min(days, 30), 30, D(1))
        first, _ = fast.month(occ, pay, ceilings, factors)
        assert plain.month(occ, pay, ceilings, factors)[0] == first
        if again:
            repeated = fast.repeat()
            worked_out, _ = plain.month(occ, pay, ceilings, factors)
            assert repr(repeated) == repr(worked_out)
        assert repr((fast.accrued, fast.counted)) == repr((plain.accrued, plain.counted))
    occ = Occupancy(30, 30, D(1))
    assert repr(fast.month(occ, D("4113.54"), ceilings, factors, jsz)) == repr(plain.month(occ, D("4113.54"), ceilings, factors, jsz))
    if jsz:
        with pytest.raises(ValueError):
            fast.repeat()


def test_months_with_the_same_share_but_other_days_prorate_the_ceilings_otherwise():
    """14 of 28 days and 15 of 30 are the same share (so the same pay), but rule 7 prorates
    the ceilings by days held: such months are not alike."""
    params = build_parameters(COESFELD)
    read = holder_module._contribution_month(params, dt.date(2023, 2, 1))
    half_feb, half_apr, full = Occupancy(14, 28, D(1)), Occupancy(15, 30, D(1)), Occupancy(31, 31, D(1))
    pay = D("2000.00")
    assert half_feb.share == half_apr.share
    assert not holder_module.like_contributions(read, half_feb, pay, None, read, half_apr, pay, None)
    assert holder_module.like_contributions(read, half_feb, pay, None, read, half_feb, pay, None)
    assert holder_module.like_contributions(read, Occupancy(30, 30, D(1)), pay, None, read, full, pay, None)
    assert not holder_module.like_contributions(read, full, pay, None, read, full, D("2000.01"), None)
