"""The configuration schema (pydantic v2). One model per YAML section.

Dated values follow OpenFisca's parameter files: a mapping from the date a value takes
effect to the value, each with its ``source`` and a ``status`` that marks what is
provisional or assumed. Unknown keys are errors everywhere (``extra="forbid"``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kimcost.configuration.types import (
    FTE,
    Grade,
    Ident,
    Money,
    Percent,
    StepYears,
    Text,
    Weight,
    Year,
)
from kimcost.messages import Catalogue

# The validators' messages, raised as ``ValueError(text)`` (pydantic_errors words them).
_TEXTS = Catalogue("configuration.schema", {
    "population": (
        "{value} ist als Einwohnerzahl einer Kommune unplausibel groß; schreiben Sie höchstens {limit} "
        "(zehn Millionen) — prüfen Sie auf überzählige Ziffern",
        "{value} is implausibly large for a municipality's population; write at most "
        "{limit} (ten million) — check for extra digits"),
    "no_steps": ("die Entgeltgruppe {grade!r} hat keine Beträge für die Stufen", "grade {grade!r} has no step amounts"),
    "one_of_rates": ("geben Sie genau eines von 'percent_of_personnel' oder 'per_fte_year' an",
                     "give exactly one of 'percent_of_personnel' or 'per_fte_year'"),
    "due_date": ("{day!r} ist kein Fälligkeitstag; schreiben Sie Monat und Tag als MM-TT, z. B. '02-15' für den 15. Februar",
                 "{day!r} is not a due date; write month and day as MM-DD, e.g. '02-15' for 15 February"),
    "due_day": ("{day!r} ist kein Tag, den jedes Jahr hat; schreiben Sie einen Tag wie '{month:02d}-28'",
                "{day!r} is not a day every year has; write a day such as '{month:02d}-28'"),
    "due_order": (
        "die Fälligkeitstage {days} stehen nicht in der Reihenfolge des Kalenders; schreiben Sie sie ab Januar, "
        "jeden einmal, z. B. [02-15, 05-15, 08-15, 11-15]",
        "the due dates {days} are not in calendar order; write them from January on, "
        "each once, e.g. [02-15, 05-15, 08-15, 11-15]"),
    "instalments": (
        "advance_instalments ist {count}, aber advance_due_dates nennt {days} Tage; lassen Sie advance_instalments "
        "weg oder geben Sie je Rate einen Fälligkeitstag an",
        "advance_instalments is {count} but advance_due_dates names {days} days; leave advance_instalments out "
        "or give one due date per instalment"),
    "end_before_start": ("das Ende {end} liegt vor dem Beginn {start}; das Ende ist am oder nach dem Beginn",
                         "end {end} is before start {start}; the end date must be on or after the start"),
    "step_since": (
        "step_since {since} liegt nach dem Beginn {start}; geben Sie den Tag an, an dem die Person die jetzige "
        "Stufe erreicht hat (am oder vor dem Beginn)",
        "step_since {since} is after start {start}; give the date the holder entered the current step "
        "(on or before the start)"),
    "grant_first": (
        "die geltende Förderung wird am Ersten jedes Monats gelesen; schreiben Sie den ersten Tag ohne Förderung, "
        "z. B. {day}",
        "the grant in force is read on the first of each month; write the first day without the grant, e.g. {day}"),
    "grant_plan": ("geben Sie 'index_percent', 'ends' oder beides an; um den letzten Betrag beizubehalten, schreiben "
                   "Sie 'grant: carry_forward'",
                   "give 'index_percent', 'ends' or both; to keep the last amount write 'grant: carry_forward'"),
})


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
    source: Text = Field(description="Where the value comes from (Quelle): document, date, page; or assumption: …")
    status: Status = Field(Status.seen, description="seen (read in the source), derived, provisional, assumption or expected; all but seen/derived are flagged in every output")


class DatedMoney(Sourced):
    value: Money = Field(description="Amount in euros, dot as decimal mark: 1500.00")


class DatedPercent(Sourced):
    value: Percent


class Checked(Sourced):
    """How far a yearly series has been checked (OpenFisca's ``last_value_still_valid_on``):
    its last entry still holds on ``date``, as ``source`` says. Written beside the dated
    entries as ``checked_until: {date: 2026-12-31, source: "…"}``, so a value that still holds
    need not be copied for every year."""

    date: dt.date = Field(description="The last day the last entry is known to hold (ISO date)")


# --- parties -------------------------------------------------------------------------


MAX_POPULATION = 10_000_000  # more than any German municipality (Berlin: 3.9 million)


def _population_size(value: int) -> int:
    if value > MAX_POPULATION:
        raise ValueError(_TEXTS("population", value=value, limit=MAX_POPULATION))
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
    name: Text = Field(description="Name as in letters and tables: Stadt Rheine")
    population: Population | None = Field(None, description="Population with source; only used by the population key")
    address: PostalAddress | None = Field(None, description="Postal address for the letters (kimcost statements)")


class Party(_Model):
    """An employer that is not a member municipality (the Kreis, a welfare organisation)."""

    name: Text
    address: PostalAddress | None = None


# --- tariffs (TVöD VKA, SuE) -----------------------------------------------------------


class TableVersion(Sourced):
    """Monthly full-time amounts per grade, steps 1..n, valid from the mapping's date."""

    grades: dict[Grade, list[Money]] = Field(min_length=1)

    @model_validator(mode="after")
    def _steps_present(self) -> TableVersion:
        for grade, amounts in self.grades.items():
            if not amounts:
                raise ValueError(_TEXTS("no_steps", grade=grade))
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
    proration: Literal["days", "full_months"] = Field("days", description="days: day-exact share of occupied months; full_months: only fully held months")
    min_fte: FTE = Field(description="Holders below this FTE get no grant (KIM: 0.5)")
    cap: Literal["personnel", "total", "none"] = Field("personnel", description="The grant is at most the post costs: personnel, total or none")
    # per_fte_year: each amount is per full-time post and year (rule 10). fixed_per_year: each
    # amount is one sum a year passed on for all posts of the configuration (seed 003: the Kreis
    # passes 55.000 € on for Rheine's 1.9 posts); it is spread per planned VZÄ (Σ positions' fte),
    # then prorated, capped and rounded per post like rule 10.
    basis: Literal["per_fte_year", "fixed_per_year"] = Field("per_fte_year", description="per_fte_year: amount per full-time post and year; fixed_per_year: one sum a year for all posts")
    checked_until: Checked | None = None   # how far the amounts are known to hold


# --- costs other than personnel ----------------------------------------------------------


class AdministrationRate(Sourced):
    """Personnel administration flat rate: a percentage of personnel costs or per VZÄ-year."""

    percent_of_personnel: Percent | None = None
    per_fte_year: Money | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> AdministrationRate:
        if (self.percent_of_personnel is None) == (self.per_fte_year is None):
            raise ValueError(_TEXTS("one_of_rates"))
        return self


class CostRates(_Model):
    """Rule 9: equipment, recruitment, administration (and optional accident insurance)."""

    equipment_initial: dict[dt.date, DatedMoney] = Field(min_length=1, description="One-off equipment amount when a post is first filled, EUR, by date")
    equipment_per_fte_year: dict[dt.date, DatedMoney] = Field(min_length=1, description="Running equipment amount per VZÄ-year, EUR, by date")
    recruitment_per_new_holder: dict[dt.date, DatedMoney] = Field(min_length=1, description="Recruitment flat amount per holder who starts in the year, EUR, by date")
    administration: dict[dt.date, AdministrationRate] = Field(min_length=1, description="Personnel administration flat rate by date: percent_of_personnel or per_fte_year")
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
AllocationKey = Annotated[Annotated[WeightsKey, Tag("union[weights]")] | Annotated[Ident, Tag("union[name]")],
                          Discriminator(_key_form)]


_DUE_DAY = r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _due_dates(value: list[str] | None) -> list[str] | None:
    """Days of the year an advance instalment falls due, ``MM-DD`` (e.g. ``02-15``), in order."""
    if value is None:
        return value
    for day in value:
        if not re.match(_DUE_DAY, day):
            raise ValueError(_TEXTS("due_date", day=day))
        month, dom = int(day[:2]), int(day[3:])
        try:
            dt.date(2001, month, dom)  # a year without 29 February: the day must exist every year
        except ValueError:
            raise ValueError(_TEXTS("due_day", day=day, month=month)) from None
    if any(a >= b for a, b in zip(value, value[1:])):
        raise ValueError(_TEXTS("due_order", days=", ".join(value)))
    return value


DueDates = list[Text]


class Region(_Model):
    name: Text = Field(description="Name of the region: Region Nord")
    employer: Ident = Field(description="Id of the employer (Anstellungskörperschaft): a municipality or a party")
    members: list[Ident] = Field(min_length=1, description="Ids of the municipalities that share the posts, in the order of the split")
    key: AllocationKey = Field("equal", description="Allocation key: equal, population, or {{weights: {{member: number}}}}")
    cost_rates: CostRates | None = Field(None, description="Cost rates of this region instead of those of the district")
    advances: dict[Year, dict[Ident, Money]] = Field(default_factory=dict, description="Advances paid per year and paying member, EUR; 0 if nothing")
    advance_instalments: int = Field(default=4, ge=1, le=12, strict=True, description="Number of advance instalments a year")
    # When each instalment of the advances falls due, MM-DD; overrides the district's. With
    # due dates, the number of instalments is their number (``advance_instalments`` may be
    # left out; if written, it must agree).
    advance_due_dates: DueDates | None = Field(default=None, min_length=1, max_length=12)

    @field_validator("advance_due_dates")
    @classmethod
    def _due_dates_in_order(cls, value: list[str] | None) -> list[str] | None:
        return _due_dates(value)

    @model_validator(mode="after")
    def _due_dates_match_count(self) -> Region:
        dates = self.advance_due_dates
        if dates is not None and "advance_instalments" in self.model_fields_set and len(dates) != self.advance_instalments:
            raise ValueError(_TEXTS("instalments", count=self.advance_instalments, days=len(dates)))
        return self


class StepChange(_Model):
    date: dt.date
    step: int = Field(ge=1, strict=True)


class Holder(_Model):
    name: Text = Field(description="Name of the holder (Stelleninhaberin)")
    start: dt.date = Field(description="First day on the post (ISO date)")
    end: dt.date | None = Field(None, description="Last day on the post; none while employed")
    fte: FTE = Field(description="Full-time equivalent, 0 < fte <= 1")
    grade: Grade = Field(description="Pay grade (Entgeltgruppe) as in the tables: S 12, E 10")
    step: int = Field(ge=1, strict=True, description="Step (Stufe) on step_since")
    step_since: dt.date = Field(description="Day the holder entered this step, on or before start")
    step_schedule: list[StepChange] | None = Field(None, description="Explicit step changes that replace the computed rises")
    assumption: Text | None = Field(None, description="What about this holder is assumed; flagged in every output")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # A field validator, so the message points at the 'end:' the officer has to correct.
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise ValueError(_TEXTS("end_before_start", end=end, start=start))
        return end

    @model_validator(mode="after")
    def _dates(self) -> Holder:
        if self.step_since > self.start and self.step_schedule is None:
            raise ValueError(_TEXTS("step_since", since=self.step_since, start=self.start))
        return self


class Actuals(_Model):
    """Actual amounts for a year that replace computed ones (rule 9)."""

    source: Text
    personnel: Money | None = None
    equipment: Money | None = None
    recruitment: Money | None = None
    administration: Money | None = None


class Position(_Model):
    id: Ident = Field(description="Unique id of the post")
    region: Ident = Field(description="Id of the region the post belongs to")
    name: Text | None = Field(None, description="Name of the post in tables")
    fte: FTE = Field(description="Planned FTE of the post")
    first_filled: dt.date | None = Field(None, description="When the post was first equipped; default: start of the first holder")
    holders: list[Holder] = Field(default_factory=list, description="The holders, in order")
    actuals: dict[Year, Actuals] = Field(default_factory=dict, description="Actual amounts per year that replace computed ones (rule 9)")


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
            raise ValueError(_TEXTS("grant_first", day=value.replace(day=1)))
        return value

    @model_validator(mode="after")
    def _something(self) -> GrantPlan:
        if self.index_percent is None and self.ends is None:
            raise ValueError(_TEXTS("grant_plan"))
        return self


CarryForward = Literal["carry_forward"]


class Planning(_Model):
    """Planning assumptions for the years after the dated data, stated once (README, "Planning").

    Each year from the first one the data does not cover up to ``until`` gets dated entries
    created from these rules, each marked ``status: assumption`` with ``source`` and the rule;
    the data itself (and what ``checked_until`` says) always comes first."""

    until: Year = Field(description="The last year the planning assumptions reach")
    source: Text = Field(description="Where the planning rates come from")
    pay_rise: dict[Ident, PayRisePlan] = Field(default_factory=dict, description="Assumed pay rise per tariff id")
    contribution_rates: CarryForward | None = None
    contribution_ceilings: CarryForward | CeilingGrowth | None = None
    grant: CarryForward | GrantPlan | None = None


class District(_Model):
    name: Text = Field(description="Name of the district: Kreis Steinfurt")
    grant: Ident = Field(description="Id of the grant programme under grants: (kimcost:kim-nrw ships kim-nrw)")
    # The district's usual due dates of the advance instalments (MM-DD), for every region
    # that names none itself, e.g. [02-15, 05-15, 08-15, 11-15].
    advance_due_dates: DueDates | None = Field(default=None, min_length=1, max_length=12)

    @field_validator("advance_due_dates")
    @classmethod
    def _due_dates_in_order(cls, value: list[str] | None) -> list[str] | None:
        return _due_dates(value)


class TableSource(_Model):
    """A table of the configuration read from a spreadsheet (configuration/tables)."""

    # 'from' is a Python keyword: the field is from_, written from: in the YAML
    from_: Text = Field(alias="from", description="The .xlsx or .csv file, relative to this file: stellen.xlsx")
    sheet: Text | None = Field(None, description="The workbook's sheet; default: its only sheet, or the one named as the template names it")


class Tables(_Model):
    """Holders, advances and actual amounts from spreadsheets instead of YAML, one table each
    for all posts or regions (docs/configuration.md, "Tabellen")."""

    holders: TableSource | None = Field(None, description="The holders of all posts (sheet Stellen): a row per holder")
    advances: TableSource | None = Field(None, description="The advances of all regions (sheet Abschläge): a row per region, year and member")
    actuals: TableSource | None = Field(None, description="The actual amounts of all posts (sheet Ist): a row per post and year")


class Configuration(_Model):
    """The whole configuration after ``include:`` files have been merged."""

    district: District = Field(description="The district: name, grant programme, due dates of advances")
    municipalities: dict[Ident, Municipality] = Field(min_length=1, description="The municipalities by id")
    parties: dict[Ident, Party] = Field(default_factory=dict, description="Employers that are not member municipalities (a welfare organisation)")
    regions: dict[Ident, Region] = Field(min_length=1, description="The regions by id: employer, members, key, advances")
    positions: list[Position] = Field(default_factory=list, description="The posts with their holders")
    cost_rates: CostRates = Field(description="Equipment, recruitment and administration rates (rule 9)")
    tariffs: dict[Ident, Tariff] = Field(min_length=1, description="Pay tables by tariff id (shipped: kimcost:tvoed-sue, kimcost:tvoed-vka)")
    one_off_payments: dict[Ident, OneOffPayment] = Field(default_factory=dict, description="One-off payments (shipped: kimcost:one-off-payments)")
    social_insurance: SocialInsurance = Field(description="Employer social-insurance rates and ceilings (shipped: kimcost:social-insurance)")
    supplementary_pension: dict[dt.date, SupplementaryPensionRate] = Field(min_length=1, description="Supplementary pension (kvw) rate by date: the employer's input")
    grants: dict[Ident, GrantProgramme] = Field(min_length=1, description="Grant programmes by id (shipped: kimcost:kim-nrw)")
    letters: Letters | None = Field(None, description="Sender details for kimcost statements")
    planning: Planning | None = Field(None, description="Planning assumptions for the years after the dated data")
    tables: Tables | None = Field(None, description="Holders, advances and actual amounts read from .xlsx or CSV files")


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
