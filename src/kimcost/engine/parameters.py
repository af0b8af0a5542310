"""Indexed view of the configuration's dated data for one settlement run.

Built once per run so that lookups by day are binary searches; records every dated entry
it hands out, so outputs can list each parameter a year's figures rest on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from kimcost.configuration.errors import Path
from kimcost.configuration.schema import (
    Allowance,
    Configuration,
    CostRates,
    GrantProgramme,
    OneOffPayment,
    Tariff,
)
from kimcost.engine.dated import Dated, DatedSeries
from kimcost.engine.errors import MissingData, SeriesMissing, YearProblem
from kimcost.engine.results import BranchBasis, PlannedPost
from kimcost.messages import Catalogue
from kimcost.periods import active_in_year

# The names of the dated series, as messages about missing data name them (engine/dated.py).
TEXTS = Catalogue("engine.parameters", {
    "equipment_initial": ("Erstausstattung", "equipment amount"),
    "equipment_per_fte_year": ("Ausstattung je VZÄ-Jahr", "equipment amount per VZÄ-year"),
    "recruitment": ("Personalgewinnung je neue/n Stelleninhaber/in", "recruitment amount"),
    "administration": ("Verwaltungskostensatz", "administration rate"),
    "accident_insurance": ("Unfallversicherung je VZÄ-Jahr", "accident insurance amount"),
    "allowance": ("Beträge der Zulage {name}", "amount of {name}"),
    "tables": ("Entgelttabellen von {name}", "pay tables of {name}"),
    "step_durations": ("Stufenlaufzeiten von {name}", "step durations of {name}"),
    "annual_payment": ("Sätze der Jahressonderzahlung von {name}", "annual special payment rates of {name}"),
    "si_rates": ("Beitragssätze der Sozialversicherung", "social insurance rates"),
    "si_ceilings": ("Beitragsbemessungsgrenzen", "contribution ceilings"),
    "supplementary_pension": ("Umlagesatz der Zusatzversorgung", "supplementary pension rate"),
    "grant": ("Förderbeträge von {name}", "amounts of {name}"),
})


@dataclass
class TariffIndex:
    id: str
    tariff: Tariff
    tables: DatedSeries
    durations: DatedSeries
    annual_payment: DatedSeries
    allowances: list[tuple[str, Allowance, DatedSeries]]
    one_offs: list[tuple[str, OneOffPayment]]

    def max_step(self, grade: str) -> int:
        return max(len(v.grades[grade]) for v in self.tariff.tables.values() if grade in v.grades)


@dataclass
class CostRateIndex:
    equipment_initial: DatedSeries
    equipment_per_fte_year: DatedSeries
    recruitment_per_new_holder: DatedSeries
    administration: DatedSeries
    accident_insurance_per_fte_year: DatedSeries


@dataclass
class Parameters:
    config: Configuration
    tariffs: dict[str, TariffIndex]
    grade_tariff: dict[str, str]
    si_rates: DatedSeries
    si_ceilings: DatedSeries
    supplementary_pension: DatedSeries
    grant: GrantProgramme
    grant_path: Path
    grant_amounts: DatedSeries
    cost_rates: dict[str, CostRateIndex]  # by region id
    used: dict[Path, dt.date | None] = field(default_factory=dict)
    _branch_basis: dict[tuple[dt.date, dt.date], tuple[BranchBasis, ...]] = field(default_factory=dict, repr=False)
    # Pure lookups remembered for this run by the engine's modules, each under keys of its
    # own (the module's name first): what is in force on a day is the same for every holder.
    memo: dict[tuple, object] = field(default_factory=dict, repr=False)

    def use(self, entry: Dated) -> Dated:
        """Remember that a dated entry entered the figures (and the ``checked_until`` it is
        in force by, if any: that statement is a parameter with its source too)."""
        self.used.setdefault(entry.path, entry.since)
        if entry.checked is not None:
            self.used.setdefault(entry.checked, None)
        return entry

    def tariff_of(self, grade: str) -> TariffIndex:
        return self.tariffs[self.grade_tariff[grade]]

    @cached_property
    def planned_posts(self) -> tuple[PlannedPost, ...]:
        """Every post's planned VZÄ (a grant passed on as a fixed yearly sum is spread by them)."""
        return tuple(PlannedPost(p.id, p.fte, ("positions", i, "fte")) for i, p in enumerate(self.config.positions))

    def branch_basis(self, rates: Dated, ceilings: Dated) -> tuple[BranchBasis, ...]:
        """Each branch's rate and ceiling group as read from these two entries (rule 7); built
        once per pair of entries, so the months that share them share the record."""
        key = (rates.since, ceilings.since)   # each series has one path: the dates name the entries
        found = self._branch_basis.get(key)
        if found is None:
            found = tuple(
                BranchBasis(bid, branch.name, branch.ceiling, rates.path + ("percent", bid),
                            ceilings.path + ("monthly", branch.ceiling))
                for bid, branch in self.config.social_insurance.branches.items()
            )
            self._branch_basis[key] = found
        return found


def _costs(rates: CostRates, path: Path) -> CostRateIndex:
    return CostRateIndex(
        DatedSeries(rates.equipment_initial, path + ("equipment_initial",), TEXTS("equipment_initial")),
        DatedSeries(rates.equipment_per_fte_year, path + ("equipment_per_fte_year",), TEXTS("equipment_per_fte_year")),
        DatedSeries(rates.recruitment_per_new_holder, path + ("recruitment_per_new_holder",), TEXTS("recruitment")),
        DatedSeries(rates.administration, path + ("administration",), TEXTS("administration")),
        DatedSeries(rates.accident_insurance_per_fte_year, path + ("accident_insurance_per_fte_year",), TEXTS("accident_insurance")),
    )


def build_parameters(config: Configuration) -> Parameters:
    tariffs: dict[str, TariffIndex] = {}
    grade_tariff: dict[str, str] = {}
    for tid, tariff in config.tariffs.items():
        base = ("tariffs", tid)
        allowances = [
            (aid, allowance, DatedSeries(allowance.amounts, base + ("allowances", aid, "amounts"), TEXTS("allowance", name=allowance.name)))
            for aid, allowance in tariff.allowances.items()
        ]
        one_offs = [(oid, p) for oid, p in config.one_off_payments.items() if tid in p.tariffs]
        tariffs[tid] = TariffIndex(
            tid, tariff,
            DatedSeries(tariff.tables, base + ("tables",), TEXTS("tables", name=tariff.name),
                        checked=tariff.checked_until, checked_path=base + ("checked_until",)),
            DatedSeries(tariff.step_durations, base + ("step_durations",), TEXTS("step_durations", name=tariff.name)),
            DatedSeries(tariff.annual_payment, base + ("annual_payment",), TEXTS("annual_payment", name=tariff.name)),
            allowances, one_offs,
        )
        for version in tariff.tables.values():
            for grade in version.grades:
                grade_tariff.setdefault(grade, tid)
    grant_id = config.district.grant
    grant = config.grants[grant_id]
    si = config.social_insurance
    return Parameters(
        config=config,
        tariffs=tariffs,
        grade_tariff=grade_tariff,
        si_rates=DatedSeries(si.rates, ("social_insurance", "rates"), TEXTS("si_rates"),
                             checked=si.checked_until, checked_path=("social_insurance", "checked_until")),
        si_ceilings=DatedSeries(si.ceilings, ("social_insurance", "ceilings"), TEXTS("si_ceilings"),
                                checked=si.checked_until, checked_path=("social_insurance", "checked_until")),
        supplementary_pension=DatedSeries(config.supplementary_pension, ("supplementary_pension",), TEXTS("supplementary_pension")),
        grant=grant,
        grant_path=("grants", grant_id),
        grant_amounts=DatedSeries(grant.amounts, ("grants", grant_id, "amounts"), TEXTS("grant", name=grant.name),
                                  checked=grant.checked_until, checked_path=("grants", grant_id, "checked_until")),
        cost_rates={
            rid: _costs(region.cost_rates, ("regions", rid, "cost_rates")) if region.cost_rates
            else _costs(config.cost_rates, ("cost_rates",))
            for rid, region in config.regions.items()
        },
    )


def yearly_series(params: Parameters, year: int) -> list[DatedSeries]:
    """The series set year by year, which must reach ``year``: social-insurance rates and
    ceilings, the grant, and the pay tables of the tariffs in use that year."""
    series = [params.si_rates, params.si_ceilings, params.grant_amounts]
    series += [t.tables for t in params.tariffs.values() if tariff_in_use(params, t.id, year)]
    return series


def missing_yearly_data(params: Parameters, year: int) -> list[MissingData]:
    """Every year-by-year series that does not cover ``year`` (it ends before, or has not
    begun on 1 January)."""
    errors = []
    for one in yearly_series(params, year):
        try:
            one.require_year(year)
        except MissingData as exc:
            errors.append(exc)
    return errors


def require_year(params: Parameters, year: int) -> None:
    """Yearly data must reach the settlement year: no silent carrying forward. Raises
    ``SeriesMissing`` naming every series that does not, not only the first."""
    errors = missing_yearly_data(params, year)
    if errors:
        raise SeriesMissing([YearProblem(year, e) for e in errors], year, year)


def tariff_in_use(params: Parameters, tariff_id: str, year: int) -> bool:
    for position in params.config.positions:
        for holder in position.holders:
            if params.grade_tariff.get(holder.grade) == tariff_id and active_in_year(holder, year):
                return True
    return False
