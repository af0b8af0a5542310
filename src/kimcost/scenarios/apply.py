"""Apply scenarios to the merged raw configuration, before it is validated.

Applying before validation means a scenario can never produce an invalid configuration
silently: the result goes through the same schema and consistency checks as the base.
The source map is rewritten alongside, so every value a scenario wrote is located in the
scenario's file and line (in error messages and in ``explain``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path as FsPath

from pydantic import BaseModel

from kimcost.configuration.errors import ConfigError, ConfigIssue, Location
from kimcost.configuration.source_map import SourceMap
from kimcost.scenarios.applier import Applier, Change, ChangeFailed
from kimcost.scenarios.assumptions import carry_forward, pay_rise
from kimcost.scenarios.model import AddChange, CarryForwardChange, PayRiseChange, RemoveChange, SetChange
from kimcost.scenarios.read import inline_scenarios, select

__all__ = ["AppliedScenario", "Change", "apply_scenarios"]


@dataclass(frozen=True)
class AppliedScenario:
    name: str
    description: str
    file: FsPath | None        # None: defined under ``scenarios:`` in the configuration
    sha256: str | None
    location: Location | None
    changes: tuple[Change, ...]
    title: str = ""            # short heading for people (``title:``), "" when none

    @property
    def origin(self) -> str:
        return str(self.location.file) if self.location else (str(self.file) if self.file else "")


def apply_change(applier: Applier, index: int, change: BaseModel) -> None:
    """Hand one change to its verb."""
    if isinstance(change, SetChange):
        applier.set(index, change)
    elif isinstance(change, AddChange):
        applier.add(index, change)
    elif isinstance(change, RemoveChange):
        applier.remove(index, change)
    elif isinstance(change, PayRiseChange):
        pay_rise(applier, index, change.pay_rise)
    elif isinstance(change, CarryForwardChange):
        carry_forward(applier, index, change.carry_forward)


def apply_scenarios(data: dict, sources: SourceMap, requested: Sequence[str], *, config_name: str,
                    display: Callable[[FsPath], str]) -> tuple[AppliedScenario, ...]:
    """Take ``scenarios:`` out of ``data`` (checking every definition's shape), then apply the
    requested scenarios in order. Raises ``ConfigError`` with every problem found."""
    inline = inline_scenarios(data.pop("scenarios", None), sources)
    applied: list[AppliedScenario] = []
    for scenario in select(requested, inline, config_name, display):
        applier = Applier(data, sources, scenario)
        issues: list[ConfigIssue] = list(scenario.issues) if scenario.file is not None else []
        for index, change in enumerate(scenario.changes):
            if change is None:
                continue
            try:
                apply_change(applier, index, change)
            except ChangeFailed as exc:
                issues.append(exc.issue)
        if issues:
            raise ConfigError(issues)
        applied.append(AppliedScenario(scenario.name, scenario.description, scenario.file, scenario.sha256,
                                       scenario.location, tuple(applier.changes), scenario.title))
    return tuple(applied)
