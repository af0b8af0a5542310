"""Shared test fixtures: paths to the shipped configuration and a loaded copy of it; and the
rule that CI fails, rather than skips, the tests whose external programs are missing."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "configs"
DATA = ROOT / "src" / "kimcost" / "data"  # the reference data shipped with the package
COESFELD = CONFIGS / "coesfeld.yaml"


def bench_module(name: str):
    """A module of bench/ (not a package), loaded from its file."""
    spec = importlib.util.spec_from_file_location(f"kimcost_bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The benchmark's generator of synthetic districts and states (bench/generate.py): seeded, so
# the same arguments give the same configuration.
generate = bench_module("generate").generate

# The programs some tests run, and the Debian package that brings each; the tests skip with a
# reason naming the program. A developer without them gets that skip; CI (CI set, as .ci/run
# is started) installs them, so a missing one there means the install failed: a skip would
# let a green run hide that the workbook was never opened in a spreadsheet program.
EXTERNAL_PROGRAMS = {
    "soffice": ("libreoffice-calc-nogui", re.compile(r"\b(soffice|libreoffice)\b", re.IGNORECASE)),
    "pdftoppm": ("poppler-utils", re.compile(r"\b(pdftoppm|pdfinfo|poppler)", re.IGNORECASE)),
}


def in_ci(environ=os.environ) -> bool:
    return environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_program_in_ci(reason: str, environ=os.environ, which=shutil.which) -> str | None:
    """The failure message for a skip whose reason names an external program, when running in
    CI and that program is not installed; None when the skip may stand."""
    if not in_ci(environ):
        return None
    for program, (package, named) in EXTERNAL_PROGRAMS.items():
        if named.search(reason) and which(program) is None:
            return (f"CI is set but {program} is not installed (Debian package {package}), so this test "
                    f"cannot run; .ci/run installs it with apt-get: see its output for why that failed. "
                    f"Skip reason was: {reason}")
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2]).removeprefix("Skipped: ")
        message = missing_program_in_ci(reason)
        if message is not None:
            report.outcome = "failed"
            report.longrepr = message


@pytest.fixture(scope="session")
def coesfeld():
    from kimcost.loading import load_config

    return load_config(COESFELD)
