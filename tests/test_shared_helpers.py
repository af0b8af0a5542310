"""The small helpers below every layer: 'did you mean' suggestions and whether a holder
counts in a year."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from kimcost.periods import active_in_year
from kimcost.suggestions import close_matches, did_you_mean, shortlist


def test_a_close_name_is_suggested():
    assert did_you_mean("membres", ["name", "members"]) == "; did you mean 'members'?"
    assert did_you_mean("S12", ("S 11", "S 12")) == "; did you mean 'S 12'?"


def test_without_a_close_name_the_choices_or_the_fallback():
    assert did_you_mean("xyz", ["nord", "sued"]) == ""
    assert did_you_mean("xyz", ["sued", "nord"], known="known") == "; known: nord, sued"
    assert did_you_mean("xyz", [], known="known") == ""  # nothing to list
    assert did_you_mean("xyz", ["set"], otherwise="; write one of set") == "; write one of set"


def test_the_list_of_choices_is_sorted_and_cut_after_twelve():
    assert shortlist(["b", "a"]) == "a, b"
    assert shortlist([f"k{i:02d}" for i in range(14, -1, -1)]) == ", ".join(f"k{i:02d}" for i in range(12)) + ", …"


def test_close_matches_for_several_suggestions():
    # as explain offers ids: up to three, at a lower bar; of two equally close, difflib
    # puts the later in sort order first
    assert close_matches("nord", ["sued-1", "nord-1", "nord-2", "mitte-1"], n=3, cutoff=0.5) == ["nord-2", "nord-1"]


def test_a_holder_counts_in_every_year_its_employment_touches():
    holder = SimpleNamespace(start=dt.date(2023, 12, 31), end=dt.date(2025, 1, 1))
    assert [y for y in range(2022, 2027) if active_in_year(holder, y)] == [2023, 2024, 2025]
    open_ended = SimpleNamespace(start=dt.date(2024, 7, 1), end=None)
    assert [y for y in range(2022, 2027) if active_in_year(open_ended, y)] == [2024, 2025, 2026]
