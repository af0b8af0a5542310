"""Plain result data. Every intermediate figure is kept (post, holder, month), because the
reports explain and export them. Paths point into the configuration (for file:line)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

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
    table_path: Path | None = None    # tariffs.<id>.tables.<date>.grades.<grade>
    table_since: dt.date | None = None
    table_amount: Decimal = ZERO      # full-time monthly amount in force (rule 2)
    pay: Decimal = ZERO               # rule 2, rounded
    allowance: Decimal = ZERO         # rule 4, rounded
    annual_payment: Decimal = ZERO    # rule 5, in the month it is paid
    one_off: Decimal = ZERO           # rule 6
    social_insurance: Mapping[str, Decimal] = field(default_factory=dict)  # rule 7, per branch
    contributory_pay: Mapping[str, Decimal] = field(default_factory=dict)  # per ceiling group
    ceilings: Mapping[str, Decimal] = field(default_factory=dict)         # per ceiling group, prorated
    supplementary_pension: Decimal = ZERO  # rule 8
    accident_insurance: Decimal = ZERO
    grant_share: Decimal = ZERO       # occupied share that counts for the grant (rule 10)
    grant_amount: Decimal = ZERO      # grant per VZÄ-year in force this month
    # Entries the month's figures were read from (for ``explain``: file and line of each value).
    allowance_paths: tuple[Path, ...] = ()          # allowance amount entries (rule 4)
    one_off_paths: tuple[Path, ...] = ()            # one-off payment entries (rule 6)
    social_insurance_rates_path: Path | None = None  # social_insurance.rates.<date> (rule 7)
    ceilings_path: Path | None = None               # social_insurance.ceilings.<date> (rule 7)
    supplementary_pension_path: Path | None = None  # supplementary_pension.<date> (rule 8)
    accident_insurance_path: Path | None = None
    grant_amount_path: Path | None = None           # grants.<id>.amounts.<date> (rule 10)

    @property
    def social_insurance_total(self) -> Decimal:
        return sum(self.social_insurance.values(), ZERO)

    @property
    def personnel(self) -> Decimal:
        return (self.pay + self.allowance + self.annual_payment + self.one_off
                + self.social_insurance_total + self.supplementary_pension + self.accident_insurance)


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

    def __add__(self, other: "PersonnelCosts") -> "PersonnelCosts":
        return PersonnelCosts(*(getattr(self, f) + getattr(other, f) for f in PERSONNEL_FIELDS))

    @classmethod
    def of_months(cls, months) -> "PersonnelCosts":
        return cls(
            pay=sum((m.pay for m in months), ZERO),
            allowances=sum((m.allowance for m in months), ZERO),
            annual_payment=sum((m.annual_payment for m in months), ZERO),
            one_off=sum((m.one_off for m in months), ZERO),
            social_insurance=sum((m.social_insurance_total for m in months), ZERO),
            supplementary_pension=sum((m.supplementary_pension for m in months), ZERO),
            accident_insurance=sum((m.accident_insurance for m in months), ZERO),
        )


PERSONNEL_FIELDS = ("pay", "allowances", "annual_payment", "one_off", "social_insurance",
                    "supplementary_pension", "accident_insurance")


@dataclass(frozen=True)
class StepChange:
    date: dt.date
    step: int
    reason: str               # "start" | "rise" | "schedule"
    durations_path: Path | None


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

    def __add__(self, other: "Costs") -> "Costs":
        return Costs(self.personnel + other.personnel, self.equipment + other.equipment,
                     self.recruitment + other.recruitment, self.administration + other.administration,
                     self.actual | other.actual)

    def as_dict(self) -> dict[str, Decimal]:
        return {c: getattr(self, c) for c in CATEGORIES}


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

    @property
    def amount(self) -> Decimal:
        return self.actual if self.actual is not None else self.computed


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


@dataclass(frozen=True)
class RegionResult:
    id: str
    name: str
    employer: str
    employer_name: str
    key: str                   # "equal" | "population" | "weights"
    positions: tuple[PositionResult, ...]
    costs: Costs
    grant: Decimal
    own_share: Decimal
    members: tuple[MemberShare, ...]
    advance_instalments: int

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
