"""The "what changed" block as plain data, for JSON documents and every other output.

Values are the short language-neutral texts of ``describe``; each change names the
scenario file and line it was written at, so an auditor can find it.
"""

from __future__ import annotations

from typing import Any, Iterable

from kimcost.scenarios.apply import AppliedScenario, Change
from kimcost.scenarios.describe import ABSENT


def change_document(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "key": change.key,
        "base": None if change.base is ABSENT else change.base_text,      # null: the base has no value there
        "scenario": None if change.value is ABSENT else change.value_text,  # null: the scenario removed it
        "note": change.note or None,
        "location": str(change.location) if change.location else None,
    }


def scenario_document(scenario: AppliedScenario) -> dict[str, Any]:
    return {
        "name": scenario.name,
        "description": scenario.description,
        "file": str(scenario.location.file) if scenario.file is not None and scenario.location else None,
        "sha256": scenario.sha256,
        "changes": [change_document(c) for c in scenario.changes],
    }


def scenarios_document(scenarios: Iterable[AppliedScenario]) -> list[dict[str, Any]]:
    return [scenario_document(s) for s in scenarios]
