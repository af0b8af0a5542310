"""Plain result data. Every intermediate figure is kept (post, holder, month), because the
reports explain and export them. Paths point into the configuration (for file:line).

The results are also the engine's trace (OpenFisca's tracer is the model: the engine records,
renderers read): besides each figure they hold why it is what it is — each holder's step
history, the JSZ basis, and the key path of every parameter the figures were computed from.
Where an entry holds one value (a dated amount: ``….<date>.value``) the entry's path is
recorded; where the engine chose among an entry's values (the step in a pay table, a branch's
rate, a ceiling group, a JSZ grade group, an administration rate's kind) the path of the
value it took is recorded, so ``explain`` never has to repeat a rule to know what was used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from typing import ClassVar

from kimcost.configuration.errors import Path
from kimcost.money import ZERO

CATEGORIES = ("personnel", "equipment", "recruitment", "administration")


@dataclass(frozen=True)
class HolderMonth:
    """One holder in one month (rules 1–8)."""

    month: int
    days_held: int
    days_in_month: int
    fte: Decimal
    occupied_share: Decimal           # rule 1, exact
    step: int | None = None
    step_since: dt.date | None = None
    table_amount_path: Path | None = None  # tariffs.<id>.tables.<date>.grades.<grade>[step − 1]: the amount used
    table_since: dt.date | None = None
    table_amount: Decimal = ZERO      # full-time monthly amount in force (rule 2)
    pay: Decimal = ZERO               # rule 2, rounded
    allowance: Decimal = ZERO         # rule 4, rounded
    annual_payment: Decimal = ZERO    # rule 5, in the month it is paid
    one_off: Decimal = ZERO           # rule 6
    social_insurance: Mapping[str, Decimal] = field(default_factory=dict)  # rule 7, per branch
    contributory_pay: Mapping[str, Decimal] = field(default_factory=dict)  # per ceiling group
    ceilings: Mapping[str, Decimal] = field(default_factory=dict)         # per ceiling group, prorated
    social_insurance_basis: tuple[BranchBasis, ...] = ()  # rule 7: each branch's rate and ceiling read, in branch order
    supplementary_pension: Decimal = ZERO  # rule 8
    accident_insurance: Decimal = ZERO
    grant_share: Decimal = ZERO       # occupied share that counts for the grant (rule 10)
    grant_amount: Decimal = ZERO      # grant per VZÄ-year in force this month
    # Entries the month's figures were read from (for ``explain``: file and line of each value).
    allowance_paths: tuple[Path, ...] = ()          # allowance amount entries (rule 4)
    one_off_paths: tuple[Path, ...] = ()            # one-off payment entries (rule 6)
    supplementary_pension_path: Path | None = None  # supplementary_pension.<date> (rule 8)
    accident_insurance_path: Path | None = None
    grant_amount_path: Path | None = None           # grants.<id>.amounts.<date> (rule 10)

    @property
    def social_insurance_total(self) -> Decimal:
        return sum(self.social_insurance.values(), ZERO)

    @classmethod
    def of(cls, row: Mapping[str, object]) -> HolderMonth:
        """The same instance as ``HolderMonth(**row)``, built by ``of_fields``; unknown
        fields are refused, missing required ones too."""
        unknown = sorted(set(row) - _HOLDER_MONTH_FIELDS)
        if unknown:
            raise TypeError(f"HolderMonth has no field(s) {', '.join(unknown)}")
        return cls.of_fields(**row)

    # ``HolderMonth(*values)`` without the frozen ``__init__``, which sets each of the 27
    # fields through ``object.__setattr__``: that made building the rows a sixth of the
    # engine's time at state scale. Generated from the fields below as ``dataclasses``
    # generates ``__init__``: the same parameters in the same order with the same defaults
    # (a default factory called for each row), the fields stored in their declared order,
    # so the row keeps the class's shared dictionary keys. Positional: a call naming 27
    # keywords costs twice as much.
    of_fields: ClassVar[Callable[..., HolderMonth]]

    @property
    def personnel(self) -> Decimal:
        return (self.pay + self.allowance + self.annual_payment + self.one_off
                + self.social_insurance_total + self.supplementary_pension + self.accident_insurance)


def _fields_builder(cls: type) -> Callable[..., HolderMonth]:
    unset = object()
    names: dict[str, object] = {"_new": object.__new__, "_cls": cls, "_unset": unset}
    parameters, factories = [], []
    for f in fields(cls):
        if f.default is not MISSING:
            names[f"_default_{f.name}"] = f.default
            parameters.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            parameters.append(f"{f.name}=_unset")
            factories.append(f"    if {f.name} is _unset:\n        {f.name} = _factory_{f.name}()\n")
        else:
            parameters.append(f.name)
    stores = "".join(f"    values[{f.name!r}] = {f.name}\n" for f in fields(cls))
    source = (f"def of_fields({', '.join(parameters)}):\n{''.join(factories)}"
              f"    row = _new(_cls)\n    values = row.__dict__\n{stores}    return row\n")
    exec(source, names)  # noqa: S102 - the source is made from the dataclass's own field names
    return names["of_fields"]  # type: ignore[return-value]


HolderMonth.of_fields = _fields_builder(HolderMonth)
_HOLDER_MONTH_FIELDS = frozenset(f.name for f in fields(HolderMonth))


@dataclass(frozen=True)
class BranchBasis:
    """How one branch's contribution of a month was read (rule 7): the rate and the ceiling
    group it is capped by, with the key paths of both values. Shared by every month that uses
    the same rate and ceiling entries."""

    branch: str
    name: str
    group: str                 # the ceiling group (contributory pay and ceilings are keyed by it)
    rate_path: Path            # social_insurance.rates.<date>.percent.<branch>
    ceiling_path: Path         # social_insurance.ceilings.<date>.monthly.<group>


@dataclass(frozen=True)
class AnnualPayment:
    """Rule 5: the Jahressonderzahlung (JSZ) of one holder."""

    month: int                 # month it is paid in
    base: Decimal              # average monthly pay + allowances of the base months
    base_months: tuple[int, ...]
    months_paid: int           # months of the year with pay on at least one day
    percent: Decimal
    rate_path: Path
    amount: Decimal            # rounded
    contributory: Mapping[str, Decimal]  # part subject to contributions, per ceiling group (§ 23a SGB IV)
    # Which basis applied: "base_months" (the months of July–September held in full),
    # "first_full_month" (none of them: the first month held in full) or "full_month_pay"
    # (no month held in full: the pay a full month would bring, in the first month held).
    fallback: str
    source_months: tuple[int, ...]   # the months whose pay table and allowances the base rests on
    percent_path: Path               # tariffs.<id>.annual_payment.<date>.groups[k].percent: the rate used


@dataclass(frozen=True)
class PersonnelCosts:
    pay: Decimal = ZERO
    allowances: Decimal = ZERO
    annual_payment: Decimal = ZERO
    one_off: Decimal = ZERO
    social_insurance: Decimal = ZERO
    supplementary_pension: Decimal = ZERO
    accident_insurance: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return (self.pay + self.allowances + self.annual_payment + self.one_off
                + self.social_insurance + self.supplementary_pension + self.accident_insurance)

    def __add__(self, other: PersonnelCosts) -> PersonnelCosts:
        return PersonnelCosts(*(getattr(self, f) + getattr(other, f) for f in PERSONNEL_FIELDS))

    @classmethod
    def of_months(cls, months) -> PersonnelCosts:
        # One pass, each figure summed in month order from ZERO (as sum() would).
        pay = allowances = annual_payment = one_off = social_insurance = pension = accident = ZERO
        for m in months:
            pay += m.pay
            allowances += m.allowance
            annual_payment += m.annual_payment
            one_off += m.one_off
            social_insurance += m.social_insurance_total
            pension += m.supplementary_pension
            accident += m.accident_insurance
        return cls(pay=pay, allowances=allowances, annual_payment=annual_payment, one_off=one_off,
                   social_insurance=social_insurance, supplementary_pension=pension, accident_insurance=accident)


PERSONNEL_FIELDS = ("pay", "allowances", "annual_payment", "one_off", "social_insurance",
                    "supplementary_pension", "accident_insurance")


@dataclass(frozen=True)
class StepChange:
    """One period of a holder's step history (rule 3) and why it began."""

    date: dt.date
    step: int
    reason: str               # "start" | "rise" | "schedule"
    durations_path: Path | None   # rise: the step-duration entry in force on the day
    # The values the step rests on: start — the holder's ``step`` and ``step_since``;
    # schedule — the schedule entry's ``date`` and ``step``; rise — the years of the step it
    # rose from in the duration entry.
    cited: tuple[Path, ...]
    durations_since: dt.date | None
    previous: StepChange | None   # rise: the period it rose from


@dataclass(frozen=True)
class HolderYear:
    index: int                # position in the post's holders list
    name: str
    grade: str
    tariff: str
    fte: Decimal
    start: dt.date
    end: dt.date | None
    assumption: str | None
    months: tuple[HolderMonth, ...]   # twelve, zero where not held
    steps: tuple[StepChange, ...]     # steps in force during the year
    annual_payment: AnnualPayment | None
    personnel: PersonnelCosts
    path: Path                        # positions[i].holders[j]
    step_history: tuple[StepChange, ...]   # every period from the holder's step up to 31 December
    grant_eligible: bool              # holds at least the grant's minimum FTE (rule 10)

    @property
    def months_held(self) -> int:
        return sum(1 for m in self.months if m.days_held)

    @property
    def fte_months(self) -> Decimal:
        return sum((m.occupied_share for m in self.months), ZERO)


@dataclass(frozen=True)
class Costs:
    """Rule 9: cost categories of a post (or sum of posts); ``actual`` names replaced categories."""

    personnel: Decimal = ZERO
    equipment: Decimal = ZERO
    recruitment: Decimal = ZERO
    administration: Decimal = ZERO
    actual: frozenset[str] = frozenset()

    @property
    def total(self) -> Decimal:
        return self.personnel + self.equipment + self.recruitment + self.administration

    def __add__(self, other: Costs) -> Costs:
        return Costs(self.personnel + other.personnel, self.equipment + other.equipment,
                     self.recruitment + other.recruitment, self.administration + other.administration,
                     self.actual | other.actual)

    def as_dict(self) -> dict[str, Decimal]:
        return {c: getattr(self, c) for c in CATEGORIES}


@dataclass(frozen=True)
class RateRead:
    """A cost rate the engine read for a category (rule 9)."""

    kind: str                  # "equipment_initial", "equipment_running", "recruitment",
                               # "administration_percent" or "administration_per_fte"
    path: Path                 # the value: ….<date>.value, .percent_of_personnel or .per_fte_year
    since: dt.date             # the date the entry took effect


@dataclass(frozen=True)
class CostDetail:
    """How one other-cost category of a post was found (rule 9)."""

    category: str
    computed: Decimal
    actual: Decimal | None
    basis: str                 # how it was computed: "personnel", "running", "first_filled",
                               # "new_holders", "percent" or "per_fte_year" (reports word it)
    paths: tuple[Path, ...]
    basis_values: Mapping[str, object] = field(default_factory=dict)  # e.g. {"percent": Decimal("2")}
    rates: tuple[RateRead, ...] = ()      # the rates read, in the order of ``paths``
    actual_path: Path | None = None       # positions[i].actuals.<year>.<category>, when it replaced the figure
    # Equipment of a post first filled this year: where that date is written — the post's
    # ``first_filled``, or the start of its first holder (``first_filled_holder`` names them).
    first_filled_path: Path | None = None
    first_filled_holder: str | None = None

    @property
    def amount(self) -> Decimal:
        return self.actual if self.actual is not None else self.computed


@dataclass(frozen=True)
class PlannedPost:
    """A post's planned VZÄ, as it enters a grant passed on as a fixed yearly sum."""

    id: str
    fte: Decimal
    path: Path                 # positions[i].fte


@dataclass(frozen=True)
class Grant:
    """Rule 10 for one post."""

    amount: Decimal            # rounded, after the cap
    uncapped: Decimal          # exact Σ amount × share ÷ 12
    cap_base: str              # "personnel" | "total" | "none"
    cap: Decimal | None
    capped: bool
    eligible_fte_months: Decimal
    amount_paths: tuple[Path, ...]
    min_fte: Decimal
    proration: str
    programme_path: Path       # grants.<id>: its proration, min_fte and cap are the rule values used
    basis: str                 # "per_fte_year" | "fixed_per_year"
    planned_fte: Decimal | None      # fixed_per_year: Σ planned VZÄ, the divisor of each amount
    planned: tuple[PlannedPost, ...] # fixed_per_year: the posts of that sum


@dataclass(frozen=True)
class PositionResult:
    id: str
    name: str
    region: str
    index: int                 # index in the configuration's positions list
    fte: Decimal               # planned
    holders: tuple[HolderYear, ...]
    computed_personnel: PersonnelCosts
    details: tuple[CostDetail, ...]   # one per category, personnel included
    costs: Costs
    grant: Grant
    path: Path                 # positions[i]

    @property
    def fte_months(self) -> Decimal:
        return sum((h.fte_months for h in self.holders), ZERO)

    @property
    def average_fte(self) -> Decimal:
        return self.fte_months / 12


@dataclass(frozen=True)
class MemberShare:
    """Rules 12 and 13 for one member."""

    id: str
    name: str
    weight: Decimal
    exact: Decimal             # own share × weight ÷ Σ weights, unrounded
    share: Decimal
    extra_cent: bool           # received a remainder cent (Hare–Niemeyer)
    advances: Decimal
    balance: Decimal           # share − advances; 0 for the employer, who bears its share
    is_employer: bool
    listed_path: Path          # regions.<id>.members[k]: the place in the list breaks remainder ties
    weight_path: Path          # the value the weight was read from: the key's weight, the
                               # population, or (equal key) the place in the list


@dataclass(frozen=True)
class RegionResult:
    id: str
    name: str
    employer: str
    employer_name: str
    key: str                   # the allocation key's name (engine/keys.py): equal, population, weights
    positions: tuple[PositionResult, ...]
    costs: Costs
    grant: Decimal
    own_share: Decimal
    members: tuple[MemberShare, ...]
    advance_instalments: int
    key_path: Path             # regions.<id>.key
    key_basis: str             # what a weight rests on: weight | count | place (engine/keys.py)
    key_sources: tuple[Path, ...]  # entries with source and status the weights rest on

    @property
    def fte_months(self) -> Decimal:
        return sum((p.fte_months for p in self.positions), ZERO)

    @property
    def average_fte(self) -> Decimal:
        return self.fte_months / 12


@dataclass(frozen=True)
class Settlement:
    year: int
    district: str
    regions: tuple[RegionResult, ...]
    # (key path, the day the entry took effect); None for a series' checked_until statement
    parameters_used: tuple[tuple[Path, dt.date | None], ...]

    def region(self, region_id: str) -> RegionResult:
        for r in self.regions:
            if r.id == region_id:
                return r
        raise KeyError(region_id)

    def member(self, member_id: str) -> tuple[RegionResult, MemberShare]:
        for r in self.regions:
            for m in r.members:
                if m.id == member_id:
                    return r, m
        raise KeyError(member_id)

    def position(self, position_id: str) -> PositionResult:
        for r in self.regions:
            for p in r.positions:
                if p.id == position_id:
                    return p
        raise KeyError(position_id)
