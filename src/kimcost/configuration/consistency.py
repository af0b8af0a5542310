"""Checks across sections that a schema alone cannot express: references and overlaps."""

from __future__ import annotations

import datetime as dt
import difflib
from decimal import Decimal

from kimcost.configuration.errors import ConfigIssue, Path
from kimcost.configuration.schema import Configuration, Position, WeightsKey
from kimcost.configuration.yaml_source import SourceMap


def _suggest(name: str, choices) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(sorted(choices))}"


def check_consistency(config: Configuration, sources: SourceMap) -> list[ConfigIssue]:
    issues: list[ConfigIssue] = []

    def add(path: Path, message: str) -> None:
        issues.append(ConfigIssue(sources.locate(path), path, message))

    municipalities = config.municipalities
    employers = set(municipalities) | set(config.parties)
    for pid in set(config.parties) & set(municipalities):
        add(("parties", pid), f"{pid!r} is also a municipality; use a different id for the party")

    if config.district.grant not in config.grants:
        add(("district", "grant"), f"grant programme {config.district.grant!r} is not defined under 'grants'{_suggest(config.district.grant, config.grants)}")

    region_of: dict[str, str] = {}
    for rid, region in config.regions.items():
        base = ("regions", rid)
        if region.employer not in employers:
            add(base + ("employer",), f"employer {region.employer!r} is neither a municipality nor a party{_suggest(region.employer, employers)}")
        for i, member in enumerate(region.members):
            if member not in municipalities:
                add(base + ("members", i), f"member {member!r} is not a municipality{_suggest(member, municipalities)}")
                continue
            if region.members.index(member) != i:
                add(base + ("members", i), f"{member!r} is listed twice in this region")
                continue
            if member in region_of:
                add(base + ("members", i), f"{member!r} is already a member of region {region_of[member]!r}; a municipality belongs to one region")
            else:
                region_of[member] = rid
        if isinstance(region.key, WeightsKey):
            for mid in region.key.weights:
                if mid not in region.members:
                    add(base + ("key", "weights", mid), f"{mid!r} has a weight but is not a member of this region")
            for mid in region.members:
                if mid not in region.key.weights:
                    add(base + ("key", "weights"), f"member {mid!r} has no weight; give every member a weight")
        elif region.key == "population":
            for i, mid in enumerate(region.members):
                if mid in municipalities and municipalities[mid].population is None:
                    add(base + ("members", i), f"the key is 'population' but {mid!r} has no population; add municipalities.{mid}.population")
        for year, payments in region.advances.items():
            for mid in payments:
                where = base + ("advances", year, mid)
                if mid not in region.members:
                    add(where, f"{mid!r} is not a member of this region{_suggest(mid, region.members)}")
                elif mid == region.employer:
                    add(where, f"{mid!r} is the employer; it bears its own share and pays no advances")

    _check_tariffs(config, add)
    _check_social_insurance(config, add)
    grades = _grade_index(config)
    seen_ids: dict[str, int] = {}
    for i, position in enumerate(config.positions):
        base = ("positions", i)
        if position.id in seen_ids:
            add(base + ("id",), f"post id {position.id!r} is already used by positions[{seen_ids[position.id]}]; ids must be unique")
        seen_ids.setdefault(position.id, i)
        if position.region not in config.regions:
            add(base + ("region",), f"region {position.region!r} is not defined{_suggest(position.region, config.regions)}")
        for j, holder in enumerate(position.holders):
            if holder.grade not in grades:
                add(base + ("holders", j, "grade"), f"grade {holder.grade!r} is in no tariff table{_suggest(holder.grade, grades)}")
        issues.extend(_check_overlap(position, base, sources))
    return issues


def _grade_index(config: Configuration) -> dict[str, str]:
    index: dict[str, str] = {}
    for tid, tariff in config.tariffs.items():
        for version in tariff.tables.values():
            for grade in version.grades:
                index.setdefault(grade, tid)
    return index


def _check_tariffs(config: Configuration, add) -> None:
    owner: dict[str, str] = {}
    for tid, tariff in config.tariffs.items():
        for day, version in tariff.tables.items():
            if day.day != 1:
                add(("tariffs", tid, "tables", day), f"tables change on the first of a month; {day} is not")
            for grade in version.grades:
                if owner.setdefault(grade, tid) != tid:
                    add(("tariffs", tid, "tables", day, "grades", grade), f"grade {grade!r} also belongs to tariff {owner[grade]!r}; a grade belongs to one tariff")
    for oid, payment in config.one_off_payments.items():
        for i, tid in enumerate(payment.tariffs):
            if tid not in config.tariffs:
                add(("one_off_payments", oid, "tariffs", i), f"tariff {tid!r} is not defined{_suggest(tid, config.tariffs)}")
        for day in payment.months:
            if day.day != 1:
                add(("one_off_payments", oid, "months", day), f"write the month as its first day ({day.replace(day=1)})")


def _check_social_insurance(config: Configuration, add) -> None:
    si = config.social_insurance
    groups = {b.ceiling for b in si.branches.values()}
    for day, rates in si.rates.items():
        for branch in si.branches:
            if branch not in rates.percent:
                add(("social_insurance", "rates", day, "percent"), f"no rate for branch {branch!r}")
        for branch in rates.percent:
            if branch not in si.branches:
                add(("social_insurance", "rates", day, "percent", branch), f"{branch!r} is not a branch{_suggest(branch, si.branches)}")
    for day, ceilings in si.ceilings.items():
        for group in groups:
            if group not in ceilings.monthly:
                add(("social_insurance", "ceilings", day, "monthly"), f"no ceiling for {group!r}")


def _check_overlap(position: Position, base: Path, sources: SourceMap) -> list[ConfigIssue]:
    """Holders of one post may overlap only up to the post's FTE (rule 1)."""
    events: list[tuple[dt.date, int, Decimal, int]] = []
    for j, holder in enumerate(position.holders):
        events.append((holder.start, 1, holder.fte, j))
        if holder.end is not None:
            events.append((holder.end + dt.timedelta(days=1), 0, holder.fte, j))
    events.sort(key=lambda e: (e[0], e[1]))
    load = Decimal(0)
    for day, is_start, fte, j in events:
        load = load + fte if is_start else load - fte
        if is_start and load > position.fte:
            path = base + ("holders", j, "fte")
            return [ConfigIssue(
                sources.locate(path), path,
                f"from {day} the holders of post {position.id!r} together hold {load} FTE, "
                f"more than the post's {position.fte}; end the earlier holder first or lower the FTE",
            )]
    return []
