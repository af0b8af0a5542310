"""README.md shows each command's real ``--help`` (tools/update_readme_help.py writes it): a
changed option must be rerendered there, and a new command must get its block."""

from __future__ import annotations

import importlib.util

import pytest
import typer

from kimcost.cli.app import app
from tests.conftest import ROOT, in_ci


def _tool():
    spec = importlib.util.spec_from_file_location("update_readme_help", ROOT / "tools" / "update_readme_help.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


TOOL = _tool()
README_TEXT = (ROOT / "README.md").read_text(encoding="utf-8")
README_BLOCKS = dict(TOOL.blocks(README_TEXT))
COMMANDS = ["kimcost"] + [f"kimcost {name}" for name in sorted(typer.main.get_command(app).commands)]


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def test_the_readme_has_a_help_block_for_kimcost_and_each_command():
    assert sorted(README_BLOCKS) == sorted(COMMANDS)


@pytest.mark.parametrize("command", sorted(README_BLOCKS))
def test_the_readme_help_block_is_the_real_help(command):
    # typer changes its help layout between minor releases; the README is rendered with the
    # typer CI installs (the newest). An older typer, e.g. at the dependency floor, cannot
    # reproduce those bytes, so outside CI it skips instead of demanding a rerender.
    rendered_with, installed = TOOL.rendered_with(README_TEXT), TOOL.typer_version()
    if _minor(rendered_with) != _minor(installed) and not in_ci():
        pytest.skip(f"README help was rendered with typer {rendered_with}; typer {installed} lays help out "
                    f"differently (CI compares)")
    assert README_BLOCKS[command] == TOOL.fenced(command), (
        f"README.md's help of '{command}' is out of date: run  python tools/update_readme_help.py")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_markup_escapes(command):
    # typer before 0.22 printed rich's escape as '\[required]' in plain help
    assert "\\[" not in TOOL.render_help(command)


def test_the_rendered_help_does_not_depend_on_the_callers_terminal(monkeypatch):
    wide = TOOL.render_help("kimcost settle")
    monkeypatch.setenv("COLUMNS", "40")
    assert TOOL.render_help("kimcost settle") == wide
    assert wide.startswith("Usage: kimcost settle [OPTIONS]")
    assert "\x1b[" not in wide and max(map(len, wide.splitlines())) <= 100


def test_check_mode_reports_a_stale_block(tmp_path, monkeypatch, capsys):
    readme = tmp_path / "README.md"
    readme.write_text("# x\n\n<!-- help rendered with typer 0.1.0 -->\n\n"
                      "<!-- help: kimcost validate -->\n```text\nold\n```\n<!-- end help -->\n", encoding="utf-8")
    monkeypatch.setattr(TOOL, "README", readme)
    assert TOOL.main(["--check"]) == 1
    assert "the help block of 'kimcost validate' differs" in capsys.readouterr().err
    assert TOOL.main([]) == 0
    assert TOOL.main(["--check"]) == 0
    text = readme.read_text(encoding="utf-8")
    assert "Usage: kimcost validate [OPTIONS]" in text
    assert f"<!-- help rendered with typer {TOOL.typer_version()} -->" in text
