"""One holder's year: rules 1–8 month by month, assembled into a ``HolderYear``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from kimcost.configuration.errors import Path
from kimcost.configuration.schema import Holder
from kimcost.engine.annual_payment import employed_on_first_december, jsz_amount, jsz_basis
from kimcost.engine.calendar import MONTHS, month_ends, month_start, month_starts
from kimcost.engine.contributions import (
    CeilingAccount,
    MonthContributions,
    branch_factors,
    pension_factor,
    supplementary_pension,
)
from kimcost.engine.dated import Dated, DatedSeries
from kimcost.engine.errors import MissingData
from kimcost.engine.grant import grant_eligible, grant_months
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


class _PayFigures(NamedTuple):   # a tuple: one for every held month
    """Rules 2–4 and 6 for a held month: the step in force, what was read, the amounts."""

    step: StepPeriod
    read: _PayMonth
    pay: Decimal
    allowance: Decimal
    one_off: Decimal


def holder_year(params: Parameters, holder: Holder, index: int, path: Path, year: int,
                accident_rates: DatedSeries) -> HolderYear:
    tariff = params.tariff_of(holder.grade)
    occs = occupancies(holder, year)
    history = step_history(holder, tariff.durations, tariff.max_step(holder.grade), dt.date(year, 12, 31))
    for period in history:
        if period.durations_since is not None:
            params.use(tariff.durations.at(period.durations_since))

    # The rules in their order, each pass over the year (so the first error is the same as
    # ever): pay, JSZ and contributions, grant; each month's row is built once at the end.
    firsts, lasts = month_starts(year), month_ends(year)
    paid = _pay(params, holder, tariff, path, history, occs, firsts, lasts)
    annual = _annual_payment(params, holder, tariff, occs, paid, year)
    jsz_month = annual.month if annual is not None else 0
    jsz_contributory, contributed = _contributions(params, occs, paid, jsz_month,
                                                   annual.amount if annual is not None else ZERO, year, accident_rates)
    if annual is not None:
        annual = replace(annual, contributory=jsz_contributory)
    granted = grant_months(params, holder, occs, firsts)

    fte = holder.fte
    built = []
    for m, occ, p, c, g in zip(MONTHS, occs, paid, contributed, granted):
        if p is None:
            built.append(HolderMonth.of_fields(m, occ.days_held, occ.days_in_month, fte, occ.share))
            continue
        assert c is not None and g is not None  # a held month is in every pass
        read = p.read
        # every field by position, in HolderMonth's order (results.py)
        built.append(HolderMonth.of_fields(
            m, occ.days_held, occ.days_in_month, fte, occ.share,
            p.step.step, p.step.since, read.amount_path, read.table.since, read.amount, p.pay, p.allowance,
            annual.amount if m == jsz_month else ZERO, p.one_off,  # type: ignore[union-attr]
            c.result.per_branch, c.result.contributory, c.result.ceilings, c.basis, c.pension, c.accident,
            g[0], g[1], read.allowance_paths, read.one_off_paths, c.pension_path, c.accident_path, g[2],
        ))
    months = tuple(built)
    recorded = _step_record(history, tariff.durations, path)
    return HolderYear(
        index=index, name=holder.name, grade=holder.grade, tariff=tariff.id, fte=holder.fte,
        start=holder.start, end=holder.end, assumption=holder.assumption,
        months=months, steps=tuple(recorded[k] for k in _steps_in_year(history, year)),
        annual_payment=annual, personnel=PersonnelCosts.of_months(months),
        path=path, step_history=recorded, grant_eligible=grant_eligible(params, holder),
    )


def _pay(params: Parameters, holder: Holder, tariff, path: Path, history: list[StepPeriod], occs: list[Occupancy],
         firsts: tuple[dt.date, ...], lasts: tuple[dt.date, ...]) -> list[_PayFigures | None]:
    """Rules 2–4 and 6 for every month (``None`` where not held). A month like the one before
    (the same amount and allowances in force, the same occupied share) has the same pay and
    allowances: both are rounded products of those values (``like_pay``)."""
    end = holder.end
    out: list[_PayFigures | None] = []
    before: _PayFigures | None = None
    before_share = ZERO
    for occ, first, last in zip(occs, firsts, lasts):
        if not occ.held:
            out.append(None)
            continue
        period = step_for_month(history, last if end is None or end > last else end)
        read = _pay_month(params, tariff, holder, path, first, period.step)
        if before is not None and like_pay(before.read, before_share, read, occ.share):
            pay, allowance = before.pay, before.allowance
        else:
            pay = monthly_pay(read.amount, occ)
            allowance = ZERO
            for value in read.allowances:
                allowance += monthly_allowance(value, occ)
        one_off = ZERO
        for value in read.one_offs:
            one_off += one_off_payment(value, occ)
        before = _PayFigures(period, read, pay, allowance, one_off)
        before_share = occ.share
        out.append(before)
    return out


def like_pay(before: _PayMonth, before_share: Decimal, now: _PayMonth, share: Decimal) -> bool:
    """Rules 2 and 4 give a month the pay and allowances of the month before when the amounts
    and the share are equal: each is ``(amount × share)`` rounded to the cent, and rounding to
    the cent gives equal values the same digits and exponent."""
    return now.amount == before.amount and share == before_share and now.allowances == before.allowances


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


def _annual_payment(params: Parameters, holder: Holder, tariff, occs: list[Occupancy], paid: list[_PayFigures | None],
                    year: int) -> AnnualPayment | None:
    """Rule 5, booked in the payment month's row."""
    if not employed_on_first_december(holder.start, holder.end, year):
        return None
    regular = [ZERO + ZERO if p is None else p.pay + p.allowance for p in paid]
    basis = jsz_basis(occs, regular, lambda month: _full_month_pay(holder, tariff, occs[month - 1], paid[month - 1], year, month))
    day = dt.date(year, basis.month, 1)
    entry = params.use(tariff.annual_payment.at(day))
    group = next((k for k, g in enumerate(entry.value.groups) if holder.grade in g.grades), None)
    if group is None:
        raise MissingData(entry.path + ("groups",), TEXTS("annual_payment", grade=repr(holder.grade),
                                                                   since=entry.since))
    rate = entry.value.groups[group].percent
    amount = jsz_amount(rate, basis)
    return AnnualPayment(basis.month, basis.base, basis.base_months, basis.months_paid, rate,
                         entry.path, amount, {}, fallback=basis.fallback, source_months=basis.source_months,
                         percent_path=entry.path + ("groups", group, "percent"))


def _full_month_pay(holder: Holder, tariff, occ: Occupancy, paid: _PayFigures | None, year: int, month: int) -> Decimal:
    assert paid is not None  # asked for the first month held (annual_payment.jsz_basis)
    full = Occupancy(occ.days_in_month, occ.days_in_month, holder.fte)
    first = month_start(year, month)
    pay = monthly_pay(paid.read.amount, full)
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


class _ContributionFigures(NamedTuple):   # a tuple: one for every held month
    """Rules 7 and 8 and the accident insurance of a held month."""

    result: MonthContributions
    basis: tuple[BranchBasis, ...]
    pension: Decimal
    pension_path: Path
    accident: Decimal
    accident_path: Path | None


def _contributions(params: Parameters, occs: list[Occupancy], paid: list[_PayFigures | None], jsz_month: int,
                   jsz_amount: Decimal, year: int, accident_rates: DatedSeries
                   ) -> tuple[dict[str, Decimal], list[_ContributionFigures | None]]:
    """Rules 7 and 8 (and accident insurance) for every held month (``None`` where not held);
    ``jsz_amount`` is paid in ``jsz_month``. Returns also the part of the JSZ subject to
    contributions per ceiling group.

    A month like the one before (``like_contributions``) has its figures: the account
    advances by the same amounts (``CeilingAccount.repeat``), the rest are rounded products
    of the same values."""
    account = CeilingAccount(_branch_groups(params))
    jsz_contributory: dict[str, Decimal] = {}
    read_on: dict[dt.date, _ContributionMonth] = params.memo.setdefault(("holder.contributions",), {})  # type: ignore[assignment]
    out: list[_ContributionFigures | None] = []
    before: _ContributionFigures | None = None
    before_read: _ContributionMonth | None = None
    before_occ: Occupancy | None = None
    before_regular = before_accident = None
    for m, occ, p, first in zip(MONTHS, occs, paid, month_starts(year)):
        if p is None:
            out.append(None)
            continue
        read = read_on.get(first)
        if read is None:
            read = read_on[first] = _contribution_month(params, first)
        regular = p.pay + p.allowance
        accident = accident_rates.get(first)
        if accident is not None:
            params.use(accident)
        if m == jsz_month:
            result, jsz_part = account.month(occ, regular, read.monthly_ceilings, read.factors, jsz_amount)
            if jsz_amount:
                jsz_contributory = jsz_part
            before = None   # the account's last month had a JSZ: no month is like it
            pension = supplementary_pension(read.pension_factor, regular + jsz_amount)
            accident_amount = _accident(accident, occ)
        elif (before is not None and like_contributions(before_read, before_occ, before_regular, before_accident,  # type: ignore[arg-type]
                                                         read, occ, regular, accident)):
            result = account.repeat()
            pension, accident_amount = before.pension, before.accident
        else:
            result, _part = account.month(occ, regular, read.monthly_ceilings, read.factors)
            pension = supplementary_pension(read.pension_factor, regular + ZERO)
            accident_amount = _accident(accident, occ)
        figures = _ContributionFigures(result, read.basis, pension, read.pension.path, accident_amount,
                                       accident.path if accident is not None else None)
        out.append(figures)
        if m != jsz_month:
            before, before_read, before_occ, before_regular, before_accident = figures, read, occ, regular, accident
    return jsz_contributory, out


def _accident(accident: Dated | None, occ: Occupancy) -> Decimal:
    """The accident insurance of a month: the amount per VZÄ-year × occupied share ÷ 12,
    rounded as money.round_cent does (the rounding by position: twice as fast)."""
    if accident is None:
        return ZERO
    return (accident.value.value * occ.share / TWELVE).quantize(CENT, ROUND_HALF_UP)


def like_contributions(before: _ContributionMonth, before_occ: Occupancy, before_regular: Decimal,
                       before_accident: Dated | None, now: _ContributionMonth, occ: Occupancy, regular: Decimal,
                       accident: Dated | None) -> bool:
    """A month (without a JSZ, after one without) has the contributions of the month before
    when rules 7 and 8 read the same: the same rate, ceiling and pension entries (the same
    objects of the configuration), the same regular pay, ceilings prorated alike (the same
    occupancy record, or both months held in full: then each ceiling is the month's full
    ceiling and the share is the FTE) and the same accident insurance entry. Every figure is
    then worked out from the same values in the same way; regular pay is always at the cent
    (a sum of amounts rounded to it), so equal pay has the same digits."""
    return (regular == before_regular
            and (occ is before_occ or (occ.full_month and before_occ.full_month))
            and now.rates.value is before.rates.value and now.ceilings.value is before.ceilings.value
            and now.pension.value is before.pension.value
            and (accident.value is before_accident.value if accident is not None and before_accident is not None
                 else accident is None and before_accident is None))
