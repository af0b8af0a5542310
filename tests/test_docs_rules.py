"""docs/rules.md is the statement the code cites: every rule number cited in the source, the
labels and the README is a numbered rule there, and nothing cites a document outside the
repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
CITED = re.compile(r"\b(?:[Rr]ules?|Regeln?) (\d+)(?:[–-](\d+))?")


def _numbered() -> set[int]:
    return {int(m) for m in re.findall(r"^(\d+)\. \*\*", RULES, flags=re.MULTILINE)}


def test_rules_numbered_one_to_thirteen():
    assert _numbered() == set(range(1, 14))


def test_every_cited_rule_is_in_docs_rules():
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "src" / "kimcost").rglob("*.py")]
    texts.append((ROOT / "README.md").read_text(encoding="utf-8"))
    cited: set[int] = set()
    for text in texts:
        for first, last in CITED.findall(text):
            cited.update(range(int(first), int(last or first) + 1))
    assert cited and cited <= _numbered(), sorted(cited - _numbered())


def test_nothing_cites_domain_md():
    places = [*(ROOT / "src" / "kimcost").rglob("*.py"), *(ROOT / "src" / "kimcost" / "data").rglob("*.yaml"),
              ROOT / "README.md", *(ROOT / "configs").rglob("*.yaml"), *(ROOT / "examples").rglob("*"),
              *(ROOT / "docs").rglob("*.md")]
    offenders = [str(p.relative_to(ROOT)) for p in places if p.is_file() and "DOMAIN.md" in p.read_text(encoding="utf-8")]
    assert offenders == []
