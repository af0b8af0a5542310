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
    # The current cycle on 1 December 2026: settle 2025, forecast 2027–2030, compare 2027–2030.
    out = tmp_path / "sitzung"
    result = _run([str(out)], _env(KIM_YEAR="2026"), tmp_path)
    assert result.returncode == 0, result.stderr
    names = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert {
        "abrechnung-2025.json", "abrechnung-2025.xlsx",
        "vergleich-foerderung-endet-2027-2030.json", "vergleich-foerderung-endet-2027-2030.xlsx",
        "prognose-2027-2030.json", "prognose-2027-2030.xlsx", "prognose-2027-2030.csv",
        "erklaerung-2025/nord.json", "erklaerung-2025/mitte.json", "erklaerung-2025/sued.json", "run.log",
    } <= names
    assert not any(n.endswith(".part") for n in names)
    # Only the comparison names a scenario: the planning assumptions need no option or file.
    log = (out / "run.log").read_text(encoding="utf-8").splitlines()
    assert [line.split()[3] for line in log if "--scenario" in line] == ["compare"]

    settlement = json.loads((out / "abrechnung-2025.json").read_text(encoding="utf-8"))
    forecast = json.loads((out / "prognose-2027-2030.json").read_text(encoding="utf-8"))
    # No planning scenario: the configuration's own 'planning:' supplies the years after its data.
    assert forecast["scenarios"] == []
    assert list(forecast["regions"][0]["years"]) == ["2027", "2028", "2029", "2030"]
    flagged = {a["key"]: a for a in forecast["assumptions"]}
    assert flagged["tariffs.tvoed-sue.tables.2027-04-01"]["years"] == [2027, 2028]
    assert flagged["grants.kim-nrw.amounts.2027-01-01"]["status"] == "assumption"
    # The settlement of 2025 rests on no planning assumption.
    assert not any(a["source"].startswith("planning assumption") for a in settlement["assumptions"])
    # Each explanation adds up to the settled own share of its region (rule 11).
    for region in settlement["regions"]:
        tree = json.loads((out / f"erklaerung-2025/{region['id']}.json").read_text(encoding="utf-8"))["tree"]
        assert tree["value"] == region["own_share"]
        assert D(region["costs"]["total"]) - D(region["grant"]) == D(region["own_share"])
    comparison = json.loads((out / "vergleich-foerderung-endet-2027-2030.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in comparison["scenarios"]] == ["grant-ends"]
    # Without the grant, each region's own share grows in every year of the plan period by the
    # grant it had that year, and over the period by the sum of them.
    assert (comparison["first"], comparison["last"]) == (2027, 2030)
    for year, table in comparison["years"].items():
        for region in table["regions"]:
            assert region["differences"]["grant-ends"]["own_share"]["amount"] == region["values"]["base"]["grant"]
    for region in comparison["regions"]:
        assert region["differences"]["grant-ends"]["own_share"]["amount"] == region["values"]["base"]["grant"]


def test_missing_grant_ends_scenario_fails_before_writing(tmp_path):
    out = tmp_path / "sitzung"
    result = _run([str(out)], _env(KIM_GRANT_ENDS=str(tmp_path / "nope.yaml")), tmp_path)
    assert result.returncode == 2
    assert "grant-ends scenario" in result.stderr and "not found" in result.stderr
    assert not out.exists()


def test_a_failing_step_stops_the_run_and_leaves_no_partial_file(tmp_path):
    out = tmp_path / "sitzung"
    # 2031 rests on the planning assumptions only: settle refuses it (exit 3), the script stops.
    # (Its advances are written, so what fails is the planning rule, not the advances rule.)
    config = with_zero_advances(tmp_path, COESFELD, [2031])
    result = _run([str(out), "2031"], _env(KIM_CONFIG=str(config), KIM_YEAR="2026"), tmp_path)
    assert result.returncode == 1
    assert "ist eine Planungsannahme" in result.stderr and "this step failed" in result.stderr
    leftovers = [p.name for p in out.rglob("*") if p.is_file()]
    assert leftovers == ["run.log"]


def test_the_default_cycle_follows_the_year(tmp_path):
    # In 2027 the cycle is settle 2026, forecast 2028–2031, compare 2028–2031. A stand-in for kimcost
    # that prints an empty settlement shows which commands the script runs, without running them.
    stub = tmp_path / "kimcost-stub"
    stub.write_text('#!/usr/bin/env bash\nprintf \'{"regions": []}\'\n', encoding="utf-8")
    stub.chmod(0o755)
    result = _run([str(tmp_path / "o")], _env(KIM_YEAR="2027", KIMCOST=str(stub)), tmp_path)
    assert result.returncode == 0, result.stderr
    commands = [line.split(" > ")[0].split()[1:4] for line in (tmp_path / "o" / "run.log").read_text().splitlines()]
    assert commands == [["settle", "2026", "--config"], ["compare", "2028", "2031"],
                        ["forecast", "2028", "2031"], ["forecast", "2028", "2031"]]
    bad = _run([str(tmp_path / "p")], _env(KIM_YEAR="26"), tmp_path)
    assert bad.returncode == 2 and "KIM_YEAR" in bad.stderr


def test_usage_errors(tmp_path):
    assert _run([], _env(), tmp_path).returncode == 2
    bad = _run([str(tmp_path / "o"), "2024", "2028", "2025"], _env(), tmp_path)
    assert bad.returncode == 2 and "after its last year" in bad.stderr
