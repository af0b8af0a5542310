"""The configuration schema (pydantic v2). One model per YAML section.

Dated values follow OpenFisca's parameter files: a mapping from the date a value takes
effect to the value, each with its ``source`` and a ``status`` that marks what is
provisional or assumed. Unknown keys are errors everywhere (``extra="forbid"``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator, ValidationInfo

from kimcost.configuration.types import (
    FTE,
    Grade,
    Ident,
    Money,
    Number,
    Percent,
    StepYears,
    Text,
    Weight,
    Year,
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Status(str, Enum):
    """How sure a value is. Everything but ``seen`` is flagged in every output."""

    seen = "seen"            # read in the cited source
    derived = "derived"      # computed from seen values, as the source note says
    provisional = "provisional"  # to be replaced when the official value is at hand
    assumption = "assumption"    # a plausible value where the real one is unknown
    expected = "expected"        # placeholder for a value announced but not yet published

    @property
    def is_certain(self) -> bool:
        return self in (Status.seen, Status.derived)


class Sourced(_Model):
    source: Text
    status: Status = Status.seen


class DatedMoney(Sourced):
    value: Money


class DatedPercent(Sourced):
    value: Percent


# --- parties -------------------------------------------------------------------------


MAX_POPULATION = 10_000_000  # more than any German municipality (Berlin: 3.9 million)


def _population_size(value: int) -> int:
    if value > MAX_POPULATION:
        raise ValueError(f"{value} is implausibly large for a municipality's population; write at most "
                         f"{MAX_POPULATION} (ten million) — check for extra digits")
    return value


class Population(Sourced):
    value: Annotated[int, AfterValidator(_population_size)] = Field(gt=0, strict=True)
    as_of: dt.date | None = None


class Municipality(_Model):
    name: Text
    population: Population | None = None


class Party(_Model):
    """An employer that is not a member municipality (the Kreis, a welfare organisation)."""

    name: Text
    address: Text | None = None


# --- tariffs (TVöD VKA, SuE) -----------------------------------------------------------


class TableVersion(Sourced):
    """Monthly full-time amounts per grade, steps 1..n, valid from the mapping's date."""

    grades: dict[Grade, list[Money]] = Field(min_length=1)

    @model_validator(mode="after")
    def _steps_present(self) -> "TableVersion":
        for grade, amounts in self.grades.items():
            if not amounts:
                raise ValueError(f"grade {grade!r} has no step amounts")
        return self


class StepDurations(Sourced):
    """Years to spend in step 1, 2, … before the next step (DOMAIN.md §3 rule 3)."""

    years: list[StepYears] = Field(min_length=1)


class AnnualPaymentGroup(_Model):
    grades: list[Grade] = Field(min_length=1)
    percent: Percent


class AnnualPaymentRates(Sourced):
    """Jahressonderzahlung (JSZ, annual special payment) rates by grade group (rule 5)."""

    groups: list[AnnualPaymentGroup] = Field(min_length=1)


class Allowance(_Model):
    """A monthly allowance tied to grades (rule 4), e.g. the SuE allowance."""

    name: Text
    grades: list[Grade] = Field(min_length=1)
    amounts: dict[dt.date, DatedMoney] = Field(min_length=1)


class Tariff(_Model):
    name: Text
    tables: dict[dt.date, TableVersion] = Field(min_length=1)
    step_durations: dict[dt.date, StepDurations] = Field(min_length=1)
    annual_payment: dict[dt.date, AnnualPaymentRates] = Field(min_length=1)
    allowances: dict[Ident, Allowance] = Field(default_factory=dict)


class OneOffPayment(_Model):
    """Fixed amounts per holder and month, free of contributions (rule 6)."""

    name: Text
    tariffs: list[Ident] = Field(min_length=1)
    months: dict[dt.date, DatedMoney] = Field(min_length=1)


# --- employer contributions -------------------------------------------------------------


class Branch(_Model):
    name: Text
    ceiling: Ident


class RateSet(Sourced):
    """Employer share of each branch's rate, in percent."""

    percent: dict[Ident, Percent] = Field(min_length=1)


class CeilingSet(Sourced):
    """Monthly contribution ceilings (Beitragsbemessungsgrenzen) per ceiling group."""

    monthly: dict[Ident, Money] = Field(min_length=1)


class SocialInsurance(_Model):
    branches: dict[Ident, Branch] = Field(min_length=1)
    rates: dict[dt.date, RateSet] = Field(min_length=1)
    ceilings: dict[dt.date, CeilingSet] = Field(min_length=1)


class SupplementaryPensionRate(Sourced):
    """Zusatzversorgung (kvw): employer rate plus any restructuring levy, percent of pay."""

    percent: Percent
    levy_percent: Percent = Decimal(0)


# --- grant ----------------------------------------------------------------------------


class GrantProgramme(Sourced):
    """The state grant per full-time post and year (rule 10)."""

    name: Text
    amounts: dict[dt.date, DatedMoney] = Field(min_length=1)
    proration: Literal["days", "full_months"] = "days"
    min_fte: FTE
    cap: Literal["personnel", "total", "none"] = "personnel"
    # per_fte_year: each amount is per full-time post and year (rule 10). fixed_per_year: each
    # amount is one sum a year passed on for all posts of the configuration (seed 003: the Kreis
    # passes 55.000 € on for Rheine's 1.9 posts); it is spread per planned VZÄ (Σ positions' fte),
    # then prorated, capped and rounded per post like rule 10.
    basis: Literal["per_fte_year", "fixed_per_year"] = "per_fte_year"


# --- costs other than personnel ----------------------------------------------------------


class AdministrationRate(Sourced):
    """Personnel administration flat rate: a percentage of personnel costs or per VZÄ-year."""

    percent_of_personnel: Percent | None = None
    per_fte_year: Money | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> "AdministrationRate":
        if (self.percent_of_personnel is None) == (self.per_fte_year is None):
            raise ValueError("give exactly one of 'percent_of_personnel' or 'per_fte_year'")
        return self


class CostRates(_Model):
    """Rule 9: equipment, recruitment, administration (and optional accident insurance)."""

    equipment_initial: dict[dt.date, DatedMoney] = Field(min_length=1)
    equipment_per_fte_year: dict[dt.date, DatedMoney] = Field(min_length=1)
    recruitment_per_new_holder: dict[dt.date, DatedMoney] = Field(min_length=1)
    administration: dict[dt.date, AdministrationRate] = Field(min_length=1)
    accident_insurance_per_fte_year: dict[dt.date, DatedMoney] = Field(default_factory=dict)


# --- regions, posts, holders --------------------------------------------------------------


class WeightsKey(_Model):
    weights: dict[Ident, Weight] = Field(min_length=1)
    source: Text | None = None


AllocationKey = Union[Literal["equal", "population"], WeightsKey]


class Region(_Model):
    name: Text
    employer: Ident
    members: list[Ident] = Field(min_length=1)
    key: AllocationKey = "equal"
    cost_rates: CostRates | None = None
    advances: dict[Year, dict[Ident, Money]] = Field(default_factory=dict)
    advance_instalments: int = Field(default=4, ge=1, le=12, strict=True)


class StepChange(_Model):
    date: dt.date
    step: int = Field(ge=1, strict=True)


class Holder(_Model):
    name: Text
    start: dt.date
    end: dt.date | None = None
    fte: FTE
    grade: Grade
    step: int = Field(ge=1, strict=True)
    step_since: dt.date
    step_schedule: list[StepChange] | None = None
    assumption: Text | None = None

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # A field validator, so the message points at the 'end:' the officer has to correct.
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise ValueError(f"end {end} is before start {start}; the end date must be on or after the start")
        return end

    @model_validator(mode="after")
    def _dates(self) -> "Holder":
        if self.step_since > self.start and self.step_schedule is None:
            raise ValueError(
                f"step_since {self.step_since} is after start {self.start}; "
                "give the date the holder entered the current step (on or before the start)"
            )
        return self


class Actuals(_Model):
    """Actual amounts for a year that replace computed ones (rule 9)."""

    source: Text
    personnel: Money | None = None
    equipment: Money | None = None
    recruitment: Money | None = None
    administration: Money | None = None


class Position(_Model):
    id: Ident
    region: Ident
    name: Text | None = None
    fte: FTE
    first_filled: dt.date | None = None  # when the post was first equipped; default: first holder's start
    holders: list[Holder] = Field(default_factory=list)
    actuals: dict[Year, Actuals] = Field(default_factory=dict)


class District(_Model):
    name: Text
    grant: Ident


class Configuration(_Model):
    """The whole configuration after ``include:`` files have been merged."""

    district: District
    municipalities: dict[Ident, Municipality] = Field(min_length=1)
    parties: dict[Ident, Party] = Field(default_factory=dict)
    regions: dict[Ident, Region] = Field(min_length=1)
    positions: list[Position] = Field(default_factory=list)
    cost_rates: CostRates
    tariffs: dict[Ident, Tariff] = Field(min_length=1)
    one_off_payments: dict[Ident, OneOffPayment] = Field(default_factory=dict)
    social_insurance: SocialInsurance
    supplementary_pension: dict[dt.date, SupplementaryPensionRate] = Field(min_length=1)
    grants: dict[Ident, GrantProgramme] = Field(min_length=1)
