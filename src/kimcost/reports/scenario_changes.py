"""The "what changed" block of every command run under a scenario: each input a scenario
altered, base value against scenario value, and where it was written."""

from __future__ import annotations

from typing import Iterable, Iterator

from rich.table import Table

from kimcost.reports.console import safe
from kimcost.reports.labels import label
from kimcost.scenarios import AppliedScenario


def changes_tables(scenarios: Iterable[AppliedScenario], lang: str = "de") -> Iterator[Table]:
    L = lambda key: label(key, lang)  # noqa: E731
    for scenario in scenarios:
        table = Table(title=safe(L("cmp_what_changed").format(name=scenario.name, description=scenario.description)),
                      title_justify="left")
        # Key paths and file:line are looked up verbatim: never broken; the values may wrap.
        for key in ("cmp_key_path", "cmp_kind", "cmp_base_value", "cmp_scenario_value", "cmp_written_at"):
            keep = key in ("cmp_key_path", "cmp_written_at")
            table.add_column(L(key), overflow="fold", no_wrap=keep, min_width=None if keep else 12)
        for change in scenario.changes:
            value = change.value_text + (f" ({change.note})" if change.note and change.kind != "remove" else "")
            table.add_row(safe(change.key), L(f"cmp_kind_{change.kind}"), safe(change.base_text), safe(value),
                          safe(str(change.location) if change.location else ""))
        if not scenario.changes:
            table.add_row(L("cmp_no_changes"), "", "", "", "")
        yield table
