"""The node type of ``explain`` trees and the means to make leaves that cite file and line.

A tree is plain data: every inner node is a figure the engine computed (its label says
how), every leaf is a value read from the configuration, with the key path it was read
from and the file:line that path was written at (``LoadedConfig.locate``). So an auditor
can follow any amount down to the lines of YAML it rests on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from kimcost.configuration.errors import Location, Path
from kimcost.configuration.lookup import value_at
from kimcost.loading import LoadedConfig
from kimcost.reports.labels import label as _label
from kimcost.reports.wording import choice

# How a value is shown: money (€), exact (an unrounded member share, €), share (an occupied
# share or VZÄ-months), percent, decimal (FTE, weights, as written), int, date, text.
KINDS = ("money", "exact", "share", "percent", "decimal", "int", "date", "text")


@dataclass
class Node:
    label: str
    value: Any = None
    kind: str = "text"
    source: Location | None = None    # leaves: where the value was written
    path: Path | None = None          # leaves: the configuration key path
    words: str | None = None          # leaves: the written value in the reader's words, if not as written
    children: list[Node] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def add(self, *nodes: Node | None) -> Node:
        self.children.extend(n for n in nodes if n is not None)
        return self

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self):
        return (n for n in self.walk() if n.is_leaf)


def resolve(config: BaseModel, path: Path) -> Any:
    """The configuration value at ``path``, enums as their written text."""
    node = value_at(config, path)
    return node.value if isinstance(node, Enum) else node


class Leaves:
    """Makes leaves for one loaded configuration."""

    def __init__(self, loaded: LoadedConfig, lang: str = "de"):
        self.loaded = loaded
        self.config = loaded.config
        self.lang = lang

    def written(self, path: Path) -> bool:
        """Whether the files write ``path`` (not a default of the schema)."""
        return tuple(path) in self.loaded.sources.values

    def __call__(self, label: str, path: Path, kind: str | None = None) -> Node:
        """A leaf whose value is the one written at ``path``. A value the file does not
        write (a default of the schema) cites no line and says so in its label."""
        value = resolve(self.config, path)
        if kind is None:
            kind = _kind_of(value)
        source = self.loaded.locate(path) if self.written(path) else None
        if source is None:
            label = f"{label} ({_label('ex_default', self.lang)})"
        return Node(label, value, kind, source, tuple(path), words=self._words(tuple(path), value, kind))

    def _words(self, path: Path, value: Any, kind: str) -> str | None:
        """A setting's choice ("days") or a member's id as a reader says it; scripts get the
        value as written (JSON ``value``)."""
        if kind != "text" or not isinstance(value, str):
            return None
        if len(path) >= 2 and path[-2] == "members" and value in self.config.municipalities:
            return self.config.municipalities[value].name
        worded = choice(path, value, self.lang)
        return worded if worded != value else None


def _kind_of(value: Any) -> str:
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, bool):
        return "text"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Decimal):
        return "decimal"
    return "text"
