"""A state-wide configuration split into one file per district, posts included (issue 14, S5):
the state-scale benchmark configuration (bench/generate.py: 396 municipalities, 130 regions,
800 posts) with its posts moved into 31 included files settles to exactly the same figures
as the single file.

Slow: it generates and settles the state-scale configuration twice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from tests.conftest import generate

pytestmark = pytest.mark.slow
DISTRICTS = 31          # NRW has 31 districts (Kreise)


def _generate(folder: Path) -> Path:
    generate(folder)
    return folder / "state.yaml"


def _split(main: Path) -> int:
    """Move the ``positions:`` list, post by post, into DISTRICTS files under districts/ and
    include them from the main file; returns the number of posts moved."""
    lines = main.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("positions:\n")
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n")), len(lines))
    posts: list[list[str]] = []
    for line in lines[start + 1:end]:
        if line.startswith("  - id:"):
            posts.append([])
        posts[-1].append(line)
    (main.parent / "districts").mkdir()
    names = []
    for d in range(DISTRICTS):
        name = f"districts/kreis-{d + 1:02d}.yaml"
        part = posts[d * len(posts) // DISTRICTS:(d + 1) * len(posts) // DISTRICTS]   # in order
        (main.parent / name).write_text("positions:\n" + "".join(line for post in part for line in post), encoding="utf-8")
        names.append(name)
    head = lines[:start] + lines[end:]
    at = head.index("include:\n") + 1
    head[at:at] = [f"  - {name}\n" for name in names]
    main.write_text("".join(head), encoding="utf-8")
    return len(posts)


def _figures(config: Path) -> dict:
    result = CliRunner().invoke(app, ["settle", "2024", "--config", str(config), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    files = [f["path"] for f in document.pop("inputs")["files"]]
    return {"document": document, "files": files}


def test_a_state_split_into_one_file_per_district_settles_as_the_single_file(tmp_path):
    single = _generate(tmp_path / "single")
    split = _generate(tmp_path / "split")
    assert _split(split) == 800
    assert "positions:" not in split.read_text(encoding="utf-8")

    one, many = _figures(single), _figures(split)
    assert many["document"] == one["document"]        # every figure, every post, in the same order
    assert len(many["files"]) == len(one["files"]) + DISTRICTS
    assert "districts/kreis-31.yaml" in many["files"]
