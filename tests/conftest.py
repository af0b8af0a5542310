"""Shared test fixtures: paths to the shipped configuration and a loaded copy of it."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "configs"
COESFELD = CONFIGS / "coesfeld.yaml"


@pytest.fixture(scope="session")
def coesfeld():
    from kimcost.loading import load_config

    return load_config(COESFELD)
