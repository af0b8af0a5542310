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

import kimcost.engine.settlement as settlement_module
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
