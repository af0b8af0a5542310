"""The command line through typer's CliRunner and, once, as a real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal as D

import pytest
from typer.testing import CliRunner

from kimcost import __version__
from kimcost.cli.app import app
from tests.builders import with_zero_advances, without_planning
from tests.conftest import COESFELD, ROOT

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def settle_json(year: int) -> dict:
    result = run("settle", str(year), "--config", str(COESFELD), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"kimcost {__version__}\n"


def test_validate_prints_ok_and_a_one_line_summary():
    result = run("validate", "--config", str(COESFELD), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("OK ")
    assert result.stdout.count("\n") == 1
    assert ("Kreis Coesfeld, 11 municipalities, 3 regions, 7 posts (6.0 VZÄ), 8 holders, 7 files; "
            "years checked: 2023, 2024, 2025, 2026; planned years checked: 2027–2031 (planning assumptions, "
            "not for settling)\n") in result.stdout


def test_validate_says_ok_in_german_by_default():
    result = run("validate", "--config", str(COESFELD))
    assert result.exit_code == 0, result.stderr
    assert ("Kreis Coesfeld, 11 Kommunen, 3 Regionen, 7 Stellen (6,0 VZÄ), 8 Stelleninhaber/innen, 7 Dateien; "
            "geprüfte Jahre: 2023, 2024, 2025, 2026; geprüfte Planungsjahre: 2027–2031 (Planungsannahmen, "
            "nicht zur Abrechnung)\n") in result.stdout


@pytest.mark.parametrize("year", [2023, 2024])
def test_coesfeld_json_reconciles(year):
    doc = settle_json(year)
    assert doc["year"] == year
    assert [r["id"] for r in doc["regions"]] == ["nord", "mitte", "sued"]
    for region in doc["regions"]:
        costs = {k: D(v) for k, v in region["costs"].items()}
        assert costs["total"] == costs["personnel"] + costs["equipment"] + costs["recruitment"] + costs["administration"]
        assert D(region["own_share"]) == costs["total"] - D(region["grant"])       # rule 11
        shares = [D(m["share"]) for m in region["members"]]
        assert sum(shares) == D(region["own_share"])                                # rule 12
        assert max(shares) - min(shares) <= D("0.01")                               # equal key
        for m in region["members"]:
            expected = D(0) if m["is_employer"] else D(m["share"]) - D(m["advances"])
            assert D(m["balance"]) == expected                                      # rule 13
        posts = [p for p in doc["positions"] if p["region"] == region["id"]]
        for category in ("personnel", "equipment", "recruitment", "administration", "total"):
            assert sum(D(p["costs"][category]) for p in posts) == costs[category]
        assert sum(D(p["grant"]) for p in posts) == D(region["grant"])
    # Money is a string with two decimals everywhere.
    assert doc["regions"][0]["own_share"].count(".") == 1
    assert len(doc["regions"][0]["own_share"].split(".")[1]) == 2


def test_coesfeld_2023_figures():
    # Pinned so that any change to a rule or to the shipped data shows up here; each figure is
    # reconciled above and built from the goldens in test_engine_golden.py.
    doc = settle_json(2023)
    nord = doc["regions"][0]
    assert nord["own_share"] == "33405.31"
    assert [m["share"] for m in nord["members"]] == ["8351.33", "8351.33", "8351.33", "8351.32"]
    assert [m["balance"] for m in nord["members"]] == ["0.00", "351.33", "351.33", "351.32"]
    assert doc["regions"][1]["own_share"] == "21106.68"
    assert doc["regions"][2]["own_share"] == "39257.01"
    keys = {a["key"] for a in doc["assumptions"]}
    assert "supplementary_pension.2022-01-01" in keys
    assert any(k.startswith("positions[0].holders[0]") for k in keys)


def test_table_output_is_german_by_default_and_english_on_request():
    de = run("settle", "2023", "--config", str(COESFELD), "--no-workbook")
    assert de.exit_code == 0, de.stderr
    assert "Eigenanteil" in de.stdout and "33.405,31 €" in de.stdout and "Nachzahlung" in de.stdout
    en = run("settle", "2023", "--config", str(COESFELD), "--no-workbook", "--lang", "en")
    assert en.exit_code == 0, en.stderr
    assert "Own share" in en.stdout and "€33,405.31" in en.stdout and "Amount due" in en.stdout


def test_usage_error_exits_2():
    result = run("settle", "--config", str(COESFELD))  # YEAR missing
    assert result.exit_code == 2
    result = run("settle", "1800", "--config", str(COESFELD))
    assert result.exit_code == 2


def test_invalid_configuration_exits_3_with_all_errors_and_no_traceback(tmp_path):
    text = COESFELD.read_text(encoding="utf-8")
    text = text.replace("fte: 0.5, grade: S 12, step: 1", "fte: 1.5, grade: S 12, step: 1")
    text = text.replace("    key: equal            #", "    kee: equal            #")
    bad = tmp_path / "coesfeld.yaml"
    bad.write_text(text, encoding="utf-8")
    for sub in ("contributions",):  # the rest is shipped data, included by name
        shutil.copytree(COESFELD.parent / sub, tmp_path / sub)
    result = run("validate", "--config", str(bad), "--lang", "en")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    line_kee = next(i for i, t in enumerate(text.splitlines(), 1) if "kee: equal" in t)
    assert any(f"coesfeld.yaml:{line_kee}:5: regions.nord.kee: unknown key 'kee'; did you mean 'key'?" in l for l in lines)
    assert any("positions[2].holders[0].fte: 1.5 is more than a full post (must be > 0 and ≤ 1)" in l for l in lines)
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_year_without_data_exits_3_naming_the_file(tmp_path):
    # With the year's advances written, what is left missing is the data itself (the shipped
    # data without its planning assumptions).
    config = with_zero_advances(tmp_path, without_planning(tmp_path), [2031])
    result = run("settle", "2031", "--config", str(config), "--format", "json", "--lang", "en")
    assert result.exit_code == 3
    assert "social_insurance.rates" in result.stderr and "end with 2026" in result.stderr
    german = run("settle", "2031", "--config", str(config), "--format", "json")
    assert "Beitragssätze der Sozialversicherung: die Einträge enden mit 2026" in german.stderr
    assert "settle: für 2031 fehlen die Daten der 4 Reihe(n) oben; nichts wurde geschrieben." in german.stderr
    assert "kimcost:social-insurance:" in result.stderr
    assert result.stdout == ""


def test_missing_config_file_exits_3(tmp_path):
    result = run("validate", "--config", str(tmp_path / "nope.yaml"), "--lang", "en")
    assert result.exit_code == 3
    assert "does not exist" in result.stderr


def test_real_process_settles_and_prints_json(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "kimcost", "settle", "2024", "--config", str(COESFELD), "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["year"] == 2024
    assert sum(D(m["share"]) for m in doc["regions"][1]["members"]) == D(doc["regions"][1]["own_share"])
    proc = subprocess.run([sys.executable, "-m", "kimcost", "settle", "2031", "--config", str(COESFELD)],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr


def test_a_usage_error_raised_inside_a_command_keeps_exit_2():
    # typer.BadParameter raised within reported_errors must not become "a bug" (exit 1).
    import typer

    from kimcost.cli.errors import reported_errors

    with pytest.raises(typer.BadParameter):
        with reported_errors(None):
            raise typer.BadParameter("no such member")


def test_validate_checks_every_scenario_written_in_the_configuration(tmp_path):
    for sub in ("contributions",):  # the rest is shipped data, included by name
        shutil.copytree(COESFELD.parent / sub, tmp_path / sub)
    text = COESFELD.read_text(encoding="utf-8") + (
        "\nscenarios:\n"
        "  sound:\n"
        "    description: Gleiche Teile auch in Süd.\n"
        "    changes:\n"
        "      - {set: regions.sued.key, value: equal}\n"
        "  broken:\n"
        "    description: Nord-1 mit einer Entgeltgruppe, die es nicht gibt.\n"
        "    changes:\n"
        "      - set: positions.nord-1.holders[0].grade\n"
        "        value: S 99\n"
    )
    path = tmp_path / "coesfeld.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", "--config", str(path), "--lang", "en")
    assert result.exit_code == 3
    assert "grade 'S 99' is in no tariff table" in result.stderr
    # Naming one scenario checks that one only.
    result = run("validate", "--config", str(path), "--scenario", "sound", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "under scenario sound" in result.stdout


@pytest.mark.parametrize("lang, interrupted, bug", [
    ("de", "Abgebrochen; es wurde nichts geschrieben.", "Das ist ein Fehler in kimcost; starten Sie den Befehl noch "
                                                        "einmal mit --debug"),
    ("en", "interrupted; nothing was written.", "This is a bug in kimcost; run again with --debug"),
])
def test_the_end_of_a_run_is_said_in_the_language_asked_for(monkeypatch, lang, interrupted, bug):
    import kimcost.loading

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(kimcost.loading, "load_config", stop)
    result = run("validate", "--config", str(COESFELD), "--lang", lang)
    assert result.exit_code == 130 and result.stderr == interrupted + "\n"

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(kimcost.loading, "load_config", fail)
    result = run("validate", "--config", str(COESFELD), "--lang", lang)
    assert result.exit_code == 1
    first, second = result.stderr.splitlines()
    assert first == ("Fehler: " if lang == "de" else "error: ") + "RuntimeError: boom"
    assert second.startswith(bug)
