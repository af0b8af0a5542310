"""Safe output: the workbook is moved into place only when complete, a failure half-way
leaves an earlier file byte-identical and no temporary file behind, and kimcost refuses to
write over its own configuration or into a folder name."""

from __future__ import annotations

import errno
import os
import re
import stat

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.reports import output
from kimcost.reports.output import OutputError, check_output_path, write_atomically
from kimcost.reports.settlement.workbook import statements, write_workbook
from kimcost.reports.xlsx import writer
from tests.conftest import COESFELD
from tests.workbook_support import copy_config, settled

OLD = b"an earlier workbook, which must survive"


@pytest.fixture()
def earlier(tmp_path):
    target = tmp_path / "abrechnung.xlsx"
    target.write_bytes(OLD)
    return target


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _fail_in_the_third_statement(monkeypatch):
    real = statements.write_statement
    calls = []

    def failing(wb, ctx, region, member):
        calls.append(member.id)
        if len(calls) == 3:
            raise RuntimeError("simulated crash while writing a statement")
        real(wb, ctx, region, member)

    monkeypatch.setattr(statements, "write_statement", failing)
    return calls


def _fail_after_part_of_the_zip(monkeypatch):
    """Disk full after a few parts of the file have reached the temporary file."""
    real = writer._Package._info
    written = []

    def filling(self, name):
        if len(written) == 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(name)
        return real(self, name)

    monkeypatch.setattr(writer._Package, "_info", filling)
    return written


def test_a_crash_while_building_leaves_the_earlier_file(earlier, monkeypatch):
    calls = _fail_in_the_third_statement(monkeypatch)
    run = settled()
    with pytest.raises(RuntimeError, match="simulated crash"):
        write_workbook(run.settlement, run.loaded, earlier, "de")
    assert len(calls) == 3
    assert earlier.read_bytes() == OLD and _leftovers(earlier.parent) == []


def test_disk_full_half_way_leaves_the_earlier_file_and_says_so(earlier, monkeypatch):
    seen = []
    real_replace = os.replace
    monkeypatch.setattr(output.os, "replace", lambda *a: (seen.append(a), real_replace(*a)))
    written = _fail_after_part_of_the_zip(monkeypatch)
    run = settled()
    with pytest.raises(OutputError) as info:
        write_workbook(run.settlement, run.loaded, earlier, "de")
    assert len(written) == 5 and seen == []                     # part was written, nothing was moved
    assert info.value.text("en") == f"cannot write {earlier}: No space left on device; any earlier file is unchanged"
    assert str(info.value) == (f"{earlier} kann nicht geschrieben werden: No space left on device; eine bisherige "
                               "Datei ist unverändert")  # German unless the command says --lang en
    assert earlier.read_bytes() == OLD and _leftovers(earlier.parent) == []


def test_cli_reports_a_failed_write_with_exit_code_1(earlier, monkeypatch):
    _fail_after_part_of_the_zip(monkeypatch)
    result = CliRunner().invoke(app, ["settle", "2023", "--config", str(COESFELD), "--out", str(earlier), "--lang", "en"])
    assert result.exit_code == 1
    assert f"error: cannot write {earlier}: No space left on device; any earlier file is unchanged" in result.stderr
    german = CliRunner().invoke(app, ["settle", "2023", "--config", str(COESFELD), "--out", str(earlier)])
    assert german.exit_code == 1
    assert (f"Fehler: {earlier} kann nicht geschrieben werden: No space left on device; eine bisherige Datei ist "
            "unverändert") in german.stderr
    assert "Traceback" not in result.stderr
    assert earlier.read_bytes() == OLD and _leftovers(earlier.parent) == []


def test_cli_replaces_the_earlier_file_when_all_goes_well(earlier):
    result = CliRunner().invoke(app, ["settle", "2023", "--config", str(COESFELD), "--out", str(earlier)])
    assert result.exit_code == 0, result.stderr
    assert earlier.read_bytes()[:2] == b"PK" and _leftovers(earlier.parent) == []
    assert result.stderr.rstrip().endswith(f"Arbeitsmappe geschrieben: {earlier}")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write into read-only folders")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "abrechnung.xlsx"
    target.write_bytes(OLD)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(OutputError, match="cannot write .*Permission denied; any earlier file is unchanged"):
            write_atomically(target, lambda tmp: tmp.write_bytes(b"new"))
    finally:
        folder.chmod(stat.S_IRWXU)
    assert target.read_bytes() == OLD


def test_result_is_readable_by_colleagues_and_keeps_the_modes_of_the_file_it_replaces(tmp_path):
    old_mask = os.umask(0o022)
    try:
        fresh = tmp_path / "new.xlsx"
        write_atomically(fresh, lambda tmp: tmp.write_bytes(b"x"))
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "kept.xlsx"
        kept.write_bytes(OLD)
        kept.chmod(0o640)
        write_atomically(kept, lambda tmp: tmp.write_bytes(b"y"))
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_bytes() == b"y"
    finally:
        os.umask(old_mask)


# --- refused targets ---------------------------------------------------------------------------

def test_refuses_a_folder_and_a_missing_folder(tmp_path):
    run = settled()
    with pytest.raises(OutputError) as info:
        check_output_path(tmp_path, run.loaded)
    assert info.value.text("en").startswith(f"{tmp_path} is a folder; give a file name such as")
    assert str(info.value).startswith(f"{tmp_path} ist ein Ordner; geben Sie einen Dateinamen an")
    with pytest.raises(OutputError) as info:
        check_output_path(tmp_path / "nowhere" / "a.xlsx", run.loaded)
    assert re.fullmatch("the folder .*nowhere does not exist; create it first", info.value.text("en"))


def test_refuses_the_configuration_and_its_includes(tmp_path):
    main = copy_config(tmp_path / "cfg")
    run = settled(main)
    include = tmp_path / "cfg" / "contributions" / "kvw.yaml"
    link = tmp_path / "link.yaml"
    os.link(include, link)                     # another name for the same file
    symlink = tmp_path / "sym.yaml"
    symlink.symlink_to(main)
    for target in (main, include, link, symlink, tmp_path / "cfg" / "tariffs" / ".." / "coesfeld.yaml"):
        before = (tmp_path / "cfg" / "coesfeld.yaml").read_bytes(), include.read_bytes()
        with pytest.raises(OutputError) as info:
            write_workbook(run.settlement, run.loaded, target, "de")
        assert re.search("is a configuration file .*refusing to overwrite it", info.value.text("en"))
        assert ((tmp_path / "cfg" / "coesfeld.yaml").read_bytes(), include.read_bytes()) == before


def test_cli_refuses_to_write_over_the_configuration(tmp_path):
    main = copy_config(tmp_path / "cfg")
    before = main.read_bytes()
    result = CliRunner().invoke(app, ["settle", "2023", "--config", str(main), "--out", str(main), "--lang", "en"])
    assert result.exit_code == 1
    assert "is a configuration file (read for this run); refusing to overwrite it" in result.stderr
    assert main.read_bytes() == before
    include = tmp_path / "cfg" / "contributions" / "kvw.yaml"
    result = CliRunner().invoke(app, ["settle", "2023", "--config", str(main), "--out", str(include)])
    assert result.exit_code == 1 and "ist eine Konfigurationsdatei (für diesen Lauf gelesen); sie wird nicht " \
        "überschrieben" in result.stderr


@pytest.mark.parametrize("command", [
    ["compare", "2025", "--scenario", "examples/coesfeld-grant-ends.yaml"],
    ["forecast", "2024", "2026"],
])
def test_compare_and_forecast_workbooks_are_reproducible_too(tmp_path, monkeypatch, command):
    # Same inputs, same bytes: every workbook kimcost writes, not only the settlement.
    from typer.testing import CliRunner

    from kimcost.cli.app import app
    from tests.conftest import COESFELD, ROOT

    monkeypatch.chdir(ROOT)
    outputs = []
    for i in range(2):
        target = tmp_path / f"out-{i}.xlsx"
        result = CliRunner().invoke(app, [*command, "--config", str(COESFELD), "--out", str(target), "--format", "json"],
                                    env={"SOURCE_DATE_EPOCH": "1700000000"})
        assert result.exit_code == 0, result.stderr
        outputs.append(target.read_bytes())
        # The zip entries carry SOURCE_DATE_EPOCH (2023-11-14 22:13:20 UTC), not the clock.
        import zipfile

        with zipfile.ZipFile(target) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert outputs[0] == outputs[1]
