"""One holder's year: rules 1–8 month by month, assembled into a ``HolderYear``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from kimcost.configuration.errors import Path
from kimcost.configuration.schema import Holder
from kimcost.engine.annual_payment import employed_on_first_december, jsz_amount, jsz_basis
from kimcost.engine.calendar import MONTHS, month_ends, month_start, month_starts
from kimcost.engine.contributions import CeilingAccount, branch_factors, pension_factor, supplementary_pension
from kimcost.engine.dated import Dated, DatedSeries
from kimcost.engine.errors import MissingData
from kimcost.engine.grant import grant_eligible, grant_share
from kimcost.engine.occupancy import Occupancy, occupancies
from kimcost.engine.parameters import Parameters
from kimcost.engine.pay import monthly_allowance, monthly_pay, one_off_payment
from kimcost.engine.results import AnnualPayment, BranchBasis, HolderMonth, HolderYear, PersonnelCosts, StepChange
from kimcost.engine.steps import StepPeriod, step_for_month, step_history
from kimcost.messages import Catalogue
from kimcost.money import CENT, TWELVE, ZERO

TEXTS = Catalogue("engine.holder", {
    "grade": ("Entgeltgruppe {grade} steht nicht in der am {day} gültigen Tabelle von {tariff} (gültig ab {since})",
              "grade {grade} is not in the {tariff} table in force on {day} (valid from {since})"),
    "step": ("Stufe {step} von {grade} steht nicht in der am {day} gültigen Tabelle; die Tabelle hat die Stufen 1–{steps}",
             "step {step} of {grade} is not in the table in force on {day}; the table has steps 1–{steps}"),
    "annual_payment": ("für Entgeltgruppe {grade} gibt es im ab {since} gültigen Eintrag keinen Satz der "
                       "Jahressonderzahlung; ordnen Sie die Entgeltgruppe einer Gruppe zu",
                       "no annual special payment rate for grade {grade} in the entry valid from {since}; add the "
                       "grade to a group"),
})


@dataclass(frozen=True)
class _PayMonth:
    """What rules 2, 4 and 6 read for a grade and step in the month beginning on a day."""

    table: Dated                          # the pay table entry in force (rule 2)
    amount: Decimal                       # the full-time amount of the step in it
    amount_path: Path                     # …tables.<date>.grades.<grade>[step − 1]
    allowances: tuple[Decimal, ...]       # rule 4: full-time amounts in force, in the tariff's order
    allowance_paths: tuple[Path, ...]
    one_offs: tuple[Decimal, ...]         # rule 6: one-off payments paid in the month
    one_off_paths: tuple[Path, ...]


def _pay_month(params: Parameters, tariff, holder: Holder, path: Path, first: dt.date, step: int) -> _PayMonth:
    """The entries in force on ``first`` for the holder's grade and ``step``: read (and marked
    as used) once per run for each tariff, grade, step and day, as every holder-month alike
    would read them. An error is not remembered: it names the holder."""
    grade = holder.grade
    key = ("holder.pay_month", tariff.id, grade, step, first)
    found = params.memo.get(key)
    if found is not None:
        return found  # type: ignore[return-value]
    entry = params.use(tariff.tables.at(first))
    amounts = entry.value.grades.get(grade)
    if amounts is None:
        raise MissingData(path + ("grade",), TEXTS("grade", grade=repr(grade), tariff=tariff.tariff.name, day=first,
                                                      since=entry.since))
    if step > len(amounts):
        raise MissingData(path + ("step",), TEXTS("step", step=step, grade=grade, day=first, steps=len(amounts)))
    allowances, allowance_paths = [], []
    for _aid, allowance_def, series in tariff.allowances:
        if grade in allowance_def.grades:
            allowance = series.get(first)
            if allowance is not None:
                allowances.append(params.use(allowance).value.value)
                allowance_paths.append(allowance.path)
    one_offs, one_off_paths = [], []
    for oid, payment in tariff.one_offs:
        if first in payment.months:
            one_path = ("one_off_payments", oid, "months", first)
            params.use(Dated(first, payment.months[first], one_path))
            one_offs.append(payment.months[first].value)
            one_off_paths.append(one_path)
    found = _PayMonth(entry, amounts[step - 1], entry.path + ("grades", grade, step - 1),
                      tuple(allowances), tuple(allowance_paths), tuple(one_offs), tuple(one_off_paths))
    params.memo[key] = found
    return found


def holder_year(params: Parameters, holder: Holder, index: int, path: Path, year: int,
                accident_rates: DatedSeries) -> HolderYear:
    tariff = params.tariff_of(holder.grade)
    occs = occupancies(holder, year)
    history = step_history(holder, tariff.durations, tariff.max_step(holder.grade), dt.date(year, 12, 31))
    for period in history:
        if period.durations_since is not None:
            params.use(tariff.durations.at(period.durations_since))

    firsts, lasts = month_starts(year), month_ends(year)
    fte, end = holder.fte, holder.end
    months: list[dict] = []
    for m, occ, first, last in zip(MONTHS, occs, firsts, lasts):
        row: dict = {"month": m, "days_held": occ.days_held, "days_in_month": occ.days_in_month, "fte": fte,
                     "occupied_share": occ.share}
        if occ.held:
            period = step_for_month(history, last if end is None or end > last else end)
            read = _pay_month(params, tariff, holder, path, first, period.step)
            allowance = ZERO
            for value in read.allowances:
                allowance += monthly_allowance(value, occ)
            one_off = ZERO
            for value in read.one_offs:
                one_off += one_off_payment(value, occ)
            row.update(step=period.step, step_since=period.since,
                       table_amount_path=read.amount_path, table_since=read.table.since,
                       table_amount=read.amount, pay=monthly_pay(read.amount, occ), allowance=allowance, one_off=one_off,
                       allowance_paths=read.allowance_paths, one_off_paths=read.one_off_paths)
        months.append(row)

    annual = _annual_payment(params, holder, tariff, occs, months, year)
    jsz_contributory = _contributions(params, occs, months, year, accident_rates)
    if annual is not None:
        annual = replace(annual, contributory=jsz_contributory)
    for row, occ, first in zip(months, occs, firsts):
        if occ.held:
            share, amount = grant_share(params, holder, occ, first)
            row.update(grant_share=share, grant_amount=amount, grant_amount_path=params.grant_amounts.at(first).path)
    built = tuple(HolderMonth.of(row) for row in months)
    recorded = _step_record(history, tariff.durations, path)
    return HolderYear(
        index=index, name=holder.name, grade=holder.grade, tariff=tariff.id, fte=holder.fte,
        start=holder.start, end=holder.end, assumption=holder.assumption,
        months=built, steps=tuple(recorded[k] for k in _steps_in_year(history, year)),
        annual_payment=annual, personnel=PersonnelCosts.of_months(built),
        path=path, step_history=recorded, grant_eligible=grant_eligible(params, holder),
    )


def _step_record(history: list[StepPeriod], durations: DatedSeries, path: Path) -> tuple[StepChange, ...]:
    """The step history as result data: each period with the values it rests on (rule 3)."""
    out: list[StepChange] = []
    for period in history:
        if period.reason == "rise":
            assert period.durations_since is not None  # a rise names its duration entry (steps.py)
            entry = durations.at(period.durations_since)
            previous = out[-1]
            out.append(StepChange(period.since, period.step, "rise", entry.path,
                                  (entry.path + ("years", previous.step - 1),), entry.since, previous))
            continue
        if period.reason == "schedule":
            assert period.schedule_index is not None  # a schedule change names its place
            change = path + ("step_schedule", period.schedule_index)
            cited = (change + ("date",), change + ("step",))
        else:
            cited = (path + ("step",), path + ("step_since",))
        out.append(StepChange(period.since, period.step, period.reason, None, cited, None, None))
    return tuple(out)


def _steps_in_year(history: list[StepPeriod], year: int) -> list[int]:
    """The indices of the step periods that are in force on at least one day of ``year``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ends = [p.since for p in history[1:]] + [None]
    return [k for k, (p, end) in enumerate(zip(history, ends)) if p.since <= last and (end is None or end > first)]


def _annual_payment(params: Parameters, holder: Holder, tariff, occs: list[Occupancy], months: list[dict], year: int) -> AnnualPayment | None:
    """Rule 5, booked in the payment month's row."""
    if not employed_on_first_december(holder.start, holder.end, year):
        return None
    regular = [row.get("pay", ZERO) + row.get("allowance", ZERO) for row in months]
    basis = jsz_basis(occs, regular, lambda month: _full_month_pay(params, holder, tariff, months[month - 1], year))
    day = dt.date(year, basis.month, 1)
    entry = params.use(tariff.annual_payment.at(day))
    group = next((k for k, g in enumerate(entry.value.groups) if holder.grade in g.grades), None)
    if group is None:
        raise MissingData(entry.path + ("groups",), TEXTS("annual_payment", grade=repr(holder.grade),
                                                                   since=entry.since))
    rate = entry.value.groups[group].percent
    amount = jsz_amount(rate, basis)
    months[basis.month - 1]["annual_payment"] = amount
    return AnnualPayment(basis.month, basis.base, basis.base_months, basis.months_paid, rate,
                         entry.path, amount, {}, fallback=basis.fallback, source_months=basis.source_months,
                         percent_path=entry.path + ("groups", group, "percent"))


def _full_month_pay(params: Parameters, holder: Holder, tariff, row: dict, year: int) -> Decimal:
    full = Occupancy(row["days_in_month"], row["days_in_month"], holder.fte)
    first = month_start(year, row["month"])
    pay = monthly_pay(row["table_amount"], full)
    for _aid, allowance_def, series in tariff.allowances:
        found = series.get(first)
        if holder.grade in allowance_def.grades and found is not None:
            pay += monthly_allowance(found.value.value, full)
    return pay


@dataclass(frozen=True)
class _ContributionMonth:
    """The entries rules 7 and 8 read for a month, as in force on its first day."""

    rates: Dated
    ceilings: Dated
    monthly_ceilings: Mapping[str, Decimal]
    factors: Mapping[str, Decimal]         # each branch's rate as a factor
    basis: tuple[BranchBasis, ...]
    pension: Dated
    pension_factor: Decimal               # rule 8: rate plus levy as a factor


def _contribution_month(params: Parameters, first: dt.date) -> _ContributionMonth:
    """Read once per run and day: the same for every holder, and marked as used the first
    time (every later read would mark the same entries again)."""
    rates = params.use(params.si_rates.at(first))
    ceilings = params.use(params.si_ceilings.at(first))
    pension = params.use(params.supplementary_pension.at(first))
    return _ContributionMonth(rates, ceilings, ceilings.value.monthly, branch_factors(rates.value.percent),
                              params.branch_basis(rates, ceilings), pension,
                              pension_factor(pension.value.percent, pension.value.levy_percent))


def _branch_groups(params: Parameters) -> dict[str, str]:
    """Each branch's ceiling group (rule 7)."""
    found = params.memo.get(("holder.branch_groups",))
    if found is None:
        found = {bid: b.ceiling for bid, b in params.config.social_insurance.branches.items()}
        params.memo[("holder.branch_groups",)] = found
    return found  # type: ignore[return-value]


def _contributions(params: Parameters, occs: list[Occupancy], months: list[dict], year: int,
                   accident_rates: DatedSeries) -> dict[str, Decimal]:
    """Rules 7 and 8 (and accident insurance) for every held month; fills the rows in place.
    Returns the part of the JSZ subject to contributions per ceiling group."""
    account = CeilingAccount(_branch_groups(params))
    jsz_contributory: dict[str, Decimal] = {}
    read_on: dict[dt.date, _ContributionMonth] = params.memo.setdefault(("holder.contributions",), {})  # type: ignore[assignment]
    for row, occ, first in zip(months, occs, month_starts(year)):
        if not occ.held:
            continue
        read = read_on.get(first)
        if read is None:
            read = read_on[first] = _contribution_month(params, first)
        jsz = row.get("annual_payment", ZERO)
        regular = row["pay"] + row["allowance"]
        result, jsz_part = account.month(occ, regular, read.monthly_ceilings, read.factors, jsz)
        if jsz:
            jsz_contributory = jsz_part
        row.update(
            social_insurance=result.per_branch, contributory_pay=result.contributory, ceilings=result.ceilings,
            social_insurance_basis=read.basis,
            supplementary_pension=supplementary_pension(read.pension_factor, regular + jsz),
            supplementary_pension_path=read.pension.path,
        )
        accident = accident_rates.get(first)
        if accident is not None:
            # rounded as money.round_cent does (the rounding by position: twice as fast)
            row["accident_insurance"] = (params.use(accident).value.value * occ.share / TWELVE).quantize(CENT, ROUND_HALF_UP)
            row["accident_insurance_path"] = accident.path
    return jsz_contributory
