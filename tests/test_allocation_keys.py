"""Allocation keys (engine/keys.py): one class per key owns its weights, what each weight
rests on and what it needs of the configuration; reports only read what the engine recorded."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kimcost.configuration import ConfigError
from kimcost.engine import keys, settle
from kimcost.engine.keys import AllocationKey, KeyWeight
from kimcost.loading import load_config
from kimcost.messages import render
from kimcost.reports import labels
from kimcost.reports.explain import explain_member
from tests.builders import holder, position, settle_file, write_config

POSTS = [position("r-1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])]


class FirstCountsTwice(AllocationKey):
    """A key invented for the test: the first member listed counts twice."""

    name = "first_twice"
    basis = "place"

    def weights(self, config, rid, region):
        return [KeyWeight(Decimal(2 if k == 0 else 1), ("regions", rid, "members", k)) for k in range(len(region.members))]


def test_a_new_key_is_one_class_plus_its_labels(tmp_path, monkeypatch):
    monkeypatch.setitem(keys.KEYS, "first_twice", FirstCountsTwice())
    for name, text in (("key_first_twice", "erste doppelt"), ("key_fraction_first_twice", "{weight} von {total}"),
                       ("ex_basis_first_twice", "Platz in der Liste")):
        monkeypatch.setitem(labels._LABELS, name, (text, text))
    path = write_config(tmp_path, POSTS, members=["a", "b", "c"], key="first_twice")
    loaded = load_config(path)
    result = settle(loaded.config, 2023)
    region = result.regions[0]
    own = region.own_share
    shares = [m.share for m in region.members]
    # weights 2, 1, 1 of 4: half for a, a quarter each for b and c (to the cent, rule 12)
    assert sum(shares) == own
    assert abs(shares[0] - own / 2) <= Decimal("0.01") and abs(shares[1] - own / 4) <= Decimal("0.01")
    assert (region.key, region.key_basis) == ("first_twice", "place")
    tree = explain_member(result, loaded, "b", "de")
    assert any("Platz in der Liste" in node.label for node in tree.walk())


def test_an_unknown_key_is_refused_at_its_line(tmp_path):
    path = write_config(tmp_path, POSTS, members=["a", "b"], key="populaton")
    with pytest.raises(ConfigError) as caught:
        settle_file(path, 2023)
    (issue,) = caught.value.issues
    assert issue.path == ("regions", "r", "key")
    assert issue.location is not None and issue.location.line > 0
    assert render(issue.message, "en") == ("'populaton' is not allowed; write one of 'equal' or 'population', "
                                           "or a mapping with 'weights'; did you mean 'population'?")
    assert render(issue.message, "de") == ("'populaton' ist nicht zulässig; schreiben Sie einen der Werte 'equal', "
                                           "'population' oder eine Zuordnung mit 'weights'; meinten Sie 'population'?")


def test_weights_record_what_they_rest_on(tmp_path):
    path = write_config(tmp_path, POSTS, members=["a", "b"], key={"weights": {"a": "3", "b": "1"}})
    result = settle_file(path, 2023)
    region = result.regions[0]
    assert region.key_basis == "weight"
    assert [m.weight_path for m in region.members] == [("regions", "r", "key", "weights", "a"),
                                                       ("regions", "r", "key", "weights", "b")]
    assert region.key_sources == ()
