"""``explain``: every leaf cites the line that holds its value; the tree adds up to the share.

Figures (shipped data, src/kimcost/data): S 12 step 3 from 2022-04-01 = 3909.61; Coesfeld 2023,
Region Nord own share 33405.31 → exact share 33405.31 ÷ 4 = 8351.3275 per member; floors
8351.32 × 4 = 33405.28, three cents left, all remainders 0.0075 tie → the first three
listed (coesfeld, billerbeck, havixbeck) get 8351.33, rosendahl 8351.32 (rule 12).
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.engine import settle
from kimcost.reports.explain import UnknownSubject, explain_member, explain_position, explain_region
from kimcost.reports.explain.render import node_dict
from tests.builders import holder, position, without_planning, write_config
from tests.conftest import COESFELD

runner = CliRunner()


@pytest.fixture(scope="module")
def settled_2023(coesfeld):
    return settle(coesfeld.config, 2023)


def _line(source: str) -> str:
    file, line = source.rsplit(":", 1)
    if file.startswith("kimcost:"):  # the shipped data, cited by name
        from kimcost.configuration import packaged

        file = str(packaged.path_of(packaged.lookup(file.removeprefix("kimcost:"))))
    return Path(file).read_text(encoding="utf-8").splitlines()[int(line) - 1]


def _leaves(doc: dict):
    if not doc["children"]:
        yield doc
    for child in doc["children"]:
        yield from _leaves(child)


def _nodes(doc: dict):
    yield doc
    for child in doc["children"]:
        yield from _nodes(child)


def _assert_every_leaf_on_its_line(doc: dict) -> int:
    count = 0
    for leaf in _leaves(doc):
        assert leaf["source"], f"leaf without a source: {leaf['label']}"
        text = _line(leaf["source"])
        assert leaf["value"] in text, f"{leaf['label']}: {leaf['value']!r} not on {leaf['source']}: {text!r}"
        count += 1
    return count


def test_every_leaf_of_a_member_tree_points_at_its_line(coesfeld, settled_2023):
    doc = node_dict(explain_member(settled_2023, coesfeld, "billerbeck"))
    # Region Nord has three posts, four holders and 40 held months: hundreds of leaves.
    assert _assert_every_leaf_on_its_line(doc) > 500


def test_table_amount_leaf_is_the_s12_line_of_the_2022_table(coesfeld, settled_2023):
    doc = node_dict(explain_position(settled_2023, coesfeld, "nord-1"))
    tables = [n for n in _leaves(doc) if n.get("key", "").startswith("tariffs.tvoed-sue.tables.2022-04-01.grades.S 12")]
    # nord-1 is S 12 step 3 all 2023 (step since 2021-03-01, SuE duration of step 3: 4 years),
    # so every month's table leaf is step 3 = 3909.61 (list index 2), on the "S 12:" line.
    assert tables and {n["value"] for n in tables} == {"3909.61"}
    assert tables[0]["key"] == "tariffs.tvoed-sue.tables.2022-04-01.grades.S 12[2]"
    line = _line(tables[0]["source"])
    assert line.strip().startswith("S 12:") and "3909.61" in line
    assert tables[0]["source"] == "kimcost:tvoed-sue:12"


def test_member_total_equals_settled_share_and_the_split_is_explained(coesfeld, settled_2023):
    tree = explain_member(settled_2023, coesfeld, "billerbeck")
    _region, member = settled_2023.member("billerbeck")
    assert tree.value == member.share == D("8351.33")
    own, exact, rounding = tree.children
    # Rule 11: own share = costs − grant, both as settled.
    costs, grants = own.children
    assert own.value == costs.value - grants.value == D("33405.31")
    assert costs.value == sum((c.value for c in costs.children), D(0))
    assert grants.value == sum((c.value for c in grants.children), D(0))
    # Rule 12: exact = 33405.31 × 1 ÷ 4 = 8351.3275; billerbeck is listed second → a remainder cent.
    assert exact.value == D("8351.3275")
    weight, weight_sum = exact.children
    assert (weight.value, weight_sum.value) == (D(1), D(4))
    assert member.extra_cent and rounding.value == D("8351.33")
    rosendahl = explain_member(settled_2023, coesfeld, "rosendahl")
    assert rosendahl.value == D("8351.32")
    assert "keinen Restcent" in rosendahl.children[2].label


def _money_children(node):
    return [c for c in node.children if c.kind == "money"]


def test_posts_holders_and_months_add_up(coesfeld, settled_2023):
    tree = explain_region(settled_2023, coesfeld, "nord")
    costs = tree.children[0]
    for post in costs.children:
        assert post.value == sum((c.value for c in post.children), D(0))   # the four categories
        personnel = post.children[0]
        holders = personnel.children if "Ist" not in personnel.label else personnel.children[1].children
        for h in holders:
            months = [c for c in h.children if c.kind == "money"]
            assert h.value == sum((m.value for m in months), D(0))
            for m in months:
                # Pay + allowance + one-off + JSZ + social insurance + kvw (+ accident) = the month.
                assert m.value == sum((c.value for c in _money_children(m)), D(0))
    # The split of the region adds up to its own share (rule 12).
    split = tree.children[2]
    assert sum((c.value for c in split.children), D(0)) == tree.value == D("33405.31")


def test_step_rise_names_the_duration_entry(coesfeld):
    # nord-2: S 12 step 2 since 2022-02-15. The old SuE duration of step 2 (3 years) would give
    # 2025-02-15, but from 2024-10-01 it is 2 years, already exceeded → step 3 on 2024-10-01 (rule 3).
    result = settle(coesfeld.config, 2024)
    doc = node_dict(explain_position(result, coesfeld, "nord-2"))
    rise = next(n for n in _nodes(doc) if n["label"].startswith("Stufe 3 ab 01.10.2024"))
    duration = rise["children"][0]
    assert duration["key"] == "tariffs.tvoed-sue.step_durations.2024-10-01.years[1]"
    assert duration["value"] == "2" and "[1, 2, 3, 4, 5]" in _line(duration["source"])
    start = rise["children"][1]
    assert [c["value"] for c in start["children"]] == ["2", "2022-02-15"]
    _assert_every_leaf_on_its_line(doc)


def test_block_style_config_leaves_point_at_their_own_lines(tmp_path):
    # builders write block YAML: every holder value on its own line, so a wrong line shows.
    path = write_config(tmp_path, [position("p1", [
        holder("2023-01-01", "S 12", 1, "2023-01-01", end="2023-06-15", name="Erste"),
        holder("2023-07-01", "S 11b", 5, "2019-01-01", fte="0.5", name="Zweite")])])
    from kimcost.loading import load_config

    loaded = load_config(path)
    result = settle(loaded.config, 2023)
    doc = node_dict(explain_member(result, loaded, "b"))
    _assert_every_leaf_on_its_line(doc)
    end = next(n for n in _leaves(doc) if n.get("key") == "positions[0].holders[0].end")
    assert _line(end["source"]).strip() == "end: '2023-06-15'"


def test_unknown_subject_suggests_close_ids_and_names(coesfeld, settled_2023):
    with pytest.raises(UnknownSubject) as info:
        explain_member(settled_2023, coesfeld, "bilerbeck")
    assert info.value.suggestions[0] == "billerbeck"
    with pytest.raises(UnknownSubject) as info:
        explain_member(settled_2023, coesfeld, "Stadt Billerbek")   # a misspelt name finds the id
    assert "billerbeck" in info.value.suggestions
    with pytest.raises(UnknownSubject):
        explain_region(settled_2023, coesfeld, "west")


# --- CLI ------------------------------------------------------------------------------


def test_cli_json_document_shape():
    result = runner.invoke(app, ["explain", "2023", "--config", str(COESFELD), "--member", "billerbeck", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["kind"], doc["year"], doc["subject"]) == ("explanation", 2023, {"member": "billerbeck"})
    assert doc["scenarios"] == []
    tree = doc["tree"]
    assert tree["value"] == "8351.33" and tree["source"] is None
    assert set(tree) == {"label", "value", "source", "children"}
    leaf = next(_leaves(tree))
    assert set(leaf) == {"label", "value", "source", "key", "children"} and leaf["children"] == []
    # The exact share carries six decimals: 8351.3275.
    assert tree["children"][1]["value"] == "8351.327500"


def test_cli_tree_in_german_and_english():
    de = runner.invoke(app, ["explain", "2023", "-c", str(COESFELD), "--region", "mitte", "--depth", "3"])
    assert de.exit_code == 0, de.output
    assert "Eigenanteil Region Mitte = Kosten − Förderung: 21.106,68 €" in de.stdout
    en = runner.invoke(app, ["explain", "2023", "-c", str(COESFELD), "--position", "mitte-1", "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert "table from 2022-04-01, S 12 step 4: €4,189.61" in en.stdout
    assert "kimcost:tvoed-sue:12" in en.stdout


def test_cli_usage_errors_exit_2():
    unknown = runner.invoke(app, ["explain", "2023", "-c", str(COESFELD), "--member", "bilerbeck", "--lang", "en"])
    assert unknown.exit_code == 2
    assert "did you mean 'billerbeck'" in unknown.output
    german = runner.invoke(app, ["explain", "2023", "-c", str(COESFELD), "--member", "bilerbeck"])
    assert "die Kommune 'bilerbeck' gibt es in der Konfiguration nicht; meinten Sie 'billerbeck' oder " \
           "'havixbeck'?" in german.output
    none = runner.invoke(app, ["explain", "2023", "-c", str(COESFELD), "--lang", "en"])
    assert none.exit_code == 2 and "exactly one of" in none.output
    two = runner.invoke(app, ["explain", "2023", "-c", str(COESFELD), "--member", "billerbeck", "--region", "nord"])
    assert two.exit_code == 2


def test_cli_year_without_data_exits_3(tmp_path):
    result = runner.invoke(app, ["explain", "2030", "-c", str(without_planning(tmp_path)), "--member", "billerbeck"])
    assert result.exit_code == 3
    assert "explain 2030: Beitragssätze der Sozialversicherung: die Einträge enden mit 2026" in result.output
    assert "explain: für 2030 fehlen die Daten der 4 Reihe(n) oben" in result.output


def test_weights_key_schedule_and_vacant_post_leaves(tmp_path):
    # A weights key (rule 12), an explicit step schedule (rule 3: overrides the rise) and a
    # post vacant all year: all of it still ends in leaves that sit on their own lines.
    scheduled = holder("2023-01-01", "S 12", 2, "2022-06-01",
                       step_schedule=[{"date": "2023-07-01", "step": 4}])
    path = write_config(tmp_path, [position("p1", [scheduled]), position("p2", [])],
                        key={"weights": {"a": "2", "b": "1.5", "c": "0.5"}})
    from kimcost.loading import load_config

    loaded = load_config(path)
    result = settle(loaded.config, 2023)
    tree = explain_member(result, loaded, "b")
    doc = node_dict(tree)
    _assert_every_leaf_on_its_line(doc)
    # Weight 1.5 of Σ 4: exact share = own share × 1.5 ÷ 4.
    region = result.region("r")
    exact = tree.children[1]
    assert exact.value == region.own_share * D("1.5") / D(4)
    assert [c.value for c in exact.children[1].children] == [D("2"), D("1.5"), D("0.5")]
    schedule = next(n for n in _nodes(doc) if n["label"].startswith("Stufe 4 ab 01.07.2023 (Stufenplan)"))
    assert [c["value"] for c in schedule["children"]] == ["2023-07-01", "4"]
    # July pay is step 4 of the 2022-04-01 S 12 table: 4189.61.
    july = result.position("p1").holders[0].months[6]
    assert (july.step, july.pay) == (4, D("4189.61"))
    vacant = node_dict(explain_position(result, loaded, "p2"))
    assert vacant["value"] == "0.00"
    _assert_every_leaf_on_its_line(vacant)


def test_population_key_leaves_cite_the_population(tmp_path):
    municipalities = {m: {"name": f"Gemeinde {m.upper()}",
                          "population": {"value": pop, "source": "test"}}
                      for m, pop in (("a", 12000), ("b", 8000), ("c", 20000))}
    path = write_config(tmp_path, [position("p1", [holder("2023-01-01", "S 12", 3, "2021-03-01")])],
                        key="population", municipalities=municipalities)
    from kimcost.loading import load_config

    loaded = load_config(path)
    doc = node_dict(explain_member(settle(loaded.config, 2023), loaded, "b"))
    _assert_every_leaf_on_its_line(doc)
    weight_sum = doc["children"][1]["children"][1]
    # Σ weights = 12000 + 8000 + 20000 = 40000, each from its municipality's population line.
    assert weight_sum["value"] == "40000"
    assert [c["value"] for c in weight_sum["children"]] == ["12000", "8000", "20000"]


def test_scenario_values_cite_the_scenario_file(tmp_path, coesfeld):
    scenario = tmp_path / "grant-ends.yaml"
    scenario.write_text(
        "name: grant-ends\n"
        "description: the state grant ends on 1 January 2025\n"
        "changes:\n"
        "  - set: grants.kim-nrw.amounts\n"
        "    since: 2025-01-01\n"
        "    value: {value: 0, source: 'scenario: the programme ends', status: assumption}\n",
        encoding="utf-8")
    result = runner.invoke(app, ["explain", "2025", "-c", str(COESFELD), "--member", "billerbeck",
                                 "--scenario", str(scenario), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [s["name"] for s in doc["scenarios"]] == ["grant-ends"]
    amounts = [n for n in _leaves(doc["tree"]) if n.get("key", "").startswith("grants.kim-nrw.amounts")]
    assert amounts and {(n["value"], n["source"].rsplit(":", 1)[1]) for n in amounts} == {("0", "6")}
    assert all(n["source"].endswith("grant-ends.yaml:6") for n in amounts)
    # Without the grant, billerbeck's share is its exact part of the full costs (rule 11).
    _region, member = settle(load_config_with(scenario), 2025).member("billerbeck")
    assert doc["tree"]["value"] == f"{member.share:.2f}"


def load_config_with(scenario):
    from kimcost.loading import load_config

    return load_config(COESFELD, [str(scenario)]).config


@pytest.mark.parametrize("example", ["steinfurt-rheine/kreis-steinfurt.yaml", "guetersloh-rietberg/kreis-guetersloh.yaml"])
def test_other_districts_explain_every_region(example):
    # Rheine: a fixed yearly grant spread per planned VZÄ and a weights key; Rietberg: a
    # welfare organisation as employer. The trees still add up and cite every value.
    from kimcost.loading import load_config

    loaded = load_config(COESFELD.parent.parent / "examples" / example)
    result = settle(loaded.config, 2024)
    for region in result.regions:
        doc = node_dict(explain_region(result, loaded, region.id))
        assert doc["value"] == f"{region.own_share:.2f}"
        _assert_every_leaf_on_its_line(doc)
