"""The one label table (reports/labels.py) has every label the outputs use, in German and in
English, and no German label is a raw configuration key or enum value.

An AST scan of src/kimcost finds each lookup: ``label("…")``, ``label_or("…", …)``,
``key_label("…")`` and the modules' shorthands ``L("…")``, ``ctx.L("…")``, ``cx.L("…")``;
also ``L(c) for c in COLUMNS`` where ``COLUMNS`` is a module-level tuple of keys. A key built
with an f-string (``f"area_{…}"``) must at least name a family the table has.
"""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pydantic
import pytest

from kimcost.configuration import schema
from kimcost.engine.keys import KEYS
from kimcost.reports import labels

SRC = Path(__file__).resolve().parents[1] / "src" / "kimcost"
LOOKUPS = {"label", "label_or", "key_label", "L", "_label"}
# Labels whose text is empty in one language on purpose.
EMPTY_ON_PURPOSE = {
    "letter_on_behalf": "en",   # "Im Auftrag" has no English counterpart in a letter
    "encl_cap_none": "both",    # no cap: nothing to add to the sentence
}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        # ``labels.label(…)``, ``ctx.L(…)``; not another module's own ``label`` (packaged.label)
        owner = func.value
        if isinstance(owner, ast.Name) and owner.id == "packaged":
            return None
        return func.attr
    return None


def _module_tuples(tree: ast.Module) -> dict[str, list[str]]:
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Tuple, ast.List)):
            items = node.value.elts
            if items and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in items):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        out[target.id] = [e.value for e in items]  # type: ignore[union-attr]
    return out


def _lookups():
    """(file:line, function, key or None, f-string prefix or None) of every lookup."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        tuples = _module_tuples(tree)
        loops: dict[str, list[str]] = {}  # comprehension variables over a module tuple of keys
        for node in ast.walk(tree):
            if isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)):
                for gen in node.generators:
                    if isinstance(gen.target, ast.Name) and isinstance(gen.iter, ast.Name) and gen.iter.id in tuples:
                        loops[gen.target.id] = tuples[gen.iter.id]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) in LOOKUPS and node.args):
                continue
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            func, arg = _name(node.func), node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((where, func, arg.value, None))
            elif isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
                found.append((where, func, None, arg.values[0].value))
            elif isinstance(arg, ast.Name) and arg.id in loops:
                found += [(where, func, key, None) for key in loops[arg.id]]
    return found


LOOKED_UP = _lookups()


def test_the_scan_sees_the_lookups():
    keys = {key for _, _, key, _ in LOOKED_UP if key}
    assert len(keys) > 300, len(keys)
    # one of each shape: a literal, a shorthand, a column tuple, an f-string family
    assert {"w_grant_rules_value", "parameters_title", "valid_from", "ex_grant_proration"} <= keys
    assert any(prefix == "area_" for _, _, _, prefix in LOOKED_UP)


@pytest.mark.parametrize("where,func,key", sorted({(w, f, k) for w, f, k, _ in LOOKED_UP if k}))
def test_every_label_used_is_in_both_languages(where, func, key):
    if func == "key_label":
        key = f"key_{key}"
    assert key in labels._LABELS, f"{where}: label {key!r} is not in reports/labels.py"
    de, en = labels._LABELS[key]
    empty = EMPTY_ON_PURPOSE.get(key)
    assert de.strip() or empty == "both", f"{where}: label {key!r} has no German text"
    assert en.strip() or empty in ("en", "both"), f"{where}: label {key!r} has no English text"


def test_every_family_built_with_an_f_string_exists():
    missing = sorted({(w, p) for w, f, _, p in LOOKED_UP
                      if p and f != "label_or" and not any(k.startswith(p) for k in labels._LABELS)})
    assert missing == []


def test_every_label_has_the_same_placeholders_in_both_languages():
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    odd = [k for k, (de, en) in labels._LABELS.items()
           if "{" in de + en and en and fields(de) != fields(en)]
    assert odd == []


def _raw_words() -> set[str]:
    """Every key of the configuration's schema and every value of its choices."""
    words: set[str] = set()
    models = [m for m in vars(schema).values()
              if isinstance(m, type) and issubclass(m, pydantic.BaseModel) and m is not pydantic.BaseModel]
    for model in models:
        for name, field in model.model_fields.items():
            words.add(field.alias or name)
            for arg in _literals(field.annotation):
                words.add(str(arg))
    for enum in (schema.Status,):
        words |= {member.value for member in enum}
    words |= set(KEYS)  # the allocation keys' names (engine/keys.py)
    return words


def _literals(annotation) -> list:
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    out = []
    for arg in typing.get_args(annotation):
        out += _literals(arg)
    return out


def test_no_german_label_is_a_raw_configuration_word():
    raw = _raw_words()
    assert {"days", "personnel", "per_fte_year", "equal", "assumption", "min_fte"} <= raw
    same = sorted(k for k, (de, _) in labels._LABELS.items() if de.strip() in raw)
    assert same == [], same
