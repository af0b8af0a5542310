"""kimcost init: a starting configuration that validates and settles as written, marked where
it must be replaced, and that never overwrites a file."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.cli.init import file_name

runner = CliRunner()


def _init(folder, district="Kreis Steinfurt", lang=None):
    return runner.invoke(app, ["init", str(folder), "--district", district, *(["--lang", lang] if lang else [])])


def test_file_name_from_the_district():
    assert file_name("Kreis Steinfurt") == "kreis-steinfurt.yaml"
    assert file_name("Kreis Gütersloh") == "kreis-guetersloh.yaml"
    assert file_name("???") == "kimcost.yaml"


def test_written_configuration_validates_and_settles(tmp_path):
    folder = tmp_path / "steinfurt"
    result = _init(folder)
    assert result.exit_code == 0, result.output
    main = folder / "kreis-steinfurt.yaml"
    assert sorted(p.name for p in folder.iterdir()) == ["kreis-steinfurt.yaml", "kvw.yaml"]
    text = main.read_text(encoding="utf-8")
    assert "ERSETZEN:" in text and "status: assumption" in text and "assumption:" in text
    assert "kimcost:tvoed-sue" in text and "kimcost:kim-nrw" in text
    assert "ERSETZEN:" in (folder / "kvw.yaml").read_text(encoding="utf-8")

    checked = runner.invoke(app, ["validate", "--config", str(main), "--lang", "en"])
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith(f"OK {main}: Kreis Steinfurt, 3 municipalities, 1 region, 1 post (1.0 VZÄ), 1 holder")
    assert "years checked: 2025, 2026" in checked.output

    settled = runner.invoke(app, ["settle", "2025", "--config", str(main), "--format", "json"])
    assert settled.exit_code == 0, settled.output
    doc = json.loads(settled.stdout)
    region = doc["regions"][0] if isinstance(doc["regions"], list) else next(iter(doc["regions"].values()))
    # 1.0 VZÄ held all year: the grant is the shipped 57.000 € of 2025 (an assumption there).
    assert "57000.00" in json.dumps(region)
    # Every placeholder is flagged: the cost rates, the kvw rate and the holder are assumptions.
    flagged = json.dumps(doc)
    assert "kimcost init" in flagged


def test_a_name_that_yaml_would_misread_is_written_safely(tmp_path):
    result = _init(tmp_path / "x", 'Kreis "Nord": #1')
    assert result.exit_code == 0, result.output
    main = tmp_path / "x" / "kreis-nord-1.yaml"
    checked = runner.invoke(app, ["validate", "--config", str(main), "--lang", "en"])
    assert checked.exit_code == 0, checked.output
    assert 'Kreis "Nord": #1, 3 municipalities' in checked.output


def test_refuses_to_overwrite_and_writes_nothing(tmp_path):
    folder = tmp_path / "st"
    folder.mkdir()
    (folder / "kvw.yaml").write_text("mine\n", encoding="utf-8")
    result = _init(folder)
    assert result.exit_code == 1
    assert "Fehler: " in result.stderr and "kimcost init überschreibt nichts" in result.stderr
    assert "overwrites nothing" in _init(folder, lang="en").stderr
    assert sorted(p.name for p in folder.iterdir()) == ["kvw.yaml"]
    assert (folder / "kvw.yaml").read_text(encoding="utf-8") == "mine\n"


def test_a_control_character_in_the_name_is_refused(tmp_path):
    result = _init(tmp_path / "y", "Kreis\nSteinfurt")
    assert result.exit_code == 2
    assert not (tmp_path / "y").exists()
