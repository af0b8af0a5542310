"""Build small configurations for tests on top of the shipped tariff and contribution data.

The shipped tables, rates and ceilings are public figures (their sources in kimcost data, src/kimcost/data), so golden tests can
cite them; everything else (regions, posts, cost rates, grant) is written per test.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import yaml

from tests.conftest import CONFIGS

SHIPPED_DATA = [  # included by name: the reference data shipped with kimcost
    "kimcost:tvoed-sue",
    "kimcost:tvoed-vka",
    "kimcost:one-off-payments",
    "kimcost:social-insurance",
]
KVW = "contributions/kvw.yaml"  # the Coesfeld employer's own input, below configs/

ZERO_COST_RATES = {
    "equipment_initial": {"2020-01-01": {"value": "0", "source": "test"}},
    "equipment_per_fte_year": {"2020-01-01": {"value": "0", "source": "test"}},
    "recruitment_per_new_holder": {"2020-01-01": {"value": "0", "source": "test"}},
    "administration": {"2020-01-01": {"percent_of_personnel": "0", "source": "test"}},
}


def grant(amounts: dict[str, str], *, min_fte: str = "0.5", cap: str = "personnel", proration: str = "days") -> dict:
    return {
        "test-grant": {
            "name": "Test grant", "source": "test", "min_fte": min_fte, "cap": cap, "proration": proration,
            "amounts": {day: {"value": value, "source": "test"} for day, value in amounts.items()},
        }
    }


KIM_GRANT = grant({"2020-01-01": "55000", "2023-01-01": "57000", "2024-01-01": "57000",
                   "2025-01-01": "57000", "2026-01-01": "57000"})


def holder(start: str, grade: str, step: int, step_since: str, *, fte: str = "1", end: str | None = None,
           name: str = "H", **extra) -> dict:
    out = {"name": name, "start": start, "fte": fte, "grade": grade, "step": step, "step_since": step_since}
    if end:
        out["end"] = end
    out.update(extra)
    return out


def position(pid: str, holders: list[dict], *, region: str = "r", fte: str = "1", **extra) -> dict:
    return {"id": pid, "region": region, "fte": fte, "holders": holders, **extra}


def write_config(folder: Path, positions: list[dict], *, members: list[str] | None = None,
                 employer: str = "a", key="equal", grants: dict | None = None,
                 cost_rates: dict | None = None, advances: dict | None = None,
                 municipalities: dict | None = None, regions: dict | None = None) -> Path:
    """Write a one-region configuration (unless ``regions`` is given) and return its path."""
    members = members or ["a", "b", "c"]
    municipalities = municipalities or {m: {"name": f"Gemeinde {m.upper()}"} for m in members}
    region = {"name": "Region R", "employer": employer, "members": members, "key": key}
    if advances:
        region["advances"] = advances
    data = {
        "include_roots": [os.path.relpath(CONFIGS, folder)],
        "include": [*SHIPPED_DATA, os.path.relpath(CONFIGS / KVW, folder)],
        "district": {"name": "Testkreis", "grant": "test-grant"},
        "municipalities": municipalities,
        "regions": regions or {"r": region},
        "cost_rates": cost_rates or ZERO_COST_RATES,
        "grants": grants or KIM_GRANT,
        "positions": positions,
    }
    path = folder / "test.yaml"
    # Dates and amounts are written as quoted text so the loader, not PyYAML's dumper, decides.
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def settle_file(path: Path, year: int):
    from kimcost.loading import load_config
    from kimcost.engine import settle

    return settle(load_config(path).config, year)


def write(folder: Path, name: str, text: str) -> Path:
    """Write a dedented YAML text (a scenario, a small configuration) and return its path."""
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def with_zero_advances(folder: Path, config: Path, years: list[int], name: str = "with-advances.yaml") -> Path:
    """A configuration that includes ``config`` and adds, for each of ``years`` it lacks, an
    advance of 0 for every paying member: for tests that settle a year the shipped file has no
    advances for (``settle`` refuses a year without them) and do not look at balances.
    ``config`` must not set ``include_roots`` itself (only a main file may)."""
    from kimcost.loading import load_config

    regions: dict = {}
    for rid, region in load_config(config).config.regions.items():
        paying = [m for m in region.members if m != region.employer]
        missing = {year: {m: "0" for m in paying} for year in years if year not in region.advances and paying}
        if missing:
            regions[rid] = {"advances": missing}
    data = {
        "include_roots": [os.path.relpath(config.parent, folder)],
        "include": [os.path.relpath(config, folder)],
        "regions": regions,
    }
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


DATA_FILES = {  # the shipped data by name, and where it lies below kimcost/data/
    "tvoed-sue": "tariffs/tvoed-sue.yaml", "tvoed-vka": "tariffs/tvoed-vka.yaml",
    "one-off-payments": "tariffs/one-off-payments.yaml", "social-insurance": "contributions/social-insurance.yaml",
    "kim-nrw": "grants/kim-nrw.yaml",
}


def copy_with_local_data(target: Path) -> Path:
    """``configs/`` copied to ``target`` with the shipped data as local files beside it (as a
    district that keeps its own copies would), the main file including those instead of
    ``kimcost:NAME``: for tests that edit the data itself. Returns the main file."""
    from tests.conftest import DATA

    shutil.copytree(CONFIGS, target)
    main = target / "coesfeld.yaml"
    text = main.read_text(encoding="utf-8")
    for name, file in DATA_FILES.items():
        (target / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / file, target / file)
        text = text.replace(f"kimcost:{name}\n", f"{file}\n")
    main.write_text(text, encoding="utf-8")
    return main


def without_planning(folder: Path) -> Path:
    """A copy of the shipped configuration (all of ``configs/``) without its ``planning:``
    block: the dated data alone, for tests of what happens where the data ends."""
    target = folder / "configs"
    shutil.copytree(CONFIGS, target)
    main = target / "coesfeld.yaml"
    lines = main.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("planning:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].startswith((" ", "#")))
    main.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    return main
