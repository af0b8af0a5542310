"""The shipped examples run as they are (issue 4, "Other districts"), each with one figure
checked by hand. Run from the repository's top folder, as the READMEs say."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.loading import load_config
from kimcost.engine import settle
from tests.builders import with_zero_advances
from tests.conftest import COESFELD, ROOT

runner = CliRunner()
D = Decimal
EXAMPLES = ROOT / "examples"
STEINFURT = EXAMPLES / "steinfurt-rheine" / "kreis-steinfurt.yaml"
GUETERSLOH = EXAMPLES / "guetersloh-rietberg" / "kreis-guetersloh.yaml"
GRANT_ENDS = EXAMPLES / "coesfeld-grant-ends.yaml"
PAY_RISE_5 = EXAMPLES / "coesfeld-higher-pay-rise.yaml"


@pytest.fixture(autouse=True)
def in_repository(monkeypatch):
    monkeypatch.chdir(ROOT)


def settle_json(*args: str) -> dict:
    result = runner.invoke(app, ["settle", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_example_has_a_readme():
    for folder in (EXAMPLES, STEINFURT.parent, GUETERSLOH.parent):
        assert (folder / "README.md").is_file()


@pytest.mark.parametrize("config", [STEINFURT, GUETERSLOH])
def test_examples_settle_and_validate_on_the_terminal(config):
    result = runner.invoke(app, ["settle", "2024", "--config", str(config.relative_to(ROOT)), "--no-workbook"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["validate", "--config", str(config.relative_to(ROOT))]).exit_code == 0


def test_steinfurt_passes_a_fixed_grant_on_per_planned_vza():
    doc = settle_json("2024", "--config", "examples/steinfurt-rheine/kreis-steinfurt.yaml")
    (region,) = doc["regions"]
    # 55,000 € a year for 1.9 planned VZÄ: 55,000 ÷ 1.9 = 28,947.368… € per VZÄ-year.
    # Both posts held all year at their full FTE: 28,947.37 € (1.0) and 26,052.63 € (0.9),
    # together exactly the 55,000.00 € the Kreis passes on.
    grants = {p["id"]: p["grant"] for p in doc["positions"]}
    assert grants == {"rheine-1": "28947.37", "rheine-2": "26052.63"}
    assert region["grant"] == "55000.00"
    # Allocation by head count (weights 1480 / 212 / 128, Σ 1820), rule 12 by hand on the own share:
    assert region["own_share"] == "84191.85"
    #   rheine       84,191.85 × 1480 ÷ 1820 = 68,463.7022 → 68,463.70
    #   neuenkirchen 84,191.85 ×  212 ÷ 1820 =  9,806.9627 →  9,806.96
    #   wettringen   84,191.85 ×  128 ÷ 1820 =  5,921.1851 →  5,921.18
    #   Σ floors 84,191.84: the one cent left goes to the largest remainder (wettringen, .0051).
    shares = {m["id"]: m["share"] for m in region["members"]}
    assert shares == {"rheine": "68463.70", "neuenkirchen": "9806.96", "wettringen": "5921.19"}


def test_fixed_grant_is_prorated_by_occupancy(tmp_path):
    # Rule 10 still applies to a fixed sum: post 2 (0.9 VZÄ) vacant from July.
    scenario = tmp_path / "vacancy.yaml"
    scenario.write_text(
        "name: vacancy\ndescription: Stelle 2 ab Juli unbesetzt\nchanges:\n"
        "  - set: positions.rheine-2.holders[0].end\n    value: 2024-06-30\n", encoding="utf-8")
    loaded = load_config(STEINFURT, [str(scenario)])
    result = settle(loaded.config, 2024)
    # 55,000 ÷ 1.9 × 0.9 × 6/12 = 13,026.3157… → 13,026.32; post 1 unchanged at 28,947.37.
    assert result.position("rheine-2").grant.amount == D("13026.32")
    assert result.region("rheine").grant == D("41973.69")


def test_steinfurt_inline_scenarios_compare():
    result = runner.invoke(app, ["compare", "2024", "-c", "examples/steinfurt-rheine/kreis-steinfurt.yaml",
                                 "-s", "grant-per-post", "-s", "equal-shares", "--format", "json"])
    assert result.exit_code == 0, result.output
    (region,) = json.loads(result.stdout)["regions"]
    # Read as 55,000 € per VZÄ: 55,000 × 1.0 + 55,000 × 0.9 = 104,500 €, i.e. 49,500 € more.
    assert region["values"]["grant-per-post"]["grant"] == "104500.00"
    assert region["differences"]["grant-per-post"]["grant"]["amount"] == "49500.00"


def test_guetersloh_welfare_organisation_bills_the_town():
    doc = settle_json("2024", "--config", "examples/guetersloh-rietberg/kreis-guetersloh.yaml")
    (region,) = doc["regions"]
    assert (region["employer"], region["employer_name"]) == ("caritas-gt", "Caritasverband für den Kreis Gütersloh e.V.")
    # Grant 2024: 57,000 € (full post all year) + 57,000 × 0.5 × 9/12 (half post from April)
    #           = 57,000.00 + 21,375.00 = 78,375.00 €.
    assert region["grant"] == "78375.00"
    (rietberg,) = region["members"]
    # The employer is no member: Rietberg carries the whole own share and settles it
    # against its advances (rule 13): balance = share − 20,000.00.
    assert rietberg["is_employer"] is False
    assert rietberg["share"] == region["own_share"]
    assert D(rietberg["balance"]) == D(rietberg["share"]) - D("20000.00")
    # The stand-ins for the AVR tables and the KZVK rate are listed as assumptions.
    assert any(a["key"] == "supplementary_pension.2022-01-01" for a in doc["assumptions"])


def test_coesfeld_grant_ends_scenario_file():
    # The grant ends from 1 January 2027: compared over 2026–2029 (the years after 2026 on the
    # configuration's planning assumptions), 2026 keeps its grant and every later year loses it.
    result = runner.invoke(app, ["compare", "2026", "2029", "--config", "configs/coesfeld.yaml",
                                 "--scenario", "examples/coesfeld-grant-ends.yaml", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["first"], doc["last"], doc["year"]) == (2026, 2029, None)
    assert doc["columns"][1]["title"] == "ohne Landesförderung ab 2027"
    for year, table in doc["years"].items():
        for region in table["regions"]:
            diff = region["differences"]["grant-ends"]["own_share"]["amount"]
            if year == "2026":
                assert diff == "0.00"
            else:
                # Seed 002: without the grant the members carry the full costs.
                assert region["values"]["grant-ends"]["own_share"] == region["values"]["grant-ends"]["costs"]
                assert diff == region["values"]["base"]["grant"]
    # Region Mitte: one full post, 57,000 € (assumption) a year; split in two equal halves;
    # over the period 3 × 57,000 = 171,000 €, 85,500 € for each member.
    mitte = next(r for r in doc["regions"] if r["id"] == "mitte")
    assert mitte["differences"]["grant-ends"]["own_share"]["amount"] == "171000.00"
    assert [m["differences"]["grant-ends"]["amount"] for m in doc["members"] if m["region"] == "mitte"] == ["85500.00"] * 2
    assert [m["differences"]["grant-ends"]["amount"] for m in doc["years"]["2027"]["members"]
            if m["region"] == "mitte"] == ["28500.00"] * 2
    assert doc["scenarios"][0]["file"] == "../examples/coesfeld-grant-ends.yaml"   # relative to configs/


def test_coesfeld_planning_variant_changes_only_the_pay_rise():
    # The shipped planning: +3 % (at least +110 €) each 1 April from 2027 on the 1 May 2026
    # table; the variant sets 5 %. S 12 step 1: 3967.57 × 1.03 = 4086.5971 → 4086.60 (+119.03,
    # more than the minimum); × 1.05 = 4165.9485 → 4165.95.
    base = load_config(COESFELD).config.tariffs["tvoed-sue"].tables[dt.date(2027, 4, 1)]
    variant = load_config(COESFELD, [str(PAY_RISE_5)])
    assert base.grades["S 12"][0] == D("4086.60")
    assert variant.config.tariffs["tvoed-sue"].tables[dt.date(2027, 4, 1)].grades["S 12"][0] == D("4165.95")
    (change,) = variant.scenarios[0].changes
    assert change.key == "planning.pay_rise.tvoed-sue.percent" and change.base_text == "3.0"
    # Everything else the planning creates is the same in both.
    assert variant.config.grants == load_config(COESFELD).config.grants


@pytest.mark.parametrize("config", [STEINFURT, GUETERSLOH])
def test_examples_settle_every_year_their_data_covers_and_forecast_the_plan(config):
    name = str(config.relative_to(ROOT))
    for year in (2023, 2024, 2025, 2026):
        doc = settle_json(str(year), "--config", name)
        assert not any(a["source"].startswith("planning assumption") for a in doc["assumptions"])
    result = runner.invoke(app, ["forecast", "2027", "2030", "--config", name, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    flagged = {a["key"]: a["years"] for a in doc["assumptions"]}
    assert flagged["tariffs.tvoed-sue.tables.2027-04-01"] == [2027, 2028]
    # The first year after the data is refused for a settlement.
    refused = runner.invoke(app, ["settle", "2027", "--config", name, "--no-workbook"])
    assert refused.exit_code == 3 and "ist eine Planungsannahme" in refused.stderr


def test_steinfurt_grant_still_holds_by_checked_until():
    # One 'checked_until' says the 55.000 € still hold in 2025 and 2026: no copied entries.
    doc = settle_json("2026", "--config", "examples/steinfurt-rheine/kreis-steinfurt.yaml")
    assert doc["regions"][0]["grant"] == "55000.00"
    rows = {a["key"]: a for a in doc["assumptions"]}
    assert rows["grants.kim-steinfurt-rheine.checked_until"]["value"] == "2026-12-31"
    assert "grants.kim-steinfurt-rheine.amounts.2024-01-01" in rows    # the entry that still holds

