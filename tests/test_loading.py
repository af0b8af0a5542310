"""The loading step (``kimcost.loading``): which files entered the figures, and the one
fingerprint over them that a user can recompute with ``sha256sum``."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from kimcost.engine import settle
from kimcost.loading import InputFile, LoadedConfig, load_config
from tests.builders import DATA_FILES, copy_with_local_data
from tests.conftest import COESFELD, CONFIGS, DATA, ROOT

GRANT_ENDS = ROOT / "examples" / "coesfeld-grant-ends.yaml"
STEINFURT = ROOT / "examples" / "steinfurt-rheine" / "kreis-steinfurt.yaml"

# configs/coesfeld.yaml's include: list, in the order written: the shipped data by name
COESFELD_INCLUDES = [
    "kimcost:tvoed-sue",
    "kimcost:tvoed-vka",
    "kimcost:one-off-payments",
    "kimcost:social-insurance",
    "contributions/kvw.yaml",
    "kimcost:kim-nrw",
]
# The same, as local copies (tests.builders.copy_with_local_data)
LOCAL_INCLUDES = [DATA_FILES[n.removeprefix("kimcost:")] if n.startswith("kimcost:") else n for n in COESFELD_INCLUDES]


def file_of(name: str, folder: Path = CONFIGS) -> Path:
    """Where a manifest name's bytes lie: the package's data for kimcost:NAME."""
    if name.startswith("kimcost:"):
        return DATA / DATA_FILES[name.removeprefix("kimcost:")]
    return folder / name


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def by_hand(folder: Path, names: list[str]) -> str:
    """What ``cd folder && sha256sum NAMES… | sha256sum`` prints, computed here without kimcost."""
    lines = "".join(f"{sha256_of(file_of(name, folder))}  {name}\n" for name in names)
    return hashlib.sha256(lines.encode()).hexdigest()


def test_the_manifest_lists_main_file_includes_and_scenario_in_load_order():
    loaded = load_config(COESFELD, [str(GRANT_ENDS)])
    assert [(f.path, f.role) for f in loaded.inputs] == [
        ("coesfeld.yaml", "configuration"),
        *[(name, "include") for name in COESFELD_INCLUDES],
        ("../examples/coesfeld-grant-ends.yaml", "scenario"),  # outside the main file's folder
    ]
    assert [f.sha256 for f in loaded.inputs] == [
        sha256_of(file_of(f.path)) for f in loaded.inputs]


def test_the_fingerprint_is_the_sha256_of_the_sha256sum_lines(coesfeld: LoadedConfig):
    names = ["coesfeld.yaml", *COESFELD_INCLUDES]
    assert coesfeld.manifest == "".join(f"{sha256_of(file_of(n))}  {n}\n" for n in names)
    assert coesfeld.fingerprint == by_hand(CONFIGS, names)
    assert coesfeld.sha256 == coesfeld.fingerprint  # the former name, kept for the reports
    with_scenario = load_config(COESFELD, [str(GRANT_ENDS)])
    assert with_scenario.fingerprint == by_hand(CONFIGS, [*names, "../examples/coesfeld-grant-ends.yaml"])
    assert with_scenario.fingerprint != coesfeld.fingerprint


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs GNU sha256sum")
def test_sha256sum_in_the_main_files_folder_gives_the_fingerprint():
    # The shipped files by the path kimcost data prints; sha256sum then names them by it,
    # the manifest by kimcost:NAME.
    loaded = load_config(COESFELD, [str(GRANT_ENDS)])
    listed = subprocess.run(["sha256sum", *(str(file_of(f.path)) if f.path.startswith("kimcost:") else f.path for f in loaded.inputs)], cwd=CONFIGS,
                            capture_output=True, check=True).stdout.decode()
    for name in COESFELD_INCLUDES:
        if name.startswith("kimcost:"):
            listed = listed.replace(f"  {file_of(name)}\n", f"  {name}\n")
    assert listed == loaded.manifest
    listed = listed.encode()
    assert hashlib.sha256(listed).hexdigest() == loaded.fingerprint


def test_a_changed_include_changes_the_fingerprint_and_the_figures(tmp_path):
    # The case the main file's hash alone missed: the kvw rate, written in an include,
    # enters Region Nord's own share.
    main = copy_with_local_data(tmp_path / "configs")
    before = load_config(main)
    kvw = tmp_path / "configs" / "contributions" / "kvw.yaml"
    kvw.write_text(kvw.read_text(encoding="utf-8").replace("percent: 4.25", "percent: 5.25"), encoding="utf-8")
    after = load_config(main)

    assert after.inputs[0] == before.inputs[0]  # the main file is unchanged …
    assert after.fingerprint != before.fingerprint  # … the fingerprint is not
    changed = [(a.path, a.role) for a, b in zip(after.inputs, before.inputs) if a.sha256 != b.sha256]
    assert changed == [("contributions/kvw.yaml", "include")]
    assert after.fingerprint == by_hand(tmp_path / "configs", ["coesfeld.yaml", *LOCAL_INCLUDES])
    nord = lambda loaded: settle(loaded.config, 2023).region("nord").own_share  # noqa: E731
    assert nord(after) > nord(before)


def test_nested_includes_are_listed_depth_first(tmp_path):
    main = copy_with_local_data(tmp_path / "configs")
    main.write_text(main.read_text(encoding="utf-8").replace("  - tariffs/tvoed-vka.yaml\n", ""), encoding="utf-8")
    sue = tmp_path / "configs" / "tariffs" / "tvoed-sue.yaml"
    sue.write_text("include: [tvoed-vka.yaml]\n" + sue.read_text(encoding="utf-8"), encoding="utf-8")
    assert [f.path for f in load_config(main).inputs] == ["coesfeld.yaml", *LOCAL_INCLUDES]


def test_includes_outside_the_folder_and_inline_scenarios(tmp_path):
    # Steinfurt includes the shipped data by name and its own kvw.yaml; its scenario is
    # written in the main file, which the manifest already covers, so no scenario entry.
    loaded = load_config(STEINFURT, ["grant-per-post"])
    assert [s.name for s in loaded.scenarios] == ["grant-per-post"]
    assert [(f.path, f.role) for f in loaded.inputs] == [
        ("kreis-steinfurt.yaml", "configuration"),
        *[(name, "include") for name in COESFELD_INCLUDES[:4]],
        ("kvw.yaml", "include"),
    ]


def test_the_manifest_paths_do_not_depend_on_the_working_directory(monkeypatch):
    monkeypatch.chdir(CONFIGS / "contributions")
    loaded = load_config(Path("..") / "coesfeld.yaml", [str(Path("../..") / "examples" / "coesfeld-grant-ends.yaml")])
    assert loaded.manifest == load_config(COESFELD, [str(GRANT_ENDS)]).manifest


def test_names_sha256sum_would_escape_are_written_as_it_writes_them():
    # GNU sha256sum: a leading backslash, then the name with '\' and line breaks escaped.
    digest = "0" * 64
    assert InputFile("plain.yaml", digest, "include").manifest_line() == f"{digest}  plain.yaml\n"
    assert InputFile("a\\b\nc.yaml", digest, "include").manifest_line() == f"\\{digest}  a\\\\b\\nc.yaml\n"
