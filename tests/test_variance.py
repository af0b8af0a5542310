"""kimcost variance (issue 13): the causes of a difference add up to it exactly, to the cent.

Golden figures: Coesfeld's Region Nord, 33.405,31 € (2023) → 38.279,55 € (2024), +4.874,24 €
(the settlement's own figures, tests/test_engine_golden.py); a small region worked by hand below.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.configuration.schema import Position
from kimcost.engine import settle
from kimcost.engine.results import CATEGORIES
from kimcost.engine.variance import ORDER, Amounts, variance
from tests.builders import write
from tests.conftest import COESFELD, ROOT
from tests.test_engine_properties import post_lists

PROFILE = settings(max_examples=25, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _sum(amounts: list[Amounts], members) -> Amounts:
    total = Amounts({c: D(0) for c in CATEGORIES}, D(0), D(0), {m: D(0) for m in members})
    for a in amounts:
        total = total + a
    return total


def assert_adds_up(v, first_settlement=None, second_settlement=None):
    """Σ causes + residue = difference, in every category, the grant, the own share and
    every member's share; and the difference is the settlements' own difference."""
    for region in v.regions:
        members = [m for m, _ in region.members]
        explained = _sum([a for _, a in region.causes] + [region.residue], members)
        diff = region.difference
        assert explained.costs == diff.costs, region.id
        assert explained.grant == diff.grant and explained.own_share == diff.own_share, region.id
        assert {m: explained.members.get(m, D(0)) for m in members} == dict(diff.members), region.id
        # Region figures are sums of settled figures: no residue at all.
        assert not any(region.residue.costs.values()) and not region.residue.grant and not region.residue.own_share
        # A member's residue is the split's remainder cents: a few cents at most.
        assert all(abs(x) <= D("0.01") * len(region.causes) for x in region.residue.members.values())
        if first_settlement is not None:
            a, b = first_settlement.region(region.id), second_settlement.region(region.id)
            assert diff.own_share == b.own_share - a.own_share
            assert diff.grant == b.grant - a.grant
            assert dict(diff.members) == {m.id: m.share - a.members[i].share for i, m in enumerate(b.members)}


@pytest.mark.parametrize("first,second", [(2023, 2024), (2024, 2025)])
def test_coesfeld_causes_add_up_to_the_cent(coesfeld, first, second):
    c = coesfeld.config
    v = variance(c, first, c, second)
    assert_adds_up(v, settle(c, first), settle(c, second))


def test_coesfeld_nord_2023_2024(coesfeld):
    c = coesfeld.config
    nord = variance(c, 2023, c, 2024).region("nord")
    assert (nord.first.own_share, nord.second.own_share, nord.difference.own_share) == \
        (D("33405.31"), D("38279.55"), D("4874.24"))
    groups = [cause.group for cause, _ in nord.causes]
    assert groups == sorted(groups, key=ORDER.index)  # the documented order
    by_group = {}
    for cause, amounts in nord.causes:
        by_group.setdefault(cause.group, []).append((cause, amounts))
    (rise, amounts), = by_group["pay_table"]
    assert rise.detail["date"] == dt.date(2024, 3, 1) and rise.detail["rise"]
    assert amounts.own_share == D("14254.95") and amounts.grant == 0
    # The filling of Nord 2 on 15.02.2023 is its own line: a full year of pay in 2024, and the
    # grant for it; no recruitment and no initial equipment any more.
    nord2 = next(a for c_, a in by_group["occupancy"] if c_.detail["post"] == "nord-2")
    assert nord2.grant == D("7043.10") and nord2.costs["recruitment"] == D("-1200.00")
    # 2023's invoices for Nord 1's advertisement do not recur.
    (_, actual), = by_group["actuals"]
    assert actual.costs["recruitment"] == D("-1843.27")
    # 2024 is a leap year: Nord 2's February 2023 (14 of 28 days) against 15 of 29 days.
    (_, calendar), = by_group["calendar"]
    assert calendar.own_share == D("3.94")


def test_identical_inputs_yield_no_cause(coesfeld):
    v = variance(coesfeld.config, 2024, coesfeld.config, 2024)
    for region in v.regions:
        assert region.causes == () and region.residue.is_zero and region.difference.is_zero


def test_only_a_pay_table_change_yields_only_a_pay_table_cause(coesfeld):
    c = coesfeld.config
    tariff = c.tariffs["tvoed-sue"]
    day = dt.date(2024, 3, 1)
    version = tariff.tables[day]
    raised = version.model_copy(update={"grades": {g: [x + 100 for x in amounts] for g, amounts in version.grades.items()}})
    other = c.model_copy(update={"tariffs": {**c.tariffs, "tvoed-sue": tariff.model_copy(
        update={"tables": {**tariff.tables, day: raised}})}})
    v = variance(c, 2024, other, 2024)
    assert_adds_up(v, settle(c, 2024), settle(other, 2024))
    for region in v.regions:
        assert [cause.group for cause, _ in region.causes] == ["pay_table"], region.id
        cause, amounts = region.causes[0]
        assert cause.detail["date"] == day and amounts.own_share > 0


@pytest.mark.parametrize("first,second", [(2023, 2024), (2024, 2025), (2023, 2026)])
def test_swapping_the_years_changes_every_sign(coesfeld, first, second):
    c = coesfeld.config
    forward, backward = variance(c, first, c, second), variance(c, second, c, first)
    for f, b in zip(forward.regions, backward.regions):
        assert [cause for cause, _ in f.causes] == [cause for cause, _ in b.causes]
        assert [-a for _, a in f.causes] == [a for _, a in b.causes]
        assert -f.residue == b.residue and (f.first, f.second) == (b.second, b.first)
    assert_adds_up(backward, settle(c, second), settle(c, first))


# --- generated configurations ---------------------------------------------------------------

@PROFILE
@given(posts=post_lists(), years=st.sampled_from([(2023, 2024), (2024, 2025), (2023, 2025), (2025, 2023), (2025, 2024)]))
def test_generated_configurations_add_up_and_swap_signs(coesfeld, posts, years):
    config = coesfeld.config.model_copy(update={"positions": posts})
    first, second = years
    v = variance(config, first, config, second)
    assert_adds_up(v, settle(config, first), settle(config, second))
    back = variance(config, second, config, first)
    for f, b in zip(v.regions, back.regions):
        assert [-a for _, a in f.causes] == [a for _, a in b.causes]


@PROFILE
@given(posts=post_lists(), other=post_lists(), year=st.sampled_from([2023, 2024]))
def test_generated_base_against_other_posts_adds_up(coesfeld, posts, other, year):
    """Base against a 'scenario' with other posts and holders, the same year."""
    base = coesfeld.config.model_copy(update={"positions": posts})
    changed = coesfeld.config.model_copy(update={"positions": other})
    v = variance(base, year, changed, year)
    assert_adds_up(v, settle(base, year), settle(changed, year))
    for region in v.regions:
        # Other holders differ in who holds the posts and at which grade and step: nothing else.
        assert {cause.group for cause, _ in region.causes} <= {"occupancy", "steps"}


# --- one small region worked by hand ------------------------------------------------------------

SMALL = """
district: {name: Handkreis, grant: g}
municipalities: {a: {name: Gemeinde A}, b: {name: Gemeinde B}}
regions: {r: {name: Region R, employer: a, members: [a, b]}}
cost_rates:
  equipment_initial: {2020-01-01: {value: 0, source: t}}
  equipment_per_fte_year: {2020-01-01: {value: 0, source: t}}
  recruitment_per_new_holder: {2020-01-01: {value: 0, source: t}}
  administration: {2020-01-01: {percent_of_personnel: 0, source: t}}
tariffs:
  t:
    name: Test-Tarif
    tables:
      2024-01-01: {grades: {G: [3000, 3200]}, source: t}
      2025-07-01: {grades: {G: [3300, 3500]}, source: t}
    step_durations: {2020-01-01: {years: [1], source: t}}
    annual_payment: {2020-01-01: {groups: [{grades: [G], percent: 0}], source: t}}
social_insurance:
  branches: {rv: {name: Rente, ceiling: g}}
  rates:
    2024-01-01: {percent: {rv: 10}, source: t}
    2025-01-01: {percent: {rv: 12}, source: t}
  ceilings:
    2024-01-01: {monthly: {g: 10000}, source: t}
    2025-01-01: {monthly: {g: 10000}, source: t}
supplementary_pension: {2020-01-01: {percent: 0, source: t}}
grants:
  g:
    name: Förderung
    source: t
    min_fte: 0.5
    amounts:
      2024-01-01: {value: 24000, source: t}
      2025-01-01: {value: 30000, source: t}
positions:
  - id: p1
    region: r
    fte: 1
    holders:
      - {name: H1, start: 2024-01-01, fte: 1, grade: G, step: 1, step_since: 2023-07-01}
  - id: p2
    region: r
    fte: 1
    holders:
      - {name: H2, start: 2025-04-01, fte: 0.5, grade: G, step: 1, step_since: 2025-04-01}
"""


def test_small_region_worked_by_hand(tmp_path):
    """2024: H1 step 1 (3000) Jan–Jun, step 2 (3200) from 01.07.2024: pay 37200, 10 % contributions
    3720, costs 40920; grant 24000; own share 16920, each member 8460.
    2025: H1 step 2 all year, 3200 Jan–Jun and 3500 from the rise of 01.07.2025: pay 40200, 12 %
    4824; H2 (0.5 VZÄ from 01.04.2025, step 1) 1500 × 3 + 1650 × 6 = 14400, 12 % 1728; costs 61152;
    grant 30000 + 30000 × 4.5 ÷ 12 = 41250; own share 19902, each member 9951. Difference 2982.

    The path (the 2024 inputs moved to 2025: tables, rates and grant of 2024, H1 at step 1 until July):
    - calendar: all months are whole months: 0 (no line);
    - post p1: H1 holds the whole year either way: 0 (no line);
    - post p2: H2 at the 2024 table and rate: 1500 × 9 = 13500 + 10 % 1350 = 14850 costs; grant at
      24000: 24000 × 4.5 ÷ 12 = 9000; own share +5850;
    - steps: H1 at step 2 Jan–Jun: (3200 − 3000) × 6 = 1200 + 10 % 120 = +1320;
    - pay rise 01.07.2025: H1 300 × 6 = 1800, H2 150 × 6 = 900, plus 10 %: +2970;
    - contribution rates 10 % → 12 %: 2 % of 40200 + 14400 = 804 + 288 = +1092;
    - grant 24000 → 30000: 6000 + 6000 × 4.5 ÷ 12 = 8250 more grant: own share −8250.
    5850 + 1320 + 2970 + 1092 − 8250 = 2982. Each member: half of each, 2925 + 660 + 1485 + 546 − 4125 = 1491.
    """
    from kimcost.loading import load_config

    config = load_config(write(tmp_path, "small.yaml", SMALL)).config
    region = variance(config, 2024, config, 2025).region("r")
    assert (region.first.own_share, region.second.own_share) == (D("16920.00"), D("19902.00"))
    lines = [(c.group, a.total_costs, a.grant, a.own_share, a.members["a"]) for c, a in region.causes]
    assert lines == [
        ("occupancy", D("14850.00"), D("9000.00"), D("5850.00"), D("2925.00")),
        ("steps", D("1320.00"), D("0"), D("1320.00"), D("660.00")),
        ("pay_table", D("2970.00"), D("0"), D("2970.00"), D("1485.00")),
        ("si_rates", D("1092.00"), D("0"), D("1092.00"), D("546.00")),
        ("grant", D("0"), D("8250.00"), D("-8250.00"), D("-4125.00")),
    ]
    assert region.causes[0][0].detail["post"] == "p2"
    assert region.causes[2][0].detail["date"] == dt.date(2025, 7, 1)
    assert region.residue.is_zero


# --- the command ------------------------------------------------------------------------------------

def _json(args, **kw):
    result = CliRunner().invoke(app, ["variance", *args, "--config", str(COESFELD), "--format", "json"], **kw)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_json_for_a_member():
    doc = _json(["2023", "2024", "--member", "billerbeck"])
    assert doc["kind"] == "variance" and doc["first"]["year"] == 2023 and doc["second"]["year"] == 2024
    (nord,) = doc["regions"]
    assert nord["id"] == "nord" and [m["id"] for m in nord["members"]] == ["billerbeck"]
    assert nord["difference"]["own_share"] == "4874.24"
    total = sum(D(c["own_share"]) for c in nord["causes"]) + D(nord["residue"]["own_share"])
    assert total == D("4874.24")
    member = sum(D(c["members"]["billerbeck"]) for c in nord["causes"]) + D(nord["residue"]["members"]["billerbeck"])
    assert member == D(nord["difference"]["members"]["billerbeck"]) == D("9569.89") - D("8351.33")
    assert any(c["label"] == "Tariferhöhung zum 1. März 2024" for c in nord["causes"])
    assert any(c["label"].startswith("Stelle Case-Management Nord 2: Case-Manager Nord 2 ab 15.02.2023 besetzt")
               for c in nord["causes"])


def test_cli_base_against_scenario_in_english(tmp_path):
    # the shipped example ends the grant from 2027; this one from 2025, a year the data covers
    grant_ends = tmp_path / "grant-ends-2025.yaml"
    grant_ends.write_text("name: grant-ends\ndescription: the grant ends from 1 January 2025\nchanges:\n"
                          "  - {set: grants.kim-nrw.amounts, since: 2025-01-01, value: 0, source: test}\n",
                          encoding="utf-8")
    result = CliRunner().invoke(app, ["variance", "2025", "2025", "--config", str(COESFELD), "--against-scenario",
                                      str(grant_ends), "--region", "mitte", "--lang", "en", "--no-workbook"])
    assert result.exit_code == 0, result.stderr
    assert "State grant per FTE-year: €57,000.00 → €0.00" in result.stdout
    assert "+€57,000.00" in result.stdout


def test_cli_terminal_and_workbook(tmp_path):
    out = tmp_path / "v.xlsx"
    result = CliRunner().invoke(app, ["variance", "2024", "2025", "--config", str(COESFELD), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "Tariferhöhung zum 1. April 2025" in result.stdout and "Region Süd" in result.stdout
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["Region Nord", "Region Mitte", "Region Süd", "Methode"]
    ws = wb["Region Nord"]
    assert ws._charts and ws._charts[0].grouping == "stacked"
    assert ws.oddHeader.center.text and "SHA-256" in ws.oddFooter.left.text


@pytest.mark.parametrize("args,needle", [
    (["2023", "2024", "--region", "nrod"], "did you mean 'nord'"),
    (["2023", "2024", "--region", "nord", "--member", "billerbeck"], "not both"),
    (["2024", "2024"], "--against-scenario"),
])
def test_cli_usage_errors(args, needle):
    result = CliRunner().invoke(app, ["variance", *args, "--config", str(COESFELD), "--format", "json", "--lang", "en"])
    assert result.exit_code == 2 and needle in result.stderr


def test_cli_year_without_data_is_exit_3():
    # the shipped planning assumptions reach 2031; 2032 has neither data nor assumptions
    result = CliRunner().invoke(app, ["variance", "2031", "2032", "--config", str(COESFELD), "--format", "json"])
    assert result.exit_code == 3 and "2032" in result.stderr


def test_subprocess_forecast_years_under_planning(tmp_path):
    """Two years of a forecast beyond the shipped data, on the configuration's planning assumptions."""
    run = subprocess.run([sys.executable, "-m", "kimcost", "variance", "2027", "2028", "--config", str(COESFELD),
                          "--format", "json"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    for region in doc["regions"]:
        total = sum(D(c["own_share"]) for c in region["causes"]) + D(region["residue"]["own_share"])
        assert total == D(region["difference"]["own_share"])
        assert any(c["label"] == "Tariferhöhung zum 1. April 2028" for c in region["causes"])
