"""Fuzzing the loader (issue 5): any crash other than a clean configuration error fails.

(a) Generated input for ``read_yaml`` and ``load_config``: random bytes, random text, strings
    of YAML's own punctuation, random nested data, and random edits of a valid
    configuration's data tree.
(b) Mutations of the shipped configuration (delete, duplicate or re-indent a line, change a
    character, replace a value) written to a copy of ``configs/``, then loaded and settled.

(c) Scenario files (issue 11): generated changes with hostile key paths, values and numbers,
    applied to a valid configuration; and double-quoted text with random YAML escapes, which
    must never hand out a control character other than a line break or a tab.

Allowed outcomes: success, ``ConfigError`` (every issue with file, line and column) or, when
settling, ``MissingData``. Example counts are moderate and the runs derandomized, so CI sees
the same examples every time.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kimcost.configuration import ConfigError
from kimcost.loading import load_config
from kimcost.configuration.yaml_source import read_yaml
from kimcost.engine import MissingData, settle
from tests.conftest import CONFIGS, DATA, ROOT
from tests.builders import copy_with_local_data

# KIMCOST_FUZZ=N runs N times as many examples with a random seed (an exploratory run);
# without it the examples are derandomized, the same in every run.
SCALE = int(os.environ.get("KIMCOST_FUZZ", "0") or 0)
pytestmark = pytest.mark.filterwarnings("ignore::kimcost.configuration.errors.ConfigWarning")
FUZZ = settings(derandomize=not SCALE, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples * max(SCALE, 1))


PLAIN_TYPES = (dict, list, str, int, bool, Decimal, dt.date, type(None))


def _assert_plain(value) -> None:
    """``read_yaml`` hands out only plain data: no floats, no Python objects."""
    assert isinstance(value, PLAIN_TYPES) and not isinstance(value, float), type(value)
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, (str, int, bool, dt.date, type(None))), type(key)
            _assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            _assert_plain(item)


def _assert_located(error: ConfigError) -> None:
    assert error.issues
    for issue in error.issues:
        assert issue.location is not None, str(issue)
        assert issue.location.line >= 1 and issue.location.column >= 1, str(issue)
        assert issue.message, str(issue)


def _read(raw: bytes) -> None:
    try:
        data, sources = read_yaml("fuzz.yaml", raw)
    except ConfigError as error:
        _assert_located(error)
        assert all(issue.location.file == "fuzz.yaml" for issue in error.issues)
        return
    _assert_plain(data)
    assert () in sources.values


# --- (a) generated documents -----------------------------------------------------------

YAML_PIECES = [
    ": ", "- ", "? ", "[", "]", "{", "}", ", ", "&a ", "*a", "<<: ", "!!str ", "!!python/name:os.system ", "!x ",
    "\t", "\n", "\n  ", "\n    ", "  ", "'", '"', "# c", "key", "name", "regions", "0301", "no", "yes", "~", "1e3",
    "1.5e+3", "1:30", "0x1F", "0o17", ".nan", "-.inf", "2023-02-30", "2023-01-01", "2023-01-01 10:00", "55.000,00",
    "---", "...", "|", ">", "%YAML 1.1\n", "\x00", "\x07", "\ufeff", "é", "€", "\\", "\r\n", "@", "`", "%",
]

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(),
    st.sampled_from(["no", "0301", "1e3", "55.000,00", "2023-02-30", "S 12", "alpha"]),
)
KEYS = st.one_of(st.text(max_size=8), st.sampled_from(["district", "regions", "members", "fte", "no", "0301", "<<", "include"]))
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=25,
)


@fuzz(150)
@given(st.binary(max_size=300))
def test_random_bytes_give_data_or_a_config_error(raw):
    _read(raw)


@fuzz(150)
@given(st.text(max_size=200))
def test_random_text_gives_data_or_a_config_error(text):
    _read(text.encode("utf-8"))


@fuzz(250)
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=40))
def test_yaml_punctuation_gives_data_or_a_config_error(pieces):
    _read("".join(pieces).encode("utf-8"))


@fuzz(150)
@given(DOCUMENTS, st.booleans())
def test_generated_documents_give_data_or_a_config_error(document, flow):
    text = yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow)
    _read(text.encode("utf-8"))


# A valid configuration as one data tree: the shipped Coesfeld configuration with its
# includes merged, plus a weighted key, a step schedule and actuals. Random edits anywhere in
# it (tariff tables, rates, grants, posts …) reach pydantic, the message translation, the
# cross-reference checks and, when the result is still valid, the engine.
SHIPPED = ["tariffs/tvoed-sue.yaml", "tariffs/tvoed-vka.yaml", "tariffs/one-off-payments.yaml",
           "contributions/social-insurance.yaml", "contributions/kvw.yaml", "grants/kim-nrw.yaml"]
FOLDER = {name: (CONFIGS if name.startswith("contributions/kvw") else DATA) for name in SHIPPED}


def _shipped_tree() -> dict:
    tree: dict = {}
    for name in ["coesfeld.yaml", *SHIPPED]:
        data, _ = read_yaml(name, (FOLDER.get(name, CONFIGS) / name).read_bytes())
        data.pop("include", None)
        _merge(tree, data)
    tree["regions"]["mitte"]["key"] = {"weights": {"duelmen": 2, "nottuln": Decimal("1.5")}}
    holder = tree["positions"][0]["holders"][0]
    holder["step_schedule"] = [{"date": dt.date(2024, 1, 1), "step": 4}]
    return _plain_for_yaml(tree)


def _merge(into: dict, new: dict) -> None:
    for key, value in new.items():
        if isinstance(into.get(key), dict) and isinstance(value, dict):
            _merge(into[key], value)
        else:
            assert key not in into, key
            into[key] = value


def _plain_for_yaml(value):
    """Decimals as text (the schema reads "12.5" as a number): ``yaml.safe_dump`` cannot write them."""
    if isinstance(value, dict):
        return {k: _plain_for_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_for_yaml(v) for v in value]
    return str(value) if isinstance(value, Decimal) else value


BASE = _shipped_tree()
EDIT_VALUES = st.one_of(
    SCALARS, st.just({}), st.just([]), st.integers(-5, 40), st.integers(),
    st.sampled_from(["gamma", "S 13", "S 12", "equal", "population", "-1", "0", "2031", "1900", "nord", "sued",
                     "0,5", "coesfeld", "kim-nrw", "tvoed-sue", "health", "pension"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10, max_value=10**6).map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
)


def _similar(value, draw):
    """A value of the same kind: an edit that often keeps the configuration valid."""
    if isinstance(value, bool) or value is None:
        return draw(EDIT_VALUES)
    if isinstance(value, int):
        return draw(st.integers(0, max(2 * value, 10)))
    if isinstance(value, dt.date):
        return draw(st.dates(dt.date(2018, 1, 1), dt.date(2028, 12, 31)))
    if isinstance(value, str) and value.replace(".", "", 1).isdigit():
        return str(draw(st.decimals(0, Decimal(value) * 2 + 1, places=2, allow_nan=False)))
    return draw(EDIT_VALUES)


def _edit(data, draw):
    """Replace, perturb, delete or add one entry somewhere in ``data`` (edited in place)."""
    node = data
    while True:
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node, key=repr)))
        elif isinstance(node, list) and node:
            key = draw(st.integers(0, len(node) - 1))
        else:
            return
        child = node[key]
        if isinstance(child, (dict, list)) and child and draw(st.integers(0, 4)) > 0:
            node = child
            continue
        action = draw(st.sampled_from(["replace", "similar", "similar", "delete", "add"]))
        if action == "replace":
            node[key] = draw(EDIT_VALUES)
        elif action == "similar":
            node[key] = _similar(child, draw)
        elif action == "delete":
            del node[key]
        elif isinstance(node, dict):
            node[draw(KEYS)] = draw(EDIT_VALUES)
        else:
            node.append(draw(EDIT_VALUES))
        return


def _copy(value):
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="kimcost-fuzz-") as tmp:
        yield Path(tmp)


def _write_config(folder: Path, data) -> Path:
    path = folder / "edited.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_unedited_base_is_valid(workdir):
    loaded = load_config(_write_config(workdir, BASE))
    assert loaded.config.positions[0].holders[0].step_schedule[0].step == 4
    assert settle(loaded.config, 2023).regions[1].members[1].weight == Decimal("1.5")


@fuzz(80)
@given(st.data(), st.integers(1, 2))
def test_edited_configurations_load_or_give_a_located_config_error(workdir, data, edits):
    tree = _copy(BASE)
    for _ in range(edits):
        _edit(tree, data.draw)
    path = _write_config(workdir, tree)
    _load_and_settle(path, data.draw(st.sampled_from([2023, 2024, 2025])))


def _load_and_settle(path: Path, year: int) -> None:
    try:
        loaded = load_config(path)
    except ConfigError as error:
        _assert_located(error)
        return
    try:
        result = settle(loaded.config, year)
    except MissingData as missing:
        assert missing.message
        assert loaded.locate(missing.path) is not None, missing.path
        return
    for region in result.regions:
        assert sum((m.share for m in region.members), Decimal(0)) == region.own_share


# --- (b) mutations of the shipped configuration ---------------------------------------------

FILES = ["coesfeld.yaml", *SHIPPED]
ORIGINALS: dict[str, str] = {}  # the copy's texts before any mutation
CHARACTERS = [" ", "\t", ":", "-", "[", "]", "{", "}", ",", "'", '"', "#", "&", "*", "!", "|", ">", "0", "9", "x", ".", "\n", "é"]
VALUES = ["no", "yes", "0301", "1e3", "'55.000,00'", "-1", ".nan", ".inf", "2023-02-30", "0", "~", "[]", "{}",
          "1.5", "S 13", "alpha", "&x 1", "*x", "{a: 1, a: 2}", "2101", "1899-12-31", "!!binary aGk=", "99999999999999999999"]


@pytest.fixture(scope="module")
def shipped_copy():
    with tempfile.TemporaryDirectory(prefix="kimcost-mutate-") as tmp:
        target = Path(tmp) / "configs"
        copy_with_local_data(target)
        ORIGINALS.update({name: (target / name).read_text(encoding="utf-8") for name in FILES})
        yield target


def _mutate(text: str, draw) -> str:
    lines = text.split("\n")
    i = draw(st.integers(0, len(lines) - 1))
    line = lines[i]
    action = draw(st.sampled_from(["delete", "duplicate", "char", "indent", "dedent", "tab", "value", "swap"]))
    if action == "delete":
        del lines[i]
    elif action == "duplicate":
        lines.insert(i, line)
    elif action == "char" and line:
        j = draw(st.integers(0, len(line) - 1))
        lines[i] = line[:j] + draw(st.sampled_from(CHARACTERS)) + line[j + 1:]
    elif action == "indent":
        lines[i] = "  " + line
    elif action == "dedent":
        lines[i] = line[2:] if line.startswith("  ") else line
    elif action == "tab":
        lines[i] = "\t" + line.lstrip(" ")
    elif action == "value" and ": " in line:
        head, _, _ = line.partition(": ")
        lines[i] = f"{head}: {draw(st.sampled_from(VALUES) | st.text(max_size=6).map(repr))}"
    elif action == "swap" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], line
    return "\n".join(lines)


@fuzz(80)
@given(st.data())
def test_mutated_shipped_configuration_loads_or_gives_a_located_config_error(shipped_copy, data):
    name = data.draw(st.sampled_from(FILES))
    path = shipped_copy / name
    original = ORIGINALS[name]
    mutated = original
    for _ in range(data.draw(st.integers(1, 3))):
        mutated = _mutate(mutated, data.draw)
    path.write_text(mutated, encoding="utf-8")
    try:
        _load_and_settle(shipped_copy / "coesfeld.yaml", data.draw(st.sampled_from([2023, 2024, 2026])))
    finally:
        path.write_text(original, encoding="utf-8")


def test_mutation_fixture_restores_the_shipped_text(shipped_copy):
    """The mutation test edits a copy and puts each file back; the copy still loads and settles."""
    for name in FILES:
        assert (shipped_copy / name).read_text(encoding="utf-8") == ORIGINALS[name]
    loaded = load_config(shipped_copy / "coesfeld.yaml")
    assert len(loaded.config.positions) == 7
    assert ROOT.exists()


# --- (c) scenario files and YAML escapes -------------------------------------------------------

OK_MINIMAL = ROOT / "tests" / "fixtures" / "bad" / "ok-minimal.yaml"
PATH_PARTS = ["positions", "west-1", "holders", "[0]", "[²]", "[٣]", "[-1]", "[99]", "fte", "grade", "step", "start",
              "regions", "west", "members", "key", "advances", "2023", "beta", "municipalities", "alpha", "name",
              "population", "tariffs", "tvoed-sue", "tables", "2026-03-01", "grants", "kim-nrw", "amounts",
              "district", "[", "]", "..", ".", "[Case-Managerin West]", "𝟚", "ＡＢ", "\u00a0"]
SCENARIO_VALUES = st.one_of(
    EDIT_VALUES, st.sampled_from([100, "100", 1000, "1e400", "9" * 40, -1, 0.5, "2203-01-01", "0001-01-01",
                                  "\u202e", {"value": 1}, [1, 2]]),
)


def _key_path(draw) -> str:
    parts = draw(st.lists(st.sampled_from(PATH_PARTS), min_size=1, max_size=6))
    return "".join(p if p.startswith("[") or i == 0 else "." + p for i, p in enumerate(parts))


def _change(draw) -> dict:
    verb = draw(st.sampled_from(["set", "add", "remove", "pay_rise", "carry_forward", "bogus"]))
    if verb == "pay_rise":
        return {"pay_rise": {"date": draw(st.dates(dt.date(1890, 1, 1), dt.date(2110, 1, 1))).replace(day=1),
                             "percent": draw(st.sampled_from([0, 1, 2.5, 50, 100, 101, -3, "x"])),
                             "repeat_until": draw(st.sampled_from([None, 2027, 2050, 2100, 2101, 3000]))}}
    if verb == "carry_forward":
        return {"carry_forward": {"until": draw(st.sampled_from([2026, 2030, 2100, 2101, 99999])),
                                  "series": draw(st.lists(st.sampled_from(["grant", "pay_tables", "x"]), max_size=2))}}
    change: dict = {verb: _key_path(draw)}
    if verb in ("set", "add", "bogus"):
        change["value"] = draw(SCENARIO_VALUES)
    if verb == "set" and draw(st.booleans()):
        change["since"] = draw(st.dates(dt.date(1890, 1, 1), dt.date(2110, 1, 1)))
    return change


@fuzz(120)
@given(st.data())
def test_generated_scenario_files_apply_or_give_a_located_config_error(workdir, data):
    scenario = {"name": "fuzz", "description": "generated",
                "changes": data.draw(st.lists(st.builds(lambda: None).map(lambda _: _change(data.draw)),
                                              min_size=1, max_size=4))}
    path = workdir / "scenario.yaml"
    path.write_text(yaml.safe_dump(_plain_for_yaml(scenario), allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        loaded = load_config(OK_MINIMAL, [str(path)])
    except ConfigError as error:
        _assert_located(error)
        return
    try:
        settle(loaded.config, data.draw(st.sampled_from([2023, 2026])))
    except MissingData as missing:
        assert missing.message


ESCAPES = ["\\0", "\\a", "\\b", "\\t", "\\n", "\\v", "\\f", "\\r", "\\e", "\\ ", '\\"', "\\/", "\\\\", "\\N",
           "\\_", "\\L", "\\P", "\\x00", "\\x1b", "\\x7f", "\\x85", "\\x9b", "\\xa0", "\\u0007", "\\u001b",
           "\\u202e", "\\ufeff", "\\ufffe", "\\uFFFF", "\\U0001F600", "\\U0010FFFF", "\\q", "\\x4", "\\", "a", " ",
           "é", "[2J", "]0;t"]
ALLOWED_CONTROLS = {"\n", "\t", "\r"}


def _no_control_characters(value) -> None:
    if isinstance(value, str):
        bad = [c for c in value if (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\ufffe\uffff") and c not in ALLOWED_CONTROLS]
        assert not bad, repr(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_control_characters(key)
            _no_control_characters(item)
    elif isinstance(value, list):
        for item in value:
            _no_control_characters(item)


@fuzz(250)
@given(st.lists(st.sampled_from(ESCAPES), max_size=12), st.sampled_from(["value", "key", "flow", "scenario"]))
def test_escapes_never_hand_out_a_control_character(pieces, where):
    quoted = '"' + "".join(pieces) + '"'
    text = {"value": f"name: {quoted}\n", "key": f"{quoted}: 1\n", "flow": f"a: {{b: [{quoted}]}}\n",
            "scenario": f"name: s\ndescription: d\nchanges:\n  - set: municipalities.alpha.name\n    value: {quoted}\n"}[where]
    try:
        data, _ = read_yaml("fuzz.yaml", text.encode("utf-8"))
    except ConfigError as error:
        _assert_located(error)
        return
    _no_control_characters(data)
