"""The message catalogues (kimcost.messages): every text in both languages, with the same
placeholders, and put into words only when shown."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import kimcost
from kimcost.configuration.errors import ConfigError, ConfigIssue, Location
from kimcost.messages import Catalogue, catalogues, language


def _import_everything() -> None:
    for info in pkgutil.walk_packages(kimcost.__path__, "kimcost."):
        if info.name != "kimcost.__main__":
            importlib.import_module(info.name)




_T = Catalogue("tests.test_messages", {
    "outer": ("Die Datei {name} fehlt ({why})", "file {name} is missing ({why})"),
    "why": ("nicht gefunden", "not found"),
})

_import_everything()
ALL = sorted(catalogues().items())


@pytest.mark.parametrize(("name", "catalogue"), ALL, ids=[name for name, _ in ALL])
def test_every_text_has_both_languages_with_the_same_placeholders(name: str, catalogue: Catalogue) -> None:
    for key, texts in catalogue.texts.items():
        assert len(texts) == 2, f"{name}:{key} needs (German, English)"
        de, en = texts
        assert de.strip() and en.strip(), f"{name}:{key} has an empty text"
        german, english = catalogue.placeholders(key)
        assert german == english, f"{name}:{key}: placeholders differ: {sorted(german)} vs {sorted(english)}"


def test_a_text_is_worded_when_shown_and_nested_texts_follow_the_language() -> None:
    text = _T("outer", name="a.yaml", why=_T("why"))
    assert text.render("de") == "Die Datei a.yaml fehlt (nicht gefunden)"
    assert text.render("en") == "file a.yaml is missing (not found)"
    assert str(text) == "Die Datei a.yaml fehlt (nicht gefunden)"  # German is the default


def test_an_issue_keeps_place_and_key_path_in_every_language() -> None:
    issue = ConfigIssue(Location("a.yaml", 3, 5), ("regions", 0, "name"), _T("outer", name="a.yaml", why=_T("why")))
    assert issue.text("en") == "a.yaml:3:5: regions[0].name: file a.yaml is missing (not found)"
    assert issue.text("de") == "a.yaml:3:5: regions[0].name: Die Datei a.yaml fehlt (nicht gefunden)"
    assert hash(issue) == hash(ConfigIssue(issue.location, issue.path, issue.message))
    assert str(ConfigError([issue])) == issue.text("de")


def test_an_unknown_key_is_a_programming_error_and_names_the_catalogue() -> None:
    with pytest.raises(KeyError, match="tests.test_messages"):
        _T("nope")


@pytest.mark.parametrize(("given", "expected"), [("en", "en"), ("de", "de"), (None, "de"), ("fr", "de")])
def test_language_falls_back_to_german(given, expected) -> None:
    assert language(given) == expected
