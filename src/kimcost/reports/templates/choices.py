"""What the templates' drop-downs offer: the posts, regions, members and pay grades of a
configuration, or without one the grades of the shipped pay tables (kimcost:tvoed-sue,
kimcost:tvoed-vka)."""

from __future__ import annotations

from dataclasses import dataclass

from kimcost.configuration import packaged
from kimcost.configuration.schema import Configuration

SHIPPED_TARIFFS = ("tvoed-sue", "tvoed-vka")


@dataclass(frozen=True)
class Choices:
    posts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    origin: str = ""          # where they come from, for the lists sheet


def from_config(config: Configuration, name: str) -> Choices:
    members: dict[str, None] = {}
    for region in config.regions.values():
        members.update(dict.fromkeys(region.members))
    grades: dict[str, None] = {}
    for tariff in config.tariffs.values():
        latest = tariff.tables[max(tariff.tables)]
        grades.update(dict.fromkeys(latest.grades))
    return Choices(tuple(p.id for p in config.positions), tuple(config.regions), tuple(members),
                   tuple(grades), name)


def shipped() -> Choices:
    """The grades of the shipped pay tables' latest versions; no posts, regions or members."""
    import yaml

    grades: dict[str, None] = {}
    for name in SHIPPED_TARIFFS:
        entry = packaged.lookup(name)
        assert entry is not None
        data = yaml.safe_load(packaged.path_of(entry).read_text(encoding="utf-8"))
        for tariff in data.get("tariffs", {}).values():
            tables = tariff["tables"]
            grades.update(dict.fromkeys(str(g) for g in tables[max(tables)]["grades"]))
    return Choices(grades=tuple(grades), origin=", ".join(packaged.label(n) for n in SHIPPED_TARIFFS))
