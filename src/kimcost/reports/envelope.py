"""The one JSON envelope of every document kimcost writes (settle, forecast, compare, explain).

    {"schema": 2, "kind": "settlement", "kimcost": "0.2.0",
     "inputs": {"config": "configs/coesfeld.yaml", "fingerprint": "…",
                "files": [{"path": "coesfeld.yaml", "role": "configuration", "sha256": "…"}, …]},
     "scenarios": [{"name", "description", "file", "sha256", "changes": […]}, …],
     …the subject's own keys…}

``inputs.files`` lists every file that entered the figures, relative to the configuration's
folder; ``fingerprint`` combines them (README, "Fingerprint"). ``scenarios`` always holds
scenario objects in the same shape, in the order they were applied. Money is a string with
two decimals (``"12780.25"``) so no reader loses a cent to binary floating point.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from kimcost import __version__
from kimcost.configuration.loader import display_name
from kimcost.scenarios.report import scenarios_document

SCHEMA_VERSION = 2


def _inputs(loaded: Any):  # TEMP until the loading step's manifest is merged
    import hashlib
    from types import SimpleNamespace
    base = loaded.main_file.resolve().parent
    out = []
    for i, f in enumerate(loaded.files):
        import os
        rel = os.path.relpath(f.resolve(), base).replace(os.sep, "/")
        out.append(SimpleNamespace(path=rel, role="configuration" if i == 0 else "include",
                                   sha256=hashlib.sha256(f.read_bytes()).hexdigest()))
    return out


def inputs_document(loaded: Any, extra: Iterable[Any] = ()) -> dict[str, Any]:
    """The manifest of ``loaded`` (and of further loads, e.g. compare's columns): each file once."""
    seen: dict[str, dict[str, str]] = {}
    for item in (*_inputs(loaded), *(i for other in extra for i in _inputs(other))):
        seen.setdefault(item.path, {"path": item.path, "role": item.role, "sha256": item.sha256})
    files = list(seen.values())
    return {
        "config": display_name(loaded.main_file),
        "fingerprint": combined_fingerprint(files),
        "files": files,
    }


def combined_fingerprint(files: list[dict[str, str]]) -> str:
    import hashlib  # TEMP
    return hashlib.sha256("".join(f"{f['sha256']}  {f['path']}\n" for f in files).encode()).hexdigest()


def envelope(kind: str, loaded: Any, body: dict[str, Any], *, scenarios: Iterable[Any] | None = None,
             extra_inputs: Iterable[Any] = ()) -> dict[str, Any]:
    applied = loaded.scenarios if scenarios is None else scenarios
    return {
        "schema": SCHEMA_VERSION,
        "kind": kind,
        "kimcost": __version__,
        "inputs": inputs_document(loaded, tuple(extra_inputs)),
        "scenarios": scenarios_document(applied),
        **body,
    }


def encode(document: dict[str, Any]) -> bytes:
    """UTF-8, two-space indent, ``\\n`` line ends on every system, a final newline."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
