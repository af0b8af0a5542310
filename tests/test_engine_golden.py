"""Golden figures worked out by hand (docs/rules.md rules 1–13 on the public figures of the shipped data).

Every expected number is derived in the comments from the shipped tables and rates:
S 12 (2022-04-01): step 1 3351.74, step 2 3593.37, step 3 3909.61, step 6 4682.97;
S 12 (2024-03-01): step 2 4002.01, step 3 4335.64, step 6 5151.53; SuE allowance 180.00;
JSZ 70.28 %; 2023 employer rates: pension 9.3, unemployment 1.3, health 7.3, top-up 0.80,
care 1.525 (1.7 from July); ceilings 2023 health 4987.50 / pension 7300, 2024 5175 / 7550;
kvw 4.25 % (assumption). "r(x)" below means round half up to the cent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from kimcost.engine import MissingData
from kimcost.messages import render
from tests.builders import grant, holder, position, settle_file, write_config


def only_holder(settlement, pid="p1", index=0):
    return settlement.position(pid).holders[index]


def month(h, m):
    return h.months[m - 1]


# --- rule 1 + 2..8: a full-year post -------------------------------------------------------------


def test_full_year_post_2023_every_category(tmp_path):
    # S 12 step 3 since 2021-03-01: the SuE duration of step 3 is 4 years → next rise 2025-03-01,
    # so 2023 is all step 3.
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])])
    s = settle_file(path, 2023)
    h = only_holder(s)
    # Pay: 12 × 3909.61 = 46915.32; allowance 12 × 180 = 2160.00.
    assert h.personnel.pay == D("46915.32")
    assert h.personnel.allowances == D("2160.00")
    # JSZ: base = Jul–Sep pay + allowance = 4089.61; 70.28 % × 4089.61 × 12/12 = 2874.177908 → 2874.18.
    assert h.annual_payment.amount == D("2874.18")
    assert h.annual_payment.base_months == (7, 8, 9)
    assert month(h, 11).annual_payment == D("2874.18")
    # Inflation compensation: 1240 (June) + 6 × 220 (Jul–Dec) = 2560.00.
    assert h.personnel.one_off == D("2560.00")
    # Social insurance, Jan–Jun on 4089.61 (below both ceilings):
    #   pension 9.3 % = 380.333… → 380.33; unemployment 1.3 % = 53.165 → 53.16 (53.16493);
    #   health 7.3 % = 298.54153 → 298.54; top-up 0.8 % = 32.71688 → 32.72; care 1.525 % = 62.36655 → 62.37
    #   sum 827.12. Jul–Oct, Dec: care 1.7 % = 69.52337 → 69.52, sum 834.27.
    assert month(h, 1).social_insurance == {
        "pension": D("380.33"), "unemployment": D("53.16"), "health": D("298.54"),
        "health_top_up": D("32.72"), "care": D("62.37"),
    }
    assert month(h, 7).social_insurance["care"] == D("69.52")
    # November with the JSZ: room under the health ceiling = 11 × 4987.50 − 11 × 4089.61 = 9876.79
    # ≥ 2874.18, so the whole JSZ is contributory: 4089.61 + 2874.18 = 6963.79.
    #   pension 647.63247 → 647.63; unemployment 90.52927 → 90.53; health 508.35667 → 508.36;
    #   top-up 55.71032 → 55.71; care 118.38443 → 118.38; sum 1420.61.
    assert month(h, 11).social_insurance_total == D("1420.61")
    # Year: 6 × 827.12 + 5 × 834.27 + 1420.61 = 4962.72 + 4171.35 + 1420.61 = 10554.68.
    assert h.personnel.social_insurance == D("10554.68")
    # kvw 4.25 %: 4089.61 → 173.808 → 173.81 × 11 = 1911.91; Nov 6963.79 → 295.961 → 295.96; = 2207.87.
    assert month(h, 11).supplementary_pension == D("295.96")
    assert h.personnel.supplementary_pension == D("2207.87")
    # Personnel: 46915.32 + 2160 + 2874.18 + 2560 + 10554.68 + 2207.87 = 67272.05.
    assert h.personnel.total == D("67272.05")
    region = s.regions[0]
    # Grant: 57000 × 12/12 = 57000.00; own share 67272.05 − 57000 = 10272.05 (zero other costs).
    assert region.grant == D("57000.00")
    assert region.own_share == D("10272.05")


def test_plausibility_s12_step3_full_2023_is_the_landrats_10000(tmp_path):
    # the Landrat of Kreis Coesfeld's rule of thumb: about 10.000 € a year per post above the grant.
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])])
    p = settle_file(path, 2023).position("p1")
    above = p.costs.personnel - p.grant.amount
    assert D(8000) <= above <= D(13000)


# --- rule 1: day-exact occupancy ------------------------------------------------------------------


def test_mid_month_start(tmp_path):
    # Start 15 Feb 2023: 14 of 28 days → share 0.5. S 12 step 2 = 3593.37.
    path = write_config(tmp_path, [position("p1", [holder("2023-02-15", "S 12", 2, "2022-02-15")])])
    h = only_holder(settle_file(path, 2023))
    assert month(h, 1).days_held == 0 and month(h, 1).pay == 0
    feb = month(h, 2)
    assert (feb.days_held, feb.days_in_month, feb.occupied_share) == (14, 28, D("0.5"))
    # 3593.37 × 0.5 = 1796.685 → half up 1796.69; allowance 180 × 0.5 = 90.00.
    assert feb.pay == D("1796.69")
    assert feb.allowance == D("90.00")
    # Part-month ceiling: 4987.50 × 14 / 30 = 2327.50 (pay 1886.69 stays below it).
    assert feb.ceilings["health"] == D("2327.50")
    assert feb.contributory_pay["health"] == D("1886.69")
    # JSZ: base Jul–Sep 3773.37; paid months Feb–Dec = 11: 0.7028 × 3773.37 × 11/12 = 2430.9307 → 2430.93.
    assert h.annual_payment.months_paid == 11
    assert h.annual_payment.amount == D("2430.93")


def test_leaver_costs_nothing_after_leaving_and_gets_no_jsz(tmp_path):
    # 0.5 FTE S 12 step 1 until 31 Aug 2023: 3351.74 × 0.5 = 1675.87 a month.
    path = write_config(tmp_path, [position("p1", [
        holder("2023-01-01", "S 12", 1, "2023-01-01", fte="0.5", end="2023-08-31")], fte="0.5")])
    h = only_holder(settle_file(path, 2023))
    assert [m.pay for m in h.months] == [D("1675.87")] * 8 + [D(0)] * 4
    # Not employed on 1 December → no JSZ (rule 5).
    assert h.annual_payment is None
    # One-offs × FTE 0.5: June 620.00, July 110.00, August 110.00, then nothing.
    assert [m.one_off for m in h.months[5:9]] == [D("620.00"), D("110.00"), D("110.00"), D(0)]
    assert h.personnel.one_off == D("840.00")
    assert all(m.personnel == 0 for m in h.months[8:])


def test_part_time_holder(tmp_path):
    # 0.8 FTE S 12 step 2 from 1 Apr 2023: pay 3593.37 × 0.8 = 2874.696 → 2874.70; allowance 144.00.
    path = write_config(tmp_path, [position("p1", [holder("2023-04-01", "S 12", 2, "2023-04-01", fte="0.8")])])
    s = settle_file(path, 2023)
    h = only_holder(s)
    assert month(h, 4).pay == D("2874.70")
    assert month(h, 4).allowance == D("144.00")
    # One-off June: 1240 × 0.8 = 992.00.
    assert month(h, 6).one_off == D("992.00")
    # JSZ: 0.7028 × (2874.70 + 144.00) × 9/12 = 1591.15677 → 1591.16.
    assert h.annual_payment.amount == D("1591.16")
    # Grant: 57000 × (9 × 0.8) / 12 = 34200.00.
    assert s.position("p1").grant.amount == D("34200.00")


# --- rule 3: steps --------------------------------------------------------------------------------


def test_step_rise_inside_the_year_general_table(tmp_path):
    # E 10 step 2 since 2022-06-15; general duration of step 2 is 2 years → step 3 on 2024-06-15,
    # paid from 1 June (§ 17 TVöD: from the first of the month in which the rise falls).
    path = write_config(tmp_path, [position("p1", [holder("2022-06-15", "E 10", 2, "2022-06-15")])])
    h = only_holder(settle_file(path, 2024))
    assert [(m.step, m.table_amount) for m in h.months[:2]] == [(2, D("3773.01"))] * 2   # 2022 table
    assert [(m.step, m.table_amount) for m in h.months[2:5]] == [(2, D("4191.53"))] * 3  # 2024 table
    assert [(m.step, m.table_amount) for m in h.months[5:]] == [(3, D("4528.25"))] * 7
    assert (h.steps[-1].date, h.steps[-1].step, h.steps[-1].reason) == (dt.date(2024, 6, 15), 3, "rise")


def test_sue_transition_1_october_2024(tmp_path):
    # S 12 step 2 since 2022-02-15. Old SuE duration of step 2: 3 years → 2025-02-15.
    # From 2024-10-01 the duration is 2 years; on that day 2 y 7 m have passed → step 3 that day.
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 2, "2022-02-15")])])
    h = only_holder(settle_file(path, 2024))
    assert (month(h, 9).step, month(h, 9).pay) == (2, D("4002.01"))
    assert (month(h, 10).step, month(h, 10).pay) == (3, D("4335.64"))
    rise = h.steps[-1]
    assert (rise.date, rise.step) == (dt.date(2024, 10, 1), 3)
    assert rise.durations_path == ("tariffs", "tvoed-sue", "step_durations", dt.date(2024, 10, 1))


def test_sue_step_two_not_yet_two_years_on_1_october_2024(tmp_path):
    # Step 2 since 2023-03-01: on 2024-10-01 only 1 y 7 m → no rise in 2024 (next: 2025-03-01).
    path = write_config(tmp_path, [position("p1", [holder("2023-03-01", "S 12", 2, "2023-03-01")])])
    h = only_holder(settle_file(path, 2024))
    assert {m.step for m in h.months} == {2}
    h25 = only_holder(settle_file(path, 2025))
    assert (month(h25, 2).step, month(h25, 3).step) == (2, 3)


def test_explicit_step_schedule_overrides_the_rise(tmp_path):
    schedule = [{"date": "2024-05-01", "step": 4}]
    path = write_config(tmp_path, [position("p1", [
        holder("2023-01-01", "S 12", 2, "2022-02-15", step_schedule=schedule)])])
    h = only_holder(settle_file(path, 2024))
    # No automatic rise on 1 Oct 2024; step 4 from May (2024 table: 4631.04).
    assert [m.step for m in h.months] == [2, 2, 2, 2, 4, 4, 4, 4, 4, 4, 4, 4]
    assert month(h, 5).table_amount == D("4631.04")


# --- rule 2: dated tables ---------------------------------------------------------------------------


def test_table_change_1_march_2024(tmp_path):
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])])
    h = only_holder(settle_file(path, 2024))
    assert (month(h, 2).table_since, month(h, 2).pay) == (dt.date(2022, 4, 1), D("3909.61"))
    assert (month(h, 3).table_since, month(h, 3).pay) == (dt.date(2024, 3, 1), D("4335.64"))


# --- rule 7: ceilings ---------------------------------------------------------------------------------


def test_health_ceiling_binds_s12_step6_2024(tmp_path):
    # From March 2024: 5151.53 + 180 = 5331.53 > health ceiling 5175.00.
    path = write_config(tmp_path, [position("p1", [holder("2020-01-01", "S 12", 6, "2015-01-01")])])
    h = only_holder(settle_file(path, 2024))
    march = month(h, 3)
    assert march.contributory_pay == {"health": D("5175.00"), "pension": D("5331.53")}
    # health 7.3 % × 5175 = 377.775 → 377.78; pension 9.3 % × 5331.53 = 495.83229 → 495.83.
    assert march.social_insurance["health"] == D("377.78")
    assert march.social_insurance["pension"] == D("495.83")


def test_jsz_subject_to_contributions_only_up_to_the_annual_ceiling(tmp_path):
    # § 23a SGB IV. Same holder, 2024. Health group through November:
    #   ceiling accrued 11 × 5175 = 56925.00;
    #   counted: Jan–Feb 4682.97 + 180 = 4862.97 (2022 table), Mar–Nov capped at 5175:
    #   2 × 4862.97 + 9 × 5175 = 56300.94 → room 624.06.
    # JSZ = 70.28 % × 5331.53 = 3746.999284 → 3747.00; only 624.06 of it is contributory for health.
    path = write_config(tmp_path, [position("p1", [holder("2020-01-01", "S 12", 6, "2015-01-01")])])
    h = only_holder(settle_file(path, 2024))
    assert h.annual_payment.amount == D("3747.00")
    assert h.annual_payment.contributory["health"] == D("624.06")
    # Pension group: 11 × 7550 − (2 × 4862.97 + 9 × 5331.53) = 25340.29 ≥ 3747 → all of it.
    assert h.annual_payment.contributory["pension"] == D("3747.00")
    nov = month(h, 11)
    # health 7.3 % × (5175 + 624.06) = 423.33138 → 423.33; pension 9.3 % × (5331.53 + 3747) = 844.30.
    assert nov.social_insurance["health"] == D("423.33")
    assert nov.social_insurance["pension"] == D("844.30")


# --- rule 6: one-off payments -------------------------------------------------------------------------


def test_inflation_payments_are_free_of_contributions(tmp_path):
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])])
    h = only_holder(settle_file(path, 2024))
    # 220 in January and February 2024, nothing from March.
    assert [m.one_off for m in h.months[:3]] == [D("220.00"), D("220.00"), D(0)]
    # Contributions and kvw of January are those of pay + allowance alone (4089.61):
    # kvw 4.25 % × 4089.61 = 173.81 — the 220 does not enter.
    assert month(h, 1).supplementary_pension == D("173.81")
    assert month(h, 1).contributory_pay["pension"] == D("4089.61")


# --- rule 9: other costs and actual amounts -----------------------------------------------------------


RATES = {
    "equipment_initial": {"2020-01-01": {"value": "1500", "source": "test"}},
    "equipment_per_fte_year": {"2020-01-01": {"value": "2270", "source": "test"}},
    "recruitment_per_new_holder": {"2020-01-01": {"value": "1200", "source": "test"}},
    "administration": {"2020-01-01": {"percent_of_personnel": "2", "source": "test"}},
}


def test_other_costs_and_actuals(tmp_path):
    path = write_config(tmp_path, [position(
        "p1", [holder("2023-02-15", "S 12", 2, "2022-02-15")],
        actuals={2023: {"recruitment": "1843.27", "source": "invoice 2023-117"}},
    )], cost_rates=RATES)
    p = settle_file(path, 2023).position("p1")
    # Equipment: 1500 one-off (first filled 2023-02-15) + 2270 × (0.5 + 10 × 1.0) / 12
    #   = 1500 + 1986.25 = 3486.25.
    assert p.costs.equipment == D("3486.25")
    # Recruitment: computed 1200 (one new holder), replaced by the actual invoice 1843.27.
    recruitment = next(d for d in p.details if d.category == "recruitment")
    assert (recruitment.computed, recruitment.actual, p.costs.recruitment) == (D("1200.00"), D("1843.27"), D("1843.27"))
    assert p.costs.actual == frozenset({"recruitment"})
    # Administration: 2 % of personnel costs 54947.25 = 1098.945 → half up 1098.95 (not half even).
    assert p.costs.personnel == D("54947.25")
    assert p.costs.administration == D("1098.95")


def test_equipment_initial_only_in_the_year_first_filled(tmp_path):
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])], cost_rates=RATES)
    # 2024: running only, 2270 × 12/12.
    assert settle_file(path, 2024).position("p1").costs.equipment == D("2270.00")


# --- rule 10: the grant ---------------------------------------------------------------------------------


def test_vacancy_costs_nothing_and_earns_no_grant(tmp_path):
    path = write_config(tmp_path, [
        position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")]),
        position("p2", []),  # vacant all year
        position("p3", [holder("2023-01-01", "S 12", 3, "2021-03-01", end="2023-06-30")]),  # vacant from July
    ], cost_rates=RATES)
    s = settle_file(path, 2023)
    vacant = s.position("p2")
    assert vacant.costs.total == 0 and vacant.grant.amount == 0
    half = s.position("p3")
    # Grant for 6 months: 57000 × 6/12 = 28500.00; no pay from July.
    assert half.grant.amount == D("28500.00")
    assert all(m.pay == 0 for m in half.holders[0].months[6:])
    # Equipment running for 6 of 12 months: 2270 × 6/12 = 1135, + 1500 one-off = 2635.00.
    assert half.costs.equipment == D("2635.00")


def test_grant_is_capped_at_personnel_costs(tmp_path):
    # 100000 per VZÄ-year exceeds a S 11b step 1 post's personnel costs, so the grant is capped.
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 11b", 1, "2023-01-01")])],
                        grants=grant({"2023-01-01": "100000"}), cost_rates=RATES)
    s = settle_file(path, 2023)
    p = s.position("p1")
    assert p.grant.capped and p.grant.uncapped == D("100000")
    assert p.grant.amount == p.costs.personnel
    # Own share = only the other costs: equipment 1500 + 2270 + recruitment 1200 + administration.
    assert s.regions[0].own_share == p.costs.equipment + p.costs.recruitment + p.costs.administration
    assert p.costs.equipment == D("3770.00")


def test_zero_grant_leaves_the_full_costs(tmp_path):
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])],
                        grants=grant({"2020-01-01": "55000", "2023-01-01": "0"}))
    s = settle_file(path, 2023)
    assert s.regions[0].grant == 0
    # Personnel 67272.05 (see the full-year test); with zero other costs that is the own share.
    assert s.regions[0].own_share == D("67272.05")


def test_grant_ignores_holders_below_minimum_fte(tmp_path):
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01", fte="0.4")], fte="0.5")])
    p = settle_file(path, 2023).position("p1")
    assert p.grant.amount == 0 and p.grant.eligible_fte_months == 0
    assert p.costs.personnel > 0


def test_grant_full_months_proration(tmp_path):
    # Start 15 Feb: "full_months" counts only fully held months (Mar–Dec) → 57000 × 10/12 = 47500.00;
    # "days" would count Feb as 0.5 → 57000 × 10.5/12 = 49875.00.
    holders = [holder("2023-02-15", "S 12", 2, "2022-02-15")]
    full = write_config(tmp_path, [position("p1", holders)], grants=grant({"2023-01-01": "57000"}, proration="full_months"))
    assert settle_file(full, 2023).position("p1").grant.amount == D("47500.00")
    days = write_config(tmp_path, [position("p1", holders)], grants=grant({"2023-01-01": "57000"}))
    assert settle_file(days, 2023).position("p1").grant.amount == D("49875.00")


# --- rules 11–13: own share, split, balance --------------------------------------------------------------


def test_split_and_balances(tmp_path):
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])],
                        advances={2023: {"b": "3000.00", "c": "4000.00"}})
    region = settle_file(path, 2023).regions[0]
    # Own share 10272.05 / 3 = 3424.0166… → floors 3424.01 × 3 = 10272.03; 2 cents left go to the
    # largest remainders — all equal, so to the first two listed (a, b).
    assert [m.share for m in region.members] == [D("3424.02"), D("3424.02"), D("3424.01")]
    assert [m.extra_cent for m in region.members] == [True, True, False]
    # Employer a bears its share; b pays 3424.02 − 3000 = 424.02; c is refunded 4000 − 3424.01 = 575.99.
    assert [m.balance for m in region.members] == [D("0"), D("424.02"), D("-575.99")]


def test_population_key(tmp_path):
    municipalities = {
        "a": {"name": "A", "population": {"value": 3000, "source": "test"}},
        "b": {"name": "B", "population": {"value": 1000, "source": "test"}},
    }
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])],
                        members=["a", "b"], municipalities=municipalities, key="population")
    region = settle_file(path, 2023).regions[0]
    # 10272.05 × 3/4 = 7704.0375 → 7704.03 (+0.0075); × 1/4 = 2568.0125 → 2568.01 (+0.0025);
    # one cent left → to a (larger remainder): 7704.04 and 2568.01.
    assert [m.share for m in region.members] == [D("7704.04"), D("2568.01")]


def test_employer_that_is_not_a_member(tmp_path):
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])],
                        members=["b"], employer="caritas",
                        municipalities={"b": {"name": "Stadt B"}},
                        advances={2023: {"b": "10000"}})
    text = path.read_text().replace("municipalities:", "parties:\n  caritas:\n    name: Caritasverband\nmunicipalities:", 1)
    path.write_text(text)
    region = settle_file(path, 2023).regions[0]
    assert region.employer_name == "Caritasverband"
    # The only member carries the whole own share 10272.05 and owes 272.05 after 10000 advances.
    assert [(m.share, m.balance, m.is_employer) for m in region.members] == [(D("10272.05"), D("272.05"), False)]


def test_year_without_data_is_an_error(tmp_path):
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])])
    with pytest.raises(MissingData) as info:
        settle_file(path, 2027)
    # Social-insurance rates are checked first; they end with 2026.
    assert "end with 2026" in render(info.value.message, "en")
    assert "die Einträge enden mit 2026" in render(info.value.message, "de")
    # It points at the last entry, where the data ends.
    assert info.value.path == ("social_insurance", "rates", dt.date(2026, 1, 1))
