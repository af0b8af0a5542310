"""Every paying member's advance payments must be written for a year that is settled.

Rule 13 bills share − advances. A forgotten advances line would otherwise read as 0,00 €
paid and bill the member its whole share as Nachzahlung, in a letter to another
municipality; so a member that paid nothing is written as ``0``, and a missing entry is an
error (exit code 3) that says which members lack it and shows the line to write.
The employer pays no advances (it bears its own share) and is never asked for one.

Only settling needs this: forecast, compare and explain plan or compare shares, not balances.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kimcost.configuration.errors import ConfigError, ConfigIssue
from kimcost.configuration.schema import Configuration, Region
from kimcost.configuration.source_map import SourceMap
from kimcost.messages import Catalogue

# All texts of this check, German first (the default) and English (--lang en), so a
# translation changes this table only.
_TEXTS = Catalogue("configuration.advances", {
    "year_missing": (
        "für {year} sind keine Abschläge eingetragen (es fehlen: {members}); tragen Sie die {year} "
        "geleisteten Abschläge ein, 0 für eine Kommune, die nichts gezahlt hat, z. B. {example}",
        "no advances are written for {year} (missing: {members}); write the advances paid in {year}, "
        "0 for a municipality that paid nothing, e.g. {example}",
    ),
    "members_missing": (
        "die Abschläge für {year} ({where}) nennen nicht: {members}; ergänzen Sie deren Abschläge, "
        "0 für eine Kommune, die nichts gezahlt hat, z. B. {example}",
        "the advances for {year} ({where}) do not name: {members}; add their advances, "
        "0 for a municipality that paid nothing, e.g. {example}",
    ),
    "no_advances": (
        "die Region hat keine Abschläge ('advances:'); es fehlen für {years}: {members}; schreiben Sie "
        "unter die Region die geleisteten Abschläge, 0 für eine Kommune, die nichts gezahlt hat, z. B. {example}",
        "the region has no advances ('advances:'); missing for {years}: {members}; write the advances paid "
        "under the region, 0 for a municipality that paid nothing, e.g. {example}",
    ),
    "line": ("Zeile {line}", "line {line}"),
})

# Ids YAML would read as something other than text must be quoted in the line to write.
_PLAIN_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def paying_members(region: Region) -> list[str]:
    """The members that pay the employer (rule 13), in the order the region lists them."""
    return [m for m in region.members if m != region.employer]


def require_advances(config: Configuration, sources: SourceMap, *years: int, lang: str = "de") -> None:
    """Raise ``ConfigError`` naming every region and year whose paying members' advances are
    not all written. The messages are worded when shown, in the language asked for then;
    ``lang`` is accepted for former callers and has no effect."""
    issues = missing_advances(config, sources, years)
    if issues:
        raise ConfigError(issues)


def missing_advances(config: Configuration, sources: SourceMap, years: Iterable[int], lang: str = "de") -> list[ConfigIssue]:
    """One issue per region and year with members lacking advances (per region, when it has no
    ``advances:`` at all), each at the line of the region's ``advances:`` (or of the region).
    ``lang`` has no effect (see ``require_advances``)."""
    years = sorted(set(years))
    issues: list[ConfigIssue] = []
    for rid, region in config.regions.items():
        paying = paying_members(region)
        path = ("regions", rid, "advances")
        written = sources.keys.get(path)
        if written is None:
            by_year = {year: paying for year in years if paying}
            if by_year:
                entries = ", ".join(f"{year}: {_flow(members, {})}" for year, members in by_year.items())
                message = _TEXTS("no_advances", years=", ".join(map(str, by_year)), members=", ".join(paying),
                                 example=f"advances: {{{entries}}}")
                issues.append(ConfigIssue(sources.locate(("regions", rid), key=True), ("regions", rid), message))
            continue
        for year in years:
            paid = region.advances.get(year)
            lacking = [m for m in paying if paid is None or m not in paid]
            if not lacking:
                continue
            if paid is None:
                message = _TEXTS("year_missing", year=year, members=", ".join(lacking),
                                 example=f"{year}: {_flow(paying, {})}")
            else:
                entry = sources.locate(path + (year,), key=True)
                where = _TEXTS("line", line=entry.line) if entry and entry.file == written.file else str(entry)
                message = _TEXTS("members_missing", year=year, where=where, members=", ".join(lacking),
                                 example=f"{year}: {_flow(paying, paid)}")
            issues.append(ConfigIssue(written, path, message))
    return issues


def _flow(members: list[str], paid: dict) -> str:
    """``{billerbeck: 9000.00, havixbeck: 0}``: the amounts written, ``0`` for the others."""
    return "{" + ", ".join(f"{_yaml_id(m)}: {paid.get(m, 0)}" for m in members) + "}"


def _yaml_id(member: str) -> str:
    return member if _PLAIN_ID.match(member) and member not in _YAML_WORDS else f"'{member}'"
