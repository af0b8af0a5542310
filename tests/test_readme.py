"""The README's two commands are the ones a newcomer copies; CI must run the same test command."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_readme_starts_with_two_commands_run_and_test():
    run, test = _commands()[:2]
    assert run.endswith("kimcost settle 2023 --config configs/coesfeld.yaml")
    assert "pip install -e '.[test]'" in test and test.endswith("python -m pytest")


def test_ci_runs_exactly_the_readme_test_command():
    test = _commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()
