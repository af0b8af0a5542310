"""Advances that cannot be forgotten (issue 9): settling a year needs every paying member's
advance payments written, 0 for one that paid nothing; a missing one is exit code 3 at the
line of the region's ``advances:``, never a silent "abzüglich geleisteter Abschläge 0,00 €"."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.configuration import ConfigError
from kimcost.configuration.advances import missing_advances, paying_members, require_advances
from kimcost.loading import load_config
from tests.builders import holder, line_of, position, write_config
from tests.conftest import COESFELD, ROOT

runner = CliRunner()
D = Decimal

# One post held from 2023 on; members a (the employer), b and c. The shipped data reaches 2026.
POSTS = [position("r-1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])]


def config_with(folder: Path, advances: dict | None) -> Path:
    return write_config(folder, POSTS, advances=advances)


def settle(path: Path, year: int, *extra: str):
    return runner.invoke(app, ["settle", str(year), "--config", str(path), *extra])


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(("Fehler: ", "error: "))]


def suggestion(line: str) -> str:
    """The YAML the message tells the user to write (it ends every message)."""
    return line.rsplit("z. B. ", 1)[1]


def insert_after(path: Path, needle: str, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = line_of(path, needle)
    path.write_text("".join(lines[:at]) + text + "\n" + "".join(lines[at:]), encoding="utf-8")


# --- settle ----------------------------------------------------------------------------------


def test_a_year_without_advances_is_refused_at_the_line_of_advances(tmp_path):
    path = config_with(tmp_path, {2023: {"b": "100.00", "c": "100.00"}})
    out = tmp_path / "x.xlsx"
    result = settle(path, 2024, "--out", str(out))
    assert result.exit_code == 3, result.output
    (line,) = error_lines(result)
    assert f"test.yaml:{line_of(path, 'advances:')}:5: regions.r.advances: " in line
    assert "für 2024 sind keine Abschläge eingetragen (es fehlen: b, c)" in line
    assert suggestion(line) == "2024: {b: 0, c: 0}"
    assert "1 Fehler in der Konfiguration; es wurde nichts geschrieben." in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == "" and not out.exists()
    # The line shown is the line to write: with it (both paid nothing) the year settles.
    insert_after(path, "advances:", "      " + suggestion(line))
    assert settle(path, 2024, "--no-workbook").exit_code == 0


def test_one_member_missing_is_refused_naming_only_that_member(tmp_path):
    path = config_with(tmp_path, {2023: {"b": "100.00"}})
    result = settle(path, 2023, "--no-workbook")
    assert result.exit_code == 3, result.output
    (line,) = error_lines(result)
    assert f"test.yaml:{line_of(path, 'advances:')}:5: regions.r.advances: " in line
    # The year's own entry is named too, and the line to write keeps the amount already there.
    assert f"die Abschläge für 2023 (Zeile {line_of(path, '2023:')}) nennen nicht: c;" in line
    assert suggestion(line) == "2023: {b: 100.00, c: 0}"


def test_a_region_without_advances_is_refused_at_the_region(tmp_path):
    path = config_with(tmp_path, None)
    result = settle(path, 2023, "--no-workbook")
    assert result.exit_code == 3, result.output
    (line,) = error_lines(result)
    assert f"test.yaml:{line_of(path, '  r:')}:3: regions.r: die Region hat keine Abschläge" in line
    assert suggestion(line) == "advances: {2023: {b: 0, c: 0}}"
    insert_after(path, "  r:", "    " + suggestion(line))
    assert settle(path, 2023, "--no-workbook").exit_code == 0


def test_an_explicit_zero_settles_and_bills_the_share(tmp_path):
    path = config_with(tmp_path, {2023: {"b": "0", "c": "1000.00"}})
    result = settle(path, 2023, "--format", "json")
    assert result.exit_code == 0, result.stderr
    members = {m["id"]: m for m in json.loads(result.stdout)["regions"][0]["members"]}
    # Rule 13: balance = share − advances; b paid nothing, c paid 1000.00; the employer a
    # needs no entry and settles nothing with itself.
    assert members["b"]["advances"] == "0.00" and members["b"]["balance"] == members["b"]["share"]
    assert D(members["c"]["balance"]) == D(members["c"]["share"]) - D("1000.00")
    assert members["a"]["balance"] == "0.00"


def test_every_region_is_reported_at_once(tmp_path):
    text = COESFELD.read_text(encoding="utf-8")
    text = text.replace("      2025: {nottuln: 13000.00}   # assumption\n", "")
    text = text.replace("      2025: {luedinghausen: 10000.00, olfen: 10000.00, nordkirchen: 10000.00, senden: 10000.00}",
                        "      2025: {luedinghausen: 10000.00, olfen: 10000.00, senden: 10000.00}")
    path = tmp_path / "coesfeld.yaml"
    path.write_text(text, encoding="utf-8")
    for sub in ("contributions",):  # the rest is shipped data, included by name
        shutil.copytree(COESFELD.parent / sub, tmp_path / sub)
    result = settle(path, 2025, "--no-workbook")
    assert result.exit_code == 3
    lines = error_lines(result)
    assert len(lines) == 2 and "2 Fehler in der Konfiguration" in result.stderr
    # Nord's advances are complete; Mitte lacks the year, Süd one member.
    assert "regions.mitte.advances: für 2025 sind keine Abschläge eingetragen (es fehlen: nottuln)" in lines[0]
    assert "regions.sued.advances: die Abschläge für 2025" in lines[1] and "nennen nicht: nordkirchen;" in lines[1]


def test_the_message_is_english_with_lang_en(tmp_path):
    path = config_with(tmp_path, {2023: {"b": "100.00"}})
    result = settle(path, 2023, "--no-workbook", "--lang", "en")
    (line,) = error_lines(result)
    assert "the advances for 2023 (line " in line and "do not name: c; add their advances" in line
    assert line.endswith("e.g. 2023: {b: 100.00, c: 0}")


def test_the_shipped_configuration_settles_2025_with_its_advances():
    result = settle(COESFELD, 2025, "--format", "json")
    assert result.exit_code == 0, result.stderr
    nord = json.loads(result.stdout)["regions"][0]
    billerbeck = next(m for m in nord["members"] if m["id"] == "billerbeck")
    # Own share Nord 2025: 195993.09 − 142500.00 = 53493.09; ÷ 4 = 13373.2725 → 13373.27 each,
    # the remainder cent to coesfeld (listed first). Advances 12000.00 (assumption), so the
    # Nachzahlung is 13373.27 − 12000.00 = 1373.27, not the whole share.
    assert nord["own_share"] == "53493.09"
    assert (billerbeck["share"], billerbeck["advances"], billerbeck["balance"]) == ("13373.27", "12000.00", "1373.27")


def test_a_real_process_refuses_a_year_without_advances(tmp_path):
    path = config_with(tmp_path, None)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-m", "kimcost", "settle", "2023", "--config", str(path), "--no-workbook"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 3
    assert f"test.yaml:{line_of(path, '  r:')}:3: regions.r: die Region hat keine Abschläge" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


# --- validate ---------------------------------------------------------------------------------


def validate(path: Path):
    return runner.invoke(app, ["validate", "--config", str(path)])


def test_validate_checks_every_settleable_year():
    result = validate(COESFELD)
    assert result.exit_code == 0, result.stderr
    # First holder 2023-01-01; the shipped data (tables, rates, ceilings, grant) ends with 2026;
    # the planning assumptions reach 2031: those years are checked too, without advances.
    assert result.stdout.endswith("; geprüfte Jahre: 2023, 2024, 2025, 2026; "
                                  "geprüfte Planungsjahre: 2027–2031 (Planungsannahmen, nicht zur Abrechnung)\n")


def test_validate_names_years_before_the_data_begins():
    result = runner.invoke(app, ["validate", "--config", "examples/guetersloh-rietberg/kreis-guetersloh.yaml"])
    assert result.exit_code == 0, result.stderr
    # The first holder starts 2021-12-01; the shipped pay tables begin 2022-04-01, so 2021 and
    # 2022 cannot be settled with them; 2023–2026 can, and each has its advances.
    assert result.stdout.endswith("geprüfte Jahre: 2023, 2024, 2025, 2026 (2021, 2022 nicht geprüft: die datierten Daten "
                                  "beginnen später); geprüfte Planungsjahre: 2027–2031 (Planungsannahmen, nicht zur "
                                  "Abrechnung)\n")
    english = runner.invoke(app, ["validate", "--config", "examples/guetersloh-rietberg/kreis-guetersloh.yaml",
                                  "--lang", "en"])
    assert english.stdout.endswith("years checked: 2023, 2024, 2025, 2026 (2021, 2022 not checked: the dated data "
                                   "begins later); planned years checked: 2027–2031 (planning assumptions, not for "
                                   "settling)\n")


def test_validate_refuses_a_settleable_year_without_advances(tmp_path):
    advances = {year: {"b": "100.00", "c": "100.00"} for year in (2023, 2024, 2026)}
    path = config_with(tmp_path, advances)
    result = validate(path)
    assert result.exit_code == 3, result.output
    (line,) = error_lines(result)
    assert f"test.yaml:{line_of(path, 'advances:')}:5: regions.r.advances: für 2025 sind keine Abschläge" in line
    advances[2025] = {"b": "0", "c": "0"}
    result = validate(config_with(tmp_path, advances))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("geprüfte Jahre: 2023, 2024, 2025, 2026\n")


def test_validate_without_any_advances_names_every_year_in_one_line(tmp_path):
    result = validate(config_with(tmp_path, None))
    assert result.exit_code == 3
    (line,) = error_lines(result)
    assert "es fehlen für 2023, 2024, 2025, 2026: b, c" in line
    assert suggestion(line) == ("advances: {2023: {b: 0, c: 0}, 2024: {b: 0, c: 0}, "
                                "2025: {b: 0, c: 0}, 2026: {b: 0, c: 0}}")


# --- the commands that plan or compare shares need none --------------------------------------


@pytest.mark.parametrize("args", [
    ["forecast", "2023", "2026", "--format", "json"],
    ["compare", "2024", "--format", "json", "--scenario", "GRANT_ENDS"],
    ["explain", "2024", "--member", "b", "--format", "json"],
])
def test_forecast_compare_and_explain_run_without_advances(tmp_path, args):
    path = config_with(tmp_path, None)
    grant_ends = tmp_path / "grant-ends.yaml"
    grant_ends.write_text("name: grant-ends\ndescription: Förderung entfällt\nchanges:\n"
                          "  - {set: grants.test-grant.amounts, since: 2024-01-01, value: 0}\n", encoding="utf-8")
    args = [str(grant_ends) if a == "GRANT_ENDS" else a for a in args]
    result = runner.invoke(app, [*args, "--config", str(path)])
    assert result.exit_code == 0, result.output


# --- the library function --------------------------------------------------------------------


def test_require_advances_raises_issues_with_locations(tmp_path):
    path = config_with(tmp_path, {2023: {"b": "100.00"}})
    loaded = load_config(path)
    require_advances(loaded.config, loaded.sources)  # no year: nothing to require
    with pytest.raises(ConfigError) as info:
        require_advances(loaded.config, loaded.sources, 2023, 2024, lang="en")
    issues = info.value.issues
    assert [i.path for i in issues] == [("regions", "r", "advances")] * 2
    assert all(i.location is not None and i.location.line == line_of(path, "advances:") for i in issues)
    assert "the advances for 2023" in issues[0].text("en") and "no advances are written for 2024" in issues[1].text("en")
    assert missing_advances(loaded.config, loaded.sources, [2022 + 1], "en")[0].message == issues[0].message


def test_the_employer_pays_no_advances_and_a_party_employer_leaves_all_members_paying(coesfeld):
    gt = load_config(ROOT / "examples" / "guetersloh-rietberg" / "kreis-guetersloh.yaml")
    assert paying_members(gt.config.regions["rietberg"]) == ["rietberg"]     # the Caritas employs
    assert paying_members(coesfeld.config.regions["nord"]) == ["billerbeck", "havixbeck", "rosendahl"]


def test_a_member_id_yaml_would_misread_is_quoted_in_the_line_to_write(tmp_path):
    path = write_config(tmp_path, POSTS, members=["a", "no", "0301"], advances={2023: {"no": "1.00"}})
    (issue,) = missing_advances((loaded := load_config(path)).config, loaded.sources, [2023])
    assert issue.text("de").endswith("z. B. 2023: {'no': 1.00, '0301': 0}")


def test_validate_under_a_scenario_with_assumed_data_checks_the_years_of_the_configuration_itself(tmp_path):
    # The scenario's assumed data reaches 2029; those years are planned, not settled, so no
    # advances are asked for them (and the planning assumptions reach on to 2031).
    scenario = tmp_path / "carry.yaml"
    scenario.write_text("name: carry\ndescription: bis 2029 fortgeschrieben\nchanges:\n"
                        "  - pay_rise: {date: 2027-04-01, percent: 3.0, repeat_until: 2029}\n"
                        "  - carry_forward: {until: 2029}\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--config", str(COESFELD), "--scenario", str(scenario)])
    assert result.exit_code == 0, result.stderr
    assert "mit Szenario carry" in result.stdout
    assert result.stdout.endswith("geprüfte Jahre: 2023, 2024, 2025, 2026; "
                                  "geprüfte Planungsjahre: 2027–2031 (Planungsannahmen, nicht zur Abrechnung)\n")
