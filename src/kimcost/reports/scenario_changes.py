"""The "what changed" block of every command run under a scenario: each input a scenario
altered, base value against scenario value, and where it was written — as terminal tables
and as the envelope's ``scenarios`` objects (values are the short language-neutral texts of
``scenarios.describe``; files are named relative to the configuration's folder, so a
document carries no local folder)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

from kimcost.configuration.errors import Location
from kimcost.loading.inputs import relative_path
from kimcost.reports import numbers, wording
from kimcost.reports.console import safe
from kimcost.reports.labels import label
from kimcost.reports.public import FULL, Privacy

if TYPE_CHECKING:
    # Every report imports this module (through reports/envelope.py), most runs without a
    # scenario: kimcost.scenarios (~12 ms of the start) is imported where a change is worded,
    # and by then loading has imported it anyway.
    from kimcost.scenarios import AppliedScenario, Change


def _where(location: Location | None, folder: Path) -> str | None:
    if location is None:
        return None
    return f"{relative_path(Path(location.file), folder)}:{location.line}:{location.column}"


def change_document(change: Change, folder: Path, privacy: Privacy = FULL) -> dict[str, Any]:
    from kimcost.scenarios import ABSENT  # see the imports above

    hide = privacy.hides_change(change.path)  # a holder's values (reports/public.py)
    return {
        "kind": change.kind,
        "key": change.key,
        "base": None if change.base is ABSENT else privacy.change_text(change.path, change.base_text),      # null: the base has no value there
        "scenario": None if change.value is ABSENT else privacy.change_text(change.path, change.value_text),  # null: the scenario removed it
        "note": (change.note or None) if not hide else None,
        "location": _where(change.location, folder),
    }


def scenarios_document(scenarios: Iterable[AppliedScenario], folder: Path,
                       privacy: Privacy = FULL) -> list[dict[str, Any]]:
    """``folder``: the main configuration's folder, which every path is relative to."""
    return [{
        "name": scenario.name,
        "description": scenario.description,
        "file": relative_path(scenario.file, folder) if scenario.file is not None else None,
        "sha256": scenario.sha256,
        "changes": [change_document(c, folder, privacy) for c in scenario.changes],
    } for scenario in scenarios]


def changes_tables(scenarios: Iterable[AppliedScenario], lang: str = "de", privacy: Privacy = FULL,
                   config: Any = None) -> Iterator[Table]:
    """``config``: the configuration the scenarios were applied to; with it each input is
    named and each value worded for people (reports/wording.py) — without it, key paths
    and the language-neutral texts of ``scenarios.describe``."""
    L = lambda key: label(key, lang)  # noqa: E731
    for scenario in scenarios:
        table = Table(title=safe(L("cmp_what_changed").format(name=scenario.name, description=scenario.description)),
                      title_justify="left")
        first = "cmp_what" if config is not None else "cmp_key_path"
        # Key paths and file:line are looked up verbatim: never broken; the values may wrap.
        for key in (first, "cmp_kind", "cmp_base_value", "cmp_scenario_value", "cmp_written_at"):
            keep = key in ("cmp_key_path", "cmp_written_at")
            table.add_column(L(key), overflow="fold", no_wrap=keep, min_width=None if keep else 12)
        for change in scenario.changes:
            what, base, value = _worded(change, config, lang, privacy) if config is not None else (
                change.key, change.base_text, change.value_text + _note(change, change.note))
            base, value = (privacy.change_text(change.path, t) for t in (base, value))
            table.add_row(safe(what), L(f"cmp_kind_{change.kind}"), safe(base), safe(value),
                          safe(str(change.location) if change.location else ""))
        if not scenario.changes:
            table.add_row(L("cmp_no_changes"), "", "", "", "")
        yield table


def _note(change: Change, note: str) -> str:
    return f" ({note})" if note and change.kind != "remove" else ""


def _worded(change: Change, config: Any, lang: str, privacy: Privacy) -> tuple[str, str, str]:
    what = wording.subject(change.path, config, lang, privacy)
    since = wording.since_of(change.path)
    if since is not None:
        what += f", {label('cmp_valid_from', lang)} {numbers.date(since, lang)}"
    base = wording.value(change.base, change.path, lang)
    value = wording.value(change.value, change.path, lang) + _note(change, wording.note(change.note, lang))
    return what, base, value
