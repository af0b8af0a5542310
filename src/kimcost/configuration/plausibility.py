"""Values that pass their type but not common sense (issue 11).

Errors (the figures would be wrong, so nothing is settled):
- a date outside 1900–2100 anywhere in the configuration: a holder starting in 0001, or in
  2203 (a typo for 2023), moves a region's own share by thousands; the same bound as for a
  settlement year (``types._year``).

Warnings (the figures are right, but a reader may be misled; shown on every run, in the
JSON ``warnings`` and on the workbook's overview):
- a municipality that belongs to no region: no settlement bills it. Legitimate while a
  municipality has not joined yet, so not an error;
- two municipalities of the same name: their rows in the council table look the same.
  Legitimate in a state-wide configuration (two 'Neuenkirchen' in two districts).

The population bound and the municipal employer outside its region's members are checked
where their kind is (``types.Population``, ``consistency._check_regions``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from kimcost.configuration.errors import ConfigIssue, Path
from kimcost.configuration.schema import Configuration
from kimcost.configuration.source_map import SourceMap
from kimcost.messages import Catalogue

FIRST_YEAR, LAST_YEAR = 1900, 2100

_TEXTS = Catalogue("configuration.plausibility", {
    "date": ("{day} ist kein plausibles Datum; Daten liegen zwischen {first} und {last} — prüfen Sie das Jahr "
             "(vier Ziffern, z. B. 2023)",
             "{day} is not a plausible date; dates lie from {first} to {last} — check the year (four digits, e.g. 2023)"),
    "no_region": (
        "{id!r} gehört zu keiner Region, daher stellt ihr keine Abrechnung etwas in Rechnung; nehmen Sie die Kommune "
        "in die 'members' einer Region auf, oder entfernen Sie sie, wenn sie nicht teilnimmt",
        "{id!r} belongs to no region, so no settlement bills it; add it to a region's 'members', "
        "or remove it if it takes no part"),
    "same_name": (
        "{name!r} ist auch der Name der Kommune {other!r}; ihre Zeilen in der Tabelle für den Rat sehen gleich aus "
        "— ergänzen Sie, was sie unterscheidet, z. B. '{name} (Kreis …)'",
        "{name!r} is also the name of municipality {other!r}; their rows in the council table "
        "look the same — add what tells them apart, e.g. '{name} (Kreis …)'"),
})


def _dates(value: Any, path: Path) -> Iterator[tuple[Path, dt.date, bool]]:
    """Every date in a model or in raw data: (key path, date, whether it is a mapping key)."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _dates(getattr(value, name), path + (name,))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, dt.date):
                yield path + (key,), key, True
            yield from _dates(item, path + (key,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _dates(item, path + (i,))
    elif isinstance(value, dt.date):
        yield path, value, False


def date_issues(data: Any, sources: SourceMap) -> list[ConfigIssue]:
    """Dates outside 1900–2100, in a validated model or in raw data (``check_partial``)."""
    issues = []
    for path, day, is_key in _dates(data, ()):
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            continue
        issues.append(ConfigIssue(
            sources.locate(path, key=is_key), path,
            _TEXTS("date", day=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR)))
    return issues


def warnings_of(config: Configuration, sources: SourceMap) -> list[ConfigIssue]:
    """What is allowed but most likely a mistake; see the module's docstring."""
    issues: list[ConfigIssue] = []
    members = {m for region in config.regions.values() for m in region.members}
    for mid in config.municipalities:
        if mid not in members:
            path: Path = ("municipalities", mid)
            issues.append(ConfigIssue(
                sources.locate(path, key=True), path, _TEXTS("no_region", id=mid)))
    first_named: dict[str, str] = {}
    for mid, municipality in config.municipalities.items():
        name = " ".join(municipality.name.split()).casefold()
        if name in first_named:
            path = ("municipalities", mid, "name")
            issues.append(ConfigIssue(
                sources.locate(path), path, _TEXTS("same_name", name=municipality.name, other=first_named[name])))
        else:
            first_named[name] = mid
    return sorted(issues, key=ConfigIssue.sort_key)
