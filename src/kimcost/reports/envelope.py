"""The one JSON envelope of every document kimcost writes (settle, forecast, compare, explain).

    {"schema": 2, "kind": "settlement", ["edition": "public",] "kimcost": "0.2.0",
     "inputs": {"config": "configs/coesfeld.yaml", "fingerprint": "…",
                "files": [{"path": "coesfeld.yaml", "role": "configuration", "sha256": "…"}, …]},
     "scenarios": [{"name", "description", "file", "sha256", "changes": […]}, …],
     "warnings": [{"file": "coesfeld.yaml", "line": 12, "column": 3, "path": "municipalities.x",
                   "message": "…"}, …],
     …the subject's own keys…}

``inputs.files`` lists every file that entered the figures, relative to the configuration's
folder; ``fingerprint`` combines them (README, "Fingerprint"). ``scenarios`` always holds
scenario objects in the same shape, in the order they were applied. Money is a string with
two decimals (``"12780.25"``) so no reader loses a cent to binary floating point.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from kimcost import __version__
from kimcost.configuration.errors import format_path
from kimcost.loading import LoadedConfig, display_name
from kimcost.loading.inputs import InputFile, fingerprint
from kimcost.messages import render
from kimcost.reports.public import FULL, Privacy
from kimcost.reports.scenario_changes import scenarios_document

SCHEMA_VERSION = 2


def input_files(loaded: LoadedConfig, extra: Iterable[LoadedConfig] = ()) -> list[InputFile]:
    """The manifest of ``loaded`` and of further loads (compare's columns), each file once."""
    seen: dict[str, InputFile] = {}
    for item in (*loaded.inputs, *(i for other in extra for i in other.inputs)):
        seen.setdefault(item.path, item)
    return list(seen.values())


def inputs_document(loaded: LoadedConfig, extra: Iterable[LoadedConfig] = ()) -> dict[str, Any]:
    files = input_files(loaded, extra)
    return {
        "config": display_name(loaded.main_file),
        "fingerprint": fingerprint(files),
        "files": [{"path": f.path, "role": f.role, "sha256": f.sha256} for f in files],
    }


def warnings_document(loaded: LoadedConfig, extra: Iterable[LoadedConfig] = ()) -> list[dict[str, Any]]:
    """What the configuration holds that is allowed but most likely a mistake (README,
    "Plausibility"), each once, with its file relative to the configuration's folder."""
    out: list[dict[str, Any]] = []
    for load in (loaded, *extra):
        for issue in load.warnings:
            where = load.for_documents(issue.location)
            item = {"file": where.file if where else None, "line": where.line if where else None,
                    "column": where.column if where else None, "path": format_path(issue.path),
                    # in English, as before the messages had two languages: a document for
                    # programs, the same whichever --lang the run had
                    "message": render(issue.message, "en")}
            if item not in out:
                out.append(item)
    return out


def envelope(kind: str, loaded: LoadedConfig, body: dict[str, Any], *, scenarios: Iterable[Any] | None = None,
             extra_inputs: Iterable[LoadedConfig] = (), privacy: Privacy = FULL) -> dict[str, Any]:
    """``privacy``: the public edition says so (``"edition": "public"``, absent in the full
    edition) and leaves holders' values out of the scenario changes (reports/public.py)."""
    applied = loaded.scenarios if scenarios is None else scenarios
    return {
        "schema": SCHEMA_VERSION,
        "kind": kind,
        **privacy.edition_key,
        "kimcost": __version__,
        "inputs": inputs_document(loaded, tuple(extra_inputs)),
        "scenarios": scenarios_document(applied, loaded.main_file.resolve().parent, privacy),
        "warnings": warnings_document(loaded, tuple(extra_inputs)),
        **body,
    }


def encode(document: dict[str, Any]) -> bytes:
    """UTF-8, two-space indent, ``\\n`` line ends on every system, a final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
