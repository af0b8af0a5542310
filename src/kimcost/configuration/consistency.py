"""Checks across sections that a schema alone cannot express: references and overlaps.

``check_consistency`` runs on a validated configuration. ``check_partial`` runs the same
checks when the schema found errors, on every part that is valid on its own (each
municipality, region, post, tariff …), so that a misspelt region and a wrong amount are
reported in one run instead of one after the other. Ids that exist but whose entries are
invalid still count as known, so no reference is reported as unknown for that reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from kimcost.configuration.errors import ConfigIssue, Path, number
from kimcost.configuration.plausibility import date_issues
from kimcost.configuration.schema import (
    Configuration,
    District,
    Municipality,
    OneOffPayment,
    Position,
    Region,
    SocialInsurance,
    Tariff,
)
from kimcost.configuration.source_map import SourceMap
from kimcost.messages import Catalogue, Text
from kimcost.suggestions import suggest

_TEXTS = Catalogue("configuration.consistency", {
    "party_is_municipality": ("{id!r} ist auch eine Kommune; geben Sie der Partei eine andere Kennung",
                              "{id!r} is also a municipality; use a different id for the party"),
    "unknown_grant": ("das Förderprogramm {grant!r} ist unter 'grants' nicht angelegt{hint}",
                      "grant programme {grant!r} is not defined under 'grants'{hint}"),
    "unknown_employer": ("die Anstellungskörperschaft {id!r} ist weder eine Kommune noch eine Partei{hint}",
                         "employer {id!r} is neither a municipality nor a party{hint}"),
    "employer_not_member": (
        "die Anstellungskörperschaft {id!r} ist eine Kommune, aber kein Mitglied der Region {region!r}, also zahlten "
        "die anderen Mitglieder ihren Anteil; nehmen Sie {id!r} in 'members' auf, oder, wenn sie keinen Anteil trägt, "
        "tragen Sie sie mit einer eigenen Kennung unter 'parties:' ein",
        "employer {id!r} is a municipality but not a member of region {region!r}, so the other "
        "members would pay its share; add {id!r} to 'members', or, if it takes no share, "
        "enter it under 'parties:' with an id of its own"),
    "member_unknown": ("das Mitglied {id!r} ist keine Kommune{hint}", "member {id!r} is not a municipality{hint}"),
    "member_twice": ("{id!r} steht zweimal in dieser Region; nennen Sie jedes Mitglied einmal",
                     "{id!r} is listed twice in this region; list each member once"),
    "member_elsewhere": (
        "{id!r} ist schon Mitglied der Region {region!r}; eine Kommune gehört zu einer Region — entfernen Sie sie "
        "hier oder dort",
        "{id!r} is already a member of region {region!r}; a municipality belongs to one region — "
        "remove it here or there"),
    "advance_not_member": ("{id!r} ist kein Mitglied dieser Region{hint}", "{id!r} is not a member of this region{hint}"),
    "advance_employer": (
        "{id!r} ist die Anstellungskörperschaft; sie trägt ihren eigenen Anteil und zahlt keine Abschläge — "
        "entfernen Sie den Eintrag",
        "{id!r} is the employer; it bears its own share and pays no advances — remove the entry"),
    "grade_in_tariffs": (
        "die Entgeltgruppe {grade!r} ist in den Tarifen {names} angelegt; eine Entgeltgruppe gehört zu einem Tarif "
        "— benennen Sie sie in einem davon um",
        "grade {grade!r} is defined in tariffs {names}; a grade belongs to one tariff — rename it in one of them"),
    "and": ("{head} und {last}", "{head} and {last}"),
    "table_day": ("Tabellen wechseln am Ersten eines Monats; der {day} ist keiner — schreiben Sie {first}",
                  "tables change on the first of a month; {day} is not — write {first}"),
    "unknown_tariff": ("der Tarif {id!r} ist nicht angelegt{hint}", "tariff {id!r} is not defined{hint}"),
    "month_first": ("schreiben Sie den Monat als seinen ersten Tag ({first})",
                    "write the month as its first day ({first})"),
    "no_rate": ("kein Satz für den Zweig {branch!r}; ergänzen Sie '{branch}: …' (0, wenn keiner)",
                "no rate for branch {branch!r}; add '{branch}: …' (0 if none)"),
    "not_branch": ("{branch!r} ist kein Zweig{hint}", "{branch!r} is not a branch{hint}"),
    "no_ceiling": ("keine Beitragsbemessungsgrenze für {group!r}; ergänzen Sie '{group}: …'",
                   "no ceiling for {group!r}; add '{group}: …'"),
    "post_id_used": (
        "die Kennung {id!r} hat schon positions[{first}]{at}; Kennungen sind eindeutig — geben Sie dieser Stelle "
        "eine andere",
        "post id {id!r} is already used by positions[{first}]{at}; ids must be unique — give this post another id"),
    "at": (" in {where}", " at {where}"),
    "unknown_region": ("die Region {id!r} ist nicht angelegt{hint}", "region {id!r} is not defined{hint}"),
    "unknown_grade": ("die Entgeltgruppe {grade!r} steht in keiner Entgelttabelle{hint}",
                      "grade {grade!r} is in no tariff table{hint}"),
    "step_beyond": (
        "die Stufe {step} von {grade} liegt jenseits der Entgelttabelle, die die Stufen 1–{most} hat; schreiben Sie "
        "eine Stufe von 1 bis {most}",
        "step {step} of {grade} is beyond the pay table, which has steps 1–{most}; write a step from 1 to {most}"),
    "overlap": (
        "ab dem {day} haben die Stelleninhaber/innen der Stelle {id!r} zusammen {load} VZÄ, mehr als die {fte} VZÄ "
        "der Stelle; beenden Sie zuerst die frühere Besetzung oder senken Sie die VZÄ",
        "from {day} the holders of post {id!r} together hold {load} FTE, more than the post's {fte}; "
        "end the earlier holder first or lower the FTE"),
})


def _suggest(name: str, choices: Iterable[str]) -> Text | str:
    return suggest(name, choices, known=True)


@dataclass
class _View:
    """What the checks need. ``None`` for a set of ids means the section itself is unusable."""

    municipality_ids: set[str] | None = None
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    party_ids: set[str] | None = None
    grant_ids: set[str] | None = None
    district: District | None = None
    regions: dict[str, Region] = field(default_factory=dict)
    region_ids: set[str] | None = None
    positions: list[tuple[int, Position]] = field(default_factory=list)
    tariff_ids: set[str] | None = None
    tariffs: dict[str, Tariff] = field(default_factory=dict)
    grade_steps: dict[str, int] | None = None       # grade -> most steps in any table version
    grade_owners: list[tuple[str, str, Path]] = field(default_factory=list)  # grade, tariff, key path
    one_off_payments: dict[str, OneOffPayment] = field(default_factory=dict)
    social_insurance: SocialInsurance | None = None

    @classmethod
    def of_model(cls, config: Configuration) -> _View:
        view = cls(
            municipality_ids=set(config.municipalities), municipalities=dict(config.municipalities),
            party_ids=set(config.parties), grant_ids=set(config.grants), district=config.district,
            regions=dict(config.regions), region_ids=set(config.regions),
            positions=list(enumerate(config.positions)),
            tariff_ids=set(config.tariffs), tariffs=dict(config.tariffs),
            one_off_payments=dict(config.one_off_payments), social_insurance=config.social_insurance,
        )
        view.grade_steps = {}
        for tid, tariff in config.tariffs.items():
            for day, version in tariff.tables.items():
                for grade, amounts in version.grades.items():
                    view.grade_steps[grade] = max(view.grade_steps.get(grade, 0), len(amounts))
                    view.grade_owners.append((grade, tid, ("tariffs", tid, "tables", day, "grades", grade)))
        return view

    @classmethod
    def of_raw(cls, data: Any, sources: SourceMap) -> _View:
        """From merged YAML data that failed the schema: keep what validates on its own."""
        data = data if isinstance(data, dict) else {}
        view = cls()
        municipalities = data.get("municipalities")
        view.municipality_ids = _ids(municipalities, sources, ("municipalities",))
        view.municipalities = _valid_items(Municipality, municipalities)
        parties = data.get("parties", {})
        view.party_ids = _ids(parties)
        view.grant_ids = _ids(data.get("grants"))
        view.district = _valid(District, data.get("district"))
        regions = data.get("regions")
        view.region_ids = _ids(regions, sources, ("regions",))
        view.regions = _valid_items(Region, regions)
        positions = data.get("positions", [])
        if isinstance(positions, list):
            view.positions = [(i, p) for i, raw in enumerate(positions) if (p := _valid(Position, raw)) is not None]
        tariffs = data.get("tariffs")
        view.tariff_ids = _ids(tariffs)
        view.tariffs = _valid_items(Tariff, tariffs)
        view.grade_steps, view.grade_owners = _raw_grades(tariffs)
        view.one_off_payments = _valid_items(OneOffPayment, data.get("one_off_payments", {}))
        view.social_insurance = _valid(SocialInsurance, data.get("social_insurance"))
        return view


def _ids(section: Any, sources: SourceMap | None = None, path: Path = ()) -> set[str] | None:
    """The ids of a section; a key YAML read as something else (``no:``) counts as written."""
    if not isinstance(section, dict):
        return None
    out = set()
    for key in section:
        if isinstance(key, str):
            out.add(key)
        elif sources is not None and (written := sources.key_scalars.get(path + (key,))) is not None:
            out.add(written.text)
    return out


def _valid(model: type[BaseModel], raw: Any) -> Any:
    if raw is None:
        return None
    try:
        return model.model_validate(raw)
    except (ValidationError, ValueError, TypeError):
        return None


def _valid_items(model: type[BaseModel], section: Any) -> dict:
    if not isinstance(section, dict):
        return {}
    out = {}
    for key, raw in section.items():
        if isinstance(key, str) and (item := _valid(model, raw)) is not None:
            out[key] = item
    return out


def _raw_grades(tariffs: Any) -> tuple[dict[str, int] | None, list[tuple[str, str, Path]]]:
    """Grades and their step counts as written, even in a tariff that is otherwise invalid."""
    if not isinstance(tariffs, dict):
        return None, []
    steps: dict[str, int] = {}
    owners: list[tuple[str, str, Path]] = []
    for tid, tariff in tariffs.items():
        tables = tariff.get("tables") if isinstance(tariff, dict) else None
        if not isinstance(tables, dict):
            return None, []  # a tariff whose grades cannot be read: no grade is known to be missing
        for day, version in tables.items():
            grades = version.get("grades") if isinstance(version, dict) else None
            if not isinstance(grades, dict):
                return None, []
            for grade, amounts in grades.items():
                if isinstance(grade, str):
                    count = len(amounts) if isinstance(amounts, list) else 0
                    steps[grade] = max(steps.get(grade, 0), count)
                    if isinstance(tid, str):
                        owners.append((grade, tid, ("tariffs", tid, "tables", day, "grades", grade)))
    return steps, owners


def check_consistency(config: Configuration, sources: SourceMap) -> list[ConfigIssue]:
    """Cross-section checks of a configuration that passed the schema."""
    return _check(_View.of_model(config), sources) + date_issues(config, sources)


def check_partial(data: Any, sources: SourceMap, schema_issues: Iterable[ConfigIssue] = ()) -> list[ConfigIssue]:
    """The same checks on the parts of ``data`` that are valid, to report with schema errors.

    Issues at a key path the schema already reported are left out.
    """
    reported = {issue.path for issue in schema_issues}
    try:
        issues = _check(_View.of_raw(data, sources), sources) + date_issues(data, sources)
    except (ValueError, TypeError, ArithmeticError, KeyError, AttributeError):  # pragma: no cover - defensive
        return []  # the schema errors stand on their own; the cross checks follow after the fix
    return [issue for issue in issues if issue.path not in reported]


def _check(view: _View, sources: SourceMap) -> list[ConfigIssue]:
    issues: list[ConfigIssue] = []

    def add(path: Path, message: Text, *, key: bool = False) -> None:
        """``key``: point at the written key (a date, an id) rather than at its value."""
        issues.append(ConfigIssue(sources.locate(path, key=key), path, message))

    municipalities = view.municipality_ids
    parties = view.party_ids
    if municipalities is not None and parties is not None:
        for pid in sorted(parties & municipalities):
            add(("parties", pid), _TEXTS("party_is_municipality", id=pid), key=True)

    if view.district is not None and view.grant_ids is not None and view.district.grant not in view.grant_ids:
        add(("district", "grant"),
            _TEXTS("unknown_grant", grant=view.district.grant, hint=_suggest(view.district.grant, view.grant_ids)))

    _check_regions(view, add)
    _check_tariffs(view, add)
    _check_social_insurance(view, add)
    _check_positions(view, add, sources, issues)
    return issues


def _check_regions(view: _View, add: Callable[..., None]) -> None:
    municipalities = view.municipality_ids
    employers = (municipalities or set()) | (view.party_ids or set())
    region_of: dict[str, str] = {}
    for rid, region in view.regions.items():
        base = ("regions", rid)
        if municipalities is not None and view.party_ids is not None and region.employer not in employers:
            add(base + ("employer",),
                _TEXTS("unknown_employer", id=region.employer, hint=_suggest(region.employer, employers)))
        elif municipalities is not None and region.employer in municipalities and region.employer not in region.members:
            # docs/rules.md rule 13: a municipal employer bears its own share; left out of the
            # members, the others would pay its part (issue 11).
            add(base + ("employer",), _TEXTS("employer_not_member", id=region.employer, region=rid))
        for i, member in enumerate(region.members):
            if municipalities is not None and member not in municipalities:
                add(base + ("members", i), _TEXTS("member_unknown", id=member, hint=_suggest(member, municipalities)))
                continue
            if region.members.index(member) != i:
                add(base + ("members", i), _TEXTS("member_twice", id=member))
                continue
            if member in region_of:
                add(base + ("members", i), _TEXTS("member_elsewhere", id=member, region=region_of[member]))
            else:
                region_of[member] = rid
        # What a region's allocation key needs is checked by the key itself (engine/keys.py),
        # when the configuration is loaded (loading/pipeline.py).
        for year, payments in region.advances.items():
            for mid in payments:
                where = base + ("advances", year, mid)
                if mid not in region.members:
                    add(where, _TEXTS("advance_not_member", id=mid, hint=_suggest(mid, region.members)), key=True)
                elif mid == region.employer:
                    add(where, _TEXTS("advance_employer", id=mid), key=True)


def _check_tariffs(view: _View, add: Callable[..., None]) -> None:
    first_at: dict[tuple[str, str], Path] = {}
    tariffs_of: dict[str, list[str]] = {}
    for grade, tid, path in view.grade_owners:
        if (grade, tid) not in first_at:
            first_at[grade, tid] = path
            tariffs_of.setdefault(grade, []).append(tid)
    for grade, tids in tariffs_of.items():
        if len(tids) > 1:
            names = _TEXTS("and", head=", ".join(repr(t) for t in tids[:-1]), last=repr(tids[-1]))
            for tid in tids:
                add(first_at[grade, tid], _TEXTS("grade_in_tariffs", grade=grade, names=names))
    for tid, tariff in view.tariffs.items():
        for day in tariff.tables:
            if day.day != 1:
                add(("tariffs", tid, "tables", day), _TEXTS("table_day", day=day, first=day.replace(day=1)), key=True)
    for oid, payment in view.one_off_payments.items():
        for i, tid in enumerate(payment.tariffs):
            if view.tariff_ids is not None and tid not in view.tariff_ids:
                add(("one_off_payments", oid, "tariffs", i), _TEXTS("unknown_tariff", id=tid, hint=_suggest(tid, view.tariff_ids)))
        for day in payment.months:
            if day.day != 1:
                add(("one_off_payments", oid, "months", day), _TEXTS("month_first", first=day.replace(day=1)), key=True)


def _check_social_insurance(view: _View, add: Callable[..., None]) -> None:
    si = view.social_insurance
    if si is None:
        return
    groups = {b.ceiling for b in si.branches.values()}
    for day, rates in si.rates.items():
        for branch in si.branches:
            if branch not in rates.percent:
                add(("social_insurance", "rates", day, "percent"), _TEXTS("no_rate", branch=branch))
        for branch in rates.percent:
            if branch not in si.branches:
                add(("social_insurance", "rates", day, "percent", branch),
                    _TEXTS("not_branch", branch=branch, hint=_suggest(branch, si.branches)))
    for day, ceilings in si.ceilings.items():
        for group in sorted(groups):
            if group not in ceilings.monthly:
                add(("social_insurance", "ceilings", day, "monthly"), _TEXTS("no_ceiling", group=group))


def _check_positions(view: _View, add: Callable[..., None], sources: SourceMap, issues: list[ConfigIssue]) -> None:
    grades = view.grade_steps
    seen_ids: dict[str, int] = {}
    for i, position in view.positions:
        base = ("positions", i)
        if position.id in seen_ids:
            first = seen_ids[position.id]
            at = sources.locate(("positions", first, "id"))
            add(base + ("id",), _TEXTS("post_id_used", id=position.id, first=first,
                                       at=_TEXTS("at", where=at) if at else ""))
        seen_ids.setdefault(position.id, i)
        if view.region_ids is not None and position.region not in view.region_ids:
            add(base + ("region",), _TEXTS("unknown_region", id=position.region, hint=_suggest(position.region, view.region_ids)))
        for j, holder in enumerate(position.holders):
            where = base + ("holders", j)
            if grades is None:
                continue
            if holder.grade not in grades:
                add(where + ("grade",), _TEXTS("unknown_grade", grade=holder.grade, hint=_suggest(holder.grade, grades)))
                continue
            most = grades[holder.grade]
            if most and holder.step > most:
                add(where + ("step",), _TEXTS("step_beyond", step=holder.step, grade=holder.grade, most=most))
            for k, change in enumerate(holder.step_schedule or ()):
                if most and change.step > most:
                    add(where + ("step_schedule", k, "step"),
                        _TEXTS("step_beyond", step=change.step, grade=holder.grade, most=most))
        issues.extend(_check_overlap(position, base, sources))


def _check_overlap(position: Position, base: Path, sources: SourceMap) -> list[ConfigIssue]:
    """Holders of one post may overlap only up to the post's FTE (rule 1)."""
    events: list[tuple[dt.date, int, Decimal, int]] = []
    for j, holder in enumerate(position.holders):
        events.append((holder.start, 1, holder.fte, j))
        if holder.end is not None and holder.end < dt.date.max:
            events.append((holder.end + dt.timedelta(days=1), 0, holder.fte, j))
    events.sort(key=lambda e: (e[0], e[1]))
    load = Decimal(0)
    for day, is_start, fte, j in events:
        load = load + fte if is_start else load - fte
        if is_start and load > position.fte:
            path = base + ("holders", j, "fte")
            return [ConfigIssue(
                sources.locate(path), path,
                _TEXTS("overlap", day=day, id=position.id, load=number(load), fte=number(position.fte)))]
    return []
