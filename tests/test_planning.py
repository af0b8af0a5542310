"""Planning assumptions (``planning:``) and ``checked_until`` (issue 9, "Planning beyond the data").

Shipped figures (src/kimcost/data): SuE table of 1 May 2026, S 12 step 1 3967.57, step 3
4590.75; ceilings 2026 health 5812.50, pension 8450.00; grant 57.000 € per VZÄ-year.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.configuration import ConfigError
from kimcost.configuration.planning import raise_amount
from kimcost.configuration.schema import Planning
from kimcost.configuration.yaml_source import read_yaml
from kimcost.engine import settle
from kimcost.engine.forecast import forecast
from kimcost.loading import load_config
from tests.builders import grant, holder, line_of, position, with_zero_advances, without_planning, write_config
from tests.conftest import COESFELD, ROOT

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(autouse=True)
def in_repository(monkeypatch):
    monkeypatch.chdir(ROOT)   # messages name files relative to the working folder


PLANNING_LINE = line_of(COESFELD, "planning:")


# --- the shipped forecast ---------------------------------------------------------------------


def test_shipped_forecast_2027_2030_runs_and_its_2027_column_is_a_settlement_of_2027():
    result = run("forecast", "2027", "2030", "--config", "configs/coesfeld.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["scenarios"] == []      # no option and no file: the configuration's own planning
    # The 2027 column equals a settlement of 2027 under the same assumptions, figure by figure.
    loaded = load_config(COESFELD)
    single = settle(loaded.config, 2027)
    for region in single.regions:
        column = next(r for r in doc["regions"] if r["id"] == region.id)["years"]["2027"]
        assert (D(column["costs"]), D(column["grant"]), D(column["own_share"])) == \
               (region.costs.total, region.grant, region.own_share)
        for member in region.members:
            shares = next(m for m in doc["members"] if m["id"] == member.id)["shares"]
            assert D(shares["2027"]) == member.share
    assert forecast(loaded.config, 2027, 2030).settlement(2027) == single


def test_a_value_created_for_2028_is_listed_with_its_years():
    doc = json.loads(run("forecast", "2027", "2030", "--config", "configs/coesfeld.yaml", "--format", "json").stdout)
    flagged = {a["key"]: a for a in doc["assumptions"]}
    # The rise of 1 April 2028 is in force April 2028 – March 2029.
    rise = flagged["tariffs.tvoed-sue.tables.2028-04-01"]
    assert rise["years"] == [2028, 2029] and rise["status"] == "assumption"
    assert rise["source"].startswith("planning assumption (") and "+3.0 %, at least +110.00 €" in rise["source"]
    ceilings = flagged["social_insurance.ceilings.2028-01-01"]
    # 5812.50 × 1.03 = 5986.875 → 5986.88; × 1.03 = 6166.4864 → 6166.49. 8450 × 1.03 = 8703.50 → 8964.605 → 8964.61.
    assert ceilings["years"] == [2028] and ceilings["value"] == "health 6166.49, pension 8964.61"
    assert flagged["grants.kim-nrw.amounts.2028-01-01"]["value"] == "57000.00"
    # The tables checked until 31 March 2027 (the agreement's term) are listed for 2027.
    assert flagged["tariffs.tvoed-sue.checked_until"]["years"] == [2027]


def test_planned_pay_in_2027_follows_the_checked_table_then_the_assumed_rise():
    loaded = load_config(COESFELD)
    # Case-Managerin Mitte: S 12 step 4 since 2020-06-01, step 5 from 2024-06-01 (4 years) on,
    # step 6 from 2029-06-01: in 2027 step 5. 2026-05-01 table 5290.81 to March (checked until
    # 31 March 2027); from 1 April round(5290.81 × 1.03) = round(5449.5343) = 5449.53.
    months = settle(loaded.config, 2027).position("mitte-1").holders[0].months
    assert [m.pay for m in months[2:4]] == [D("5290.81"), D("5449.53")]
    table = loaded.config.tariffs["tvoed-sue"].tables[dt.date(2027, 4, 1)]
    assert table.status.value == "assumption" and table.grades["S 12"][4] == D("5449.53")
    # Each planned entry cites the line of its rule.
    where = loaded.locate(("tariffs", "tvoed-sue", "tables", dt.date(2027, 4, 1), "grades", "S 12", 4))
    assert (where.file, where.line) == ("configs/coesfeld.yaml", line_of(COESFELD, "    tvoed-sue: {percent"))


def test_terminal_and_workbook_of_the_forecast_show_the_assumptions(tmp_path):
    out = tmp_path / "prognose.xlsx"
    result = run("forecast", "2027", "2030", "--config", "configs/coesfeld.yaml", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Werte sind Annahmen oder vorläufig" in result.stdout
    # The terminal note names the years and the rules they rest on, at the planning's line.
    assert (f"2027–2030 beruhen auf Planungsannahmen ('planning:' in configs/coesfeld.yaml:{PLANNING_LINE}:1): "
            "Landesförderung (2027–2030), Beitragsbemessungsgrenzen (2027–2030), Beitragssätze Sozialversicherung "
            "(2027–2030), Tariferhöhung TVöD VKA – Sozial- und Erziehungsdienst (SuE) (2027–2030)") in result.stderr
    # Years the data covers rest on none: no note.
    assert "Planungsannahmen" not in run("forecast", "2025", "2026", "--config", "configs/coesfeld.yaml",
                                          "--no-workbook").stderr
    from openpyxl import load_workbook

    sheet = load_workbook(out)["Annahmen"]
    keys = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    # worded for people (reports/wording.py), each with the date it holds from
    assert "Entgelttabelle TVöD VKA – Sozial- und Erziehungsdienst (SuE)" in keys
    assert "Landesförderung KIM – Case-Management: Betrag je VZÄ und Jahr" in keys
    dates = {c.value for row in sheet.iter_rows() for c in row if not isinstance(c.value, str) and c.value}
    assert dt.datetime(2028, 4, 1) in dates and dt.datetime(2030, 1, 1) in dates


# --- settle refuses a year resting on planning assumptions --------------------------------------


def test_settle_refuses_a_year_covered_only_by_planning_assumptions(tmp_path):
    config = with_zero_advances(tmp_path, COESFELD, [2027])   # advances present: planning is what fails
    workbook = tmp_path / "abrechnung.xlsx"
    for args in (["--out", str(workbook)], ["--format", "json"], ["--format", "csv"]):
        result = run("settle", "2027", "--config", str(config), *args)
        assert result.exit_code == 3, result.output
        assert result.stdout == "" and not workbook.exists()
        err = result.stderr
        lines = [line for line in err.splitlines() if line.startswith("Fehler: ")]
        # One line per planned value the year would use, at the line of its rule.
        assert {line.split(": ", 3)[2] for line in lines} == {
            "planning.pay_rise.tvoed-sue", "planning.contribution_rates", "planning.contribution_ceilings", "planning.grant"}
        rise = line_of(COESFELD, "    tvoed-sue: {percent")
        assert any(f"configs/coesfeld.yaml:{rise}:5: planning.pay_rise.tvoed-sue: settle 2027: "
                   "tariffs.tvoed-sue.tables.2027-04-01 ist eine Planungsannahme" in line for line in lines), err
        assert "settle 2027: das Jahr beruht auf 4 Planungsannahme(n)" in err
        assert "kimcost forecast 2027 2027 --config" in err and "Nichts wurde geschrieben." in err
    english = run("settle", "2027", "--config", str(config), "--lang", "en", "--no-workbook")
    assert english.exit_code == 3 and "is a planning assumption" in english.stderr
    assert "A settlement is the final statement of a past year" in english.stderr


def test_settle_of_a_year_the_data_covers_is_unaffected_by_planning(tmp_path):
    # The same figures with and without the planning block: planning only adds later entries.
    plain = load_config(without_planning(tmp_path))
    planned = load_config(COESFELD)
    for year in (2025, 2026):
        assert settle(planned.config, year) == settle(plain.config, year)
    assert run("settle", "2026", "--config", "configs/coesfeld.yaml", "--no-workbook").exit_code == 0


def test_a_scenario_that_supplies_the_data_may_still_be_settled(tmp_path):
    # Assumed data from a scenario is named on the command line and listed: not planning.
    scenario = tmp_path / "data-2027.yaml"
    scenario.write_text("name: data-2027\ndescription: die Werte 2027 vorab\nchanges:\n"
                        "  - pay_rise: {date: 2027-04-01, percent: 3.0}\n"
                        "  - carry_forward: {until: 2027}\n", encoding="utf-8")
    config = with_zero_advances(tmp_path, COESFELD, [2027])
    result = run("settle", "2027", "--config", str(config), "--scenario", str(scenario), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "social_insurance.rates.2027-01-01" in {a["key"] for a in json.loads(result.stdout)["assumptions"]}


# --- missing data: all series, the command, the remedy -------------------------------------------


@pytest.mark.parametrize("command", [
    ["settle", "2027", "--no-workbook"],
    ["forecast", "2026", "2028", "--no-workbook"],
    ["compare", "2027", "--scenario", "examples/coesfeld-grant-ends.yaml", "--no-workbook"],
    ["explain", "2027", "--region", "nord"],
])
def test_missing_data_names_every_series_the_command_and_the_remedy(tmp_path, command):
    config = without_planning(tmp_path)
    if command[0] == "settle":
        config = with_zero_advances(tmp_path, config, [2027])
    result = run(*command, "--config", str(config))
    assert result.exit_code == 3, result.output
    err = result.stderr
    name = command[0]
    lines = [line for line in err.splitlines() if line.startswith("Fehler: ")]
    assert len(lines) == 4 and all(f": {name} 2027: " in line for line in lines), err
    for series in ("tariffs.tvoed-sue.tables.2026-05-01", "social_insurance.rates.2026-01-01",
                   "social_insurance.ceilings.2026-01-01", "grants.kim-nrw.amounts.2026-01-01"):
        assert any(series in line for line in lines), series
    assert "Die datierten Daten reichen bis 2026." in err
    other = {"settle", "forecast", "compare", "explain"} - {name}
    assert not any(f": {o} " in line for line in lines for o in other)   # never "settle" for a forecast
    if name == "settle":
        assert "Eine Abrechnung braucht die tatsächlichen Werte" in err and "planning:\n" not in err
    else:
        # The remedy that exists, with a block to paste: a line for each series that ends.
        snippet = err[err.index("planning:\n"):]
        planning = read_yaml("snippet", snippet.split("\nOder ")[0].encode())[0]["planning"]
        assert set(planning) == {"until", "source", "pay_rise", "contribution_rates", "contribution_ceilings", "grant"}
        Planning.model_validate(planning)   # it is valid as written


def test_validate_reports_every_series_its_planning_leaves_out(tmp_path):
    main = without_planning(tmp_path)
    text = main.read_text(encoding="utf-8").replace(
        "regions:\n", "planning:\n  until: 2029\n  source: test\n  pay_rise:\n    tvoed-sue: {percent: 2, month: 3}\n\nregions:\n", 1)
    main.write_text(text, encoding="utf-8")
    result = run("validate", "--config", str(main))
    assert result.exit_code == 3
    err = result.stderr
    lines = [line for line in err.splitlines() if line.startswith("Fehler: ")]
    assert len(lines) == 3 and all(": validate 2027: " in line for line in lines), err
    assert "validate: für 2027–2029 fehlen die Daten der 3 Reihe(n) oben" in err
    # The rules that are missing, ready to paste under the existing key.
    assert "nennt für diese Reihen keine Regel" in err
    assert "  contribution_rates: carry_forward" in err and "  grant: carry_forward" in err
    assert "pay_rise" not in err.split("keine Regel")[1]


def test_a_year_beyond_the_planning_says_to_raise_until(tmp_path):
    result = run("forecast", "2030", "2033", "--config", "configs/coesfeld.yaml", "--no-workbook", "--lang", "en")
    assert result.exit_code == 3
    until = line_of(COESFELD, "  until: 2031")
    assert f"planning.until is 2031 (configs/coesfeld.yaml:{until}:10); set it to 2033" in result.stderr
    assert "The dated data reaches 2026, the planning assumptions ('planning:') 2031." in result.stderr


# --- checked_until ----------------------------------------------------------------------------


def _one_post(tmp_path: Path, grants: dict, extra: str = "") -> Path:
    path = write_config(tmp_path, [position("p1", [holder("2024-01-01", "S 12", 3, "2024-01-01")])], grants=grants,
                        advances={y: {"b": "0", "c": "0"} for y in range(2024, 2030)})
    if extra:
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def _grant_checked(until: str, status: str = "seen") -> dict:
    out = grant({dt.date(2024, 1, 1): "57000"})
    out["test-grant"]["checked_until"] = {"date": until, "source": "Zuwendungsbescheid", "status": status}
    return out


def test_checked_until_says_once_that_the_last_value_still_holds(tmp_path):
    path = _one_post(tmp_path, _grant_checked("2026-12-31"))
    loaded = load_config(path)
    result = settle(loaded.config, 2026)
    # 57.000 € for a full post held all year, from the 2024 entry, which still holds in 2026.
    assert result.regions[0].grant == D("57000.00")
    used = dict(result.parameters_used)
    assert ("grants", "test-grant", "checked_until") in used       # listed among the parameters
    # Where the entry's own year suffices, the statement is not needed and not listed.
    assert ("grants", "test-grant", "checked_until") not in dict(settle(loaded.config, 2024).parameters_used)


def test_a_year_beyond_the_checked_range_is_an_error(tmp_path):
    # Checked to 30 June 2027: 2027 is not covered whole; nothing is carried forward silently.
    path = _one_post(tmp_path, _grant_checked("2027-06-30"))
    result = run("settle", "2027", "--config", str(path), "--no-workbook", "--lang", "en")
    assert result.exit_code == 3
    assert "amounts of Test grant end with 2024 (last entry 2024-01-01, checked until 2027-06-30); " \
           "add an entry for 2027" in result.stderr


def test_a_planning_assumption_covers_the_year_after_the_checked_range(tmp_path):
    planning = ("planning:\n  until: 2027\n  source: plan\n  contribution_rates: carry_forward\n"
                "  contribution_ceilings: carry_forward\n  grant: {index_percent: 2.0}\n"
                "  pay_rise:\n    tvoed-sue: {percent: 3.0, month: 4}\n")
    path = _one_post(tmp_path, _grant_checked("2027-06-30"), planning)
    cfg = load_config(path).config
    amounts = cfg.grants["test-grant"].amounts
    # The checked range ends 30 June 2027: the last amount carried forward from 1 July, as an
    # assumption; no 1 January entry in the checked range.
    assert sorted(amounts) == [dt.date(2024, 1, 1), dt.date(2027, 7, 1)]
    assert amounts[dt.date(2027, 7, 1)].value == D("57000.00") and amounts[dt.date(2027, 7, 1)].status.value == "assumption"
    # A forecast of 2027 works; a settlement does not (it would rest on the July entry).
    assert forecast(cfg, 2027, 2027).settlement(2027).regions[0].grant == D("57000.00")
    assert run("settle", "2027", "--config", str(path), "--no-workbook").exit_code == 3


# --- the rules, by hand -----------------------------------------------------------------------


def _planned(tmp_path: Path, planning: str) -> Path:
    main = without_planning(tmp_path)
    text = main.read_text(encoding="utf-8").replace("regions:\n", planning + "\nregions:\n", 1)
    main.write_text(text, encoding="utf-8")
    return main


def test_grant_indexed_then_ending(tmp_path):
    main = _planned(tmp_path, "planning:\n  until: 2030\n  source: plan\n  contribution_rates: carry_forward\n"
                              "  contribution_ceilings: carry_forward\n  pay_rise:\n    tvoed-sue: {percent: 0, month: 4}\n"
                              "  grant: {index_percent: 2.0, ends: 2029-07-01}\n")
    cfg = load_config(main).config
    amounts = cfg.grants["kim-nrw"].amounts
    # 57000 × 1.02 = 58140.00; × 1.02 = 59302.80; × 1.02 = 60488.856 → 60488.86; 0 from 1 July 2029.
    assert [amounts[dt.date(y, 1, 1)].value for y in (2027, 2028, 2029)] == [D("58140.00"), D("59302.80"), D("60488.86")]
    assert amounts[dt.date(2029, 7, 1)].value == D("0.00") and amounts[dt.date(2030, 1, 1)].value == D("0.00")
    fc = forecast(cfg, 2029, 2030)
    # Region Mitte, one full post all year: 60488.86 × 6/12 = 30244.43 in 2029, nothing in 2030.
    assert fc.settlement(2029).region("mitte").grant == D("30244.43")
    assert fc.settlement(2030).region("mitte").grant == D("0.00")


def test_pay_rise_without_checked_range_carries_the_table_to_the_rise(tmp_path):
    main = _planned(tmp_path, "planning:\n  until: 2028\n  source: plan\n  contribution_rates: carry_forward\n"
                              "  contribution_ceilings: carry_forward\n  grant: carry_forward\n"
                              "  pay_rise:\n    tvoed-sue: {percent: 3.0, month: 5}\n")
    # The shipped tables are checked until 31 March 2027: planned from 1 April, carried to the
    # May rise. Without planning they would be no more than "checked".
    tables = load_config(main).config.tariffs["tvoed-sue"].tables
    assert [d for d in sorted(tables) if d.year >= 2027] == [dt.date(2027, 4, 1), dt.date(2027, 5, 1), dt.date(2028, 5, 1)]
    assert tables[dt.date(2027, 4, 1)].grades == tables[dt.date(2026, 5, 1)].grades
    assert "carried forward" in tables[dt.date(2027, 4, 1)].source


@given(st.decimals(min_value=0, max_value=100000, places=2), st.decimals(min_value=0, max_value=20, places=1),
       st.one_of(st.none(), st.decimals(min_value=0, max_value=500, places=2)))
def test_raise_amount_is_to_the_cent_and_at_least_the_minimum(amount, percent, minimum):
    new = raise_amount(amount, percent, minimum)
    assert new == new.quantize(D("0.01")) and new >= amount
    assert minimum is None or new >= amount + minimum
    assert abs(new - amount * (1 + percent / 100)) <= D("0.005") or (minimum is not None and new == amount + minimum)


def test_raise_amount_by_hand():
    assert raise_amount(D("3000.00"), D("3"), D("110.00")) == D("3110.00")   # the minimum: 3090.00 < 3110.00
    assert raise_amount(D("3967.57"), D("3"), D("110.00")) == D("4086.60")   # 4086.5971: more than +110


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize("planning, line, phrase", [
    ("planning:\n  until: 2030\n  source: x\n  pay_raise: {}\n", 4, "unknown key 'pay_raise'; did you mean 'pay_rise'?"),
    ("planning:\n  until: 2030\n  source: x\n  pay_rise:\n    tvoed-seu: {percent: 3, month: 4}\n", 5,
     "tariff 'tvoed-seu' is not defined; did you mean 'tvoed-sue'?"),
    ("planning:\n  until: 2030\n  source: x\n  pay_rise:\n    tvoed-sue: {percent: 3, month: 13}\n", 5, "13 is out of range; write a number 12 or less"),
    ("planning:\n  until: 2030\n  source: x\n  grant: {ends: 2028-03-15}\n", 4, "write the first day without the grant, e.g. 2028-03-01"),
    ("planning:\n  until: 2030\n  source: x\n  grant: {ends: 2026-01-01}\n", 4, "the grant's data reaches 2026-12-31"),
    ("planning:\n  until: 2030\n  source: x\n  grant: {}\n", 4, "give 'index_percent', 'ends' or both"),
    ("planning:\n  until: 2030\n  source: x\n  contribution_rates: carry_foward\n", 4, "carry_forward"),
    ("planning:\n  until: 2030\n  pay_rise: {}\n", 2, "'source' is missing; this key is required here"),
])
def test_planning_errors_name_file_and_line(tmp_path, planning, line, phrase):
    main = _planned(tmp_path, planning)
    with pytest.raises(ConfigError) as info:
        load_config(main)
    start = line_of(main, "planning:")
    assert any(i.location and i.location.line == start + line - 1 and phrase in i.text("en") for i in info.value.issues), \
        [str(i) for i in info.value.issues]
    result = run("validate", "--config", str(main), "--lang", "en")
    assert result.exit_code == 3 and "nothing was written" in result.stderr


def test_the_readme_planning_block_is_valid():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.+?)\n```", readme, re.S) if b.startswith("planning:"))
    Planning.model_validate(read_yaml("README.md", block.encode())[0]["planning"])


def test_explain_cites_the_planning_rule_for_each_planned_value():
    result = run("explain", "2027", "--config", "configs/coesfeld.yaml", "--position", "mitte-1", "--format", "json")
    assert result.exit_code == 0, result.stderr
    leaves = []

    def walk(node):
        if not node["children"]:
            leaves.append(node)
        for child in node["children"]:
            walk(child)

    walk(json.loads(result.stdout)["tree"])
    rise = line_of(COESFELD, "    tvoed-sue: {percent")
    ceilings = line_of(COESFELD, "  contribution_ceilings:")
    planned = [leaf for leaf in leaves if leaf["key"] and "2027-04-01" in leaf["key"] and "tables" in leaf["key"]]
    assert planned and all(leaf["source"] == f"configs/coesfeld.yaml:{rise}" for leaf in planned)
    assert all(leaf["value"] in ("5449.53",) for leaf in planned)   # S 12 step 5 from 1 April 2027
    grown = [leaf for leaf in leaves if leaf["key"] and leaf["key"].startswith("social_insurance.ceilings.2027")]
    assert grown and all(leaf["source"] == f"configs/coesfeld.yaml:{ceilings}" for leaf in grown)
    assert not any("(default)" in leaf["label"] for leaf in planned + grown)


def test_compare_over_a_range_reports_the_whole_range_at_once():
    # planning reaches 2031: 2032 and 2033 lack the four yearly series; the remedy names the
    # last year asked for, so one fix is enough
    from typer.testing import CliRunner

    from kimcost.cli.app import app

    result = CliRunner().invoke(app, ["compare", "2031", "2033", "--config", "configs/coesfeld.yaml",
                                      "--scenario", "examples/coesfeld-grant-ends.yaml"])
    assert result.exit_code == 3
    assert "compare: für 2031–2033 fehlen die Daten der 4 Reihe(n) oben; nichts wurde geschrieben." in result.stderr
    assert "setzen Sie es auf 2033" in result.stderr
