"""Where each value of a configuration was written: key path -> file, line and column.

Built by ``yaml_source`` while it reads, merged across ``include:`` files by the loader,
and used by every error message and by ``explain`` to cite the line a value came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kimcost.configuration.errors import Location, Path


@dataclass(frozen=True)
class Scalar:
    """How a scalar was written: its text and whether it was quoted (for hints)."""

    text: str
    quoted: bool


@dataclass
class SourceMap:
    """Key path -> where its value (and, for mapping entries, its key) was written.

    ``scalars`` holds how each scalar value was written, ``key_scalars`` how each mapping
    key was written (path of the entry -> text), so messages can quote the original text.
    """

    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)
    scalars: dict[Path, Scalar] = field(default_factory=dict)
    key_scalars: dict[Path, Scalar] = field(default_factory=dict)

    def update(self, other: SourceMap) -> None:
        """Add another file's entries; where both wrote a mapping, the first file is kept."""
        # values and keys hold Locations, scalars and key_scalars Scalars
        pairs: tuple[tuple[dict[Path, Any], dict[Path, Any]], ...] = (
            (self.values, other.values), (self.keys, other.keys),
            (self.scalars, other.scalars), (self.key_scalars, other.key_scalars),
        )
        for mine, theirs in pairs:
            for path, where in theirs.items():
                mine.setdefault(path, where)

    def locate(self, path: Path, *, key: bool = False) -> Location | None:
        """The location of ``path``, or of its nearest written ancestor.

        Date keys are dates whether or not they were quoted (``yaml_source._date_key``)."""
        probe = tuple(path)
        while True:
            if key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return None
            probe = probe[:-1]
