"""Error locations inside included files, under date keys and grade keys (``S 12``)."""

from __future__ import annotations

import shutil

from kimcost.configuration import ConfigError
from kimcost.loading import load_config
from tests.conftest import CONFIGS, DATA

import pytest


def test_error_under_a_date_key_and_a_grade_key_points_at_the_included_file(tmp_path):
    # The district's own copy of the shipped SuE tables, included in place of kimcost:tvoed-sue.
    shutil.copytree(CONFIGS, tmp_path / "configs")
    (tmp_path / "configs" / "tariffs").mkdir(exist_ok=True)
    table = tmp_path / "configs" / "tariffs" / "tvoed-sue.yaml"
    shutil.copy(DATA / "tariffs" / "tvoed-sue.yaml", table)
    main = tmp_path / "configs" / "coesfeld.yaml"
    main.write_text(main.read_text(encoding="utf-8").replace("kimcost:tvoed-sue", "tariffs/tvoed-sue.yaml"), encoding="utf-8")
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("S 12:  [3351.74, 3593.37,", 'S 12:  [3351.74, "3.593,37",', 1), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "configs" / "coesfeld.yaml")
    (issue,) = info.value.issues
    line = next(i for i, t in enumerate(table.read_text().splitlines(), 1) if "3.593,37" in t)
    assert issue.location.file.endswith("tariffs/tvoed-sue.yaml")
    assert (issue.location.line, issue.location.column) == (line, 28)
    assert issue.text("en").endswith(
        "tariffs.tvoed-sue.tables.2022-04-01.grades.S 12[1]: '3.593,37' looks like a German number; "
        "write it with a dot as decimal mark and no thousands separator: 3593.37")


def test_quoted_date_keys_are_located_like_plain_ones(tmp_path):
    # tests/builders.py writes dates as quoted text; the model turns them into dates.
    from kimcost.loading import load_config
    from tests.builders import holder, position, write_config
    import datetime as dt

    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])])
    loaded = load_config(path)
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if t.strip() == "'2023-01-01':")
    location = loaded.locate(("grants", "test-grant", "amounts", dt.date(2023, 1, 1), "value"))
    assert location.file.endswith("test.yaml") and location.line == line + 1
