"""Putting a table's records where the YAML would have written them, with their cells in the
source map, so the schema, the consistency checks and ``explain`` see one configuration.

- holders: row by row under ``positions[i].holders`` of the post named in "Stelle", in the
  order of the rows;
- advances: ``regions.<Region>.advances.<Jahr>.<Kommune>: Betrag``;
- actuals: ``positions[i].actuals.<Jahr>`` with the row's amounts.

A value is written once: a post's holders come from the YAML or from the table, not both; an
advance or a year's actual amounts may be in the YAML for some years and in the table for
others, but the same one in both (or twice in the table) is an error at the cell.
"""

from __future__ import annotations

from kimcost.configuration.errors import ConfigIssue, Location, Path
from kimcost.configuration.source_map import SourceMap
from kimcost.configuration.tables.rows import Record
from kimcost.configuration.tables.suggest import meant
from kimcost.messages import Catalogue

_TEXTS = Catalogue("configuration.tables.place", {
    "no_post": ("eine Stelle „{post}“ gibt es in der Konfiguration nicht (die Stellen stehen unter "
                "positions: mit ihrer id){hint}",
                "there is no post {post!r} in the configuration (the posts are listed under positions: "
                "by their id){hint}"),
    "no_region": ("eine Region „{region}“ gibt es in der Konfiguration nicht (die Regionen stehen unter "
                  "regions:){hint}",
                  "there is no region {region!r} in the configuration (the regions are listed under "
                  "regions:){hint}"),
    "holders_twice": ("die Inhaber/innen der Stelle „{post}“ stehen schon in {where}; schreiben Sie sie dort "
                      "oder in der Tabelle, nicht an beiden Stellen",
                      "the holders of post {post!r} are written at {where} already; write them there or in "
                      "the table, not in both"),
    "already": ("{what} steht schon in {where}; jeder Wert wird einmal geschrieben",
                "{what} is written at {where} already; each value is written once"),
    "advance": ("der Abschlag {year} von „{member}“ in der Region „{region}“",
                "the {year} advance of {member!r} in region {region!r}"),
    "actuals": ("die Ist-Beträge {year} der Stelle „{post}“", "the {year} actual amounts of post {post!r}"),
    "not_mapping": ("„{name}“ ist in der Konfiguration keine Abbildung; die Tabelle kann hier nichts ergänzen",
                    "{name!r} in the configuration is not a mapping; the table cannot add to it"),
})

HOLDER_KEYS = ("name", "start", "end", "fte", "grade", "step", "step_since", "assumption")
ACTUAL_KEYS = ("source", "personnel", "equipment", "recruitment", "administration")


def _post_index(data: dict) -> dict[str, int]:
    posts = data.get("positions")
    index: dict[str, int] = {}
    if isinstance(posts, list):
        for i, post in enumerate(posts):
            if isinstance(post, dict) and isinstance(post.get("id"), str):
                index.setdefault(post["id"], i)
    return index


def _where(sources: SourceMap, path: Path) -> Location | str:
    return sources.locate(path, key=True) or ".".join(str(p) for p in path)


def _put(sources: SourceMap, path: Path, at: Location, key_at: Location | None = None) -> None:
    sources.values[path] = at
    sources.keys[path] = key_at or at


def _section(sources: SourceMap, path: Path, at: Location) -> None:
    """A mapping or list the table created: cited at the first row that wrote into it (the
    YAML's own line stays where the YAML wrote it)."""
    sources.values.setdefault(path, at)
    sources.keys.setdefault(path, at)


def holders(records: list[Record], data: dict, sources: SourceMap, issues: list[ConfigIssue]) -> None:
    index = _post_index(data)
    written: dict[str, int] = {}   # post id -> holders added from the table
    for record in records:
        post = str(record.value("post"))
        i = index.get(post)
        if i is None:
            issues.append(ConfigIssue(record.at("post"), (), _TEXTS("no_post", post=post, hint=meant(post, index))))
            continue
        entry = data["positions"][i]
        path: Path = ("positions", i, "holders")
        if post not in written:
            if entry.get("holders"):
                issues.append(ConfigIssue(record.at("post"), path, _TEXTS(
                    "holders_twice", post=post, where=_where(sources, path))))
                written[post] = -1
                continue
            entry["holders"] = []
            _section(sources, path, record.at("post"))
            written[post] = 0
        if written[post] < 0:
            continue
        j = written[post]
        written[post] = j + 1
        holder = {k: record.value(k) for k in HOLDER_KEYS if k in record.values}
        entry["holders"].append(holder)
        _put(sources, path + (j,), record.at("post"))
        for k in holder:
            _put(sources, path + (j, k), record.at(k))


def advances(records: list[Record], data: dict, sources: SourceMap, issues: list[ConfigIssue]) -> None:
    written = data.get("regions")
    regions: dict = written if isinstance(written, dict) else {}
    for record in records:
        region, year, member = str(record.value("region")), record.value("year"), str(record.value("member"))
        if region not in regions or not isinstance(regions[region], dict):
            issues.append(ConfigIssue(record.at("region"), (), _TEXTS(
                "no_region", region=region, hint=meant(region, regions))))
            continue
        section: Path = ("regions", region, "advances")
        by_year = regions[region].setdefault("advances", {})
        if not isinstance(by_year, dict):
            issues.append(ConfigIssue(record.at("region"), section, _TEXTS("not_mapping", name="advances")))
            continue
        _section(sources, section, record.at("region"))
        amounts = by_year.setdefault(year, {})
        if not isinstance(amounts, dict):
            issues.append(ConfigIssue(record.at("year"), section + (year,), _TEXTS("not_mapping", name=str(year))))
            continue
        _section(sources, section + (year,), record.at("year"))
        path = section + (year, member)
        if member in amounts:
            what = _TEXTS("advance", year=year, member=member, region=region)
            issues.append(ConfigIssue(record.at("member"), path, _TEXTS("already", what=what, where=_where(sources, path))))
            continue
        amounts[member] = record.value("amount")
        _put(sources, path, record.at("amount"), record.at("member"))


def actuals(records: list[Record], data: dict, sources: SourceMap, issues: list[ConfigIssue]) -> None:
    index = _post_index(data)
    for record in records:
        post, year = str(record.value("post")), record.value("year")
        i = index.get(post)
        if i is None:
            issues.append(ConfigIssue(record.at("post"), (), _TEXTS("no_post", post=post, hint=meant(post, index))))
            continue
        section: Path = ("positions", i, "actuals")
        by_year = data["positions"][i].setdefault("actuals", {})
        if not isinstance(by_year, dict):
            issues.append(ConfigIssue(record.at("post"), section, _TEXTS("not_mapping", name="actuals")))
            continue
        path = section + (year,)
        if year in by_year:
            what = _TEXTS("actuals", year=year, post=post)
            issues.append(ConfigIssue(record.at("year"), path, _TEXTS("already", what=what, where=_where(sources, path))))
            continue
        _section(sources, section, record.at("post"))
        by_year[year] = {k: record.value(k) for k in ACTUAL_KEYS if k in record.values}
        _put(sources, path, record.first, record.at("year"))
        for k in by_year[year]:
            _put(sources, path + (k,), record.at(k))


PLACE = {"holders": holders, "advances": advances, "actuals": actuals}
