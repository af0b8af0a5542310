"""German throughout (issue 10): outputs name inputs in words and word the settings' choices;
the JSON keeps key paths and values as written."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.reports import wording
from kimcost.reports.parameters import ParameterRow
from tests.conftest import COESFELD
from tests.workbook_support import settled

runner = CliRunner()


def test_a_settings_choice_in_words():
    assert wording.choice(("grants", "kim-nrw", "proration"), "days", "de") == "anteilig nach Tagen"
    assert wording.choice(("grants", "kim-nrw", "cap"), "personnel", "de") == "höchstens bis zu den Personalkosten"
    assert wording.choice(("grants", "kim-nrw", "cap"), "none", "en") == "without a cap"
    assert wording.choice(("regions", "nord", "key"), "equal", "de") == "zu gleichen Teilen"
    assert wording.choice(("planning", "grant"), "carry_forward", "de") == "fortgeschrieben"
    assert wording.choice(("regions", "nord", "name"), "days", "de") == "days"  # not a choice: as written


def test_grant_rules_and_contribution_rates_in_words():
    run = settled(year=2024)
    config = run.loaded.config
    assert wording.grant_rules(config.grants["kim-nrw"], "de") == (
        "Förderung: je VZÄ-Jahr, mindestens 0,5 VZÄ, anteilig nach Tagen, höchstens bis zu den Personalkosten")
    assert wording.grant_rules(config.grants["kim-nrw"], "en") == (
        "Grant: per FTE-year, at least 0.5 FTE, prorated by day, at most up to the personnel costs")
    row = ParameterRow(("social_insurance", "rates", dt.date(2024, 1, 1)), dt.date(2024, 1, 1), "", "", "seen")
    lines = wording.parameter_value(row, config, "de", year=2024).split("\n")
    # 2024: one set of ceilings all year (health 5.175,00 €, pension 7.550,00 € a month)
    assert lines[0] == "Rentenversicherung 9,3 % bis zur Beitragsbemessungsgrenze 7.550,00 € je Monat"
    assert "Krankenversicherung 7,3 % bis zur Beitragsbemessungsgrenze 5.175,00 € je Monat" in lines
    assert "Pflegeversicherung 1,7 % bis zur Beitragsbemessungsgrenze 5.175,00 € je Monat" in lines


def test_planning_notes_and_sources_in_words():
    assert wording.note("the entry of 2026-01-01 carried forward (rates 2026)", "de") == (
        "Eintrag vom 01.01.2026 fortgeschrieben (rates 2026)")
    assert wording.note("+3.0 % on the ceilings of 2026-01-01, rounded half up to the cent", "de") == (
        "+3 % auf die Grenzen vom 01.01.2026, kaufmännisch auf den Cent gerundet")
    assert wording.note("+3.0 %, at least +110.00 € on the table of 2026-05-01, rounded half up to the cent", "de") == (
        "+3 %, mindestens +110,00 € auf die Tabelle ab 01.05.2026, kaufmännisch auf den Cent gerundet")
    assert wording.note("the grant ends on 2027-01-01: 0 from then on", "de") == (
        "die Förderung endet am 01.01.2027: ab dann 0,00 €")
    assert wording.source("planning assumption (Kämmerei 2026): the entry of 2026-01-01 carried forward", "de") == (
        "Planungsannahme (Kämmerei 2026): Eintrag vom 01.01.2026 fortgeschrieben")
    assert wording.source("Förderrichtlinie KIM NRW", "de") == "Förderrichtlinie KIM NRW"  # the data's own, as written


def test_values_of_a_scenario_change_in_words():
    assert wording.value({"percent": Decimal("5.1"), "levy_percent": Decimal("0.5"), "status": "assumption"},
                         ("supplementary_pension", dt.date(2022, 1, 1)), "de") == (
        "Umlagesatz 5,1 %, Sanierungsgeld 0,5 % (Annahme)")
    assert wording.value({"monthly": {"health": Decimal("5175.00")}}, ("social_insurance", "ceilings"), "de") == (
        "Kranken- und Pflegeversicherung 5.175,00 € je Monat")
    assert wording.value(Decimal("5.0"), ("planning", "pay_rise", "tvoed-sue", "percent"), "de") == "5 %"


def test_explain_words_the_choices_and_the_json_keeps_them():
    args = ["explain", "2024", "--config", str(COESFELD), "--member", "billerbeck"]
    text = runner.invoke(app, args).stdout
    for worded in ("Anrechnung: anteilig nach Tagen", "Deckelung: höchstens bis zu den Personalkosten",
                   "Schlüssel: zu gleichen Teilen", "Gleichstände): Stadt Billerbeck"):
        assert worded in text
    for raw in (": days", ": personnel", ": equal", ": billerbeck"):
        assert raw not in text
    english = runner.invoke(app, [*args, "--lang", "en"]).stdout
    assert "proration: prorated by day" in english and "Key: in equal parts" in english
    doc = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    leaves = {}

    def walk(node):
        if "key" in node:
            leaves[node["key"]] = node["value"]
        for child in node["children"]:
            walk(child)
    walk(doc["tree"])
    assert leaves["grants.kim-nrw.proration"] == "days" and leaves["grants.kim-nrw.cap"] == "personnel"
    assert leaves["regions.nord.key"] == "equal"
