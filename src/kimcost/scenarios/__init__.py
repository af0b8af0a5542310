"""Scenarios: small YAML overlays on a configuration ("what if the grant ends").

``kimcost.loading.load_config(path, scenarios=[...])`` applies them to the merged raw data before
validation (``apply.apply_scenarios``); the result says what changed (``AppliedScenario``).
The format is described in ``model.py`` and in examples/README.md.
"""

from kimcost.scenarios.apply import AppliedScenario, Change, apply_scenarios
from kimcost.scenarios.describe import ABSENT

__all__ = ["ABSENT", "AppliedScenario", "Change", "apply_scenarios"]
