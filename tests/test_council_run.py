"""``examples/council-run.sh``: settle, compare, forecast and explain into one folder, as a
real process, non-interactive; any failure is a non-zero exit and leaves no partial file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from tests.builders import with_zero_advances
from tests.conftest import COESFELD, ROOT

SCRIPT = ROOT / "examples" / "council-run.sh"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed"),
]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["KIMCOST"] = f"{sys.executable} -m kimcost"   # the interpreter running the tests
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=600, stdin=subprocess.DEVNULL)


def test_council_run_writes_the_three_tables_and_the_explanations(tmp_path):
    out = tmp_path / "sitzung"
    result = _run([str(out)], _env(), tmp_path)
    assert result.returncode == 0, result.stderr
    names = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert {
        "abrechnung-2024.json", "abrechnung-2024.xlsx",
        "vergleich-foerderung-endet-2025.json", "vergleich-foerderung-endet-2025.xlsx",
        "prognose-2025-2028.json", "prognose-2025-2028.xlsx", "prognose-2025-2028.csv",
        "erklaerung-2024/nord.json", "erklaerung-2024/mitte.json", "erklaerung-2024/sued.json", "run.log",
    } <= names
    assert not any(n.endswith(".part") for n in names)

    settlement = json.loads((out / "abrechnung-2024.json").read_text(encoding="utf-8"))
    forecast = json.loads((out / "prognose-2025-2028.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in forecast["scenarios"]] == ["planning"]
    assert list(forecast["regions"][0]["years"]) == ["2025", "2026", "2027", "2028"]
    # The years after the shipped data (2027, 2028) rest on flagged planning assumptions.
    flagged = {a["key"] for a in forecast["assumptions"]}
    assert "tariffs.tvoed-sue.tables.2027-04-01" in flagged and "grants.kim-nrw.amounts.2027-01-01" in flagged
    # Each explanation adds up to the settled own share of its region (rule 11).
    for region in settlement["regions"]:
        tree = json.loads((out / f"erklaerung-2024/{region['id']}.json").read_text(encoding="utf-8"))["tree"]
        assert tree["value"] == region["own_share"]
    # Region Nord 2024: 38279.55 own share (costs 180779.55 − grant 142500.00).
    assert settlement["regions"][0]["own_share"] == "38279.55"
    assert D(settlement["regions"][0]["costs"]["total"]) - D(settlement["regions"][0]["grant"]) == D("38279.55")
    comparison = (out / "vergleich-foerderung-endet-2025.json").read_text(encoding="utf-8")
    assert "grant-ends" in comparison


def test_missing_grant_ends_scenario_fails_before_writing(tmp_path):
    out = tmp_path / "sitzung"
    result = _run([str(out)], _env(KIM_GRANT_ENDS=str(tmp_path / "nope.yaml")), tmp_path)
    assert result.returncode == 2
    assert "grant-ends scenario" in result.stderr and "not found" in result.stderr
    assert not out.exists()


def test_a_failing_step_stops_the_run_and_leaves_no_partial_file(tmp_path):
    out = tmp_path / "sitzung"
    # 2031 lies beyond the shipped data (it ends with 2026): settle exits 3, the script stops.
    # (Its advances are written, so what fails is the data, not the advances rule.)
    config = with_zero_advances(tmp_path, COESFELD, [2031])
    result = _run([str(out), "2031"], _env(KIM_CONFIG=str(config)), tmp_path)
    assert result.returncode == 1
    assert "end with 2026" in result.stderr and "this step failed" in result.stderr
    leftovers = [p.name for p in out.rglob("*") if p.is_file()]
    assert leftovers == ["run.log"]


def test_missing_planning_scenario_fails_before_writing(tmp_path):
    out = tmp_path / "sitzung"
    result = _run([str(out)], _env(KIM_PLANNING=str(tmp_path / "nope.yaml")), tmp_path)
    assert result.returncode == 2 and "planning scenario" in result.stderr
    assert not out.exists()


def test_usage_errors(tmp_path):
    assert _run([], _env(), tmp_path).returncode == 2
    bad = _run([str(tmp_path / "o"), "2024", "2028", "2025"], _env(), tmp_path)
    assert bad.returncode == 2 and "after its last year" in bad.stderr
