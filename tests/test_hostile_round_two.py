"""Hostile input and hostile surroundings, round two (issue 11), beyond the one-fixture-per-
mistake cases of ``tests/test_bad_input.py``: SIGTERM during a write, the warnings (terminal,
JSON, workbook), scenario files that are devices, pipes or huge, main files that are
devices or unreadable, escapes in scenario files, the fast YAML path for large files, and
posts split over included files (issue 14).
"""

from __future__ import annotations

import builtins
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.configuration import ConfigError, yaml_source
from kimcost.configuration.yaml_source import pure_parser_reason, read_yaml
from kimcost.loading import load_config
from kimcost.scenarios.read import MAX_SCENARIO_BYTES, read_scenario_file
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
OK = FIXTURES / "bad" / "ok-minimal.yaml"
WARNINGS = FIXTURES / "warnings" / "main.yaml"
SPLIT = FIXTURES / "split" / "main.yaml"
EARLIER = b"PK\x03\x04 an earlier workbook that must stay untouched"

runner = CliRunner()


def _run(*args: object):
    """In English unless the test gives --lang: the phrases below are the English wording."""
    return runner.invoke(app, [str(a) for a in args] + ([] if "--lang" in args else ["--lang", "en"]))


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch):
    monkeypatch.chdir(ROOT)


# --- class 2: SIGTERM cleans up as SIGINT does ------------------------------------------------

# The process sends itself SIGTERM when the temporary workbook is complete on disk, just
# before it would be moved into place: deterministic, no sleeping, no race.
_SELF_TERMINATING = """
import os, signal, sys
import kimcost.reports.xlsx.determinism as determinism
original = determinism.save_reproducibly
def save(workbook, path, moment):
    original(workbook, path, moment)
    assert os.path.getsize(path) > 0
    os.kill(os.getpid(), signal.SIGTERM)
determinism.save_reproducibly = save
sys.argv = ["kimcost", *sys.argv[1:]]
from kimcost.cli.app import main
main()
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
def test_sigterm_inside_a_write_removes_the_temporary_file_and_keeps_the_earlier_one(tmp_path):
    target = tmp_path / "abrechnung.xlsx"
    target.write_bytes(EARLIER)
    out = subprocess.run([sys.executable, "-c", _SELF_TERMINATING, "settle", "2023", "--config", str(OK),
                          "--out", str(target), "--format", "json"],
                         capture_output=True, cwd=ROOT, timeout=120)
    message = out.stderr.decode("utf-8")
    assert out.returncode == 143, message
    assert message.strip().endswith("Beendet (SIGTERM); es wurde nichts geschrieben."), message  # German by default
    assert "Traceback" not in message and "bug" not in message
    assert out.stdout == b""  # the JSON comes after the workbook: not written either
    assert target.read_bytes() == EARLIER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["abrechnung.xlsx"]  # no .kimcost-….tmp


# --- class 3: warnings reach the terminal, every JSON document and the workbook ---------------

NO_REGION = "municipalities.delta: 'delta' belongs to no region, so no settlement bills it"
SAME_NAME = "municipalities.gamma.name: 'Gemeinde  alpha' is also the name of municipality 'alpha'"
SAME_NAME_DE = "municipalities.gamma.name: 'Gemeinde  alpha' ist auch der Name der Kommune 'alpha'"
NO_REGION_DE = "municipalities.delta: 'delta' gehört zu keiner Region"
WARNINGS_REL = "tests/fixtures/warnings/main.yaml"


def test_warnings_are_printed_once_on_every_run():
    for args in (["validate"], ["settle", "2023", "--no-workbook"], ["forecast", "2023", "2024"],
                 ["compare", "2023", "--scenario", "half"], ["explain", "2023", "--member", "beta"]):
        result = _run(*args, "--config", WARNINGS, "--lang", "en")
        assert result.exit_code == 0, (args, result.stderr)
        lines = result.stderr.splitlines()
        assert f"warning: {WARNINGS_REL}:10:3: {NO_REGION}; add it to a region's 'members', " \
               "or remove it if it takes no part" in lines, (args, result.stderr)
        assert any(line.startswith(f"warning: {WARNINGS_REL}:9:17: {SAME_NAME}") for line in lines), result.stderr
        assert len([line for line in lines if line.startswith("warning: ")]) == 2, (args, result.stderr)  # once
        assert "warning: " not in result.stdout


@pytest.mark.parametrize("args", [["settle", "2023"], ["forecast", "2023", "2024"],
                                  ["compare", "2023", "--scenario", "half"]], ids=lambda a: a[0])
def test_warnings_are_in_every_json_document(args):
    result = _run(*args, "--config", WARNINGS, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document)[:6] == ["schema", "kind", "kimcost", "inputs", "scenarios", "warnings"]
    assert document["warnings"] == [
        {"file": "main.yaml", "line": 9, "column": 17, "path": "municipalities.gamma.name",
         "message": "'Gemeinde  alpha' is also the name of municipality 'alpha'; their rows in the council table look "
                    "the same — add what tells them apart, e.g. 'Gemeinde  alpha (Kreis …)'"},
        {"file": "main.yaml", "line": 10, "column": 3, "path": "municipalities.delta",
         "message": "'delta' belongs to no region, so no settlement bills it; add it to a region's 'members', "
                    "or remove it if it takes no part"},
    ]


def test_a_configuration_without_warnings_has_an_empty_list():
    result = _run("settle", "2023", "--config", OK, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["warnings"] == []
    assert "warning" not in result.stderr


@pytest.mark.parametrize("lang, title, same_name, no_region", [
    ("de", "Hinweise zur Konfiguration (2)", SAME_NAME_DE, NO_REGION_DE),
    ("en", "Configuration warnings (2)", SAME_NAME, NO_REGION)])
def test_warnings_are_on_the_workbook_overview(tmp_path, lang, title, same_name, no_region):
    out = tmp_path / "w.xlsx"
    result = _run("settle", "2023", "--config", WARNINGS, "--out", out, "--lang", lang, "--format", "json")
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(out).worksheets[0]
    rows = [(a, b) for a, b in sheet.iter_rows(min_row=1, max_row=20, max_col=2, values_only=True)]
    start = next(i for i, (a, _) in enumerate(rows) if isinstance(a, str) and a.startswith(title))
    assert rows[start + 1][0] == "main.yaml:9:17" and rows[start + 1][1].startswith(same_name)
    assert rows[start + 2][0] == "main.yaml:10:3" and rows[start + 2][1].startswith(no_region)


def test_no_warnings_block_without_warnings(tmp_path):
    out = tmp_path / "ok.xlsx"
    assert _run("settle", "2023", "--config", OK, "--out", out, "--format", "json").exit_code == 0
    texts = [c for row in load_workbook(out).worksheets[0].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not any(t.startswith("Hinweise zur Konfiguration") for t in texts)


def test_load_config_keeps_the_warnings_in_file_order():
    with pytest.warns(UserWarning):
        loaded = load_config(WARNINGS)
    assert [(w.location.line, w.path) for w in loaded.warnings] == [
        (9, ("municipalities", "gamma", "name")), (10, ("municipalities", "delta"))]


# --- class 6: scenario files -------------------------------------------------------------------


@pytest.mark.parametrize("make", ["fifo", "device"])
def test_a_fifo_or_a_device_as_scenario_is_named_as_such(tmp_path, make):
    if make == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        path = tmp_path / "scenario.yaml"
        os.mkfifo(path)  # opened, it would block for ever
    else:
        path = Path(os.devnull)
    result = _run("settle", "2023", "--config", OK, "--scenario", path, "--no-workbook")
    assert result.exit_code == 3, result.stderr
    assert f"error: scenario file {path} is not a regular file (a device, a pipe or a socket)" in result.stderr
    assert "does not exist" not in result.stderr


def test_a_huge_sparse_scenario_file_is_refused_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024 ** 3)  # sparse: 2 GiB that take no disk
    read = []
    real_open = builtins.open

    def counting_open(*args, **kwargs):
        handle = real_open(*args, **kwargs)
        real_read = handle.read
        handle.read = lambda size=-1: read.append(size) or real_read(size)
        return handle

    monkeypatch.setattr(yaml_source, "open", counting_open, raising=False)
    with pytest.raises(ConfigError) as info:
        read_scenario_file(path, "huge.yaml")
    assert "scenario file is larger than 1,048,576 bytes (1 MiB)" in info.value.issues[0].text("en")
    assert "die Szenariodatei ist größer als 1.048.576 Byte (1 MiB)" in info.value.issues[0].text("de")
    assert read == [MAX_SCENARIO_BYTES + 1]  # never the whole file


def test_a_scenario_of_one_mib_exactly_is_read(tmp_path):
    text = "name: padded\ndescription: a scenario padded with a comment\nchanges:\n  - remove: regions.west.advances.2026\n"
    path = tmp_path / "padded.yaml"
    path.write_bytes(text.encode() + b"#" * (MAX_SCENARIO_BYTES - len(text) - 1) + b"\n")
    assert read_scenario_file(path, "padded.yaml").name == "padded"


def test_escapes_in_a_scenario_file_are_refused_at_their_line(tmp_path):
    path = tmp_path / "escape.yaml"
    path.write_text('name: escape\ndescription: a name with a terminal escape\nchanges:\n'
                    '  - set: municipalities.alpha.name\n    value: "Alpha \\e]0;pwned\\a"\n', encoding="utf-8")
    result = _run("settle", "2023", "--config", OK, "--scenario", path, "--no-workbook", "--lang", "en")
    assert result.exit_code == 3
    assert f"{path}:5:12: changes[0].value: the control character U+001B (written as the escape \\e)" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_a_backslash_scenario_path_gets_a_hint():
    result = _run("settle", "2023", "--config", OK, "--scenario", "examples\\coesfeld-planning.yaml", "--no-workbook")
    assert result.exit_code == 3
    assert "scenario file examples\\coesfeld-planning.yaml does not exist; write '/' between folders: " \
           "examples/coesfeld-planning.yaml" in result.stderr


# --- class 7: main files -----------------------------------------------------------------------


def test_dev_null_as_main_file_is_not_called_an_include():
    result = _run("validate", "--config", os.devnull, "--lang", "en")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (f"error: cannot read the configuration file {os.devnull}: it is not a "
                                             "regular file (a folder, device or pipe); name a YAML file")


def test_an_unreadable_main_file_exits_3_as_a_missing_one(tmp_path, monkeypatch):
    """Root reads every file, so the refusal is simulated where the loader opens it; typer
    must not refuse it first (it would exit 2)."""
    path = tmp_path / "locked.yaml"
    path.write_bytes(OK.read_bytes())
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(yaml_source, "open", refusing_open, raising=False)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    result = _run("validate", "--config", path, "--lang", "en")
    assert result.exit_code == 3, result.stderr
    assert f"cannot read the configuration file {path}: Permission denied" in result.stderr
    missing = _run("validate", "--config", tmp_path / "missing.yaml", "--lang", "en")
    assert missing.exit_code == 3 and "does not exist" in missing.stderr


# --- class 7: the fast path for large files with '?', '!', '|' or a tab --------------------------

HARMLESS_LINES = (
    "# Wer zahlt? Siehe Vorlage! a | b > c\tEnde\n",
    "  m{i:05d}: {{name: 'Gemeinde {i} ? | !', population: {{value: 100, source: \"Zensus | 2022?\\t!\"}}}}\n",
    # in block style only: inside { } PyYAML ends a plain value at "?", libyaml does not
    "  n{i:05d}:\n    name: Wer zahlt?\n    population: {{value: 100, source: Vorlage!}}\n",
)


def test_question_marks_bars_and_tabs_in_comments_quotes_and_words_keep_the_fast_path(monkeypatch):
    lines = ["municipalities:\n"] + [HARMLESS_LINES[i % 3].format(i=i) for i in range(60_000)]
    text = "".join(lines)
    assert len(text) > 3 * 1024 * 1024 and "?" in text and "\t" in text and "|" in text and "!" in text
    assert pure_parser_reason(text) is None
    composed = []
    real = yaml_source._compose_fast
    monkeypatch.setattr(yaml_source, "_compose_fast", lambda t, **kw: composed.append(r := real(t, **kw)) or r)
    one_pass = yaml_source._read_fast  # since session 3 the events are built in one pass first
    monkeypatch.setattr(yaml_source, "_read_fast", lambda *a: composed.append(r := one_pass(*a)) or r)
    data, _ = read_yaml("large.yaml", text.encode("utf-8"))
    assert composed and composed[0] is not None  # libyaml read it: seconds, not a minute
    assert data["municipalities"]["m00001"]["name"] == "Gemeinde 1 ? | !"
    assert data["municipalities"]["n00002"]["population"]["source"] == "Vorlage!"


@pytest.mark.parametrize("text, at", [
    ("a: |\n  text\n", 3),            # a block scalar
    ("? a\n: b\n", 0),                 # a complex key
    ("a: !!str x\n", 3),               # a tag
    ("a:\n\tb: 1\n", 3),               # a tab in the indentation
    ("a: [x?y]\n", 5),                 # '?' ends a plain scalar in flow context (PyYAML)
    ("a: {b: , c: 1}\n", 5),           # an empty value in a flow mapping
    ("a: 'x'\ufeff\n", 6),             # a byte-order mark, wherever it is
    ("a: Gemeinde 'x ? y' [z ? w]\n", 15),  # a quote inside a plain value is no quoted text
])
def test_what_only_the_pure_parser_reads_right_still_goes_there(text, at):
    assert pure_parser_reason(text) == at


# --- issue 14: posts split over included files -------------------------------------------------


def test_posts_from_several_files_are_joined_in_reading_order():
    loaded = load_config(SPLIT)
    assert [p.id for p in loaded.config.positions] == ["land-1", "nord-1", "sued-1"]
    assert str(loaded.locate(("positions", 1, "holders", 0, "grade"))) == "tests/fixtures/split/districts/nord.yaml:7:73"
    assert str(loaded.locate(("positions", 2, "id"))) == "tests/fixtures/split/districts/sued.yaml:3:9"
    assert str(loaded.locate(("positions", 0, "id"))) == "tests/fixtures/split/main.yaml:15:9"
    assert [f.role for f in loaded.inputs].count("include") == 9


def test_a_state_wide_configuration_of_many_district_files_settles(tmp_path):
    folder = tmp_path / "state"
    (folder / "districts").mkdir(parents=True)
    names = [f"d{i:02d}" for i in range(40)]
    municipalities = "".join(f"  {n}: {{name: Gemeinde {n}}}\n" for n in names)
    regions = "".join(f"  {n}: {{name: Region {n}, employer: {n}, members: [{n}]}}\n" for n in names)
    shared = (ROOT / "tests" / "fixtures" / "bad" / "_shared").resolve()
    configs = (ROOT / "configs").resolve()
    (folder / "main.yaml").write_text(
        f"include: [{os.path.relpath(shared / 'data.yaml', folder)}, "
        + ", ".join(f"districts/{n}.yaml" for n in names) + "]\n"
        f"include_roots: [{os.path.relpath(configs, folder)}, {os.path.relpath(shared, folder)}]\n"
        "district: {name: Land Test, grant: kim-nrw}\n"
        f"municipalities:\n{municipalities}regions:\n{regions}", encoding="utf-8")
    for n in names:
        (folder / "districts" / f"{n}.yaml").write_text(
            f"positions:\n  - id: {n}-1\n    region: {n}\n    fte: 1.0\n    holders:\n"
            f"      - {{name: CM {n}, start: 2023-01-01, fte: 1.0, grade: S 12, step: 3, step_since: 2021-03-01}}\n",
            encoding="utf-8")
    result = _run("settle", "2023", "--config", folder / "main.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["regions"]) == 40
    # one post each, all alike: every region's own share is the same to the cent
    assert len({r["own_share"] for r in document["regions"]}) == 1


# --- class 5: names the file system refuses are clear errors, never bugs ---------------------------


@pytest.mark.parametrize("option", ["--config", "--scenario"])
def test_a_path_too_long_for_the_file_system_is_a_clear_error(tmp_path, option):
    long = tmp_path / ("x" * 300 + ".yaml")
    args = ["settle", "2023", "--config", OK, "--scenario", long] if option == "--scenario" else \
        ["settle", "2023", "--config", long]
    result = _run(*args, "--no-workbook", "--lang", "en")
    assert result.exit_code == 3, result.stderr
    assert "File name too long" in result.stderr and "bug" not in result.stderr


def test_a_main_file_that_is_a_symlink_loop_is_a_clear_error(tmp_path):
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    result = _run("validate", "--config", tmp_path / "loop.yaml", "--lang", "en")
    assert result.exit_code == 3
    assert f"cannot use the configuration path {tmp_path / 'loop.yaml'}: Too many levels of symbolic links" in result.stderr


def test_a_syntax_error_in_a_large_file_is_reported_by_the_fast_reader(tmp_path):
    """A file over the slow reader's 2 MiB gets libyaml's own report, at its line and column,
    instead of the slow reader running over megabytes only to say the same."""
    from kimcost.configuration.errors import ConfigError
    from kimcost.configuration.yaml_source import MAX_PURE_BYTES, read_yaml

    body = "".join(f"  m{i}: {{name: Gemeinde {i}}}\n" for i in range(MAX_PURE_BYTES // 24 + 10))
    text = "municipalities:\n" + body + "regions: [unclosed\n"
    assert len(text) > MAX_PURE_BYTES
    with pytest.raises(ConfigError) as caught:
        read_yaml("big.yaml", text.encode("utf-8"))
    (issue,) = caught.value.issues
    last = text.count("\n")
    assert issue.location.line == last + 1 and "is not closed" in issue.text("en")
