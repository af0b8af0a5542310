"""The one-pass reader (``yaml_source._read_fast``) builds exactly what composing nodes and
building from them does: the same data (types included) and the same source map, entry for
entry and in the same order; and it leaves every file with anything unusual to that path."""

from __future__ import annotations

from pathlib import Path

import pytest

from kimcost.configuration import yaml_source as ys
from tests.conftest import generate

REPO = Path(__file__).resolve().parent.parent

FILES = sorted(p for pattern in ("*.yaml", "*.yml") for p in REPO.rglob(pattern)
               if not {".venv", ".git", "node_modules"} & set(p.parts))


def _two_pass(name: str, text: str):
    loader = ys._Composer(text)
    try:
        node = ys._compose_fast(text) or loader.get_single_node()
    finally:
        loader.dispose()
    builder = ys._Builder(name)
    return builder.build(node, (), 0), builder.map, builder.issues


def _same(name: str, text: str) -> bool:
    """True if the one-pass reader took the file (and then agreed), False if it left it."""
    fast = ys._read_fast(name, text)
    if fast is None:
        return False
    data, smap, issues = _two_pass(name, text)
    assert issues == []
    assert repr(fast[0]) == repr(data)
    for part in ("values", "keys", "scalars", "key_scalars"):
        assert list(getattr(fast[1], part).items()) == list(getattr(smap, part).items()), part
    return True


def test_every_yaml_file_of_the_repository():
    taken = [f for f in FILES if _same(str(f), f.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff"))]
    assert len(taken) >= len(FILES) // 2  # most files take the one pass (the rest: anchors, tabs, errors …)


def test_a_generated_district(tmp_path):
    config = generate(tmp_path, posts=40, holders=100, municipalities=30, regions=10)
    assert _same("state.yaml", config.read_text("utf-8"))


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",                 # anchors and aliases
    "a: 1\na: 2\n",                     # a duplicate key
    "'2024-01-01': 1\n2024-01-01: 2\n",  # the same date twice
    "a: 0301\n",                        # an octal number
    "a: 1.5e+3\n",                      # an exponent
    "<<: {a: 1}\n",                     # a merge key
    "[a, b]: 1\n",                      # a complex key
    "a: 1\n---\nb: 2\n",                # two documents
    "a: \"\\e[2J\"\n",                  # an escaped control character
    "a: 2023-02-30\n",                  # no such day
    "a: [1, 2\n",                       # a syntax error
])
def test_unusual_files_take_the_full_path(text):
    assert ys._read_fast("f.yaml", text) is None


def test_values_of_every_kind():
    text = ("a: text\nb: 12\nc: 1_000\nd: 1.50\ne: -0.5\nf: true\ng: no\nh: ~\ni: null\nj: 2024-02-29\n"
            "'k': '12'\nl: \"x\"\n2024-01-01: dated\n2025: year\n1.5: key\nm: [1, 'a', {n: 2}]\no: {}\np: []\n"
            "q: |\n  block\n")
    # "|" goes to the pure-Python parser (pure_parser_reason); without it, one pass
    assert ys._read_fast("f.yaml", text) is None
    assert _same("f.yaml", text.split("q: |")[0])
