"""The configuration schema (pydantic v2). One model per YAML section.

Dated values follow OpenFisca's parameter files: a mapping from the date a value takes
effect to the value, each with its ``source`` and a ``status`` that marks what is
provisional or assumed. Unknown keys are errors everywhere (``extra="forbid"``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal, Union

import re

from pydantic import (AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationInfo,
                      field_validator, model_validator)

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


class Checked(Sourced):
    """How far a yearly series has been checked (OpenFisca's ``last_value_still_valid_on``):
    its last entry still holds on ``date``, as ``source`` says. Written beside the dated
    entries as ``checked_until: {date: 2026-12-31, source: "…"}``, so a value that still holds
    need not be copied for every year."""

    date: dt.date


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


class PostalAddress(_Model):
    """A postal address for the address field of a letter (DIN 5008); the first line is the
    municipality's or party's ``name``. Only its shape is checked on loading: whether it is
    complete is checked when letters are written (``configuration/letters.py``), so that
    ``settle`` never needs it."""

    lines: list[Text] | None = None     # under the name: department, "z. Hd. …" (at most 3)
    street: Text | None = None          # street and number, or "Postfach 1234"
    city: Text | None = None            # postcode and town: "48727 Billerbeck"
    country: Text | None = None         # only for an address abroad
    text: Text | None = None            # an address written as one line (a note; letters need street and city)

    @model_validator(mode="before")
    @classmethod
    def _one_line(cls, data):
        # ``address: Bolzenmarkt 5, 33397 Rietberg`` was the form before letters existed
        return {"text": data} if isinstance(data, str) else data


class Municipality(_Model):
    name: Text
    population: Population | None = None
    address: PostalAddress | None = None


class Party(_Model):
    """An employer that is not a member municipality (the Kreis, a welfare organisation)."""

    name: Text
    address: PostalAddress | None = None


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
    """Years to spend in step 1, 2, … before the next step (docs/rules.md rule 3)."""

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
    checked_until: Checked | None = None   # how far the pay tables are known to hold


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
    checked_until: Checked | None = None   # how far the rates and ceilings are known to hold


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
    checked_until: Checked | None = None   # how far the amounts are known to hold


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


def _key_form(value: Any) -> str:
    return "union[weights]" if isinstance(value, (dict, WeightsKey)) else "union[name]"


# A key's name, or a key with parameters of its own (``{weights: …}``). Which names exist and
# what each needs is engine/keys.py's to say. The tags are pydantic's branch labels, which the
# error messages leave out of key paths (pydantic_errors._is_label).
AllocationKey = Annotated[Union[Annotated[WeightsKey, Tag("union[weights]")], Annotated[Ident, Tag("union[name]")]],
                          Discriminator(_key_form)]


_DUE_DAY = r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _due_dates(value: list[str] | None) -> list[str] | None:
    """Days of the year an advance instalment falls due, ``MM-DD`` (e.g. ``02-15``), in order."""
    if value is None:
        return value
    for day in value:
        if not re.match(_DUE_DAY, day):
            raise ValueError(f"{day!r} is not a due date; write month and day as MM-DD, e.g. '02-15' for 15 February")
        month, dom = int(day[:2]), int(day[3:])
        try:
            dt.date(2001, month, dom)  # a year without 29 February: the day must exist every year
        except ValueError:
            raise ValueError(f"{day!r} is not a day every year has; write a day such as '{month:02d}-28'") from None
    if any(a >= b for a, b in zip(value, value[1:])):
        raise ValueError(f"the due dates {', '.join(value)} are not in calendar order; write them from January on, "
                         "each once, e.g. [02-15, 05-15, 08-15, 11-15]")
    return value


DueDates = list[Text]


class Region(_Model):
    name: Text
    employer: Ident
    members: list[Ident] = Field(min_length=1)
    key: AllocationKey = "equal"
    cost_rates: CostRates | None = None
    advances: dict[Year, dict[Ident, Money]] = Field(default_factory=dict)
    advance_instalments: int = Field(default=4, ge=1, le=12, strict=True)
    # When each instalment of the advances falls due, MM-DD; overrides the district's. With
    # due dates, the number of instalments is their number (``advance_instalments`` may be
    # left out; if written, it must agree).
    advance_due_dates: DueDates | None = Field(default=None, min_length=1, max_length=12)

    @field_validator("advance_due_dates")
    @classmethod
    def _due_dates_in_order(cls, value: list[str] | None) -> list[str] | None:
        return _due_dates(value)

    @model_validator(mode="after")
    def _due_dates_match_count(self) -> "Region":
        dates = self.advance_due_dates
        if dates is not None and "advance_instalments" in self.model_fields_set and len(dates) != self.advance_instalments:
            raise ValueError(f"advance_instalments is {self.advance_instalments} but advance_due_dates names "
                             f"{len(dates)} days; leave advance_instalments out or give one due date per instalment")
        return self


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


# --- letters (kimcost statements) ----------------------------------------------------------
# Only the shape (keys and types) is checked on loading; whether the details are complete and
# right (IBAN checksum, e-mail, reference placeholders, payment term) is checked when letters
# are written, so that a detail only letters need never stops ``settle``.


class LetterContact(_Model):
    name: Text | None = None
    phone: Text | None = None
    email: Text | None = None


class BankAccount(_Model):
    bank: Text | None = None            # the bank's name
    iban: Text | None = None
    bic: Text | None = None


class PaymentTerm(_Model):
    """Either ``days`` after the letter's date or a fixed ``date``."""

    days: int | None = Field(default=None, strict=True)
    date: dt.date | None = None


class Signature(_Model):
    name: Text | None = None
    role: Text | None = None            # e.g. "Fachbereichsleitung Finanzen"


class LetterSender(_Model):
    """What an employer's letters to its members say about the sender."""

    contact: LetterContact | None = None
    bank: BankAccount | None = None
    reference: Text | None = None       # e.g. "KIM-{year}-{member}"
    payment_term: PaymentTerm | None = None
    signature: Signature | None = None


class Letters(_Model):
    """Sender details per employer; ``reference`` and ``payment_term`` here apply to every
    sender that does not write its own."""

    reference: Text | None = None
    payment_term: PaymentTerm | None = None
    senders: dict[Ident, LetterSender] = Field(default_factory=dict)


# --- planning assumptions for the years after the dated data ----------------------------


class PayRisePlan(_Model):
    """An assumed yearly pay rise of one tariff (docs/rules.md, pay rise; as the 2026 tables)."""

    percent: Percent
    minimum: Money | None = None     # at least this much more per amount (TVöD: e.g. +110 €)
    month: int = Field(ge=1, le=12, strict=True)   # the month it takes effect each year (4: 1 April)


class CeilingGrowth(_Model):
    """The contribution ceilings grow by ``growth_percent`` each 1 January."""

    growth_percent: Percent


class GrantPlan(_Model):
    """The grant indexed by a percentage each 1 January, and/or ending on a date (0 from then)."""

    index_percent: Percent | None = None
    ends: dt.date | None = None

    @field_validator("ends")
    @classmethod
    def _first_of_month(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value.day != 1:
            raise ValueError(f"the grant in force is read on the first of each month; write the first day "
                             f"without the grant, e.g. {value.replace(day=1)}")
        return value

    @model_validator(mode="after")
    def _something(self) -> "GrantPlan":
        if self.index_percent is None and self.ends is None:
            raise ValueError("give 'index_percent', 'ends' or both; to keep the last amount write "
                             "'grant: carry_forward'")
        return self


CarryForward = Literal["carry_forward"]


class Planning(_Model):
    """Planning assumptions for the years after the dated data, stated once (README, "Planning").

    Each year from the first one the data does not cover up to ``until`` gets dated entries
    created from these rules, each marked ``status: assumption`` with ``source`` and the rule;
    the data itself (and what ``checked_until`` says) always comes first."""

    until: Year
    source: Text
    pay_rise: dict[Ident, PayRisePlan] = Field(default_factory=dict)
    contribution_rates: CarryForward | None = None
    contribution_ceilings: CarryForward | CeilingGrowth | None = None
    grant: CarryForward | GrantPlan | None = None


class District(_Model):
    name: Text
    grant: Ident
    # The district's usual due dates of the advance instalments (MM-DD), for every region
    # that names none itself, e.g. [02-15, 05-15, 08-15, 11-15].
    advance_due_dates: DueDates | None = Field(default=None, min_length=1, max_length=12)

    @field_validator("advance_due_dates")
    @classmethod
    def _due_dates_in_order(cls, value: list[str] | None) -> list[str] | None:
        return _due_dates(value)


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
    letters: Letters | None = None
    planning: Planning | None = None


def advance_schedule(config: Configuration, region_id: str) -> tuple[int, tuple[str, ...]]:
    """A region's number of advance instalments and their due days (MM-DD; empty when the
    configuration names none): the region's own due dates, else the district's when the
    region's count agrees with them (or is left at its default)."""
    region = config.regions[region_id]
    if region.advance_due_dates is not None:
        return len(region.advance_due_dates), tuple(region.advance_due_dates)
    district = config.district.advance_due_dates
    if district is not None and ("advance_instalments" not in region.model_fields_set
                                 or region.advance_instalments == len(district)):
        return len(district), tuple(district)
    return region.advance_instalments, ()
