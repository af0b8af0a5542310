"""Bad input (issue 5): one fixture per mistake, each refused with exit code 3.

Every case runs the CLI through typer's CliRunner and checks: exit code 3, the key phrase of
the message (what is wrong and how to write it right), ``file:LINE:`` of the mistake on
stderr, the number of errors (a fixture shows only its own mistake), no traceback, and that
an earlier workbook given with ``--out`` is left byte for byte as it was.

The fixtures live in ``tests/fixtures/bad/``. Most include the shipped tariffs, contributions
and grant through ``_shared/data.yaml`` (with ``include_roots: [../../../configs]``), so they
show only their own mistake; ``ok-minimal.yaml`` is the valid configuration they vary.
A few cases (a file over the size limit, UTF-16, ten thousand nested brackets) are written
by the test into ``tmp_path`` instead of being committed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.configuration import ConfigError
from kimcost.loading import load_config
from kimcost.configuration.yaml_source import MAX_FILE_BYTES, MAX_PURE_BYTES
from tests.conftest import ROOT

BAD = ROOT / "tests" / "fixtures" / "bad"
BAD_REL = "tests/fixtures/bad"
EARLIER_WORKBOOK = b"PK\x03\x04 an earlier workbook that must stay untouched"

runner = CliRunner()


@dataclass(frozen=True)
class Case:
    name: str
    fixture: str | Callable[[Path], Path]  # below tests/fixtures/bad, or a writer into tmp_path
    phrase: str                            # the key phrase of the message
    line: int                              # the line of the mistake in ``file``
    file: str | None = None                # where the mistake is reported (default: the fixture)
    command: tuple[str, ...] = ("validate",)
    errors: int | None = 1                 # errors in the configuration (None: missing data)
    also: tuple[tuple[str, int, str], ...] = ()  # further (file, line, phrase) expected
    year: int = 2023                       # for validate cases: the year the settle run uses
    phrase_de: str = ""                    # the key phrase in German (the default language)
    also_de: tuple[tuple[str, int, str], ...] = ()  # ``also`` in German


def _too_large(tmp: Path) -> Path:
    path = tmp / "too-large.yaml"
    line = b"# padding: a configuration file that grew beyond any sane size\n"
    path.write_bytes(b"district: {name: Kreis Test, grant: kim-nrw}\n" + line * (MAX_FILE_BYTES // len(line) + 1))
    return path


def _utf16(tmp: Path) -> Path:
    path = tmp / "utf16.yaml"
    path.write_bytes("district: {name: Kreis Test, grant: kim-nrw}\n".encode("utf-16"))
    return path


def _brackets(tmp: Path) -> Path:
    path = tmp / "brackets.yaml"
    path.write_text("district: {name: Kreis Test}\nnotes: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    return path


def _symlink_loop(tmp: Path) -> Path:
    (tmp / "loop.yaml").symlink_to("loop.yaml")
    path = tmp / "main.yaml"
    path.write_text("# includes a symbolic link that points at itself\ninclude: [loop.yaml]\n", encoding="utf-8")
    return path


def _pipe(tmp: Path) -> Path:
    """Reading a named pipe would wait for ever: it must be refused before it is opened."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(tmp / "pipe.yaml")
    path = tmp / "main.yaml"
    path.write_text("# includes a named pipe\ninclude: [pipe.yaml]\n", encoding="utf-8")
    return path


def _large_with_block_scalar(tmp: Path) -> Path:
    """Over 2 MiB and a '|' block: only the slow parser reads it right, and it would take a
    minute and a gigabyte at 10 MiB (issue 11). Refused at the '|' with what to do instead."""
    path = tmp / "large-block.yaml"
    line = b"# padding: a configuration file that grew large, but stays below 10 MiB\n"
    path.write_bytes(b"district:\n  name: |\n    Kreis Test\n" + line * (MAX_PURE_BYTES // len(line) + 1))
    return path


def _dev_null(tmp: Path) -> Path:
    return Path("/dev/null")


SI = "kimcost:social-insurance"
SCENARIO_FILES = f"{BAD_REL}/scenario-files"

CASES = [
    # --- YAML ----------------------------------------------------------------------------
    Case("syntax-unclosed-list", "yaml-unclosed-bracket.yaml", "a list opened with '[' is not closed", 10,
         phrase_de="eine mit '[' begonnene Liste ist nicht geschlossen"),
    Case("syntax-colon-in-value", "yaml-colon-in-value.yaml", "put a value that contains ': ' in quotes", 5,
         phrase_de="setzen Sie einen Wert, der ': ' enthält, in Anführungszeichen"),
    Case("syntax-indentation", "yaml-bad-indentation.yaml", "the indentation does not line up", 7,
         phrase_de='die Einrückung passt nicht'),
    Case("syntax-two-documents", "yaml-two-documents.yaml", "holds one YAML document; remove the '---' line", 3,
         phrase_de="enthält ein YAML-Dokument; entfernen Sie die Zeile '---'"),
    Case("tab", "yaml-tab-indent.yaml", "a tab is not allowed here; YAML is indented with spaces only", 5,
         phrase_de='ein Tabulator ist hier nicht erlaubt; YAML wird nur mit Leerzeichen eingerückt'),
    Case("control-character", "yaml-control-character.yaml", "the control character U+0007 is not allowed", 4,
         phrase_de='das Steuerzeichen U+0007 ist in YAML nicht erlaubt'),
    Case("duplicate-key-top", "yaml-duplicate-key-top.yaml", "duplicate key 'municipalities' (first written at line 3)", 6,
         phrase_de="doppelter Schlüssel 'municipalities' (zuerst in Zeile 3)"),
    Case("duplicate-key-deep", "yaml-duplicate-key-deep.yaml", "positions[0].holders[0].fte: duplicate key 'fte'", 14,
         phrase_de="positions[0].holders[0].fte: doppelter Schlüssel 'fte'"),
    Case("duplicate-key-flow", "yaml-duplicate-key-flow.yaml", "municipalities.alpha.name: duplicate key 'name'", 4,
         phrase_de="municipalities.alpha.name: doppelter Schlüssel 'name'"),
    Case("duplicate-key-in-include", "include-error-in-included/main.yaml", "duplicate key 'beta' (first written at line 4)", 5,
         file=f"{BAD_REL}/include-error-in-included/people.yaml",
         phrase_de="doppelter Schlüssel 'beta' (zuerst in Zeile 4)"),
    Case("anchor-alias", "yaml-anchor-alias.yaml", "municipalities.alpha: YAML anchors and aliases (&name, *name) are not allowed", 4,
         phrase_de='municipalities.alpha: YAML-Anker und -Aliasse (&name, *name) sind nicht erlaubt'),
    Case("alias-without-anchor", "yaml-alias-only.yaml", "YAML anchors and aliases (&name, *name) are not allowed", 5,
         phrase_de='YAML-Anker und -Aliasse (&name, *name) sind nicht erlaubt'),
    Case("billion-laughs", "yaml-billion-laughs.yaml", "YAML anchors and aliases (&name, *name) are not allowed", 2,
         phrase_de='YAML-Anker und -Aliasse (&name, *name) sind nicht erlaubt'),
    Case("merge-key", "yaml-merge-key.yaml", "YAML merge keys ('<<') are not allowed; write the keys out", 6,
         phrase_de="YAML-Merge-Schlüssel ('<<') sind nicht erlaubt; schreiben Sie die Schlüssel aus"),
    Case("python-tag", "yaml-python-tag.yaml", "is not allowed; remove it", 4,
         phrase_de='ist nicht erlaubt; entfernen Sie es'),
    Case("too-large", _too_large, "file is larger than 10,485,760 bytes (10 MiB), the limit for a configuration file; "
         "split it into several files with 'include:'", 1,
         phrase_de="die Datei ist größer als 10.485.760 Byte (10 MiB), die Grenze für eine Konfigurationsdatei; teilen Sie sie mit 'include:' auf mehrere Dateien auf"),
    Case("nesting-too-deep", "yaml-nesting-too-deep.yaml", "nesting is too deep; configuration data is at most 40 levels deep", 43,
         phrase_de='zu tief verschachtelt; Konfigurationsdaten haben höchstens 40 Ebenen'),
    Case("brackets-10000-deep", _brackets, "nesting is too deep", 2,
         phrase_de='zu tief verschachtelt'),
    Case("not-utf8", "yaml-not-utf8.yaml", "byte 0xfc is not UTF-8; save the file as UTF-8", 4,
         phrase_de='das Byte 0xfc ist kein UTF-8; speichern Sie die Datei als UTF-8'),
    Case("utf16", _utf16, "saved as UTF-16 ('Unicode'); save it as UTF-8", 1,
         phrase_de="als UTF-16 ('Unicode') gespeichert; speichern Sie sie als UTF-8"),
    Case("empty-file", "yaml-empty.yaml", "file is empty", 1,
         phrase_de='die Datei ist leer'),
    Case("not-a-mapping", "yaml-not-a-mapping.yaml", "the file must hold a mapping of keys", 2,
         phrase_de='die Datei muss eine Zuordnung von Schlüsseln enthalten'),
    # --- round two (issue 11) ------------------------------------------------------------
    Case("escaped-control-characters", "yaml-escaped-control.yaml",
         "municipalities.alpha.name: the control character U+001B (written as the escape \\e) is not allowed", 7,
         phrase_de='municipalities.alpha.name: das Steuerzeichen U+001B (geschrieben als Escape \\e) ist in YAML-Text nicht erlaubt'),
    Case("escaped-nul-in-key", "yaml-escaped-nul-in-key.yaml",
         "regions.ost\\x00: the control character U+0000 (written as the escape \\0) is not allowed", 11,
         phrase_de='regions.ost\\x00: das Steuerzeichen U+0000 (geschrieben als Escape \\0) ist in YAML-Text nicht erlaubt'),
    Case("non-breaking-space-in-indentation", "yaml-nbsp-indent.yaml",
         "a non-breaking space (U+00A0) in the indentation; indent with ordinary spaces only", 8,
         phrase_de='ein geschütztes Leerzeichen (U+00A0) in der Einrückung; rücken Sie nur mit gewöhnlichen Leerzeichen ein'),
    Case("large-file-for-the-slow-parser", _large_with_block_scalar,
         "bytes need the slow YAML reader, which reads files up to 2,097,152 bytes (2 MiB); write that value in quotes", 2,
         phrase_de='Byte den langsamen YAML-Leser brauchen, der Dateien bis 2.097.152 Byte (2 MiB) liest; schreiben Sie diesen Wert in Anführungszeichen'),
    # --- include ---------------------------------------------------------------------------
    Case("include-missing", "include-missing.yaml", "tarifs/extra.yaml does not exist; include paths are relative", 4,
         phrase_de="tarifs/extra.yaml gibt es nicht; Pfade unter 'include:' gelten ab der Datei, die sie einbindet"),
    Case("include-outside-tree", "include-outside.yaml", "lies outside the configuration's folder", 3,
         phrase_de='liegt außerhalb des Ordners der Konfiguration'),
    Case("include-self", "include-self.yaml", "include cycle: tests/fixtures/bad/include-self.yaml -> tests/fixtures/bad/include-self.yaml", 4,
         phrase_de='Einbindungen im Kreis: tests/fixtures/bad/include-self.yaml -> tests/fixtures/bad/include-self.yaml'),
    Case("include-cycle", "include-cycle/main.yaml", "include cycle: tests/fixtures/bad/include-cycle/main.yaml -> "
         "tests/fixtures/bad/include-cycle/people.yaml -> tests/fixtures/bad/include-cycle/main.yaml", 5,
         file=f"{BAD_REL}/include-cycle/people.yaml",
         phrase_de='Einbindungen im Kreis: tests/fixtures/bad/include-cycle/main.yaml -> tests/fixtures/bad/include-cycle/people.yaml -> tests/fixtures/bad/include-cycle/main.yaml'),
    Case("include-absolute", "include-absolute.yaml", "is an absolute path; write it relative to", 3,
         phrase_de='ist ein absoluter Pfad; schreiben Sie ihn relativ zu'),
    # refused as every escaped control character is, before the path is looked at (issue 11)
    Case("include-nul-character", "include-nul-character.yaml", "the control character U+0000 (written as the escape \\0)", 3,
         phrase_de='das Steuerzeichen U+0000 (geschrieben als Escape \\0)'),
    Case("include-folder", "include-folder.yaml", "include-cycle: it is not a regular file (a folder, device or pipe)", 3,
         phrase_de='include-cycle lässt sich nicht lesen: es ist keine gewöhnliche Datei (ein Ordner, ein Gerät oder eine Pipe)'),
    Case("include-symlink-loop", _symlink_loop, "loop.yaml: Symlink loop from", 2,
         phrase_de='loop.yaml ist nicht verwendbar: eine symbolische Verknüpfung zeigt im Kreis auf sich selbst'),
    Case("include-pipe", _pipe, "pipe.yaml: it is not a regular file (a folder, device or pipe)", 2,
         phrase_de='pipe.yaml lässt sich nicht lesen: es ist keine gewöhnliche Datei (ein Ordner, ein Gerät oder eine Pipe)'),
    Case("include-windows-backslash", "include-backslash.yaml",
         "include[0]: '_shared\\data.yaml' separates folders with '\\'; write '/' between folders, also on Windows: "
         "'_shared/data.yaml'", 2,
         phrase_de="include[0]: '_shared\\data.yaml' trennt Ordner mit '\\'; schreiben Sie '/' zwischen die Ordner, auch unter Windows: '_shared/data.yaml'"),
    Case("include-positions-duplicate-id", "include-positions-duplicate/main.yaml",
         f"positions[2].id: post id 'west-1' is already used by positions[0] at {BAD_REL}/include-positions-duplicate/"
         "main.yaml:11:10", 4, file=f"{BAD_REL}/include-positions-duplicate/district-b.yaml",
         phrase_de="positions[2].id: die Kennung 'west-1' hat schon positions[0] in tests/fixtures/bad/include-positions-duplicate/main.yaml:11:10"),
    Case("include-not-a-list", "include-not-a-list.yaml", "'include' must be a list of relative paths", 2,
         phrase_de="'include' muss eine Liste relativer Pfade sein"),
    Case("include-same-value-twice", "include-same-value/main.yaml",
         "already set at tests/fixtures/bad/include-same-value/main.yaml:6:3; each value is written in one file only", 3,
         file=f"{BAD_REL}/include-same-value/district.yaml",
         phrase_de='schon gesetzt in tests/fixtures/bad/include-same-value/main.yaml:6:3; jeder Wert steht in nur einer Datei'),
    # --- values ----------------------------------------------------------------------------
    Case("no-as-member", "value-no-as-member.yaml", "regions.west.members[1]: YAML read 'no' as a yes/no value, "
         "but text is expected for this value; write it in quotes: 'no'", 13,
         phrase_de="regions.west.members[1]: YAML hat 'no' als Ja/Nein-Wert gelesen, aber für diesen Wert wird Text erwartet; schreiben Sie ihn in Anführungszeichen: 'no'"),
    Case("no-as-key", "value-no-as-key.yaml", "YAML read 'no' as a yes/no value, but text is expected for this key; "
         "write it in quotes: 'no'", 8,
         phrase_de="YAML hat 'no' als Ja/Nein-Wert gelesen, aber für diesen Schlüssel wird Text erwartet; schreiben Sie ihn in Anführungszeichen: 'no'"),
    Case("yes-as-name", "value-yes-as-name.yaml", "YAML read 'yes' as a yes/no value", 7,
         phrase_de="YAML hat 'yes' als Ja/Nein-Wert gelesen"),
    Case("leading-zero-id", "value-leading-zero-id.yaml", "'0301' starts with 0, so YAML reads it as an octal number; "
         "write an id or key number in quotes ('0301')", 11,
         phrase_de="'0301' beginnt mit 0, daher liest YAML es als Oktalzahl; schreiben Sie eine Kennung oder Schlüsselnummer in Anführungszeichen ('0301')"),
    Case("leading-zero-key", "value-leading-zero-key.yaml", "municipalities.0301: '0301' starts with 0", 8,
         phrase_de="municipalities.0301: '0301' beginnt mit 0"),
    Case("number-as-id", "value-number-as-id.yaml", "YAML read '1234' as a number, but text is expected for this value; "
         "write it in quotes: '1234'", 11,
         phrase_de="YAML hat '1234' als Zahl gelesen, aber für diesen Wert wird Text erwartet; schreiben Sie ihn in Anführungszeichen: '1234'"),
    Case("exponent-1e3", "value-exponent-amount.yaml", "'1e3' is written with an exponent; write the number in full: 1000", 15,
         phrase_de="'1e3' ist mit Exponent geschrieben; schreiben Sie die Zahl aus: 1000"),
    Case("german-decimal-comma", "value-german-decimal-grant.yaml", "grants.kim-nrw-alt.amounts.2020-01-01.value: '55.000,00' "
         "looks like a German number; write it with a dot as decimal mark and no thousands separator: 55000.00", 13,
         phrase_de="grants.kim-nrw-alt.amounts.2020-01-01.value: '55.000,00' sieht nach einer deutsch geschriebenen Zahl aus; schreiben Sie sie mit Punkt als Dezimalzeichen und ohne Tausendertrennzeichen: 55000.00"),
    Case("german-decimal-fte", "value-german-decimal-fte.yaml", "'0,5' looks like a German number", 13,
         phrase_de="'0,5' sieht nach einer deutsch geschriebenen Zahl aus"),
    Case("thousands-dot", "value-thousands-dot.yaml", "8.000 has three decimal places; if the dot is a thousands separator, write 8000.00", 15,
         phrase_de='8.000 hat drei Nachkommastellen; ist der Punkt ein Tausendertrennzeichen, schreiben Sie 8000.00'),
    Case("unit-in-amount", "value-unit-in-amount.yaml", "'5000 €' carries a unit; write the number only", 15,
         phrase_de="'5000 €' enthält eine Einheit; schreiben Sie nur die Zahl"),
    Case("fraction-of-cent", "value-money-fraction-cent.yaml", "5000.125 has more than two decimal places", 15,
         phrase_de='5000.125 hat mehr als zwei Nachkommastellen'),
    Case("negative-amount", "value-negative-amount.yaml", "-5000.00 is negative; amounts and rates must be 0 or more", 15,
         phrase_de='-5000.00 ist negativ; Beträge und Sätze sind 0 oder mehr'),
    Case("nan-amount", "value-nan-amount.yaml", "NaN is not a finite number; write a number such as 1234.56", 15,
         phrase_de='NaN ist keine endliche Zahl; schreiben Sie eine Zahl wie 1234.56'),
    Case("infinite-fte", "value-infinite-fte.yaml", "Infinity is not a finite number; write a number such as 0.5", 13,
         phrase_de='Infinity ist keine endliche Zahl; schreiben Sie eine Zahl wie 0.5'),
    Case("fte-above-one", "value-fte-above-one.yaml", "1.5 is more than a full post", 13,
         phrase_de='1.5 ist mehr als eine volle Stelle'),
    Case("date-does-not-exist", "value-date-not-existing.yaml", "'2023-02-30' is not a valid date (no such day)", 15,
         phrase_de="'2023-02-30' ist kein gültiges Datum (diesen Tag gibt es nicht)"),
    Case("date-with-time", "value-date-with-time.yaml", "is a date with a time; write a date as YYYY-MM-DD, e.g. 2023-01-01", 15,
         phrase_de='ist ein Datum mit Uhrzeit; schreiben Sie ein Datum als JJJJ-MM-TT, z. B. 2023-01-01'),
    Case("date-german", "value-date-german.yaml", "got '01.03.2023'; write it as 2023-03-01", 15,
         phrase_de="geschrieben ist '01.03.2023'; schreiben Sie es als 2023-03-01"),
    Case("end-before-start", "value-end-before-start.yaml", "end 2023-05-31 is before start 2023-06-01", 17,
         phrase_de='das Ende 2023-05-31 liegt vor dem Beginn 2023-06-01'),  # at end:
    Case("date-year-2203", "value-date-year-2203.yaml",
         "positions[0].holders[0].end: 2203-12-31 is not a plausible date; dates lie from 1900 to 2100", 16,
         phrase_de='positions[0].holders[0].end: 2203-12-31 ist kein plausibles Datum; Daten liegen zwischen 1900 und 2100'),
    Case("date-year-0001", "value-date-year-0001.yaml",
         "positions[0].first_filled: 0001-01-01 is not a plausible date; dates lie from 1900 to 2100", 15,
         phrase_de='positions[0].first_filled: 0001-01-01 ist kein plausibles Datum; Daten liegen zwischen 1900 und 2100'),
    Case("population-too-large", "value-population-too-large.yaml",
         "is implausibly large for a municipality's population; write at most 10000000", 10,
         phrase_de='ist als Einwohnerzahl einer Kommune unplausibel groß; schreiben Sie höchstens 10000000'),
    Case("year-out-of-range", "value-year-out-of-range.yaml", "2203 is not a plausible year; write a year from 1900 to 2100", 15,
         phrase_de='2203 ist kein plausibles Jahr; schreiben Sie ein Jahr von 1900 bis 2100'),
    Case("year-in-quotes", "value-year-quoted.yaml", "'2023' is in quotes; write the whole number without quotes: 2023", 15,
         phrase_de="'2023' steht in Anführungszeichen; schreiben Sie die ganze Zahl ohne Anführungszeichen: 2023"),
    Case("step-zero", "value-step-zero.yaml", "0 is out of range; write a number 1 or more", 15,
         phrase_de='0 liegt außerhalb des erlaubten Bereichs; schreiben Sie eine Zahl von 1 oder mehr'),
    Case("invalid-id", "value-bad-id.yaml", "'West 1' is not a valid id", 11,
         phrase_de="'West 1' ist keine gültige Kennung"),
    Case("members-not-a-list", "value-members-not-a-list.yaml", "write a list as [alpha, beta]", 13,
         phrase_de='schreiben Sie eine Liste als [alpha, beta]'),
    Case("missing-key", "value-missing-key.yaml", "'grade' is missing; this key is required here — add 'grade: …'", 15,
         phrase_de="'grade' fehlt; dieser Schlüssel ist hier vorgeschrieben — ergänzen Sie 'grade: …'"),
    Case("empty-value", "value-empty-value.yaml", "has no value; write a value after the ':'", 8,
         phrase_de="hat keinen Wert; schreiben Sie einen Wert hinter den ':'"),
    Case("invalid-entry-still-known", "value-invalid-entry-still-known.yaml",
         "municipalities.beta.population.value: expected a whole number, got 'zwölftausend'; write it in digits", 9,
         phrase_de="municipalities.beta.population.value: hier wird eine ganze Zahl erwartet, geschrieben ist 'zwölftausend'; schreiben Sie sie in Ziffern"),
    Case("status-typo", "value-status-typo.yaml", "'asumption' is not allowed; write one of 'seen'", 9,
         phrase_de="'asumption' ist nicht erlaubt; schreiben Sie einen der Werte 'seen'"),
    # --- meaning -------------------------------------------------------------------------
    Case("unknown-key", "meaning-unknown-key.yaml", "unknown key 'membres'; did you mean 'members'?", 12,
         phrase_de="unbekannter Schlüssel 'membres'; meinten Sie 'members'?"),
    Case("unknown-section", "meaning-unknown-section.yaml", "unknown key 'positons'; did you mean 'positions'?", 10,
         phrase_de="unbekannter Schlüssel 'positons'; meinten Sie 'positions'?"),
    Case("unknown-key-holder", "meaning-unknown-key-holder.yaml", "unknown key 'step_sice'; did you mean 'step_since'?", 15,
         phrase_de="unbekannter Schlüssel 'step_sice'; meinten Sie 'step_since'?"),
    Case("unknown-municipality", "meaning-unknown-municipality.yaml", "member 'betta' is not a municipality; did you mean 'beta'?", 13,
         phrase_de="das Mitglied 'betta' ist keine Kommune; meinten Sie 'beta'?"),
    Case("unknown-region", "meaning-unknown-region.yaml", "region 'wets' is not defined; did you mean 'west'?", 12,
         phrase_de="die Region 'wets' ist nicht angelegt; meinten Sie 'west'?"),
    Case("unknown-grade", "meaning-unknown-grade.yaml", "grade 'S12' is in no tariff table; did you mean 'S 12'?", 15,
         phrase_de="die Entgeltgruppe 'S12' steht in keiner Entgelttabelle; meinten Sie 'S 12'?"),
    Case("unknown-employer", "meaning-unknown-employer.yaml", "employer 'caritas' is neither a municipality nor a party", 11,
         phrase_de="die Anstellungskörperschaft 'caritas' ist weder eine Kommune noch eine Partei"),
    Case("unknown-grant", "meaning-unknown-grant.yaml", "grant programme 'kim-nw' is not defined under 'grants'; did you mean 'kim-nrw'?", 5,
         phrase_de="das Förderprogramm 'kim-nw' ist unter 'grants' nicht angelegt; meinten Sie 'kim-nrw'?"),
    Case("unknown-allocation-key", "meaning-unknown-allocation-key.yaml",
         "'equally' is not allowed; write one of 'equal' or 'population', or a mapping with 'weights'; did you mean 'equal'?", 14,
         phrase_de="regions.west.key: 'equally'"),
    Case("step-beyond-table", "meaning-step-beyond-table.yaml", "step 7 of S 12 is beyond the pay table, which has steps 1–6", 15,
         phrase_de='die Stufe 7 von S 12 liegt jenseits der Entgelttabelle, die die Stufen 1–6 hat'),
    Case("step-schedule-beyond-table", "meaning-step-schedule-beyond-table.yaml", "step 8 of S 12 is beyond the pay table", 23,
         phrase_de='die Stufe 8 von S 12 liegt jenseits der Entgelttabelle'),
    Case("member-in-two-regions", "meaning-member-in-two-regions.yaml", "'beta' is already a member of region 'west'", 12,
         phrase_de="'beta' ist schon Mitglied der Region 'west'"),
    Case("member-twice", "meaning-member-twice.yaml", "'alpha' is listed twice in this region", 10,
         phrase_de="'alpha' steht zweimal in dieser Region"),
    Case("weight-zero", "meaning-weight-zero.yaml", "regions.west.key.weights.beta: 0 must be greater than 0", 17,
         phrase_de='regions.west.key.weights.beta: 0 ist nicht größer als 0'),
    Case("weight-negative", "meaning-weight-negative.yaml", "-1.5 must be greater than 0", 17,
         phrase_de='-1.5 ist nicht größer als 0'),
    Case("weight-missing", "meaning-weight-missing.yaml", "member 'beta' has no weight", 15,
         phrase_de='regions.west.key.weights: '),
    Case("population-missing", "meaning-population-missing.yaml", "the key is 'population' but 'beta' has no population", 13,
         phrase_de='regions.west.members[1]: '),
    Case("holders-overlap", "meaning-holders-overlap.yaml",
         "from 2023-07-01 the holders of post 'west-1' together hold 2.0 FTE, more than the post's 1.0", 16,
         phrase_de="ab dem 2023-07-01 haben die Stelleninhaber/innen der Stelle 'west-1' zusammen 2,0 VZÄ, mehr als die 1,0 VZÄ der Stelle"),
    Case("advance-from-non-member", "meaning-advance-non-member.yaml", "'gamma' is not a member of this region", 16,
         phrase_de="'gamma' ist kein Mitglied dieser Region"),
    Case("duplicate-post-id", "meaning-duplicate-post-id.yaml", "post id 'west-1' is already used by positions[0]", 12,
         phrase_de="die Kennung 'west-1' hat schon positions[0]"),
    Case("employer-not-a-member", "meaning-employer-not-member.yaml",
         "regions.west.employer: employer 'alpha' is a municipality but not a member of region 'west', so the other "
         "members would pay its share; add 'alpha' to 'members'", 13,
         phrase_de="regions.west.employer: die Anstellungskörperschaft 'alpha' ist eine Kommune, aber kein Mitglied der Region 'west', also zahlten die anderen Mitglieder ihren Anteil; nehmen Sie 'alpha' in 'members' auf"),
    Case("party-is-municipality", "meaning-party-is-municipality.yaml", "'alpha' is also a municipality", 9,
         phrase_de="'alpha' ist auch eine Kommune"),
    Case("table-not-first-of-month", "meaning-table-not-first-of-month.yaml", "tables change on the first of a month", 10,
         phrase_de='Tabellen wechseln am Ersten eines Monats'),
    Case("grade-in-two-tariffs", "meaning-grade-in-two-tariffs.yaml",
         "grade 'S 12' is defined in tariffs 'haustarif' and 'tvoed-sue'", 13, errors=2,
         also=(("kimcost:tvoed-sue", 12, "grade 'S 12' is defined in tariffs"),),
         phrase_de="die Entgeltgruppe 'S 12' ist in den Tarifen 'haustarif' und 'tvoed-sue' angelegt", also_de=(("kimcost:tvoed-sue", 12, "die Entgeltgruppe 'S 12' ist in den Tarifen"),)),
    Case("schema-and-reference-together", "meaning-reported-together.yaml", "-5000.00 is negative", 15, errors=2,
         also=((f"{BAD_REL}/meaning-reported-together.yaml", 18, "region 'wets' is not defined; did you mean 'west'?"),),
         phrase_de='-5000.00 ist negativ', also_de=((f"{BAD_REL}/meaning-reported-together.yaml", 18, "die Region 'wets' ist nicht angelegt; meinten Sie 'west'?"),)),
    Case("scenario-unknown-region", "meaning-scenario-unknown-region.yaml",
         "scenarios.merge-west.changes[0].set: regions.wets does not exist in the configuration; did you mean 'west'?", 26,
         command=("settle", "2023", "--scenario", "merge-west"),
         phrase_de='scenarios.merge-west.changes[0].set: '),
    Case("scenario-pay-rise-runaway", "ok-minimal.yaml",
         "changes[0].pay_rise: the rise of 100 % a year takes grade", 5, file=f"{SCENARIO_FILES}/pay-rise-runaway.yaml",
         command=("settle", "2023", "--scenario", f"{SCENARIO_FILES}/pay-rise-runaway.yaml"),
         phrase_de='changes[0].pay_rise: '),
    Case("scenario-superscript-digit", "ok-minimal.yaml",
         "changes[0].set: positions.west-1.holders has no item '²'", 5, file=f"{SCENARIO_FILES}/superscript-index.yaml",
         command=("settle", "2023", "--scenario", f"{SCENARIO_FILES}/superscript-index.yaml"),
         phrase_de='changes[0].set: '),
    Case("scenario-removes-a-required-section", "ok-minimal.yaml",
         "changes[1].remove: scenario 'no-municipalities' cannot remove municipalities: it is required", 7,
         file=f"{SCENARIO_FILES}/remove-municipalities.yaml",
         command=("settle", "2023", "--scenario", f"{SCENARIO_FILES}/remove-municipalities.yaml"),
         phrase_de='changes[1].remove: '),
    Case("settle-year-without-data", "meaning-year-without-data.yaml",
         "social insurance rates end with 2026 (last entry 2026-01-01); add an entry for 2031", 32,  # the last entry
         file=SI, command=("settle", "2031"), errors=None,
         phrase_de='social_insurance.rates.2026-01-01: '),
    Case("settle-year-before-data", "meaning-year-before-data.yaml",
         "no social insurance rates in force on 2019-01-01; the first entry takes effect 2022-01-01", 12,
         file=SI, command=("settle", "2019"), errors=None,
         phrase_de='social_insurance.rates.2022-01-01: '),
    Case("validate-advances-year-without-data", "meaning-advances-year-without-data.yaml",
         "add an entry for 2031", 32, file=SI, errors=None, year=2031,
         phrase_de='social_insurance.rates.2026-01-01: '),
]


def _run(args: list[str]):
    return runner.invoke(app, args)


def result_command(stderr: str) -> str:
    """The command a missing-data report names (its summary line starts with it)."""
    return next(line.split(":")[0] for line in stderr.splitlines()
                if "series above is missing for" in line or "fehlen die Daten der" in line)


ERROR_PREFIXES = ("error: ", "Fehler: ")  # the prefix of the command line's own words (cli/errors.py)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(ERROR_PREFIXES)]


def _assert_refused(result, case: Case, where: str, lang: str = "en") -> None:
    stderr = result.stderr
    assert result.exit_code == 3, f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {stderr}\n{result.exception!r}"
    assert "Traceback" not in stderr and "Traceback" not in result.stdout
    lines = error_lines(stderr)
    if lang == "en":
        expected = ((where, case.line, case.phrase),) + case.also
    else:
        expected = ((where, case.line, case.phrase_de),) + case.also_de
    for file, line, phrase in expected:
        assert any(f"{file}:{line}:" in text and phrase in text for text in lines), (
            f"no error at {file}:{line} saying {phrase!r} in:\n{stderr}")
    if case.errors is not None:
        noun = "error" if case.errors == 1 else "errors"
        if lang == "en":
            assert f"{case.errors} {noun} in the configuration; nothing was written." in stderr, stderr
        else:
            assert f"{case.errors} Fehler in der Konfiguration; es wurde nichts geschrieben." in stderr, stderr
        assert len(lines) == case.errors, stderr
    else:
        # Data missing for the year: every series that lacks it at once, the command that was
        # run, and that nothing was written (cli/missing.py).
        command = result_command(stderr)
        year = case.year if case.command[0] == 'validate' else case.command[1]
        summary = (f"{command}: the data of the {len(lines)} series above is missing for {year}; nothing was written."
                   if lang == "en" else
                   f"{command}: für {year} fehlen die Daten der {len(lines)} Reihe(n) oben; nichts wurde geschrieben.")
        assert summary in stderr, stderr
        assert all(f": {command} " in line for line in lines), stderr


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch):
    """Messages name files relative to the working directory: run from the repository root."""
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_with_its_location(case: Case, lang: str, tmp_path: Path):
    """In both languages: the message in the language asked for, at the same place."""
    if callable(case.fixture):
        config = case.fixture(tmp_path)
        where = str(config)
    else:
        config = BAD / case.fixture
        where = f"{BAD_REL}/{case.fixture}"
    where = case.file or where
    workbook = tmp_path / "x.xlsx"
    workbook.write_bytes(EARLIER_WORKBOOK)
    before = sorted(p.name for p in tmp_path.iterdir())

    if case.command[0] == "settle":
        runs = [[*case.command, "--config", str(config), "--out", str(workbook)]]
    else:
        runs = [
            [*case.command, "--config", str(config)],
            ["settle", str(case.year), "--config", str(config), "--out", str(workbook)],
        ]
    for args in runs:
        _assert_refused(_run([*args, "--lang", lang]), case, where, lang)
        assert workbook.read_bytes() == EARLIER_WORKBOOK
        assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary file left behind


def test_at_least_forty_fixture_cases():
    committed = {c.fixture for c in CASES if isinstance(c.fixture, str)}
    assert len(CASES) >= 40
    assert all((BAD / f).is_file() for f in committed)


def test_every_bad_fixture_file_has_a_case():
    """A fixture nobody tests would rot: each main fixture file is listed above."""
    listed = {c.fixture for c in CASES if isinstance(c.fixture, str)}
    helpers = {"ok-minimal.yaml"}
    on_disk = {str(p.relative_to(BAD)) for p in BAD.glob("*.yaml")} | {str(p.relative_to(BAD)) for p in BAD.glob("*/main.yaml")}
    assert on_disk - helpers - listed == set()


def test_the_control_fixture_is_valid_so_each_case_shows_only_its_own_mistake():
    result = _run(["validate", "--config", str(BAD / "ok-minimal.yaml")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("OK ") and "ok-minimal.yaml: Kreis Test, 2 Kommunen, 1 Region, 1 Stelle (1,0 VZÄ), 1 Stelleninhaber/in" in result.stdout


def test_the_control_fixture_settles_2023(tmp_path: Path):
    out = tmp_path / "ok.xlsx"
    result = _run(["settle", "2023", "--config", str(BAD / "ok-minimal.yaml"), "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK"


def test_every_issue_inside_a_file_has_a_location():
    """No ``ConfigIssue`` of a fixture lacks file, line and column (the message would be unusable)."""
    for case in CASES:
        if callable(case.fixture) or case.errors is None:
            continue
        command = list(case.command)
        scenarios = [command[i + 1] for i, arg in enumerate(command) if arg == "--scenario"]
        with pytest.raises(ConfigError) as info:
            load_config(BAD / case.fixture, scenarios)
        assert info.value.issues, case.name
        for issue in info.value.issues:
            assert issue.location is not None and issue.location.line >= 1 and issue.location.column >= 1, (case.name, str(issue))
