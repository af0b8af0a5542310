"""The budget forecast: one settlement per year, the advance proposal, data that ends.

Table figures (shipped data, src/kimcost/data), S 12: step 1 3351.74 (2022-04-01), 3747.09
(2024-03-01); step 2 4002.01 (2024-03-01), 4122.07 (2025-04-01), 4237.49 (2026-05-01).
"""

from __future__ import annotations

import csv
import re
import datetime as dt
import io
import json
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.loading import load_config
from kimcost.engine import settle
from kimcost.engine.forecast import ForecastDataMissing, forecast, split_instalments
from tests.builders import grant, holder, position, without_planning, write_config
from tests.conftest import COESFELD

runner = CliRunner()


def test_three_year_forecast_equals_three_settlements(coesfeld):
    fc = forecast(coesfeld.config, 2023, 2025)
    assert fc.years == (2023, 2024, 2025)
    for year in fc.years:
        single = settle(coesfeld.config, year)
        # Figure by figure: every post, holder, month, category, grant and share is the same.
        assert fc.settlement(year) == single
        for r, rs in zip(fc.settlement(year).regions, single.regions):
            assert (r.costs, r.grant, r.own_share) == (rs.costs, rs.grant, rs.own_share)
            assert [m.share for m in r.members] == [m.share for m in rs.members]


def test_step_rise_on_1_january_shows_in_the_second_year(tmp_path):
    # S 12 step 1 since 1 Jan 2024. Step 1 lasts 1 year (both duration entries), so step 2
    # begins 1 Jan 2025; step 2 lasts 2 years from 1 Oct 2024 on, so step 3 waits for 2027.
    path = write_config(tmp_path, [position("p1", [holder("2024-01-01", "S 12", 1, "2024-01-01")])])
    fc = forecast(load_config(path).config, 2024, 2026)
    h = {year: fc.settlement(year).position("p1").holders[0] for year in fc.years}
    assert [m.step for m in h[2024].months] == [1] * 12
    assert [m.step for m in h[2025].months] == [2] * 12
    assert [m.step for m in h[2026].months] == [2] * 12
    assert [(s.date.isoformat(), s.step, s.reason) for s in h[2025].steps] == [("2025-01-01", 2, "rise")]
    # December 2024 step 1 = 3747.09; January 2025 step 2 = 4002.01 (same 2024-03-01 table):
    # the step alone adds 4002.01 − 3747.09 = 254.92 a month.
    assert h[2024].months[11].pay == D("3747.09")
    assert h[2025].months[0].pay == D("4002.01")
    assert h[2025].months[0].pay - h[2024].months[11].pay == D("254.92")
    # Year pay: 2024 = 2 × 3351.74 + 10 × 3747.09 = 6703.48 + 37470.90 = 44174.38;
    # 2025 = 3 × 4002.01 + 9 × 4122.07 = 12006.03 + 37098.63 = 49104.66;
    # 2026 = 4 × 4122.07 + 8 × 4237.49 = 16488.28 + 33899.92 = 50388.20.
    assert [h[y].personnel.pay for y in fc.years] == [D("44174.38"), D("49104.66"), D("50388.20")]


def test_advance_proposal_is_the_first_year_share_in_instalments(coesfeld):
    fc = forecast(coesfeld.config, 2023, 2024)
    assert fc.advances.year == 2023
    nord = fc.advances.regions[0]
    assert nord.instalment_count == 4
    by_id = {m.id: m for m in nord.members}
    # Billerbeck 2023: 8351.33 ÷ 4 = 2087.8325 → 4 × 2087.83 = 8351.32, the last cent to the first.
    assert by_id["billerbeck"].instalments == (D("2087.84"), D("2087.83"), D("2087.83"), D("2087.83"))
    assert by_id["coesfeld"].is_employer and by_id["coesfeld"].instalments == ()   # rule 13
    for region in fc.advances.regions:
        for m in region.members:
            if not m.is_employer:
                assert sum(m.instalments) == m.share
                assert max(m.instalments) - min(m.instalments) <= D("0.01")


@pytest.mark.parametrize("share,count,expected", [
    ("100.00", 3, ["33.34", "33.33", "33.33"]),          # 1 cent left → first instalment
    ("12908.55", 12, ["1075.72"] * 3 + ["1075.71"] * 9),  # 12 × 1075.71 = 12908.52, 3 cents left
    ("0.02", 4, ["0.01", "0.01", "0.00", "0.00"]),
    ("0.00", 4, ["0.00"] * 4),
])
def test_split_instalments_adds_up_exactly(share, count, expected):
    parts = split_instalments(D(share), count)
    assert parts == tuple(D(e) for e in expected)
    assert sum(parts) == D(share)


def test_year_beyond_the_data_names_every_series_that_ends(tmp_path):
    # Shipped data without its planning: tables (checked until 31 Mar 2027), social-insurance
    # rates and ceilings, and the grant end with 2026.
    with pytest.raises(ForecastDataMissing) as info:
        forecast(load_config(without_planning(tmp_path)).config, 2024, 2028)
    problems = info.value.problems
    assert {p.year for p in problems} == {2027}
    # Each error points at the series' last entry, where its data ends.
    keys = {p.error.path for p in problems}
    assert ("grants", "kim-nrw", "amounts", dt.date(2026, 1, 1)) in keys
    assert ("tariffs", "tvoed-sue", "tables", dt.date(2026, 5, 1)) in keys
    assert ("social_insurance", "rates", dt.date(2026, 1, 1)) in keys
    assert ("social_insurance", "ceilings", dt.date(2026, 1, 1)) in keys
    assert info.value.covered_until == 2026


def test_range_checks(coesfeld):
    with pytest.raises(ValueError):
        forecast(coesfeld.config, 2025, 2024)


# --- CLI ------------------------------------------------------------------------------


def run(*args: str):
    return runner.invoke(app, list(args))


def test_cli_beyond_data_exits_3_and_says_which_data_ends_where(tmp_path):
    config = str(without_planning(tmp_path))
    result = run("forecast", "2024", "2028", "--config", config, "--no-workbook", "--lang", "en")
    assert result.exit_code == 3
    err = result.stderr
    assert "kimcost:kim-nrw:28:" in err and "amounts of Landesförderung KIM" in err  # its last entry
    assert "end with 2026 (last entry 2026-05-01, checked until 2027-03-31)" in err and "kimcost:tvoed-sue" in err
    assert "kimcost:social-insurance" in err and "forecast 2027: social insurance rates end with 2026" in err
    assert "forecast: the data of the 4 series above is missing for 2024–2028; nothing was written." in err
    assert "The dated data reaches 2026." in err
    # The remedy that exists: the planning key, with a line for each series that ends.
    assert "under 'planning:' in" in err and "  until: 2028\n" in err
    german = run("forecast", "2024", "2028", "--config", config, "--no-workbook").stderr
    assert "forecast: für 2024–2028 fehlen die Daten der 4 Reihe(n) oben; nichts wurde geschrieben." in german
    assert "Die datierten Daten reichen bis 2026." in german and "unter 'planning:' in" in german
    assert "    tvoed-sue: {percent: 3.0, minimum: 110.00, month: 4}" in err
    assert "  contribution_rates: carry_forward" in err and "  grant: carry_forward" in err
    assert result.stdout == ""


def test_cli_json_matches_single_settlements():
    result = run("forecast", "2023", "2025", "--config", str(COESFELD), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["kind"], doc["first"], doc["last"], doc["scenarios"]) == ("forecast", 2023, 2025, [])
    for year in ("2023", "2024", "2025"):
        single = json.loads(run("settle", year, "--config", str(COESFELD), "--format", "json").stdout)
        for region, sr in zip(doc["regions"], single["regions"]):
            assert region["years"][year]["own_share"] == sr["own_share"]
            assert region["years"][year]["costs"] == sr["costs"]["total"]
            assert region["years"][year]["grant"] == sr["grant"]
        shares = {m["id"]: m["share"] for r in single["regions"] for m in r["members"]}
        assert {m["id"]: m["shares"][year] for m in doc["members"]} == shares
    nottuln = next(m for r in doc["advance_proposal"]["regions"] for m in r["members"] if m["id"] == "nottuln")
    # Nottuln 2023: 10553.34 ÷ 4 = 2638.335 → 2638.33 × 4 = 10553.32, two cents to the first two.
    assert nottuln["instalments"] == ["2638.34", "2638.34", "2638.33", "2638.33"]
    # Assumptions are listed once, with the years that rest on them: the grant of 2024 only 2024;
    # the provisional 2026-05-01 table is not used before 2026, so it is not listed.
    flagged = {a["key"]: a for a in doc["assumptions"]}
    assert flagged["grants.kim-nrw.amounts.2024-01-01"]["years"] == [2024]
    assert flagged["supplementary_pension.2022-01-01"]["years"] == [2023, 2024, 2025]
    assert not any(key.startswith("tariffs.tvoed-sue.tables.2026") for key in flagged)


def test_cli_csv_german_and_english():
    de = run("forecast", "2023", "2024", "--config", str(COESFELD), "--format", "csv")
    assert de.exit_code == 0, de.stderr
    rows = list(csv.reader(io.StringIO(de.stdout.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Größe", "Region", "Kommune", "2023", "2024"]
    assert ["Eigenanteil", "Region Nord", "", "33405,31", "38279,55"] in rows
    assert ["Anteil", "Region Nord", "Stadt Billerbeck", "8351,33", "9569,89"] in rows
    en = run("forecast", "2023", "2024", "--config", str(COESFELD), "--format", "csv", "--lang", "en")
    rows = list(csv.reader(io.StringIO(en.stdout.lstrip("\ufeff"))))
    assert ["Share", "Region Nord", "Stadt Billerbeck", "8351.33", "9569.89"] in rows


def test_cli_table_writes_the_workbook(tmp_path):
    target = tmp_path / "prognose.xlsx"
    result = run("forecast", "2023", "2024", "--config", str(COESFELD), "--out", str(target))
    assert result.exit_code == 0, result.stderr
    assert "Haushaltsprognose 2023–2024" in result.stdout and "Vorschlag Abschläge 2023" in result.stdout
    wb = load_workbook(target)
    assert wb.sheetnames == ["Prognose", "Anteile", "Abschläge 2023", "Annahmen"]
    ws = wb["Anteile"]
    cells = {(c.row, c.column): c for row in ws.iter_rows() for c in row}
    billerbeck = next(c for c in cells.values() if c.value == "Stadt Billerbeck")
    share_2023 = cells[(billerbeck.row, 4)]
    assert share_2023.value == pytest.approx(8351.33) and share_2023.number_format == '[$-407]#,##0.00 "€"'
    advances = wb["Abschläge 2023"]
    row = next(r for r in advances.iter_rows(values_only=True) if r[1] == "Stadt Billerbeck")
    assert row[2:7] == pytest.approx((8351.33, 2087.84, 2087.83, 2087.83, 2087.83))


def test_workbook_text_stays_text(tmp_path):
    # A name that looks like a formula must reach Excel as text, never run.
    path = write_config(tmp_path, [position("p1", [holder("2024-01-01", "S 12", 1, "2024-01-01")])],
                        municipalities={m: {"name": f"=HYPERLINK(\"x\",\"{m}\")"} for m in "abc"})
    target = tmp_path / "f.xlsx"
    result = run("forecast", "2024", "2025", "--config", str(path), "--out", str(target), "--format", "json")
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(target)["Anteile"]
    names = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert names and all(c.data_type == "s" for c in names)


def test_cli_usage_errors():
    assert run("forecast", "2025", "2024", "--config", str(COESFELD)).exit_code == 2
    assert run("forecast", "2025", "--config", str(COESFELD)).exit_code == 2


# --- scenarios ------------------------------------------------------------------------

PLANNING = """\
name: planning
description: carry the yearly data forward and assume 3 % a year from May 2027
changes:
  - carry_forward: {until: 2028, series: [grant, social_insurance]}
  - pay_rise: {date: 2027-05-01, percent: 3, repeat_until: 2028, source: "assumption: 3 % a year"}
"""


def test_scenario_supplies_the_years_beyond_the_data(tmp_path):
    # S 12 step 1 since 2024-01-01 → step 2 on 2025-01-01 → step 3 on 2027-01-01 (2 years).
    # Grant dates as dates, so YAML writes them unquoted like the shipped files (carry_forward
    # extends date keys; a quoted '2026-01-01' key is text until validation).
    grants = grant({dt.date(2023, 1, 1): "57000", dt.date(2026, 1, 1): "57000"})
    path = write_config(tmp_path, [position("p1", [holder("2024-01-01", "S 12", 1, "2024-01-01")])], grants=grants)
    scenario = tmp_path / "planning.yaml"
    scenario.write_text(PLANNING, encoding="utf-8")
    without = run("forecast", "2025", "2028", "--config", str(path), "--format", "json")
    assert without.exit_code == 3 and "forecast 2027: " in without.stderr
    result = run("forecast", "2025", "2028", "--config", str(path), "--scenario", str(scenario), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [s["name"] for s in doc["scenarios"]] == ["planning"]
    # The assumed tables are flagged with the years that use them.
    flagged = {a["key"]: a for a in doc["assumptions"]}
    assert flagged["tariffs.tvoed-sue.tables.2027-05-01"]["years"] == [2027, 2028]
    assert flagged["tariffs.tvoed-sue.tables.2027-05-01"]["status"] == "assumption"
    # Pay in 2027, step 3: Jan–Apr on the 2026-05-01 table 4590.75; from May the assumed
    # round(4590.75 × 1.03) = round(4728.4725) = 4728.47 (docs/rules.md, pay rise).
    fc = forecast(load_config(path, [str(scenario)]).config, 2025, 2028)
    months = fc.settlement(2027).position("p1").holders[0].months
    assert [m.pay for m in months[3:5]] == [D("4590.75"), D("4728.47")]


# --- the employer's budget, due dates, the proposal as configuration (issue 9) ---------------


def test_budget_figures_per_region_add_up():
    doc = json.loads(run("forecast", "2023", "2024", "--config", str(COESFELD), "--format", "json").stdout)
    for region in doc["regions"]:
        for year, f in region["years"].items():
            assert D(f["personnel"]) + D(f["other_costs"]) == D(f["costs"])
            assert D(f["costs"]) - D(f["grant"]) == D(f["own_share"])               # rule 11
            # Income from the other members plus what the employer bears = the own share (rule 13).
            assert D(f["refunds"]) + D(f["employer_share"]) == D(f["own_share"])
    nord = doc["regions"][0]["years"]["2023"]
    # Region Nord 2023: own share 33,405.31 = 8,351.33 (Coesfeld, the employer) + 8,351.33 + 8,351.33
    # + 8,351.32 (rule 12, see test_compare); the other three refund 25,053.98, Coesfeld bears 8,351.33.
    assert (nord["refunds"], nord["employer_share"]) == ("25053.98", "8351.33")


def test_due_dates_come_from_the_configuration():
    fc = forecast(load_config(COESFELD).config, 2025, 2026)
    for region in fc.advances.regions:
        assert region.due_dates == (dt.date(2025, 2, 15), dt.date(2025, 5, 15), dt.date(2025, 8, 15), dt.date(2025, 11, 15))
    doc = json.loads(run("forecast", "2025", "2026", "--config", str(COESFELD), "--format", "json").stdout)
    assert doc["advance_proposal"]["regions"][0]["due_dates"] == ["2025-02-15", "2025-05-15", "2025-08-15", "2025-11-15"]


def test_region_due_dates_override_the_district(tmp_path):
    text = COESFELD.read_text(encoding="utf-8").replace(
        "    advance_instalments: 4\n    advances:\n      2023: {nottuln", 
        "    advance_due_dates: [03-01, 09-01]\n    advances:\n      2023: {nottuln")
    path = COESFELD.parent / "_due_dates_test.yaml"
    try:
        path.write_text(text, encoding="utf-8")
        fc = forecast(load_config(path).config, 2025, 2025)
    finally:
        path.unlink()
    mitte = next(r for r in fc.advances.regions if r.id == "mitte")
    assert mitte.instalment_count == 2 and mitte.due_dates == (dt.date(2025, 3, 1), dt.date(2025, 9, 1))
    nottuln = next(m for m in mitte.members if m.id == "nottuln")
    assert len(nottuln.instalments) == 2 and sum(nottuln.instalments) == nottuln.share


@pytest.mark.parametrize("dates,message", [
    ("[02-30, 05-15]", "'02-30' is not a day every year has"),
    ("[05-15, 02-15]", "not in calendar order"),
    ("[2-15]", "write month and day as MM-DD"),
])
def test_bad_due_dates_are_errors_with_their_line(tmp_path, dates, message):
    text = COESFELD.read_text(encoding="utf-8").replace("advance_due_dates: [02-15, 05-15, 08-15, 11-15]",
                                                        f"advance_due_dates: {dates}")
    path = COESFELD.parent / "_bad_due_dates_test.yaml"
    try:
        path.write_text(text, encoding="utf-8")
        result = run("forecast", "2025", "2026", "--config", str(path), "--no-workbook", "--lang", "en")
    finally:
        path.unlink()
    assert result.exit_code == 3
    line = next(i for i, l in enumerate(text.splitlines(), start=1) if "advance_due_dates" in l)
    assert f"_bad_due_dates_test.yaml:{line}:" in result.stderr and message in result.stderr, result.stderr


def test_due_dates_and_instalments_must_agree(tmp_path):
    text = COESFELD.read_text(encoding="utf-8").replace(
        "    advance_instalments: 4\n    advances:\n      2023: {nottuln",
        "    advance_instalments: 4\n    advance_due_dates: [03-01, 09-01]\n    advances:\n      2023: {nottuln")
    path = COESFELD.parent / "_due_mismatch_test.yaml"
    try:
        path.write_text(text, encoding="utf-8")
        result = run("forecast", "2025", "2026", "--config", str(path), "--no-workbook", "--lang", "en")
    finally:
        path.unlink()
    assert result.exit_code == 3
    assert "advance_instalments is 4 but advance_due_dates names 2 days" in result.stderr


def test_advances_yaml_pastes_into_the_configuration(tmp_path):
    import yaml

    target = tmp_path / "abschlaege.yaml"
    result = run("forecast", "2025", "2026", "--config", str(COESFELD), "--format", "json", "--advances-yaml", str(target))
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "fällig am 15.02.2025, 15.05.2025, 15.08.2025, 15.11.2025" in text
    proposal = json.loads(result.stdout)["advance_proposal"]
    pasted = yaml.safe_load(text)["regions"]
    for region in proposal["regions"]:
        paying = {m["id"]: D(m["share"]) for m in region["members"] if not m["is_employer"]}
        assert {k: D(str(v)) for k, v in pasted[region["id"]]["advances"][2025].items()} == paying
    # Pasted in place of the 2025 advances, the settlement of 2025 balances to zero for every paying member.
    config = COESFELD.read_text(encoding="utf-8")
    for rid, body in pasted.items():
        line = "{" + ", ".join(f"{k}: {v}" for k, v in body["advances"][2025].items()) + "}"
        config = re.sub(rf"(  {rid}:\n(?:    .*\n)*?      2025: )\{{[^}}]*\}}", lambda m: m[1] + line, config)
    path = COESFELD.parent / "_pasted_test.yaml"
    try:
        path.write_text(config, encoding="utf-8")
        settled = json.loads(run("settle", "2025", "--config", str(path), "--format", "json").stdout)
    finally:
        path.unlink()
    assert all(m["balance"] == "0.00" for r in settled["regions"] for m in r["members"])


def test_advances_yaml_target_is_checked_first(tmp_path):
    result = run("forecast", "2025", "2026", "--config", str(COESFELD), "--format", "json",
                 "--advances-yaml", str(tmp_path / "a.txt"))
    assert result.exit_code != 0 and "der Name muss auf .yaml enden" in result.stderr and result.stdout == ""
