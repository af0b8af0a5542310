"""Scenarios (issue 4): the overlay format, its errors with file:line, pay rises and
carried-forward assumptions, and ``settle --scenario``."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.configuration import ConfigError
from kimcost.loading import load_config
from kimcost.scenarios import ABSENT
from tests.builders import line_of, with_zero_advances, without_planning, write
from tests.conftest import COESFELD

runner = CliRunner()
D = Decimal


# --- the loader API -------------------------------------------------------------------------


def test_no_scenario_leaves_the_configuration_as_it_is(coesfeld):
    again = load_config(COESFELD, ())
    assert again.scenarios == ()
    assert again.config == coesfeld.config


def test_set_since_holds_from_that_day_on_and_points_at_the_scenario_line(tmp_path):
    scenario = write(tmp_path, "grant-ends.yaml", """
        name: grant-ends
        description: Förderung entfällt ab 2025
        changes:
          - set: grants.kim-nrw.amounts
            since: 2025-01-01
            value: 0
    """)
    loaded = load_config(COESFELD, [str(scenario)])
    amounts = loaded.config.grants["kim-nrw"].amounts
    # The base has 57,000 € (assumption) for 2025 and 2026; both now hold 0, so the series
    # still reaches 2026 — and 2024 is untouched.
    assert amounts[dt.date(2024, 1, 1)].value == D("57000.00")
    assert amounts[dt.date(2025, 1, 1)].value == D("0")
    assert amounts[dt.date(2026, 1, 1)].value == D("0")
    # A scenario's value is an assumption with the scenario as its source.
    assert amounts[dt.date(2025, 1, 1)].status.value == "assumption"
    assert "grant-ends" in amounts[dt.date(2025, 1, 1)].source
    # explain and error messages find the value in the scenario file, at 'value: 0'.
    where = loaded.locate(("grants", "kim-nrw", "amounts", dt.date(2025, 1, 1), "value"))
    assert (Path(where.file).name, where.line) == ("grant-ends.yaml", line_of(scenario, "value: 0"))
    (applied,) = loaded.scenarios
    assert (applied.name, applied.description) == ("grant-ends", "Förderung entfällt ab 2025")
    assert [(c.key, c.base_text, c.value_text) for c in applied.changes] == [
        ("grants.kim-nrw.amounts.2025-01-01", "57000.00 (assumption)", "0 (assumption)"),
        ("grants.kim-nrw.amounts.2026-01-01", "57000.00 (assumption)", "0 (assumption)"),
    ]
    assert scenario in loaded.files  # so no output may overwrite it


def test_grade_key_vacancy_extra_post_and_kvw_rate(tmp_path):
    scenario = write(tmp_path, "many.yaml", """
        name: many
        description: every kind of change
        changes:
          - set: positions.nord-1.holders[0].grade
            value: S 11b
          - set: regions.nord.key
            value: population
          - set: positions[nord-2].holders[Case-Manager Nord 2].end
            value: 2024-06-30
          - remove: positions.nord-3.holders[0]
          - add: positions
            value: {id: nord-4, region: nord, fte: 0.5,
                    holders: [{name: Neu, start: 2024-07-01, fte: 0.5, grade: S 12, step: 1, step_since: 2024-07-01}]}
          - set: supplementary_pension
            since: 2024-01-01
            value: 5.1
    """)
    loaded = load_config(COESFELD, [str(scenario)])
    cfg = loaded.config
    posts = {p.id: p for p in cfg.positions}
    assert posts["nord-1"].holders[0].grade == "S 11b"
    assert cfg.regions["nord"].key == "population"
    assert posts["nord-2"].holders[0].end == dt.date(2024, 6, 30)
    # Removing Nord 3's first holder leaves the second one, now at index 0 …
    assert [h.name for h in posts["nord-3"].holders] == ["Case-Manager Nord 3b"]
    # … and its source lines moved with it (it is written on the line naming 3b).
    base_line = load_config(COESFELD).locate(("positions", 2, "holders", 1, "name")).line
    assert loaded.locate(("positions", 2, "holders", 0, "name")).line == base_line
    assert posts["nord-4"].fte == D("0.5")
    assert cfg.supplementary_pension[dt.date(2024, 1, 1)].percent == D("5.1")
    changes = {c.key: c for c in loaded.scenarios[0].changes}
    assert changes["positions.nord-1.holders[0].grade"].base == "S 12"
    assert changes["positions.nord-4"].base is ABSENT
    assert changes["positions.nord-3.holders[0]"].value is ABSENT
    assert changes["supplementary_pension.2024-01-01"].value_text == "5.1 % (assumption)"


def including_coesfeld(folder: Path) -> tuple[str, str]:
    """include_roots and include lines (relative, as the loader wants) for the shipped Coesfeld file."""
    return os.path.relpath(COESFELD.parent, folder), os.path.relpath(COESFELD, folder)


def test_inline_scenarios_are_chosen_by_name(tmp_path):
    root, main = including_coesfeld(tmp_path)
    config = write(tmp_path, "with-scenarios.yaml", f"""
        include_roots: [{root}]
        include: [{main}]
        scenarios:
          equal-to-population:
            description: Nord nach Einwohnern
            changes:
              - set: regions.nord.key
                value: population
    """)
    # The shipped file is included whole; its own includes are relative to it.
    assert load_config(config).config.regions["nord"].key == "equal"
    loaded = load_config(config, ["equal-to-population"])
    assert loaded.config.regions["nord"].key == "population"
    assert loaded.scenarios[0].file is None


def test_pay_rise_creates_table_versions_rounded_half_up(tmp_path):
    scenario = write(tmp_path, "rise.yaml", """
        name: rise
        description: 2 % ab 2027
        changes:
          - pay_rise: {tariff: tvoed-sue, date: 2027-01-01, percent: 2.0}
    """)
    loaded = load_config(COESFELD, [str(scenario)])
    version = loaded.config.tariffs["tvoed-sue"].tables[dt.date(2027, 1, 1)]
    # From the last known table (1 May 2026, S 12: 3967.57 4237.49 4590.75 4903.53 5290.81 5454.65),
    # each amount × 1.02, rounded half up to the cent (docs/rules.md, pay rise):
    #   3967.57 × 1.02 = 4046.9214 → 4046.92      4237.49 × 1.02 = 4322.2398 → 4322.24
    #   4590.75 × 1.02 = 4682.5650 → 4682.57 (half up; bankers' rounding would give .56)
    #   4903.53 × 1.02 = 5001.6006 → 5001.60      5290.81 × 1.02 = 5396.6262 → 5396.63
    #   5454.65 × 1.02 = 5563.7430 → 5563.74
    assert version.grades["S 12"] == [D("4046.92"), D("4322.24"), D("4682.57"), D("5001.60"), D("5396.63"), D("5563.74")]
    assert version.status.value == "assumption"
    assert "2026-05-01" in version.source
    # Only the named tariff was raised.
    assert dt.date(2027, 1, 1) not in loaded.config.tariffs["tvoed-vka"].tables


def test_pay_rise_minimum_and_repetition(tmp_path):
    scenario = write(tmp_path, "rise.yaml", """
        name: rise
        description: 2 %, mindestens 110 €, jährlich
        changes:
          - pay_rise: {tariff: tvoed-sue, date: 2027-03-01, percent: 2.0, minimum: 110, repeat_until: 2028}
    """)
    tables = load_config(COESFELD, [str(scenario)]).config.tariffs["tvoed-sue"].tables
    s11b_2027 = tables[dt.date(2027, 3, 1)].grades["S 11b"]
    # S 11b step 1: 3915.12 × 1.02 = 3993.4224 → 3993.42, less than 3915.12 + 110 = 4025.12: the minimum wins.
    # S 11b step 6: 5440.57 × 1.02 = 5549.3814 → 5549.38, still less than 5440.57 + 110 = 5550.57.
    assert s11b_2027[0] == D("4025.12")
    assert s11b_2027[5] == D("5550.57")
    # 2028 builds on 2027: 4025.12 × 1.02 = 4105.6224 → 4105.62 < 4135.12, so the minimum again.
    assert tables[dt.date(2028, 3, 1)].grades["S 11b"][0] == D("4135.12")


def test_pay_rise_is_an_assumption_in_the_json_output(tmp_path):
    scenario = write(tmp_path, "rise.yaml", """
        name: rise
        description: 2 % ab 2027, Rest fortgeschrieben
        changes:
          - pay_rise: {tariff: tvoed-sue, date: 2027-01-01, percent: 2.0}
          - carry_forward: {until: 2027}
    """)
    config = with_zero_advances(tmp_path, COESFELD, [2027])  # settle needs the year's advances
    result = runner.invoke(app, ["settle", "2027", "--config", str(config), "--scenario", str(scenario), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    flagged = {a["key"]: a for a in document["assumptions"]}
    assert flagged["tariffs.tvoed-sue.tables.2027-01-01"]["status"] == "assumption"
    assert flagged["social_insurance.rates.2027-01-01"]["status"] == "assumption"
    assert flagged["grants.kim-nrw.amounts.2027-01-01"]["status"] == "assumption"
    # The document names the scenario and what it changed.
    assert [s["name"] for s in document["scenarios"]] == ["rise"]
    kinds = {c["key"]: c["kind"] for c in document["scenarios"][0]["changes"]}
    assert kinds["tariffs.tvoed-sue.tables.2027-01-01"] == "pay_rise"
    assert kinds["grants.kim-nrw.amounts.2027-01-01"] == "carry_forward"


def test_carry_forward_copies_the_last_entry_for_each_later_year(tmp_path):
    scenario = write(tmp_path, "carry.yaml", """
        name: carry
        description: bis 2028 fortgeschrieben
        changes:
          - carry_forward: {until: 2028, series: [grant, social_insurance]}
    """)
    cfg = load_config(without_planning(tmp_path), [str(scenario)]).config
    ceilings = cfg.social_insurance.ceilings
    # The 2026 ceilings (health 5812.50, pension 8450.00) hold in 2027 and 2028 as assumptions.
    for year in (2027, 2028):
        entry = ceilings[dt.date(year, 1, 1)]
        assert entry.monthly == {"health": D("5812.50"), "pension": D("8450.00")}
        assert entry.status.value == "assumption"
    assert cfg.grants["kim-nrw"].amounts[dt.date(2028, 1, 1)].value == D("57000.00")
    # Pay tables were not named, so none was added.
    assert max(cfg.tariffs["tvoed-sue"].tables) == dt.date(2026, 5, 1)


def test_settle_names_the_scenario_on_the_terminal(tmp_path):
    scenario = write(tmp_path, "grant-ends.yaml", """
        name: grant-ends
        description: Förderung entfällt ab 2025
        changes:
          - set: grants.kim-nrw.amounts
            since: 2025-01-01
            value: 0
    """)
    result = runner.invoke(app, ["settle", "2025", "-c", str(COESFELD), "-s", str(scenario), "--no-workbook"])
    assert result.exit_code == 0, result.output
    assert "grant-ends" in result.stdout
    assert "Förderung entfällt ab 2025" in result.stdout
    # the input by name and date, not by its key path (German throughout, issue 10)
    assert "grants.kim-nrw" not in result.stdout
    assert "Landesförderung" in result.stdout and "01.01.2025" in result.stdout  # the cell may wrap


# --- errors: exit 3 with the scenario file's line --------------------------------------------


def run_settle(scenario: Path):
    return runner.invoke(app, ["settle", "2024", "--config", str(COESFELD), "--scenario", str(scenario), "--no-workbook",
                               "--lang", "en"])


def test_unknown_key_in_a_scenario_file(tmp_path):
    scenario = write(tmp_path, "typo.yaml", """
        name: typo
        description: Tippfehler
        changes:
          - set: regions.nord.key
            valeu: population
    """)
    result = run_settle(scenario)
    assert result.exit_code == 3
    assert f"typo.yaml:{line_of(scenario, 'valeu')}:" in result.stderr
    assert "unknown key 'valeu'; did you mean 'value'?" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_top_level_key_and_verb(tmp_path):
    scenario = write(tmp_path, "typo.yaml", """
        name: typo
        description: Tippfehler
        changes:
          - sett: regions.nord.key
            value: population
        comment: nicht erlaubt
    """)
    result = run_settle(scenario)
    assert result.exit_code == 3
    assert f"typo.yaml:{line_of(scenario, 'comment:')}:" in result.stderr
    assert "unknown key 'comment'; allowed keys here: changes, description, name, title" in result.stderr


def test_a_wrong_verb_is_reported_with_its_line(tmp_path):
    scenario = write(tmp_path, "typo.yaml", """
        name: typo
        description: Tippfehler
        changes:
          - sett: regions.nord.key
            value: population
    """)
    result = run_settle(scenario)
    assert result.exit_code == 3
    assert f"typo.yaml:{line_of(scenario, 'sett:')}:" in result.stderr
    assert "did you mean 'set'?" in result.stderr


@pytest.mark.parametrize(("path", "expected"), [
    ("regions.nrod.key", "regions.nrod does not exist in the configuration; did you mean 'nord'?"),
    ("positions.nord-9.fte", "positions has no item 'nord-9'; did you mean"),
    ("positions.nord-1.holders[0].grdae", "unknown key 'grdae' under positions.nord-1.holders[0]; did you mean 'grade'?"),
    ("positions.nord-1.holders[3].grade", "has 1 item(s), numbered from 0; there is no [3]"),
    ("grants.kim-nrw.amounts.2025-13-01", "is not a date"),
])
def test_unknown_paths(tmp_path, path, expected):
    scenario = write(tmp_path, "path.yaml", f"""
        name: path
        description: falscher Pfad
        changes:
          - set: {path}
            value: 1
    """)
    result = run_settle(scenario)
    assert result.exit_code == 3
    assert f"path.yaml:{line_of(scenario, '- set:')}:" in result.stderr
    assert expected in result.stderr


def test_a_bad_value_is_reported_at_the_scenario_line(tmp_path):
    scenario = write(tmp_path, "bad.yaml", """
        name: bad
        description: mehr als eine volle Stelle
        changes:
          - set: positions.nord-1.holders[0].fte
            value: 1.5
    """)
    result = run_settle(scenario)
    assert result.exit_code == 3
    # The schema's own message, located in the scenario file rather than the base.
    assert f"bad.yaml:{line_of(scenario, 'value: 1.5')}:" in result.stderr
    assert "1.5 is more than a full post" in result.stderr


def test_a_negative_grant_is_a_bad_value(tmp_path):
    scenario = write(tmp_path, "bad.yaml", """
        name: bad
        description: negative Förderung
        changes:
          - set: grants.kim-nrw.amounts
            since: 2025-01-01
            value: -5
    """)
    result = run_settle(scenario)
    assert result.exit_code == 3
    assert f"bad.yaml:{line_of(scenario, 'value: -5')}:" in result.stderr
    assert "negative" in result.stderr


def test_pay_rise_before_the_last_table_is_an_error(tmp_path):
    scenario = write(tmp_path, "early.yaml", """
        name: early
        description: zu früh
        changes:
          - pay_rise: {date: 2026-03-01, percent: 3}
    """)
    result = run_settle(scenario)
    assert result.exit_code == 3
    assert f"early.yaml:{line_of(scenario, 'pay_rise')}:" in result.stderr
    assert "takes effect 2026-05-01; an assumed rise must come after it" in result.stderr


def test_unknown_scenario_name_suggests_a_known_one(tmp_path):
    root, main = including_coesfeld(tmp_path)
    config = write(tmp_path, "c.yaml", f"""
        include_roots: [{root}]
        include: [{main}]
        scenarios:
          grant-ends:
            description: Förderung entfällt
            changes:
              - set: grants.kim-nrw.amounts
                since: 2025-01-01
                value: 0
    """)
    result = runner.invoke(app, ["settle", "2024", "-c", str(config), "-s", "grant-end", "--no-workbook", "--lang", "en"])
    assert result.exit_code == 3
    assert "no scenario named 'grant-end'" in result.stderr
    assert "did you mean 'grant-ends'?" in result.stderr
    german = runner.invoke(app, ["settle", "2024", "-c", str(config), "-s", "grant-end", "--no-workbook"])
    assert "Fehler: unter 'scenarios:' gibt es kein Szenario 'grant-end' und keine Datei dieses Namens; meinten Sie " \
           "'grant-ends'?" in german.stderr


def test_errors_in_every_change_are_reported_together(tmp_path):
    scenario = write(tmp_path, "two.yaml", """
        name: two
        description: zwei Fehler
        changes:
          - set: regions.nrod.key
            value: equal
          - remove: positions.nord-9
    """)
    with pytest.raises(ConfigError) as caught:
        load_config(COESFELD, [str(scenario)])
    assert [i.location.line for i in caught.value.issues] == [line_of(scenario, "nrod"), line_of(scenario, "nord-9")]


def test_key_paths_are_split_as_written():
    from kimcost.scenarios.paths import PathError, split_path

    assert split_path("positions[nord-1].holders[Case-Manager Nord 2].end") == [
        ("positions", False), ("nord-1", True), ("holders", False), ("Case-Manager Nord 2", True), ("end", False)]
    # Grades contain spaces and dates dashes: only dots and brackets separate.
    assert split_path("tariffs.tvoed-sue.tables.2026-05-01.grades.S 12[2]")[-2:] == [("S 12", False), ("2", True)]
    for bad in ("regions..nord", ".regions", "regions.", "positions[nord-1", "positions[]"):
        with pytest.raises(PathError):
            split_path(bad)
