"""The output layer (reports/publish.py and friends): one set of conventions for every file
and stream kimcost writes, whatever the command.

- machine output is UTF-8 bytes with the format's own newlines, whatever the console's encoding;
- every CSV follows one dialect: BOM, CRLF, formula escaping, quoted line breaks;
- ``--out`` takes only a .xlsx name that is a regular file or a new name; ``--output`` the data;
- text from the configuration never reaches the terminal as markup or as a control sequence;
- every JSON document has the same envelope.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.configuration import yaml_source
from kimcost.reports.formats import Edition, StreamFormat
from kimcost.reports.settlement import SettlementReport, SettlementSubject
from tests.conftest import COESFELD, ROOT
from tests.workbook_support import copy_config, municipality_names, settled

GRANT_ENDS = ROOT / "examples" / "coesfeld-grant-ends.yaml"
COMMANDS = {
    "settle": ["settle", "2023"],
    "forecast": ["forecast", "2024", "2025"],
    "compare": ["compare", "2025", "--scenario", str(GRANT_ENDS)],
}


def run(args, **kwargs):
    return CliRunner().invoke(app, [str(a) for a in args], **kwargs)


# --- the CSV dialect, the same in every command ------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_config(tmp_path_factory) -> Path:
    # YAML double quotes: the CR and LF are escapes in the file, real characters in the name
    return copy_config(tmp_path_factory.mktemp("hostile"), {
        **municipality_names({"billerbeck": '=HYPERLINK("http://x","Billerbeck")'}),
        "{name: Gemeinde Havixbeck,": '{name: "Havix\\rbeck",', "{name: Gemeinde Nottuln,": '{name: "Nott\\nuln",'})


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_csv_follows_the_one_dialect(command, lang, hostile_config):
    result = run([*COMMANDS[command], "--config", hostile_config, "--format", "csv", "--lang", lang])
    assert result.exit_code == 0, result.stderr
    data = result.stdout_bytes
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark, so German Excel reads umlauts"
    text = data.decode("utf-8")[1:]
    # every record ends in CRLF; the CR and LF inside names are inside quoted fields
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if lang == "de" else ","))
    assert text.endswith("\r\n") and "\r\r\n" not in text
    fields = [f for row in records for f in row]
    assert "'=HYPERLINK(\"http://x\",\"Billerbeck\")" in fields, "a formula stays text"
    assert not any(f.startswith("=") for f in fields)
    assert "Havix\rbeck" in fields and "Nott\nuln" in fields, "a line break in a name stays in its field"
    widths = {len(row) for row in records}
    assert len(widths) == 1, "no record was split by a line break"


def test_csv_bytes_are_utf8_whatever_the_console_encoding(tmp_path):
    """On Windows a redirected stdout is cp1252; the bytes must not depend on it."""
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    out = subprocess.run([sys.executable, "-m", "kimcost", "settle", "2023", "--config", str(COESFELD),
                          "--format", "csv"], capture_output=True, env=env, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr.decode("utf-8", "replace")
    assert out.stdout.startswith("\ufeff".encode("utf-8"))
    assert "Dülmen".encode("utf-8") in out.stdout and b"\r\r\n" not in out.stdout
    explained = subprocess.run([sys.executable, "-m", "kimcost", "compare", "2025", "--config", str(COESFELD),
                                "--scenario", str(GRANT_ENDS), "--format", "json"],
                               capture_output=True, env=env, cwd=tmp_path, timeout=120)
    assert explained.returncode == 0, explained.stderr.decode("utf-8", "replace")
    assert json.loads(explained.stdout.decode("utf-8"))["kind"] == "comparison"


# --- targets ------------------------------------------------------------------------------------------


def test_out_refuses_a_name_that_is_not_a_workbook(tmp_path):
    for fmt, name in (("json", "result.json"), ("csv", "abrechnung.csv"), ("table", "abrechnung.txt")):
        target = tmp_path / name
        target.write_bytes(b"earlier")
        result = run(["settle", "2023", "--config", COESFELD, "--format", fmt, "--out", target])
        assert result.exit_code == 1, result.output
        assert "Fehler: --out " in result.stderr and "der Name muss auf .xlsx enden" in result.stderr
        assert target.read_bytes() == b"earlier"
        assert result.stdout == "", "nothing is written when a target is refused"


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.xlsx"
    os.mkfifo(path)
    return path


def _symlink_to_device(tmp_path: Path) -> Path:
    path = tmp_path / "link.xlsx"
    path.symlink_to("/dev/null")
    return path


@pytest.mark.parametrize("make, message", [
    (lambda tmp: Path("/dev/null"), "ist keine gewöhnliche Datei"),
    (lambda tmp: Path("/dev/full"), "ist keine gewöhnliche Datei"),
    (_fifo, "ist keine gewöhnliche Datei"),
    (_symlink_to_device, "ist keine gewöhnliche Datei"),
    (lambda tmp: tmp, "ist ein Ordner"),
    (lambda tmp: tmp / ("x" * 250 + ".xlsx"), "ist zu lang"),
], ids=["dev-null", "dev-full", "fifo", "symlink-to-device", "folder", "too-long"])
def test_out_refuses_targets_that_are_not_regular_files(tmp_path, make, message):
    target = make(tmp_path)
    before = os.lstat(target) if os.path.lexists(target) else None
    result = run(["settle", "2023", "--config", COESFELD, "--format", "json", "--out", target])
    assert result.exit_code == 1, result.output
    assert message in result.stderr and "bug" not in result.stderr
    if before is not None:
        after = os.lstat(target)
        assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode), "the target was not replaced"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_output_writes_the_data_to_a_file(command, tmp_path):
    target = tmp_path / "daten.json"
    result = run([*COMMANDS[command], "--config", COESFELD, "--format", "json", "--output", target])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"JSON geschrieben: {target}" in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == 2
    wrong = run([*COMMANDS[command], "--config", COESFELD, "--format", "csv", "--output", tmp_path / "x.json"])
    assert wrong.exit_code == 1 and "der Name muss auf .csv enden" in wrong.stderr
    table = run([*COMMANDS[command], "--config", COESFELD, "--output", target])
    assert table.exit_code == 2 and "--format json oder --format csv" in table.stderr
    table = run([*COMMANDS[command], "--config", COESFELD, "--output", target, "--lang", "en"])
    assert table.exit_code == 2 and "--format json or --format csv" in table.stderr


def test_a_full_disk_on_stdout_is_an_error_not_a_bug(tmp_path):
    with open("/dev/full", "wb") as full:
        out = subprocess.run([sys.executable, "-m", "kimcost", "settle", "2023", "--config", str(COESFELD),
                              "--format", "json"], stdout=full, stderr=subprocess.PIPE, cwd=tmp_path, timeout=120)
    assert out.returncode == 1
    message = out.stderr.decode("utf-8")
    assert "Fehler: in die Standardausgabe kann nicht geschrieben werden: der Datenträger ist voll" in message
    assert "bug" not in message and "Traceback" not in message


# --- the terminal ---------------------------------------------------------------------------------------


def test_configuration_text_is_never_markup_nor_a_control_sequence(tmp_path, monkeypatch):
    # Since issue 11 the loader refuses escaped control characters (tests/test_hostile_round_two.py);
    # let them through here to show that the terminal output defends on its own too.
    monkeypatch.setattr(yaml_source, "_ESCAPED_CONTROL", re.compile(r"(?!)"))
    names = {"billerbeck": "Stadt Billerbeck [bis 2024]", "havixbeck": "Havixbeck [/]",
             "nottuln": "Nottuln \x1b[2J\x1b]0;title\x07"}
    main = copy_config(tmp_path / "cfg", {**municipality_names({k: v for k, v in names.items() if k != "nottuln"}),
                                          "{name: Gemeinde Nottuln,": '{name: "Nottuln \\e[2J\\e]0;title\\a",'})
    for args in ([*COMMANDS["settle"], "--no-workbook"], [*COMMANDS["compare"], "--no-workbook"],
                 ["explain", "2023", "--member", "nottuln", "--depth", "2"]):
        result = run([*args, "--config", main])
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "Nottuln \\x1b[2J\\x1b]0;title\\x07" in result.stdout
        if args[0] != "explain":
            assert "Stadt Billerbeck [bis 2024]" in result.stdout
            assert "Havixbeck [/]" in result.stdout


# --- one envelope, one interface ------------------------------------------------------------------------


@pytest.mark.parametrize("command, kind", [("settle", "settlement"), ("forecast", "forecast"),
                                           ("compare", "comparison"), ("explain", "explanation")])
def test_every_json_document_has_the_one_envelope(command, kind):
    args = COMMANDS.get(command, ["explain", "2023", "--member", "billerbeck"])
    result = run([*args, "--config", COESFELD, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout_bytes.decode("utf-8"))
    assert list(doc)[:5] == ["schema", "kind", "kimcost", "inputs", "scenarios"]
    assert doc["schema"] == 2 and doc["kind"] == kind
    assert set(doc["inputs"]) == {"config", "fingerprint", "files"}
    assert doc["inputs"]["files"][0] == {"path": "coesfeld.yaml", "role": "configuration",
                                         "sha256": doc["inputs"]["files"][0]["sha256"]}
    assert all(set(s) == {"name", "description", "file", "sha256", "changes"} for s in doc["scenarios"])


def test_a_new_format_is_one_class(tmp_path):
    """Adding a format: one class and one entry in the subject's ``formats``."""
    from kimcost.reports.publish import Request, publish

    class Names(StreamFormat[SettlementSubject]):
        name = "names"
        suffix = ".txt"

        def encode(self) -> bytes:
            return "".join(f"{m.name}\n" for r in self.subject.settlement.regions for m in r.members).encode()

    class WithNames(SettlementReport):
        formats = {**SettlementReport.formats, "names": Names}

    run_ = settled()
    report = WithNames(SettlementSubject(run_.settlement, run_.loaded), Edition("de"))
    target = tmp_path / "namen.txt"
    written = publish(report, Request("names", target, None), [run_.loaded])
    assert [w.kind for w in written] == ["names"]
    assert target.read_text().splitlines()[:2] == ["Stadt Coesfeld", "Stadt Billerbeck"]


# --- temporary files --------------------------------------------------------------------------------------


def test_stale_temporary_files_of_killed_runs_are_removed(tmp_path):
    from kimcost.reports.output import STALE_AFTER_SECONDS, write_atomically

    old = tmp_path / ".kimcost-abrechnung.xlsx.a1B2c3_4.tmp"      # left by a run killed with SIGKILL
    young = tmp_path / ".kimcost-abrechnung.xlsx.z9Y8x7_6.tmp"    # perhaps another run, still writing
    foreign = tmp_path / ".abrechnung.xlsx.a1B2c3_4.tmp"          # not kimcost's pattern
    for path in (old, young, foreign):
        path.write_bytes(b"partial")
    past = old.stat().st_mtime - STALE_AFTER_SECONDS - 60
    os.utime(old, (past, past))
    os.utime(foreign, (past, past))
    write_atomically(tmp_path / "abrechnung.xlsx", lambda tmp: tmp.write_bytes(b"new"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([young.name, foreign.name, "abrechnung.xlsx"])


def test_the_readme_documents_the_envelope_of_every_kind():
    from kimcost.reports.compare import ComparisonReport
    from kimcost.reports.explain import ExplanationReport
    from kimcost.reports.forecast import ForecastReport
    from kimcost.reports.variance import VarianceReport

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("**The JSON envelope**"):readme.index("### The settlement workbook")]
    for report in (SettlementReport, ForecastReport, ComparisonReport, ExplanationReport, VarianceReport):
        assert "json" in report.formats
        assert f"`{report.kind}`" in section, report.kind
    for key in ("schema", "kind", "kimcost", "inputs", "scenarios", "warnings"):
        assert f'"{key}"' in section, key
