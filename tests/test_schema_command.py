"""kimcost schema: a JSON Schema an editor can use, that every shipped configuration meets —
merged as the loader merges it, and each of the district's own files on its own (the files an
officer edits with the schema attached)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.configuration.loader import read_config_tree
from kimcost.configuration.yaml_source import read_yaml

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = [ROOT / "configs" / "coesfeld.yaml",
           ROOT / "examples" / "steinfurt-rheine" / "kreis-steinfurt.yaml",
           ROOT / "examples" / "guetersloh-rietberg" / "kreis-guetersloh.yaml"]


def _json_like(value):
    """The YAML reader's values as JSON has them: dates as ISO text, decimals as numbers."""
    if isinstance(value, dict):
        return {(k.isoformat() if isinstance(k, dt.date) else str(k)): _json_like(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_like(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


@pytest.fixture(scope="module")
def validator():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _errors(validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(_json_like(data))]


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_merged_configuration_meets_the_schema(validator, path):
    tree = read_config_tree(path)
    assert "tariffs" in tree.data and "district" in tree.data
    assert _errors(validator, tree.data) == []


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_each_own_file_meets_the_schema(validator, path):
    for folder_file in path.parent.rglob("*.yaml"):
        data, _ = read_yaml(str(folder_file), folder_file.read_bytes())
        if isinstance(data, dict) and "changes" in data:
            continue  # a scenario file, not a part of the configuration
        assert _errors(validator, data) == [], folder_file


def test_the_schema_finds_an_unknown_key_and_a_wrong_type(validator):
    data, _ = read_yaml("x.yaml", b"district: {name: Kreis X, grant: kim-nrw, grnat: 1}\n"
                                   b"positions:\n  - {id: a, region: r, fte: 1.0, holders: [{name: A, start: 2025-01-01,"
                                   b" fte: 1.0, grade: S 12, step: zwei, step_since: 2024-01-01}]}\n")
    found = _errors(validator, data)
    assert any(e.startswith("district: Additional properties") and "grnat" in e for e in found), found
    assert any(e.startswith("positions/0/holders/0/step:") for e in found), found


def test_descriptions_for_the_editor(validator):
    props = validator.schema["properties"]
    assert "kimcost:tvoed-sue" in props["include"]["description"]
    holder = validator.schema["$defs"]["Holder"]["properties"]
    assert holder["step_since"]["description"].startswith("Day the holder entered this step")


def test_the_init_configuration_meets_the_schema(validator, tmp_path):
    assert CliRunner().invoke(app, ["init", str(tmp_path / "k"), "--district", "Kreis Steinfurt"]).exit_code == 0
    for path in (tmp_path / "k").iterdir():
        data, _ = read_yaml(str(path), path.read_bytes())
        assert _errors(validator, data) == [], path
    assert _errors(validator, read_config_tree(tmp_path / "k" / "kreis-steinfurt.yaml").data) == []
