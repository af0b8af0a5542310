"""``read_yaml``: exact numbers, dates, refused YAML 1.1 surprises, locations and key paths."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kimcost.configuration import ConfigError
from kimcost.configuration.yaml_source import MAX_DEPTH, read_config_bytes, read_yaml


def read(text: str):
    return read_yaml("t.yaml", text.encode("utf-8"))


def refused(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        read(text)
    (issue,) = info.value.issues
    return issue.text("en")


def test_numbers_are_exact_decimals_and_ints():
    data, _ = read("a: 0.1\nb: 1_000.50\nc: 42\nd: -7\ne: +3\nf: 0\n")
    assert data == {"a": Decimal("0.1"), "b": Decimal("1000.50"), "c": 42, "d": -7, "e": 3, "f": 0}
    assert str(data["b"]) == "1000.50" and type(data["c"]) is int


def test_dates_are_dates_and_a_leap_day_only_in_a_leap_year():
    data, _ = read("a: 2024-02-29\n")
    assert data == {"a": dt.date(2024, 2, 29)}
    assert refused("a: 2023-02-29\n") == "t.yaml:1:4: a: '2023-02-29' is not a valid date (no such day); write an existing date as YYYY-MM-DD"


@pytest.mark.parametrize(("text", "message"), [
    ("id: 0301\n", "t.yaml:1:5: id: '0301' starts with 0, so YAML reads it as an octal number; write an id or key number "
                   "in quotes ('0301'), or a number without the leading zero (301)"),
    ("t: 1:30\n", "t.yaml:1:4: t: YAML reads '1:30' as a base-60 number; write a number in digits (e.g. 90), "
                  "or text such as a time in quotes: '1:30'"),
    ("x: 0x1F\n", "t.yaml:1:4: x: YAML reads '0x1F' as a hexadecimal or binary number; write numbers in decimal digits, "
                  "or text in quotes: '0x1F'"),
    ("v: 1.5e+3\n", "t.yaml:1:4: v: '1.5e+3' is written with an exponent; write the number in full: 1500"),
    ("v: 1:30.5\n", "t.yaml:1:4: v: YAML reads '1:30.5' as a base-60 number; write the number in digits, or text in quotes: '1:30.5'"),
])
def test_yaml_1_1_number_surprises_are_refused_with_the_right_way_to_write_them(text, message):
    assert refused(text) == message


def test_the_same_text_in_quotes_is_text():
    data, sources = read("id: '0301'\nt: \"1:30\"\nn: no\n")
    assert data == {"id": "0301", "t": "1:30", "n": False}
    assert sources.scalars[("id",)].quoted and not sources.scalars[("n",)].quoted
    assert sources.scalars[("n",)].text == "no"


def test_source_map_has_key_and_value_locations_and_the_keys_as_written():
    data, sources = read("regions:\n  west:\n    members: [alpha, beta]\n  no: {}\n")
    assert str(sources.values[("regions", "west", "members", 1)]) == "t.yaml:3:22"
    assert str(sources.keys[("regions", "west", "members")]) == "t.yaml:3:5"
    assert sources.key_scalars[("regions", False)].text == "no"
    assert str(sources.locate(("regions", "west", "members", 7))) == "t.yaml:3:14"  # nearest written ancestor


def test_duplicate_keys_are_found_at_any_depth_also_when_yaml_reads_them_alike():
    assert refused("a:\n  b:\n    - {c: 1, c: 2}\n") == (
        "t.yaml:3:14: a.b[0].c: duplicate key 'c' (first written at line 3); each key may appear only once in a "
        "mapping — remove or merge one of them")
    assert "duplicate key 'yes' (first written at line 1)" in refused("true: 1\nyes: 2\n")


def test_syntax_errors_name_the_key_path_where_parsing_stopped():
    assert refused("a:\n  b:\n\tc: 1\n").startswith("t.yaml:3:1: a.b: a tab is not allowed here")
    assert refused("a:\n  list: [1, 2\n  next: 3\n").startswith("t.yaml:3:7: a.list[1]: a list opened with '[' is not closed")


def test_anchors_are_refused_before_anything_is_expanded():
    text = "a: &x [1, 2]\nb: *x\n"
    assert refused(text) == ("t.yaml:1:4: a: YAML anchors and aliases (&name, *name) are not allowed; "
                             "write the value out where it is needed, or use 'include:' for shared files")


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_refused():
    def nested(levels: int) -> str:
        return "a: " + "[" * levels + "]" * levels + "\n"

    data, _ = read(nested(MAX_DEPTH - 1))  # plus the top-level mapping: MAX_DEPTH collections
    depth, node = 0, data["a"]
    while node:
        depth, node = depth + 1, node[0]
    assert depth == MAX_DEPTH - 2  # the innermost list is empty
    message = refused(nested(MAX_DEPTH))
    assert message.startswith(f"t.yaml:1:{4 + MAX_DEPTH - 1}: a") and "nesting is too deep" in message


def test_block_nesting_is_refused_by_the_composer_with_its_path():
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 2))
    message = refused(text)
    assert message.startswith(f"t.yaml:{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}: k0.k1.k2")
    assert "nesting is too deep" in message


def test_a_byte_order_mark_is_accepted_and_utf16_and_latin1_are_explained():
    data, _ = read_yaml("t.yaml", "\ufeffname: Dülmen\n".encode("utf-8"))
    assert data == {"name": "Dülmen"}
    with pytest.raises(ConfigError, match="UTF-16"):
        read_yaml("t.yaml", "name: x\n".encode("utf-16"))
    with pytest.raises(ConfigError) as info:
        read_yaml("t.yaml", "a: 1\nname: Dülmen\n".encode("latin-1"))
    assert info.value.issues[0].text("en").startswith("t.yaml:2:8: name: byte 0xfc is not UTF-8")


def test_control_characters_are_located():
    assert refused("a: 1\nb: \"x\x00y\"\n").startswith("t.yaml:2:6: b: the control character U+0000 is not allowed")


def test_tags_are_refused():
    assert "the tag 'tag:yaml.org,2002:binary' is not allowed" in refused("a: !!binary aGk=\n")
    assert "the tag '!local' is not allowed" in refused("a: !local x\n")


def test_read_config_bytes_refuses_folders_and_stops_after_the_limit(tmp_path):
    with pytest.raises(OSError, match="not a regular file"):
        read_config_bytes(tmp_path)
    small = tmp_path / "small.yaml"
    small.write_bytes(b"a: 1\n")
    assert read_config_bytes(small) == b"a: 1\n"
