"""``explain`` reads what the engine recorded and never computes a figure again (issue 8).

OpenFisca's tracer is the model: the engine records, renderers read. If a report called an
engine function (or re-coded a rule), a change to the rules could make the explanation
silently disagree with the figures it explains. Three guards:

- the explain modules import nothing from ``kimcost.engine`` but the result types;
- nor the configuration schema: a decision taken from the configuration's models instead of
  the record is a rule coded twice (the configuration is read only through ``Leaves``, for a
  value as written and its file:line);
- at run time, with every engine function made to fail, explain still builds its trees; and
  when the engine's rules change, the tree follows.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import importlib.util
import inspect
import pkgutil
from pathlib import Path

import kimcost.engine
import kimcost.reports
from kimcost.engine import settle
from kimcost.reports.explain import explain_member, explain_position, explain_region
from kimcost.reports.explain.render import node_dict

REPORTS = Path(kimcost.reports.__file__).parent
# The explain modules, also once they move into a package of their own.
EXPLAIN_MODULES = sorted(REPORTS.glob("explain*.py")) + sorted(REPORTS.glob("explain/**/*.py"))
# Plain frozen dataclasses, no function of the engine: what a renderer may read.
ALLOWED_ENGINE_MODULES = {"kimcost.engine.results"}


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module imported by ``path`` (anywhere in it, also inside functions), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package the module sits in
                package = ".".join(["kimcost", *path.relative_to(REPORTS.parent).parent.parts])
                base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            else:
                base = node.module or ""
            found.append((base, node.lineno))
            # ``from kimcost import engine`` / ``from kimcost.engine import steps``: the names are modules too
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def _is_engine(module: str) -> bool:
    return module == "kimcost.engine" or module.startswith("kimcost.engine.")


def test_the_explain_modules_are_found():
    names = {p.name for p in EXPLAIN_MODULES}
    assert {"__init__.py", "build.py", "post.py", "tree.py", "render.py"} <= names


def test_explain_imports_nothing_from_the_engine_but_its_result_types():
    offending = []
    for path in EXPLAIN_MODULES:
        for module, line in _imports(path):
            if not _is_engine(module):
                continue
            # ``from kimcost.engine.results import Settlement`` names the module and a class in it.
            owner = module if module in ALLOWED_ENGINE_MODULES else module.rsplit(".", 1)[0]
            if owner not in ALLOWED_ENGINE_MODULES:
                offending.append(f"{path.name}:{line}: {module}")
    assert not offending, "explain must read the settlement, not call the engine:\n" + "\n".join(offending)


def test_explain_takes_no_decision_from_the_configuration_schema():
    offending = [f"{path.name}:{line}: {module}"
                 for path in EXPLAIN_MODULES for module, line in _imports(path)
                 if module.startswith("kimcost.configuration.schema")]
    assert not offending, "explain decides from the engine's record, not the configuration's models:\n" + "\n".join(offending)


def test_the_import_check_would_see_an_engine_call(tmp_path):
    # The guard itself: a module that reaches into the engine in the ways used before issue 8.
    sample = tmp_path / "explain_sample.py"
    sample.write_text(
        "from kimcost.engine.parameters import build_parameters\n"
        "from kimcost.engine.results import Settlement\n"
        "def f():\n"
        "    from kimcost.engine import steps\n",
        encoding="utf-8")
    engine = [(m, line) for m, line in _imports(sample) if _is_engine(m)]
    assert ("kimcost.engine.parameters", 1) in engine
    assert ("kimcost.engine.steps", 4) in engine
    assert ("kimcost.engine.results.Settlement", 2) in engine  # allowed: its owner is results


def _engine_functions():
    """Every function defined in an engine module other than ``results``."""
    for info in pkgutil.iter_modules(kimcost.engine.__path__):
        name = f"kimcost.engine.{info.name}"
        if name in ALLOWED_ENGINE_MODULES:
            continue
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == name:
                yield module, attr


def test_explain_runs_with_every_engine_function_disabled(coesfeld, monkeypatch):
    result = settle(coesfeld.config, 2024)
    expected = {kind: node_dict(make(result, coesfeld, subject))
                for kind, make, subject in (("member", explain_member, "billerbeck"),
                                            ("region", explain_region, "sued"),
                                            ("position", explain_position, "nord-1"))}

    def disabled(*_args, **_kwargs):
        raise AssertionError("explain called the engine")

    functions = list(_engine_functions())
    assert len(functions) > 20  # the guard reaches the engine's rules (steps, JSZ, grant, parameters …)
    for module, attr in functions:
        monkeypatch.setattr(module, attr, disabled)
    for kind, make, subject in (("member", explain_member, "billerbeck"), ("region", explain_region, "sued"),
                                ("position", explain_position, "nord-1")):
        assert node_dict(make(result, coesfeld, subject)) == expected[kind]


def _nodes(doc: dict):
    yield doc
    for child in doc["children"]:
        yield from _nodes(child)


def test_a_change_to_the_step_rule_is_seen_by_explain(coesfeld, monkeypatch):
    # A rule change made in the engine only: every holder rises one step more on 1 July 2023
    # (the duration entry in force then, the SuE one of 2009-11-01, is named as its cause). Before
    # issue 8 explain recomputed the steps itself and could not find this one.
    import kimcost.engine.holder as holder_module
    from kimcost.engine.steps import StepPeriod, step_history

    july = dt.date(2023, 7, 1)

    def changed(holder, durations, max_step, until):
        periods = step_history(holder, durations, max_step, until)
        before = [p for p in periods if p.since < july]
        later = [StepPeriod(p.step + 1, p.since, p.reason, p.durations_since, p.schedule_index)
                 for p in periods if p.since >= july]
        entry = durations.get(july).since
        return before + [StepPeriod(before[-1].step + 1, july, "rise", entry)] + later

    monkeypatch.setattr(holder_module, "step_history", changed)
    result = settle(coesfeld.config, 2023)
    holder = result.position("nord-1").holders[0]
    # S 12 step 3 since 2021-03-01 (coesfeld.yaml), so step 4 from July: 4189.61 (2022-04-01 table).
    assert [(s.step, s.date) for s in holder.steps] == [(3, dt.date(2021, 3, 1)), (4, july)]
    doc = node_dict(explain_position(result, coesfeld, "nord-1"))
    steps = next(n for n in _nodes(doc) if n["label"] == "Stufen im Jahr")
    assert steps["value"] == "3 → 4"
    rise = steps["children"][1]
    assert rise["label"].startswith("Stufe 4 ab 01.07.2023")
    assert rise["children"][0]["key"] == "tariffs.tvoed-sue.step_durations.2009-11-01.years[2]"
    july_pay = next(n for n in _nodes(doc) if n["label"].startswith("Juli"))
    table = next(n for n in _nodes(july_pay) if n.get("key", "").startswith("tariffs.tvoed-sue.tables"))
    assert (table["key"], table["value"]) == ("tariffs.tvoed-sue.tables.2022-04-01.grades.S 12[3]", "4189.61")


def test_a_change_to_the_jsz_base_months_is_seen_by_explain(coesfeld, monkeypatch):
    # The JSZ base moved to October–December by the engine alone: the tree names those months
    # and carries the engine's base (nord-1 in 2023: S 12 step 3 = 3909.61 + 180 allowance).
    import kimcost.engine.annual_payment as annual_payment

    monkeypatch.setattr(annual_payment, "BASE_MONTHS", (10, 11, 12))
    result = settle(coesfeld.config, 2023)
    paid = result.position("nord-1").holders[0].annual_payment
    assert paid.base_months == paid.source_months == (10, 11, 12)
    doc = node_dict(explain_position(result, coesfeld, "nord-1"))
    base = next(n for n in _nodes(doc) if n["label"].startswith("Bemessungsmonate"))
    assert base["label"] == "Bemessungsmonate Oktober, November, Dezember"
    assert base["value"] == f"{paid.base:.2f}" == "4089.61"
