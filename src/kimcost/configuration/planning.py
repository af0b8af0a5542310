"""Planning assumptions for the years after the dated data (the configuration's ``planning:``).

The budget and the medium-term plan reach years no pay agreement, ceiling regulation or
grant notice covers yet. ``planning:`` states, once and in one visible place, what is
assumed for them; ``expand_planning`` turns it into ordinary dated entries, each marked
``status: assumption``, with a source naming the rule, and located at the rule's line, so
every output lists it (with the years it is used in) and ``explain`` cites it.

What the data says always comes first. A series is covered up to the end of the year of its
last entry, or up to its ``checked_until`` date when that is later (OpenFisca's
``last_value_still_valid_on``); planning adds entries only after that, from the first of the
following month on:

- the first planned day carries the last entry forward (the last table, rates, ceilings and
  grant hold until a rule changes them), so no month after the checked range rests on a
  value that is not marked as an assumption;
- ``pay_rise``: on the first of ``month`` each year a new table, each amount
  round(amount × (1 + percent/100)) half up to the cent, at least amount + ``minimum``
  (docs/rules.md, pay rise; as the 2026 tables were derived);
- ``contribution_ceilings: {growth_percent}`` and ``grant: {index_percent}`` grow on each
  1 January, rounded half up to the cent; ``carry_forward`` keeps the last value;
- ``grant: {ends}``: 0 from that day on.

A settlement never rests on these values: ``refuse_planned`` names every planned value a
year would use (README, "Planning assumptions").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from kimcost.configuration.errors import ConfigError, ConfigIssue, Location, Path, format_path
from kimcost.configuration.pydantic_errors import translate_validation_error
from kimcost.configuration.schema import (
    CeilingGrowth,
    CeilingSet,
    Checked,
    Configuration,
    DatedMoney,
    GrantPlan,
    Planning,
    Status,
    TableVersion,
)
from kimcost.configuration.source_map import SourceMap
from kimcost.messages import Catalogue, Text
from kimcost.money import percent as as_factor, round_cent
from kimcost.suggestions import suggest

# The messages of a rule that does not fit the data. The notes and sources of planned entries
# are data of the outputs (the Parameter sheet, explain), not messages, and stay as they are.
_TEXTS = Catalogue("configuration.planning", {
    "invalid": ("der für {day} geplante Wert ist ungültig ({reason}); prüfen Sie die Zahlen der Regel",
                "the value planned for {day} is not valid ({reason}); check the rule's figures"),
    "unknown_tariff": ("der Tarif {id!r} ist nicht angelegt{hint}", "tariff {id!r} is not defined{hint}"),
    "grant_end": (
        "die Daten der Förderung reichen bis {through} (grants.{gid}); ein geplantes Ende liegt danach, z. B. "
        "{after} — um zu fragen, was ein früheres Ende kosten würde, nehmen Sie ein Szenario, das die Beträge "
        "ab einem Datum ('since') auf 0 setzt",
        "the grant's data reaches {through} (grants.{gid}); a planned end lies after it, e.g. {after} — to ask "
        "what an earlier end would cost, use a scenario that sets the amounts to 0 'since' a date"),
})

# --- coverage: how far a yearly series reaches ------------------------------------------


def covered_through(days: Sequence[dt.date], checked: Checked | None) -> dt.date | None:
    """The last day a yearly series covers: the end of its last entry's year, or its
    ``checked_until`` date when that is later. None for a series without entries."""
    ends = [dt.date(max(days).year, 12, 31)] if days else []
    if checked is not None:
        ends.append(checked.date)
    return max(ends) if ends else None


def covers_year(days: Sequence[dt.date], checked: Checked | None, year: int) -> bool:
    through = covered_through(days, checked)
    return through is not None and through >= dt.date(year, 12, 31)


def next_month_start(day: dt.date) -> dt.date:
    """The first of the month after ``day``: tables, rates and the grant are read on the
    first of each month, so that is the first day a new entry can matter."""
    return dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)


def raise_amount(amount: Decimal, percent: Decimal, minimum: Decimal | None = None) -> Decimal:
    """docs/rules.md, pay rise (as the 2026 tables were derived): round(amount × (1 + x/100)), half up
    to the cent; with a minimum rise, at least amount + minimum."""
    new = round_cent(amount * (1 + as_factor(percent)))
    if minimum is not None:
        new = max(new, amount + minimum)
    return new


# --- what planning created ------------------------------------------------------------


@dataclass(frozen=True)
class PlannedValue:
    """One dated entry created by a planning rule."""

    path: Path     # the entry: ("tariffs", "tvoed-sue", "tables", 2027-04-01)
    since: dt.date
    rule: Path     # the rule it follows: ("planning", "pay_rise", "tvoed-sue")
    note: str      # how it was derived

    @property
    def key(self) -> str:
        return format_path(self.path)


@dataclass(frozen=True)
class Planned:
    """A configuration with its planned entries, and the configuration of the dated data alone."""

    config: Configuration
    base: Configuration
    values: dict[Path, PlannedValue] = field(default_factory=dict)

    @property
    def planning(self) -> Planning | None:
        return self.base.planning

    def used_in(self, paths: Iterable[Path]) -> list[PlannedValue]:
        """The planned values among ``paths`` (a settlement's parameters), in path order."""
        return [self.values[p] for p in dict.fromkeys(paths) if p in self.values]


class PlannedYear(Exception):
    """A settlement that would rest on planning assumptions (``settle`` refuses it)."""

    def __init__(self, year: int, values: list[PlannedValue]):
        self.year = year
        self.values = values
        super().__init__(f"{year} rests on {len(values)} planning assumption(s)")


def refuse_planned(planned: Planned | None, year: int, paths: Iterable[Path]) -> None:
    """Raise ``PlannedYear`` when any of ``paths`` (the parameters a settlement of ``year``
    used) is a value planning created: a settlement is the final statement of a past year."""
    if planned is None:
        return
    used = planned.used_in(paths)
    if used:
        raise PlannedYear(year, used)


# --- rules for the series the engine needs year by year ------------------------------------

def rule_for(path: Path) -> Path | None:
    """``("tariffs", "tvoed-sue", "tables", …)`` → ``("pay_rise", "tvoed-sue")``; None for a
    path that is not a yearly series planning can continue."""
    if len(path) >= 3 and path[0] == "tariffs" and path[2] == "tables":
        return ("pay_rise", path[1])
    if len(path) >= 2 and path[0] == "social_insurance" and path[1] in ("rates", "ceilings"):
        return ("contribution_rates",) if path[1] == "rates" else ("contribution_ceilings",)
    if len(path) >= 3 and path[0] == "grants" and path[2] == "amounts":
        return ("grant",)
    return None


_EXAMPLE_LINES = {
    "contribution_rates": "  contribution_rates: carry_forward",
    "contribution_ceilings": "  contribution_ceilings: {growth_percent: 3.0}   # or carry_forward",
    "grant": "  grant: carry_forward   # or {index_percent: 2.0}, or {ends: 2029-01-01}",
}


def example_snippet(rules: Iterable[Path], until: int, *, head: bool = True) -> str:
    """A ``planning:`` block with a line for each rule, ready to paste (example figures)."""
    rules = list(dict.fromkeys(rules))
    lines = ["planning:", f"  until: {until}",
             '  source: "Haushaltsplanung: Planungsannahmen der Kämmerei"'] if head else ["planning:"]
    tariffs = [r[1] for r in rules if r[0] == "pay_rise"]
    if tariffs:
        lines.append("  pay_rise:")
        lines += [f"    {t}: {{percent: 3.0, minimum: 110.00, month: 4}}" for t in tariffs]
    lines += [_EXAMPLE_LINES[str(r[0])] for r in rules if r[0] in _EXAMPLE_LINES]
    return "\n".join(lines)


def missing_rules(planning: Planning | None, rules: Iterable[Path]) -> list[Path]:
    """Of ``rules``, those ``planning`` does not state."""
    out = []
    for rule in dict.fromkeys(rules):
        if planning is None:
            out.append(rule)
        elif rule[0] == "pay_rise":
            if rule[1] not in planning.pay_rise:
                out.append(rule)
        elif getattr(planning, str(rule[0])) is None:
            out.append(rule)
    return out


# --- expansion -----------------------------------------------------------------------------


def _leaves(data: Any, prefix: Path = ()) -> Iterable[Path]:
    """The key paths below a dumped entry: ``("grades", "S 12", 0)``, ``("value",)`` …"""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else None
    if items is None:
        return
    for key, value in items:
        yield prefix + (key,)
        yield from _leaves(value, prefix + (key,))


class _Expansion:
    def __init__(self, config: Configuration, sources: SourceMap):
        self.config = config
        self.plan: Planning = config.planning  # type: ignore[assignment]
        self.sources = sources
        self.issues: list[ConfigIssue] = []
        self.values: dict[Path, PlannedValue] = {}

    def where(self, rule: Path, *, key: bool = True) -> Location | None:
        return self.sources.locate(("planning",) + rule, key=key)

    def fail(self, rule: Path, message: Text) -> None:
        self.issues.append(ConfigIssue(self.where(rule), ("planning",) + rule, message))

    def source(self, note: str) -> str:
        lead = self.plan.source if len(self.plan.source) <= 200 else self.plan.source[:199] + "…"
        return f"planning assumption ({lead}): {note}"

    def entry(self, model: type[BaseModel], data: dict[str, Any], rule: Path, day: dt.date) -> BaseModel | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            reasons = translate_validation_error(exc, SourceMap(), model)
            reason = reasons[0].message if reasons else str(exc)
            self.fail(rule, _TEXTS("invalid", day=day, reason=reason))
            return None

    def created(self, series: Path, day: dt.date, rule: Path, note: str, entry: BaseModel) -> None:
        path = series + (day,)
        self.values[path] = PlannedValue(path, day, ("planning",) + rule, note)
        where, key = self.where(rule, key=False), self.where(rule)
        if key is not None:
            self.sources.keys[path] = key
        if where is not None:
            # Every value of the entry is written at the rule, so ``explain`` cites its line.
            for leaf in (path, *(path + sub for sub in _leaves(entry.model_dump()))):
                self.sources.values[leaf] = where

    def continue_series(self, series: Path, entries: dict, checked: Checked | None, rule: Path,
                        step: Callable[[dt.date, Any, dt.date], tuple[Any, str] | None],
                        extra_days: Iterable[dt.date] = (), *, yearly: bool = True) -> dict:
        """Entries for the days after the checked range up to ``until``: the first of the month
        after it, ``extra_days``, and (``yearly``) 1 January of each later year. ``step(day, last, last_day)`` returns the
        new entry and its note, or None to carry the last entry forward."""
        through = covered_through(sorted(entries), checked)
        if through is None:
            return entries
        start = next_month_start(through)
        until = dt.date(self.plan.until, 12, 31)
        days = {start} | {d for d in extra_days if d > through}
        # Each later year needs an entry dated in it (``require_year``): 1 January, where
        # values change on it (rates, ceilings, the grant); a pay rise dates one each year.
        if yearly:
            days |= {dt.date(y, 1, 1) for y in range(start.year + 1, self.plan.until + 1)}
        out = dict(entries)
        last_day = max(entries)
        for day in sorted(d for d in days if d <= until):
            last = out[last_day]
            made = step(day, last, last_day)
            if made is None:
                data = last.model_dump()
                note = f"the entry of {last_day} carried forward"
                if series + (last_day,) not in self.values:  # the data's own entry: say what it rests on
                    was = last.source if len(last.source) <= 160 else last.source[:159] + "…"
                    note += f" ({was})"
                data.update(status=Status.assumption.value, source=self.source(note))
                made = (data, note)
            data, note = made
            new = self.entry(type(last), data, rule, day)
            if new is None:
                return entries
            out[day] = new
            self.created(series, day, rule, note, new)
            last_day = day
        return out

    # -- the rules ---------------------------------------------------------------------------

    def tariffs(self) -> dict:
        tariffs = dict(self.config.tariffs)
        for tid, rise in self.plan.pay_rise.items():
            if tid not in tariffs:
                self.fail(("pay_rise", tid), _TEXTS("unknown_tariff", id=tid, hint=suggest(tid, list(tariffs), known=True)))
                continue
            tariff = tariffs[tid]
            rise_days = {dt.date(y, rise.month, 1) for y in range(min(tariff.tables).year, self.plan.until + 1)}
            minimum = f", at least +{rise.minimum} €" if rise.minimum is not None else ""

            def step(day: dt.date, last: TableVersion, last_day: dt.date, *, rise=rise, minimum=minimum,
                     rise_days=rise_days):
                if day not in rise_days:
                    return None
                note = f"+{rise.percent} %{minimum} on the table of {last_day}, rounded half up to the cent"
                grades = {g: [raise_amount(a, rise.percent, rise.minimum) for a in amounts]
                          for g, amounts in last.grades.items()}
                return {"source": self.source(note), "status": Status.assumption.value, "grades": grades}, note

            tables = self.continue_series(("tariffs", tid, "tables"), tariff.tables, tariff.checked_until,
                                          ("pay_rise", tid), step, rise_days, yearly=False)
            tariffs[tid] = tariff.model_copy(update={"tables": tables})
        return tariffs

    def social_insurance(self):
        si = self.config.social_insurance
        update = {}
        if self.plan.contribution_rates is not None:
            update["rates"] = self.continue_series(("social_insurance", "rates"), si.rates, si.checked_until,
                                                   ("contribution_rates",), lambda *_: None)
        ceilings = self.plan.contribution_ceilings
        if ceilings is not None:
            def step(day: dt.date, last: CeilingSet, last_day: dt.date):
                if not isinstance(ceilings, CeilingGrowth) or (day.month, day.day) != (1, 1):
                    return None
                note = f"+{ceilings.growth_percent} % on the ceilings of {last_day}, rounded half up to the cent"
                monthly = {k: raise_amount(v, ceilings.growth_percent) for k, v in last.monthly.items()}
                return {"source": self.source(note), "status": Status.assumption.value, "monthly": monthly}, note

            update["ceilings"] = self.continue_series(("social_insurance", "ceilings"), si.ceilings,
                                                      si.checked_until, ("contribution_ceilings",), step)
        return si.model_copy(update=update) if update else si

    def grants(self) -> dict:
        grants = dict(self.config.grants)
        rule = self.plan.grant
        if rule is None:
            return grants
        gid = self.config.district.grant
        programme = grants[gid]
        plan = rule if isinstance(rule, GrantPlan) else GrantPlan.model_construct(index_percent=None, ends=None)
        through = covered_through(sorted(programme.amounts), programme.checked_until)
        if plan.ends is not None and through is not None and plan.ends <= through:
            self.fail(("grant",), _TEXTS("grant_end", through=through, gid=gid, after=next_month_start(through)))
            return grants

        def step(day: dt.date, last: DatedMoney, last_day: dt.date):
            if plan.ends is not None and day >= plan.ends:
                note = f"the grant ends on {plan.ends}: 0 from then on"
                return {"source": self.source(note), "status": Status.assumption.value, "value": Decimal("0.00")}, note
            if plan.index_percent is not None and (day.month, day.day) == (1, 1):
                note = f"+{plan.index_percent} % on the amount of {last_day}, rounded half up to the cent"
                value = raise_amount(last.value, plan.index_percent)
                return {"source": self.source(note), "status": Status.assumption.value, "value": value}, note
            return None

        extra = [plan.ends] if plan.ends is not None else []
        amounts = self.continue_series(("grants", gid, "amounts"), programme.amounts, programme.checked_until,
                                       ("grant",), step, extra)
        grants[gid] = programme.model_copy(update={"amounts": amounts})
        return grants


def expand_planning(config: Configuration, sources: SourceMap) -> Planned:
    """``config`` with the entries its ``planning:`` creates (none without one); ``sources``
    gains their locations (the line of each rule). Raises ``ConfigError`` for rules that do
    not fit the data (an unknown tariff, an end of the grant within its data)."""
    if config.planning is None:
        return Planned(config, config)
    run = _Expansion(config, sources)
    tariffs = run.tariffs()
    social_insurance = run.social_insurance()
    grants = run.grants()
    if run.issues:
        raise ConfigError(run.issues)
    planned = config.model_copy(update={"tariffs": tariffs, "social_insurance": social_insurance, "grants": grants})
    return Planned(planned, config, run.values)
