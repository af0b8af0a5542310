"""In CI a test whose external program (LibreOffice, poppler) is missing fails (reported as an
error at setup, where its skip was decided); on a developer's machine it is skipped with its
reason (tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, missing_program_in_ci

SOFFICE_REASON = "LibreOffice (soffice) is not installed; install libreoffice-calc-nogui"
POPPLER_REASON = "poppler-utils (pdfinfo, pdftoppm) is not installed"


def _nothing_installed(program):
    return None


def _everything_installed(program):
    return f"/usr/bin/{program}"


@pytest.mark.parametrize("reason, program", [(SOFFICE_REASON, "soffice"), (POPPLER_REASON, "pdftoppm")])
def test_in_ci_a_missing_program_is_a_failure_that_names_it_and_its_package(reason, program):
    message = missing_program_in_ci(reason, {"CI": "true"}, _nothing_installed)
    package = {"soffice": "libreoffice-calc-nogui", "pdftoppm": "poppler-utils"}[program]
    assert message.startswith(f"CI is set but {program} is not installed (Debian package {package})")
    assert ".ci/run installs it" in message and reason in message


@pytest.mark.parametrize("environ", [{}, {"CI": ""}, {"CI": "false"}, {"CI": "0"}])
def test_outside_ci_the_skip_stands(environ):
    assert missing_program_in_ci(SOFFICE_REASON, environ, _nothing_installed) is None


def test_other_skips_and_installed_programs_are_left_alone():
    assert missing_program_in_ci("root may write into read-only folders", {"CI": "true"}, _nothing_installed) is None
    assert missing_program_in_ci(SOFFICE_REASON, {"CI": "true"}, _everything_installed) is None


@pytest.mark.slow
@pytest.mark.parametrize("ci, outcome", [("true", "1 error"), (None, "1 skipped")])
def test_a_pytest_run_fails_in_ci_and_skips_elsewhere(tmp_path, ci, outcome):
    # a separate pytest run with this project's hook, and a PATH on which no program is found
    (tmp_path / "conftest.py").write_text("from tests.conftest import pytest_runtest_makereport  # noqa: F401\n")
    (tmp_path / "test_needs_soffice.py").write_text(
        "import pytest\n\n"
        f"@pytest.mark.skipif(True, reason={SOFFICE_REASON!r})\n"
        "def test_opens_the_workbook():\n    pass\n")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(PATH=str(tmp_path / "no-programs"), PYTHONPATH=str(ROOT))
    if ci:
        env["CI"] = ci
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfEs", str(tmp_path)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert outcome in result.stdout, result.stdout + result.stderr
    if ci:
        assert result.returncode == 1
        assert "CI is set but soffice is not installed (Debian package libreoffice-calc-nogui)" in result.stdout
    else:
        assert result.returncode == 0
        assert SOFFICE_REASON in result.stdout
