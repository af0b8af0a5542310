"""Allocation keys (Verteilungsschlüssel): the weights of rule 12, one class per key.

A key owns everything about itself: its name (the value of ``regions.<id>.key``; its labels
are ``key_<name>``, ``key_fraction_<name>`` and ``ex_basis_<name>`` in reports/labels.py),
how it turns a region's members into weights, the configuration value each weight rests on
(recorded in the results for ``explain`` and the Parameter sheet), and what it needs of the
configuration (checked when the configuration is loaded, with file and line). A new key is
one class here plus its labels; a key with parameters of its own (as ``weights``) also needs
its model in configuration/schema.py.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from kimcost.configuration.errors import Path
from kimcost.configuration.schema import Configuration, Region, WeightsKey
from kimcost.messages import Catalogue, Text
from kimcost.suggestions import suggest

TEXTS = Catalogue("engine.keys", {
    "no_population": ("der Schlüssel ist 'population', aber {member} hat keine Einwohnerzahl; ergänzen Sie "
                      "municipalities.{id}.population",
                      "the key is 'population' but {member} has no population; add municipalities.{id}.population"),
    "weight_not_member": ("{member} hat ein Gewicht, ist aber kein Mitglied dieser Region{hint}",
                          "{member} has a weight but is not a member of this region{hint}"),
    "no_weight": ("Mitglied {member} hat kein Gewicht; geben Sie jedem Mitglied ein Gewicht, z. B. {id}: 1",
                  "member {member} has no weight; give every member a weight, e.g. {id}: 1"),
    "unknown_key": ("{value} ist nicht zulässig; schreiben Sie einen der Werte {names} oder eine Zuordnung mit "
                    "'weights'{hint}",
                    "{value} is not allowed; write one of {names}, or a mapping with 'weights'{hint}"),
    "or": ("{first}, {second}", "{first} or {second}"),  # German: the 'oder' comes before the mapping
})


def _one_of(names: list[str]) -> Text | str:
    """``'a' or 'b' or 'c'`` in either language."""
    out: Text | str = names[0]
    for name in names[1:]:
        out = TEXTS("or", first=out, second=name)
    return out


@dataclass(frozen=True)
class KeyWeight:
    weight: Decimal
    path: Path            # the value the weight was read from (equal key: the place in the list)


@dataclass(frozen=True)
class KeyProblem:
    path: Path
    message: Text | str
    at_key: bool = False  # point at the written key rather than at its value


class AllocationKey(ABC):
    name: ClassVar[str]
    # What a weight rests on, for explain: "weight" (the weight is written as it is), "count"
    # (a number such as a population), "place" (the member's place in the list).
    basis: ClassVar[str]

    @abstractmethod
    def weights(self, config: Configuration, rid: str, region: Region) -> list[KeyWeight]:
        """One weight per member, in the order of ``region.members``."""

    def problems(self, config: Configuration, rid: str, region: Region) -> list[KeyProblem]:
        return []

    def sources(self, config: Configuration, rid: str, region: Region) -> list[Path]:
        """Entries with a source and a status that the weights rest on (listed as parameters)."""
        return []


class Equal(AllocationKey):
    name = "equal"
    basis = "place"

    def weights(self, config, rid, region):
        return [KeyWeight(Decimal(1), ("regions", rid, "members", k)) for k in range(len(region.members))]


class Population(AllocationKey):
    name = "population"
    basis = "count"

    def weights(self, config, rid, region):
        return [KeyWeight(Decimal(config.municipalities[m].population.value), ("municipalities", m, "population", "value"))
                for m in region.members]

    def problems(self, config, rid, region):
        return [KeyProblem(("regions", rid, "members", i),
                           TEXTS("no_population", member=repr(mid), id=mid))
                for i, mid in enumerate(region.members)
                if mid in config.municipalities and config.municipalities[mid].population is None]

    def sources(self, config, rid, region):
        return [("municipalities", m, "population") for m in region.members]


class Weights(AllocationKey):
    name = "weights"
    basis = "weight"

    def weights(self, config, rid, region):
        assert isinstance(region.key, WeightsKey)
        return [KeyWeight(region.key.weights[m], ("regions", rid, "key", "weights", m)) for m in region.members]

    def problems(self, config, rid, region):
        assert isinstance(region.key, WeightsKey)
        base = ("regions", rid, "key", "weights")
        out = [KeyProblem(base + (mid,), TEXTS("weight_not_member", member=repr(mid),
                                               hint=suggest(mid, region.members, known=True)), at_key=True)
               for mid in region.key.weights if mid not in region.members]
        out += [KeyProblem(base, TEXTS("no_weight", member=repr(mid), id=mid), at_key=True)
                for mid in region.members if mid not in region.key.weights]
        return out


KEYS: dict[str, AllocationKey] = {key.name: key for key in (Equal(), Population(), Weights())}


def key_of(region: Region) -> AllocationKey:
    """The key a region names (a name, or a mapping such as ``{weights: …}``)."""
    return KEYS["weights"] if isinstance(region.key, WeightsKey) else KEYS[region.key]


def key_problems(config: Configuration) -> list[KeyProblem]:
    """What the regions' keys lack: an unknown key name, a member without a weight or population."""
    out: list[KeyProblem] = []
    for rid, region in config.regions.items():
        if not isinstance(region.key, WeightsKey) and region.key not in KEYS:
            names = [name for name, key in KEYS.items() if key.basis != "weight"]
            out.append(KeyProblem(("regions", rid, "key"), TEXTS(
                "unknown_key", value=repr(region.key), names=_one_of([repr(n) for n in names]),
                hint=suggest(region.key, KEYS))))
            continue
        out += key_of(region).problems(config, rid, region)
    return out
