"""The package's imports, read with ``ast``: no circles between kimcost modules, and no
import from a lower layer into a higher one.

Every import counts: at module level, under ``if TYPE_CHECKING:``, and inside functions
(a lazy import is still a dependency; it only runs later). Layers, bottom to top:

    base (kimcost/__init__ and small shared modules) < configuration < engine
    < scenarios < loading < reports < cli

``from kimcost.x import y`` is an import of the module ``kimcost.x.y`` when that is a
module, else of ``kimcost.x``. The parent packages Python initialises on the way are not
counted as imports: a package's ``__init__`` is checked through its own import lines.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parent.parent / "src" / "kimcost"

LAYERS = ("base", "configuration", "engine", "scenarios", "loading", "reports", "cli")
# Modules directly below kimcost/ that are not a layer's package. A new one must be placed
# here on purpose; ``__main__`` is the ``python -m kimcost`` entry point, above everything.
TOP_LEVEL = {
    "kimcost.messages": "base",
    "kimcost": "base",
    "kimcost.money": "base",
    "kimcost.collector": "base",
    "kimcost.suggestions": "base",
    "kimcost.periods": "base",
    "kimcost.__main__": "cli",
}


@dataclass(frozen=True)
class Import:
    source: str       # importing module
    target: str       # imported kimcost module
    where: str        # file:line of the import statement

    def __str__(self) -> str:
        return f"{self.where}: {self.source} imports {self.target}"


def module_names(root: Path) -> dict[str, Path]:
    """``kimcost.configuration.loader`` → its file, for every module below ``root``."""
    names = {}
    for file in sorted(root.rglob("*.py")):
        parts = (root.name, *file.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = file
    return names


def imports_of(module: str, file: Path, modules: dict[str, Path], shown_from: Path) -> list[Import]:
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    package = module if file.name == "__init__.py" else module.rpartition(".")[0]
    top = next(iter(modules)).split(".")[0]
    found = []
    for node in ast.walk(tree):  # every statement, whatever it is nested in
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            targets = [f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                       for alias in node.names]
        where = f"{file.relative_to(shown_from).as_posix()}:{getattr(node, 'lineno', 0)}"
        for target in dict.fromkeys(targets):
            if target.split(".")[0] != top:
                continue
            while target not in modules and "." in target:  # ``import kimcost.x.y`` of a name
                target = target.rpartition(".")[0]
            if target != module:
                found.append(Import(module, target, where))
    return found


def import_graph(root: Path, shown_from: Path) -> list[Import]:
    modules = module_names(root)
    return [imp for name, file in modules.items() for imp in imports_of(name, file, modules, shown_from)]


def layer_of(module: str, top_level: dict[str, str] = TOP_LEVEL) -> str:
    if module in top_level:
        return top_level[module]
    layer = module.split(".")[1] if "." in module else ""
    if layer not in LAYERS:
        raise AssertionError(f"{module} belongs to no layer; add it to TOP_LEVEL in tests/test_layers.py")
    return layer


def upward_imports(graph: list[Import], top_level: dict[str, str] = TOP_LEVEL) -> list[Import]:
    return [imp for imp in graph
            if LAYERS.index(layer_of(imp.target, top_level)) > LAYERS.index(layer_of(imp.source, top_level))]


def circles(graph: list[Import]) -> list[list[Import]]:
    """One shortest circle through each group of modules that reach each other (Tarjan's
    strongly connected components, then a breadth-first search inside each)."""
    edges: dict[str, list[Import]] = {}
    for imp in graph:
        edges.setdefault(imp.source, []).append(imp)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        # recursive: the package has a few dozen modules, far below the recursion limit
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for imp in edges.get(node, []):
            if imp.target not in index:
                visit(imp.target)
                low[node] = min(low[node], low[imp.target])
            elif imp.target in on_stack:
                low[node] = min(low[node], index[imp.target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    found = []
    for group in groups:
        start = min(group)
        paths: dict[str, list[Import]] = {start: []}
        queue = [start]
        circle = None
        while queue and circle is None:
            node = queue.pop(0)
            for imp in edges.get(node, []):
                if imp.target == start:
                    circle = paths[node] + [imp]
                    break
                if imp.target in group and imp.target not in paths:
                    paths[imp.target] = paths[node] + [imp]
                    queue.append(imp.target)
        found.append(circle)
    return found


def _circle_text(circle: list[Import]) -> str:
    return "import circle:\n" + "\n".join(f"    {imp}" for imp in circle)


# -- the package -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graph() -> list[Import]:
    return import_graph(PACKAGE_ROOT, PACKAGE_ROOT.parent.parent)


def test_no_import_circles(graph):
    found = circles(graph)
    assert not found, "\n".join(_circle_text(c) for c in found)


def test_imports_only_go_down_the_layers(graph):
    wrong = upward_imports(graph)
    assert not wrong, "imports from a lower layer into a higher one:\n" + "\n".join(
        f"    {imp} ({layer_of(imp.source)} < {layer_of(imp.target)})" for imp in wrong)


def test_every_module_has_a_layer(graph):
    for name in module_names(PACKAGE_ROOT):
        assert layer_of(name) in LAYERS


def test_the_walk_sees_the_known_edges(graph):
    """Guards the walker itself: edges the package certainly has are found."""
    pairs = {(imp.source, imp.target) for imp in graph}
    assert ("kimcost.cli.app", "kimcost.cli.settle") in pairs               # module level
    assert ("kimcost.cli.settle", "kimcost.reports.settlement") in pairs   # inside a function
    assert ("kimcost.loading.pipeline", "kimcost.scenarios") in pairs       # lazy package import


# -- the checker on a planted package ----------------------------------------------------

def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "kimcost"
    for name, text in files.items():
        file = root / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return root


def test_a_lazy_import_closing_a_circle_is_found_with_its_lines(tmp_path):
    root = _plant(tmp_path, {
        "__init__.py": "",
        "scenarios/__init__.py": "",
        "scenarios/apply.py": "import os\nfrom kimcost.scenarios.assumptions import pay_rise\n",
        "scenarios/assumptions.py": "def pay_rise():\n    from kimcost.scenarios import apply\n",
    })
    found = circles(import_graph(root, tmp_path))
    assert len(found) == 1
    text = _circle_text(found[0])
    assert "kimcost/scenarios/apply.py:2: kimcost.scenarios.apply imports kimcost.scenarios.assumptions" in text
    assert "kimcost/scenarios/assumptions.py:2: kimcost.scenarios.assumptions imports kimcost.scenarios.apply" in text


def test_an_upward_import_is_found_also_relative_and_under_type_checking(tmp_path):
    root = _plant(tmp_path, {
        "__init__.py": "",
        "configuration/__init__.py": "",
        "configuration/loader.py": ("from typing import TYPE_CHECKING\n"
                                    "if TYPE_CHECKING:\n"
                                    "    from ..scenarios.apply import Applied\n"),
        "scenarios/__init__.py": "",
        "scenarios/apply.py": "from kimcost.configuration import loader\n",
    })
    wrong = upward_imports(import_graph(root, tmp_path), {"kimcost": "base"})
    assert [str(w) for w in wrong] == [
        "kimcost/configuration/loader.py:3: kimcost.configuration.loader imports kimcost.scenarios.apply"]


def test_a_module_outside_the_layers_is_named(tmp_path):
    with pytest.raises(AssertionError, match="kimcost.helpers belongs to no layer"):
        layer_of("kimcost.helpers")
