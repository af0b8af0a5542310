"""Configuration messages come in the language asked for (issue 10, "German throughout").

Every bad-input fixture (tests/fixtures/bad) and the hostile ones (tests/fixtures/warnings,
tests/fixtures/split) is loaded; each error or warning is worded in German and in English.
A German message must not hold common English words, an English one no common German
words. Quoted values ('expected' is a status, 'members' a key) and the place (file:line,
key path) are left out of the check: they are YAML, the same in both languages.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kimcost.configuration import ConfigError
from kimcost.configuration.advances import missing_advances
from kimcost.configuration.errors import ConfigIssue
from kimcost.loading import load_config
from kimcost.messages import Text, catalogues
from tests.conftest import ROOT
from tests.test_bad_input import CASES

FIXTURES = ROOT / "tests" / "fixtures"
BAD = FIXTURES / "bad"

ENGLISH = (" must ", " the ", "write", "instead", "expected", "missing", "unknown", "input should",
           " is not ", " or ", " and ")
GERMAN = (" muss ", " der ", " die ", "schreiben sie", "fehlt", "unbekannt", " ist ", " und ", " oder ", " nicht ")

# Fixtures whose messages come from layers converted elsewhere (they are plain English text
# until then): the allocation keys' checks (engine/keys.py) and the scenarios.
OTHER_LAYERS: dict[str, str] = {}   # every layer speaks both languages now


def _fixtures() -> list[tuple[str, Path, tuple[str, ...]]]:
    """(id, main file, scenarios) of every committed fixture."""
    out: dict[str, tuple[str, Path, tuple[str, ...]]] = {}
    for case in CASES:
        if callable(case.fixture):
            continue
        command = list(case.command)
        scenarios = tuple(command[i + 1] for i, arg in enumerate(command) if arg == "--scenario")
        if scenarios and not case.fixture.startswith("meaning-scenario"):
            continue  # a scenario file's own mistake: the scenarios' messages
        out[case.fixture] = (case.fixture, BAD / case.fixture, scenarios)
    for path in sorted(BAD.glob("*.yaml")) + sorted(BAD.glob("*/main.yaml")):
        name = str(path.relative_to(BAD))
        out.setdefault(name, (name, path, ()))
    for folder in ("warnings", "split"):
        out[folder] = (folder, FIXTURES / folder / "main.yaml", ())
    return sorted(out.values())


def _issues(path: Path, scenarios: tuple[str, ...]) -> list[ConfigIssue]:
    try:
        loaded = load_config(path, scenarios)
    except ConfigError as exc:
        return list(exc.issues)
    # a valid configuration: its warnings, and what settling 2023 would ask for
    return list(loaded.warnings) + missing_advances(loaded.config, loaded.sources, [2023])


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _words(message: str) -> str:
    """The message without quoted values, lower case, padded so words at the ends count."""
    unquoted = _QUOTED.sub("''", message)
    return f" {unquoted.lower()} "


FIXTURE_LIST = _fixtures()


@pytest.mark.filterwarnings("ignore::kimcost.configuration.errors.ConfigWarning")
@pytest.mark.parametrize(("name", "path", "scenarios"), FIXTURE_LIST, ids=[f[0] for f in FIXTURE_LIST])
def test_each_message_comes_in_the_language_asked_for(name: str, path: Path, scenarios: tuple[str, ...], monkeypatch):
    monkeypatch.chdir(ROOT)
    issues = _issues(path, scenarios)
    if name in OTHER_LAYERS:
        pytest.xfail(f"messages of {OTHER_LAYERS[name]}, worded in both languages on another branch")
    for issue in issues:
        assert isinstance(issue.message, Text), f"{name}: not in both languages yet: {issue.text('en')}"
        german, english = _words(issue.message.render("de")), _words(issue.message.render("en"))
        assert german != english, f"{name}: the same in both languages: {issue.text('de')}"
        leaked = [w for w in ENGLISH if w in german]
        assert not leaked, f"{name}: English {leaked} in the German message: {issue.text('de')}"
        leaked = [w for w in GERMAN if w in english]
        assert not leaked, f"{name}: German {leaked} in the English message: {issue.text('en')}"


def test_the_place_is_the_same_in_both_languages(monkeypatch):
    monkeypatch.chdir(ROOT)
    (issue,) = _issues(BAD / "meaning-unknown-key.yaml", ())
    assert issue.text("en").endswith("unknown key 'membres'; did you mean 'members'?")
    assert issue.text("de").endswith("unbekannter Schlüssel 'membres'; meinten Sie 'members'?")
    place = issue.text("en").removesuffix("unknown key 'membres'; did you mean 'members'?")
    assert place == "tests/fixtures/bad/meaning-unknown-key.yaml:12:5: regions.west.membres: "
    assert issue.text("de").startswith(place)


def test_a_text_without_values_is_shown_as_written():
    """``Text.render`` formats only when there are values: a brace of YAML in a text without
    placeholders is written once ('{days: 30}'), in a text with placeholders twice."""
    for name, catalogue in catalogues().items():
        if not name.startswith(("configuration.", "suggestions")):
            continue
        for key, texts in catalogue.texts.items():
            german, english = catalogue.placeholders(key)
            if not german and not english:
                assert not any("{{" in t or "}}" in t for t in texts), f"{name}:{key}"


def test_pydantic_errors_are_worded_per_type_in_both_languages():
    """A type pydantic_errors has no text of its own for: the German message names the check,
    pydantic's English stays in the English message only."""
    from pydantic import BaseModel, ValidationError

    from kimcost.configuration.pydantic_errors import translate_validation_error
    from kimcost.configuration.source_map import SourceMap

    class Odd(BaseModel):
        when: dt.time

    with pytest.raises(ValidationError) as info:
        Odd.model_validate({"when": "soon"})
    (issue,) = translate_validation_error(info.value, SourceMap(), Odd)
    assert issue.text("en").startswith("when: Input should be in a valid time format")  # pydantic's words
    assert issue.text("en").endswith("(got 'soon')")
    assert issue.text("de") == "when: 'soon' ist hier nicht gültig (Prüfung 'time_parsing')"

