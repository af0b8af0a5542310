"""Errors the engine raises when the data for a year is not there."""

from __future__ import annotations

from kimcost.configuration.errors import Path


class MissingData(Exception):
    """A value the rules need is not in force (no table, rate, grant … for that date).

    ``path`` is the configuration key path the value should be written under, so the
    caller can point at file and line.
    """

    def __init__(self, path: Path, message: str):
        self.path = path
        self.message = message
        super().__init__(message)
