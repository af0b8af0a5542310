"""The libyaml fast path (yaml_source._compose_fast) must read every document exactly like
the pure-Python parser: same data, same source map, same error messages. The full check
with thousands of mutations is bench/check_yaml_fast_path.py; here a fixed-seed sample."""

from __future__ import annotations

import pytest

from kimcost.configuration import yaml_source
from tests.conftest import bench_module


@pytest.mark.skipif(getattr(yaml_source, "_CParser", None) is None, reason="PyYAML was built without libyaml")
def test_fast_path_and_pure_parser_agree(capsys):
    check = bench_module("check_yaml_fast_path")
    assert check.main(["--mutations", "300", "--seed", "11"]) == 0, capsys.readouterr().out
    assert "identical results" in capsys.readouterr().out
