"""Inputs worded for people: what a configuration key path stands for ("Landesförderung KIM
NRW: Betrag je VZÄ und Jahr" instead of ``grants.kim-nrw.amounts.2027-01-01``), a raw value
as a reader writes it (``0,00 € (Annahme)`` instead of ``0 (assumption)``), and the notes the
scenario verbs record ("gilt ab 01.01.2027 weiter" instead of ``holds from 2027-01-01 on``).

Council workbooks use these; JSON keeps the key paths and the language-neutral texts, so a
script still finds every value by its key. An input this module does not know is shown by
its key path, so nothing is ever hidden.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from kimcost.configuration.errors import Path, format_path
from kimcost.reports import numbers
from kimcost.reports.labels import label, label_or
from kimcost.reports.public import FULL, Privacy

_COST_RATES = ("equipment_initial", "equipment_per_fte_year", "recruitment_per_new_holder", "administration",
               "accident_insurance_per_fte_year")
_HOLDER_FIELDS = ("name", "start", "end", "fte", "grade", "step", "step_since", "step_schedule", "assumption")
_MONEY_SERIES = {"amounts", "months", "equipment_initial", "equipment_per_fte_year", "recruitment_per_new_holder",
                 "accident_insurance_per_fte_year"}


def _name(mapping: Any, key: Any) -> str:
    item = mapping.get(key) if isinstance(mapping, dict) else None
    return getattr(item, "name", None) or str(key)


def subject(path: Path, config: Any, lang: str, privacy: Privacy = FULL) -> str:
    """What the input at ``path`` is, in words; a trailing date (a dated entry) is left out:
    outputs show it as "gültig ab". ``privacy``: the public edition letters a holder
    ("Person A") instead of naming it (reports/public.py)."""
    if path and isinstance(path[-1], dt.date):
        path = path[:-1]
    L = lambda key, **kw: label(key, lang).format(**kw)  # noqa: E731
    head = str(path[0]) if path else ""  # a top-level key: always a name
    if path and path[-1] == "checked_until":  # how far a dated series has been checked
        series = {"tariffs": lambda: L("w_table", name=_name(config.tariffs, path[1])),
                  "grants": lambda: L("w_grant_amount", name=_name(config.grants, path[1])),
                  "social_insurance": lambda: L("w_social_insurance")}.get(head)
        try:
            return L("w_checked_until", series=series() if series else format_path(path[:-1]))
        except (AttributeError, IndexError, KeyError, TypeError):
            return format_path(path)
    try:
        if head == "grants" and len(path) >= 2:
            name = _name(config.grants, path[1])
            if len(path) >= 3 and path[2] == "amounts":
                programme = config.grants.get(path[1])
                fixed = getattr(programme, "basis", "") == "fixed_per_year"
                return L("w_grant_fixed" if fixed else "w_grant_amount", name=name)
            if len(path) >= 3:  # one of the rules: "…: Förderregeln, Anrechnung"
                return L("w_grant_rules", name=name) + ", " + label_or(f"w_grant_field_{path[2]}", str(path[2]), lang)
            return L("w_grant_rules", name=name)
        if head == "tariffs" and len(path) >= 3:
            name = _name(config.tariffs, path[1])
            part = path[2]
            if part == "tables":
                grade = f", {path[4]}" if len(path) >= 5 and path[3] == "grades" else ""
                return L("w_table", name=name) + grade
            if part == "allowances" and len(path) >= 4:
                tariff = config.tariffs.get(path[1])
                allowance = tariff.allowances.get(path[3]) if tariff is not None else None
                return getattr(allowance, "name", None) or str(path[3])
            return L(f"w_{part}", name=name) if part in ("step_durations", "annual_payment") else format_path(path)
        if head == "one_off_payments" and len(path) >= 2:
            return _name(config.one_off_payments, path[1])
        if head == "social_insurance" and len(path) >= 2:
            return label_or(f"w_si_{path[1]}", format_path(path), lang)
        if head == "supplementary_pension":
            return L("w_supplementary_pension")
        if head == "cost_rates" and len(path) >= 2 and path[1] in _COST_RATES:
            return L(f"w_{path[1]}")
        if head == "regions" and len(path) >= 2:
            region = _name(config.regions, path[1])
            if len(path) >= 4 and path[2] == "cost_rates" and path[3] in _COST_RATES:
                return f"{region}: {L('w_' + str(path[3]))}"
            if len(path) >= 3:
                return f"{region}: {label_or('w_region_' + str(path[2]), str(path[2]), lang)}"
            return region
        if head == "positions" and len(path) >= 2:
            return _position(path, config, lang, privacy)
        if head == "planning" and len(path) >= 2:
            return _planning(path, config, lang)
        if head == "municipalities" and len(path) >= 2:
            name = _name(config.municipalities, path[1])
            if len(path) >= 3:
                return f"{name}: {label_or('w_municipality_' + str(path[2]), str(path[2]), lang)}"
            return name
    except (AttributeError, IndexError, KeyError, TypeError):
        pass
    return format_path(path)


def _position(path: Path, config: Any, lang: str, privacy: Privacy = FULL) -> str:
    positions = list(getattr(config, "positions", []))
    ref = path[1]
    post = positions[ref] if isinstance(ref, int) and 0 <= ref < len(positions) else next(
        (p for p in positions if p.id == ref), None)
    text = label("w_post", lang).format(name=(post.name or post.id) if post is not None else ref)
    rest = path[2:]
    if rest[:1] == ("holders",) and len(rest) >= 2:
        holders = list(post.holders) if post is not None else []
        j = rest[1]
        holder = holders[j] if isinstance(j, int) and 0 <= j < len(holders) else None
        if holder is not None and isinstance(j, int):
            text += ", " + privacy.holder(holder.name, j)
        else:
            text += ", " + label("w_holder_n", lang).format(n=j + 1 if isinstance(j, int) else j)
        rest = rest[2:]
        if rest and rest[0] in _HOLDER_FIELDS:
            return f"{text}: {label('w_holder_' + str(rest[0]), lang)}"
    elif rest:
        return f"{text}: {label_or('w_post_' + str(rest[0]), str(rest[0]), lang)}"
    return text


def _planning(path: Path, config: Any, lang: str) -> str:
    """A planning assumption (README, "Planung"): "Planung, Tariferhöhung TVöD …: Erhöhung"."""
    return label("w_planning", lang) + ", " + planning_rule(path, config, lang)


def planning_rule(path: Path, config: Any, lang: str) -> str:
    """The rule of ``planning:`` at ``path`` in words: "Tariferhöhung TVöD-SuE: Erhöhung"."""
    rule, rest = str(path[1]), path[2:]
    if rule == "pay_rise" and rest:
        text = label("w_plan_pay_rise", lang).format(name=_name(config.tariffs, rest[0]))
        rest = rest[1:]
    else:
        text = label_or(f"w_plan_{rule}", rule, lang)
    if rest:
        text += ": " + label_or(f"w_plan_field_{rest[0]}", str(rest[0]), lang)
    return text


def status_suffix(status: Any, lang: str) -> str:
    if status in (None, "seen", "derived"):
        return ""
    return f" ({label_or(str(status), str(status), lang)})"


def _scalar(value: Any, lang: str, money_like: bool) -> str:
    if value is None:
        return label("w_none", lang)
    if isinstance(value, bool):
        return label("yes" if value else "no", lang)
    if isinstance(value, dt.date):
        return numbers.date(value, lang)
    if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
        amount = Decimal(str(value))
        return numbers.money(amount, lang) if money_like else numbers.number(amount, lang, _places(amount))
    text = str(value)
    if money_like:
        try:
            return numbers.money(Decimal(text), lang)
        except InvalidOperation:
            pass
    return text


def _places(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 2


def value(raw: Any, path: Path, lang: str) -> str:
    """A raw (YAML) value at ``path`` as a reader writes it; ``—`` where there is none."""
    # ABSENT (a value a scenario removed) exists only once kimcost.scenarios has been
    # imported, and importing the package only to compare with it cost every settlement
    # ~12 ms of its start; without the module no value can be ABSENT.
    describe = sys.modules.get("kimcost.scenarios.describe")
    if describe is not None and raw is describe.ABSENT:
        return "—"
    money_like = any(str(p) in _MONEY_SERIES for p in path if isinstance(p, str)) or (
        len(path) >= 1 and path[0] == "grants")
    if isinstance(raw, dict):
        flag = status_suffix(raw.get("status"), lang)
        if "value" in raw and not isinstance(raw["value"], dict):
            return _scalar(raw["value"], lang, money_like) + flag
        if "percent" in raw and not isinstance(raw["percent"], dict):
            text = numbers.percent(Decimal(str(raw["percent"])), lang)
            if "levy_percent" in raw:  # the supplementary pension (rule 8)
                text = label("w_pension_value", lang).format(percent=text)
                if raw.get("levy_percent"):
                    text += label("w_pension_levy", lang).format(
                        percent=numbers.percent(Decimal(str(raw["levy_percent"])), lang))
            return text + flag
        if raw.get("percent_of_personnel") is not None:
            return label("w_percent_of_personnel", lang).format(
                percent=numbers.percent(Decimal(str(raw["percent_of_personnel"])), lang)) + flag
        if raw.get("per_fte_year") is not None:
            return label("w_per_fte_year", lang).format(amount=_scalar(raw["per_fte_year"], lang, True)) + flag
        if isinstance(raw.get("groups"), list):
            return "; ".join(f"{', '.join(g.get('grades', []))}: {numbers.percent(Decimal(str(g.get('percent'))), lang)}"
                             for g in raw["groups"] if isinstance(g, dict)) + flag
        if isinstance(raw.get("years"), list):
            return label("w_step_years", lang).format(years=", ".join(str(y) for y in raw["years"])) + flag
        if isinstance(raw.get("grades"), dict):
            return _table(raw["grades"], lang) + flag
        if isinstance(raw.get("percent"), dict):
            return "; ".join(f"{label_or('branch_short_' + str(k), str(k), lang)} "
                             f"{numbers.percent(Decimal(str(v)), lang)}" for k, v in raw["percent"].items()) + flag
        if isinstance(raw.get("monthly"), dict):  # contribution ceilings per ceiling group
            return "; ".join(label("w_ceiling_value", lang).format(
                group=label_or('ceiling_' + str(k), str(k), lang), amount=_scalar(v, lang, True))
                for k, v in raw["monthly"].items()) + flag
        if "date" in raw and set(raw) <= {"date", "source", "status"}:  # checked_until
            return _scalar(raw["date"], lang, False) + flag
        if "grade" in raw and "start" in raw:  # a holder
            end = f"–{_scalar(raw.get('end'), lang, False)}" if raw.get("end") else ""
            return label("w_holder_value", lang).format(
                name=raw.get("name", "?"), grade=raw.get("grade"), step=raw.get("step"),
                fte=_scalar(raw.get("fte"), lang, False), start=_scalar(raw.get("start"), lang, False)) + end
        if "region" in raw and "fte" in raw:  # a post
            return label("w_post_value", lang).format(id=raw.get("id", "?"), fte=_scalar(raw.get("fte"), lang, False),
                                                      holders=len(raw.get("holders") or []))
        if isinstance(raw.get("weights"), dict):
            return label("key_weights", lang) + ": " + ", ".join(f"{k} {_scalar(v, lang, False)}"
                                                                 for k, v in raw["weights"].items())
        return "; ".join(f"{k}: {_scalar(v, lang, False)}" for k, v in raw.items() if k not in ("source", "status")) + flag
    if isinstance(raw, list):
        return ", ".join(_scalar(v, lang, money_like) for v in raw)
    if isinstance(raw, str) and path and (worded := choice(path, raw, lang)) != raw:
        return worded
    if path and str(path[-1]) in _PERCENTS and isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        return numbers.percent(Decimal(str(raw)), lang)
    return _scalar(raw, lang, money_like)


_PERCENTS = {"percent", "levy_percent", "growth_percent", "index_percent", "percent_of_personnel"}


# A setting that takes one of a few written words (the schema's Literal fields): the label
# that words each choice, by the setting's last key. Keys are the words the YAML writes.
_CHOICES = {"proration": "w_proration_", "cap": "w_cap_", "basis": "w_basis_", "key": "split_words_"}


def choice(path: Path, raw: Any, lang: str) -> str:
    """A setting's written word (``days``, ``personnel``, ``equal``) in the reader's words
    ("anteilig nach Tagen", "höchstens bis zu den Personalkosten", "zu gleichen Teilen");
    any other value as written."""
    if raw == "carry_forward" and path[:1] == ("planning",):
        return label("w_carry_forward", lang)
    prefix = _CHOICES.get(str(path[-1])) if path else None
    if prefix is None or not isinstance(raw, str):
        return str(raw)
    return label_or(prefix + raw, raw, lang)


def _table(grades: dict, lang: str) -> str:
    """A pay table as its range per grade: "S 12: 4.086,60 € bis 5.306,08 € (6 Stufen)"."""
    parts = []
    for grade, amounts in grades.items():
        if isinstance(amounts, list) and amounts:
            low, high = _scalar(amounts[0], lang, True), _scalar(amounts[-1], lang, True)
            parts.append(label("w_table_grade", lang).format(grade=grade, low=low, high=high, steps=len(amounts)))
    return "; ".join(parts)


_HOLDS = re.compile(r"^holds from (\d{4}-\d{2}-\d{2}) on$")
_RISE = re.compile(r"^\+(\S+) %(?:, at least \+(\S+) €)? on the table of (\d{4}-\d{2}-\d{2}), rounded half up to the cent$")
_CARRIED = re.compile(r"^carried forward from the entry of (\d{4}-\d{2}-\d{2})$")
# the notes of the planning rules (configuration/planning.py)
_PLAN_CARRIED = re.compile(r"^the entry of (\d{4}-\d{2}-\d{2}) carried forward(?: \((.*)\))?$", re.DOTALL)
_PLAN_GROWTH = re.compile(r"^\+(\S+) % on the (ceilings|amount) of (\d{4}-\d{2}-\d{2}), rounded half up to the cent$")
_PLAN_ENDS = re.compile(r"^the grant ends on (\d{4}-\d{2}-\d{2}): 0 from then on$")
_PLANNED = re.compile(r"^planning assumption \((.*)\): (.*)$", re.DOTALL)


def note(text: str, lang: str) -> str:
    """The note a scenario verb recorded (``scenarios/applier.py``, ``assumptions.py``), in
    the reader's language; a note of another shape is shown as written."""
    if not text:
        return ""
    day = lambda iso: numbers.date(dt.date.fromisoformat(iso), lang)  # noqa: E731
    if m := _HOLDS.match(text):
        return label("w_note_holds", lang).format(date=day(m[1]))
    if m := _RISE.match(text):
        minimum = label("w_note_minimum", lang).format(amount=numbers.money(Decimal(m[2]), lang)) if m[2] else ""
        return label("w_note_rise", lang).format(percent=numbers.percent(Decimal(m[1]), lang), minimum=minimum,
                                                 date=day(m[3]))
    if m := _CARRIED.match(text):
        return label("w_note_carried", lang).format(date=day(m[1]))
    if m := _PLAN_CARRIED.match(text):
        was = f" ({m[2]})" if m[2] else ""  # the data's own source, as written
        return label("w_note_plan_carried", lang).format(date=day(m[1])) + was
    if m := _PLAN_GROWTH.match(text):
        return label(f"w_note_plan_{m[2]}", lang).format(percent=numbers.percent(Decimal(m[1]), lang), date=day(m[3]))
    if m := _PLAN_ENDS.match(text):
        return label("w_note_plan_ends", lang).format(date=day(m[1]))
    return text


def source(text: str, lang: str) -> str:
    """A value's source as written in the data, except the ones kimcost writes itself: a
    planning rule's entry ("Planungsannahme (…): Eintrag vom 01.01.2026 fortgeschrieben")."""
    if m := _PLANNED.match(text):
        return label("w_planned_source", lang).format(lead=m[1], note=note(m[2], lang))
    return text


def since_of(path: Path) -> dt.date | None:
    return path[-1] if path and isinstance(path[-1], dt.date) else None


def parameter_value(row: Any, config: Any, lang: str, *, year: int | None = None, privacy: Privacy = FULL) -> str:
    """A value of ``reports.parameters`` as a reader writes it, read again from the
    configuration entry it names (the status has its own column, so it is left out here).
    ``year``: the year the value was used in; the contribution rates then name the ceiling
    they apply up to, when one ceiling holds while they do."""
    from pydantic import BaseModel

    from kimcost.configuration.lookup import value_at

    path = row.path
    try:
        if len(path) == 2 and path[0] == "grants":
            return grant_rules(config.grants[path[1]], lang)
        if path[:1] == ("positions",) and "holders" in path:
            return _holder_value(path, config, lang, privacy) or row.value
        if len(path) == 3 and path[:2] == ("social_insurance", "rates") and year is not None:
            return _rates_value(config.social_insurance, path[2], year, lang)
        entry = value_at(config, path)
    except (KeyError, IndexError, AttributeError, TypeError):
        return row.value
    if isinstance(entry, BaseModel):
        raw = entry.model_dump()
        raw.pop("status", None)
        return value(raw, path, lang)
    if isinstance(entry, int) and not isinstance(entry, bool):  # a count such as a population
        return numbers.number(Decimal(entry), lang, 0)
    return row.value


def grant_rules(grant: Any, lang: str) -> str:
    """Rule 10's settings of a programme in words: "Förderung: je VZÄ-Jahr, mindestens
    0,5 VZÄ, anteilig nach Tagen, höchstens bis zu den Personalkosten"."""
    return label("w_grant_rules_value", lang).format(
        basis=choice(("basis",), grant.basis, lang), min_fte=numbers.number(grant.min_fte, lang, 1),
        proration=choice(("proration",), grant.proration, lang), cap=choice(("cap",), grant.cap, lang))


def _holder_value(path: Path, config: Any, lang: str, privacy: Privacy) -> str | None:
    """An assumed holder as written: "Case-Managerin Nord 1: S 12 Stufe 3 seit 01.03.2021,
    1,0 VZÄ". The public edition keeps its row's own text (no name, grade or step)."""
    if not privacy.shows_holders:
        return label("public_assumed", lang)  # the subject already says which post and person
    if len(path) != 4 or not isinstance(path[1], int) or not isinstance(path[3], int):
        return None
    holder = config.positions[path[1]].holders[path[3]]
    return label("w_holder_assumed", lang).format(
        name=holder.name, grade=holder.grade, step=holder.step, since=numbers.date(holder.step_since, lang),
        fte=numbers.ungrouped(holder.fte, lang))


def _rates_value(si: Any, since: dt.date, year: int, lang: str) -> str:
    """The employer rates of each branch (§ 3 rule 7), each with the monthly ceiling it applies
    up to where a single ceiling holds while these rates do within ``year``."""
    rates = si.rates[since]
    start = max(since, dt.date(year, 1, 1))
    later = [d for d in si.rates if d > since]
    end = min([dt.date(year, 12, 31)] + [min(later) - dt.timedelta(days=1)] if later else [dt.date(year, 12, 31)])
    in_force = [d for d in si.ceilings if d <= start]
    held = ([max(in_force)] if in_force else []) + [d for d in si.ceilings if start < d <= end]
    ceilings = si.ceilings[held[0]].monthly if len(held) == 1 else {}
    parts = []
    for bid, percent in rates.percent.items():
        branch = si.branches.get(bid)
        name = label_or(f"branch_{bid}", getattr(branch, "name", None) or str(bid), lang)
        text = f"{name} {numbers.percent(percent, lang)}"
        group = getattr(branch, "ceiling", None)
        if group in ceilings:
            text += label("w_up_to_ceiling", lang).format(amount=numbers.money(ceilings[group], lang))
        parts.append(text)
    return "\n".join(parts)  # one branch a line: five long phrases read better stacked


def table_amounts(version: Any, lang: str) -> str:
    """A pay table with every amount, one grade a line, the currency once (so a grade fits
    a line): "S 12: 3.351,74 | 3.593,37 | … | 4.682,97 €" (de), "S 12: €3,351.74 | …" (en)."""
    lines = []
    for grade, amounts in version.grades.items():
        texts = [numbers.money(a, lang, symbol=False) for a in amounts]
        joined = " | ".join(texts)
        lines.append(f"{grade}: {joined} €" if lang == "de" else f"{grade}: €{joined}")
    return "\n".join(lines)
