"""The reference data shipped with the package, included by name (``kimcost:NAME``), and how
a district's own entries replace shipped ones."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal as D

import pytest

from kimcost.configuration import packaged
from kimcost.configuration.errors import ConfigError
from kimcost.engine import settle
from kimcost.loading import load_config
from tests.builders import line_of, write
from tests.conftest import COESFELD, DATA


def test_every_catalogue_entry_is_a_shipped_file():
    for entry in packaged.CATALOGUE:
        path = packaged.path_of(entry)
        assert path.is_file() and path == DATA / entry.file


def test_shipped_files_are_named_by_their_include_name_in_the_manifest():
    loaded = load_config(COESFELD)
    shipped = [f for f in loaded.inputs if f.path.startswith("kimcost:")]
    assert [f.path for f in shipped] == ["kimcost:tvoed-sue", "kimcost:tvoed-vka", "kimcost:one-off-payments",
                                         "kimcost:social-insurance", "kimcost:kim-nrw"]
    sue = DATA / "tariffs" / "tvoed-sue.yaml"
    assert shipped[0].sha256 == hashlib.sha256(sue.read_bytes()).hexdigest()
    # explain and messages cite them by name and line
    assert str(loaded.locate(("tariffs", "tvoed-sue", "tables", dt.date(2022, 4, 1)), key=True)) == "kimcost:tvoed-sue:7:7"


def _config(tmp_path, extra: str = "", include: str = "[kimcost:tvoed-sue, kimcost:social-insurance, kimcost:kim-nrw]"):
    return write(tmp_path, "kreis.yaml", f"""
        include: {include}
        district: {{name: Kreis Test, grant: kim-nrw}}
        municipalities:
          a: {{name: Gemeinde A}}
          b: {{name: Gemeinde B}}
        regions:
          r:
            name: Region R
            employer: a
            members: [a, b]
            advances: {{2025: {{b: 0}}}}
        cost_rates:
          equipment_initial: {{2022-01-01: {{value: 0, source: test}}}}
          equipment_per_fte_year: {{2022-01-01: {{value: 0, source: test}}}}
          recruitment_per_new_holder: {{2022-01-01: {{value: 0, source: test}}}}
          administration: {{2022-01-01: {{percent_of_personnel: 0, source: test}}}}
        supplementary_pension:
          2022-01-01: {{percent: 4.25, source: "kvw notice", status: seen}}
        positions:
          - id: p1
            region: r
            fte: 1.0
            holders:
              - {{name: CM, start: 2025-01-01, fte: 1.0, grade: S 12, step: 3, step_since: 2021-03-01}}
    """ + extra)


def test_a_configuration_of_shipped_data_only_settles(tmp_path):
    loaded = load_config(_config(tmp_path))
    result = settle(loaded.config, 2025)
    assert result.region("r").grant == D("57000.00")
    assert loaded.overrides == ()


def test_a_district_entry_replaces_the_shipped_entry_whole_and_is_listed(tmp_path):
    # The official 2026 SuE table in place of the shipped provisional one: the whole dated
    # entry is replaced (status, source, grades), not merged leaf by leaf.
    path = _config(tmp_path, """
        tariffs:
          tvoed-sue:
            tables:
              2026-05-01:
                source: "official table of the district's payroll office"
                grades: {S 12: [1, 2, 3, 4, 5, 6]}
    """)
    loaded = load_config(path)
    table = loaded.config.tariffs["tvoed-sue"].tables[dt.date(2026, 5, 1)]
    assert table.status.value == "seen" and set(table.grades) == {"S 12"}
    assert table.grades["S 12"][2] == D("3")
    # the other dated tables still come from the shipped file
    assert loaded.config.tariffs["tvoed-sue"].tables[dt.date(2025, 4, 1)].grades["S 12"][2] == D("4465.71")
    (override,) = loaded.overrides
    assert override.path == ("tariffs", "tvoed-sue", "tables", dt.date(2026, 5, 1))
    assert override.by.file.endswith("kreis.yaml") and override.by.line == line_of(path, "2026-05-01:")
    assert str(override.replaces) == "kimcost:tvoed-sue:28:7"
    # and explain cites the district's line for what replaced the shipped value
    grade = loaded.locate(("tariffs", "tvoed-sue", "tables", dt.date(2026, 5, 1), "grades", "S 12", 2))
    assert grade.file.endswith("kreis.yaml")


def test_a_district_file_read_after_the_shipped_one_replaces_it_too(tmp_path):
    write(tmp_path, "grant.yaml", """
        grants:
          kim-nrw:
            amounts:
              2025-01-01: {value: 58000.00, source: "Bewilligungsbescheid 2025", status: seen}
    """)
    path = _config(tmp_path, include="[kimcost:tvoed-sue, kimcost:social-insurance, kimcost:kim-nrw, grant.yaml]")
    loaded = load_config(path)
    assert settle(loaded.config, 2025).region("r").grant == D("58000.00")
    (override,) = loaded.overrides
    assert override.by.file.endswith("grant.yaml") and override.replaces.file == "kimcost:kim-nrw"


def test_the_same_value_in_two_district_files_is_still_an_error(tmp_path):
    write(tmp_path, "more.yaml", "district: {grant: other}\n")
    path = _config(tmp_path, include="[kimcost:tvoed-sue, kimcost:social-insurance, kimcost:kim-nrw, more.yaml]")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "already set at" in "\n".join(i.text("en") for i in info.value.issues) and "each value is written in one file only" in "\n".join(i.text("en") for i in info.value.issues)


def test_an_unknown_shipped_name_lists_the_known_ones(tmp_path):
    path = _config(tmp_path, include="[kimcost:tvoed, kimcost:social-insurance, kimcost:kim-nrw]")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    (issue,) = info.value.issues
    assert issue.location.line == line_of(path, "include:")
    assert "kimcost ships no data named 'tvoed'; the shipped data are kimcost:tvoed-sue, kimcost:tvoed-vka" in issue.text("en")


def test_a_shipped_file_included_twice_is_an_error(tmp_path):
    path = _config(tmp_path, include="[kimcost:tvoed-sue, kimcost:social-insurance, kimcost:kim-nrw, kimcost:kim-nrw]")
    with pytest.raises(ConfigError, match="kimcost:kim-nrw ist zweimal eingebunden"):
        load_config(path)
