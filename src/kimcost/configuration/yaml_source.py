"""Read one YAML file into plain data plus a map from key path to source location.

PyYAML's safe loader is used only to compose nodes (they carry line and column); values
are built here so that:
- floats become ``Decimal`` from their written text, never via binary floating point;
- duplicate keys, anchors, aliases and merge keys are errors (a "billion laughs" file
  fails at its first anchor instead of expanding);
- numbers YAML 1.1 reads in surprising ways (``0301`` as octal 193, ``1:30`` as 90,
  ``0x1F``) are errors that say how to write the value;
- size and nesting depth are bounded (nesting is checked while composing, so a deeply
  nested file fails at the level that is too deep, without recursion errors);
- every problem becomes a ``ConfigIssue`` with file, line, column and, where it can be
  told, the key path (also for syntax errors).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kimcost.configuration.errors import ConfigError, ConfigIssue, Location, Path, number
from kimcost.configuration.source_map import Scalar, SourceMap
from kimcost.configuration.yaml_hints import location_of, path_at, reader_error, yaml_error
from kimcost.messages import Catalogue, Text

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40
MAX_PURE_BYTES = 2 * 1024 * 1024  # files that only the pure-Python parser reads right (see below)

_TAG = "tag:yaml.org,2002:"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_QUOTED_STYLES = ("'", '"', "|", ">")
# What the reader refuses in a file (yaml.reader.Reader.NON_PRINTABLE), and NEL (U+0085, a
# C1 control character). Line breaks (\n, \r) and tabs in names stay allowed: the outputs
# keep them in their field or cell (reports.console.safe, the CSV dialect).
# Written as the complement of the printable set (\x09 \x0A \x0D \x20-\x7E \xA0-\uD7FF
# \uE000-\uFFFD \U00010000-\U0010FFFF): the same characters, but compiled in 0.1 ms instead of
# 5 ms at every start (the negated class spans all of Unicode).
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF]")
_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\x1b": "\\e", "\v": "\\v", "\f": "\\f", "\r": "\\r",
            "\x85": "\\N"}


_TEXTS = Catalogue("configuration.yaml_source", {
    "anchor": (
        "YAML-Anker und -Aliasse (&name, *name) sind nicht erlaubt; schreiben Sie den Wert dort aus, wo er "
        "gebraucht wird, oder nutzen Sie 'include:' für gemeinsame Dateien",
        "YAML anchors and aliases (&name, *name) are not allowed; write the value out where it is needed, "
        "or use 'include:' for shared files"),
    "too_deep": (
        "zu tief verschachtelt; Konfigurationsdaten haben höchstens {depth} Ebenen — prüfen Sie die Einrückung "
        "oder die Klammern",
        "nesting is too deep; configuration data is at most {depth} levels deep — check the indentation or the brackets"),
    "too_deep_plain": ("zu tief verschachtelt; Konfigurationsdaten haben höchstens {depth} Ebenen",
                       "nesting is too deep; configuration data is at most {depth} levels deep"),
    "too_deep_brackets": (
        "zu tief verschachtelt; Konfigurationsdaten haben höchstens {depth} Ebenen — prüfen Sie die Klammern [ ] und {{ }}",
        "nesting is too deep; configuration data is at most {depth} levels deep — check the brackets [ ] and {{ }}"),
    "too_deep_build": ("zu tief verschachtelt; erlaubt sind höchstens {depth} Ebenen",
                       "nesting is too deep; at most {depth} levels are allowed"),
    "not_regular": (
        "es ist keine gewöhnliche Datei (ein Ordner, ein Gerät oder eine Pipe); nennen Sie eine YAML-Datei",
        "it is not a regular file (a folder, device or pipe); name a YAML file"),
    "too_large": (
        "die Datei ist größer als {limit} Byte (10 MiB), die Grenze für eine Konfigurationsdatei; teilen Sie sie "
        "mit 'include:' auf mehrere Dateien auf",
        "file is larger than {limit} bytes (10 MiB), the limit for a configuration file; split it into several "
        "files with 'include:'"),
    "empty": ("die Datei ist leer; eine Konfigurationsdatei enthält eine YAML-Zuordnung wie 'regions: …'",
              "file is empty; a configuration file holds a YAML mapping such as 'regions: …'"),
    "invalid": ("kein gültiges YAML (der YAML-Leser meldet: {reason})", "not valid YAML: {reason}"),
    "no_document": ("die Datei enthält kein YAML-Dokument; eine Konfigurationsdatei enthält eine Zuordnung wie 'regions: …'",
                    "file holds no YAML document; a configuration file holds a mapping such as 'regions: …'"),
    "slow_reader": (
        "{what} an dieser Stelle lässt diese Datei von {size} Byte den langsamen YAML-Leser brauchen, der Dateien "
        "bis {limit} Byte (2 MiB) liest; schreiben Sie diesen Wert in Anführungszeichen (einen Block '|' oder '>' "
        "als Text in Anführungszeichen, Tabulatoren als Leerzeichen, keine Tags, keine '?'-Schlüssel), oder teilen "
        "Sie die Datei mit 'include:' auf mehrere auf",
        "{what} here makes this file of {size} bytes need the slow YAML reader, which reads files up to "
        "{limit} bytes (2 MiB); write that value in quotes (a block '|' or '>' as a quoted text, "
        "tabs as spaces, no tags, no '?' keys), or split the file into several with 'include:'"),
    "a_tab": ("ein Tabulator", "a tab"),
    "a_bom": ("eine Bytereihenfolge-Markierung (U+FEFF)", "a byte-order mark (U+FEFF)"),
    "the_character": ("das Zeichen {char!r}", "{char!r}"),
    "nbsp": (
        "ein geschütztes Leerzeichen (U+00A0) in der Einrückung; rücken Sie nur mit gewöhnlichen Leerzeichen ein — "
        "es kommt oft vom Kopieren aus einer Webseite, einem PDF oder einer Textverarbeitung",
        "a non-breaking space (U+00A0) in the indentation; indent with ordinary spaces only — "
        "it often comes from copying out of a web page, a PDF or a word processor"),
    "utf16": ("die Datei ist als UTF-16 ('Unicode') gespeichert; speichern Sie sie als UTF-8",
              "the file is saved as UTF-16 ('Unicode'); save it as UTF-8"),
    "not_utf8": (
        "das Byte 0x{byte:02x} ist kein UTF-8; speichern Sie die Datei als UTF-8 (in Excel oder einem Editor: "
        "Kodierung 'UTF-8', nicht 'ANSI' oder 'Windows-1252')",
        "byte 0x{byte:02x} is not UTF-8; save the file as UTF-8 "
        "(in Excel or an editor: 'UTF-8' encoding, not 'ANSI' or 'Windows-1252')"),
    "tag": ("das Tag {tag!r} ist nicht erlaubt; entfernen Sie es", "the tag {tag!r} is not allowed; remove it"),
    "tag_scalar": ("das Tag {tag!r} ist nicht erlaubt; entfernen Sie es (schreiben Sie einfache Werte)",
                   "the tag {tag!r} is not allowed; remove it (write plain values)"),
    "merge_key": ("YAML-Merge-Schlüssel ('<<') sind nicht erlaubt; schreiben Sie die Schlüssel aus",
                  "YAML merge keys ('<<') are not allowed; write the keys out"),
    "complex_key": ("ein Schlüssel muss ein einfacher Wert wie 'name' sein, keine Liste und keine Zuordnung",
                    "a key must be a plain value such as 'name', not a list or mapping"),
    "duplicate": (
        "doppelter Schlüssel {name!r} (zuerst in Zeile {line}); jeder Schlüssel darf in einer Zuordnung nur einmal "
        "stehen — entfernen Sie einen davon oder führen Sie beide zusammen",
        "duplicate key {name!r} (first written at line {line}); each key may appear only once in a mapping — "
        "remove or merge one of them"),
    "date_time": ("{text!r} ist ein Datum mit Uhrzeit; schreiben Sie ein Datum als JJJJ-MM-TT, z. B. {day}",
                  "{text!r} is a date with a time; write a date as YYYY-MM-DD, e.g. {day}"),
    "no_such_day": ("{text!r} ist kein gültiges Datum (diesen Tag gibt es nicht); schreiben Sie ein vorhandenes "
                    "Datum als JJJJ-MM-TT",
                    "{text!r} is not a valid date (no such day); write an existing date as YYYY-MM-DD"),
    "escaped_control": (
        "das Steuerzeichen U+{code:04X} (geschrieben als Escape {escape}) ist in YAML-Text nicht erlaubt; "
        "entfernen Sie es — von den Steuerzeichen dürfen nur Zeilenumbrüche (\\n, \\r) und Tabulatoren (\\t) "
        "als Escape geschrieben werden",
        "the control character U+{code:04X} (written as the escape {escape}) is not allowed in YAML text; "
        "remove it — of the control characters only line breaks (\\n, \\r) and tabs (\\t) may be written as escapes"),
    "base60": ("YAML liest {text!r} als Zahl zur Basis 60; schreiben Sie eine Zahl in Ziffern (z. B. 90) oder "
               "Text wie eine Uhrzeit in Anführungszeichen: '{text}'",
               "YAML reads {text!r} as a base-60 number; write a number in digits "
               "(e.g. 90), or text such as a time in quotes: '{text}'"),
    "hex": ("YAML liest {text!r} als Hexadezimal- oder Binärzahl; schreiben Sie Zahlen in Dezimalziffern oder "
            "Text in Anführungszeichen: '{text}'",
            "YAML reads {text!r} as a hexadecimal or binary number; write numbers "
            "in decimal digits, or text in quotes: '{text}'"),
    "octal": ("{text!r} beginnt mit 0, daher liest YAML es als Oktalzahl; schreiben Sie eine Kennung oder "
              "Schlüsselnummer in Anführungszeichen ('{text}') oder eine Zahl ohne die führende Null ({plain})",
              "{text!r} starts with 0, so YAML reads it as an octal number; write an id "
              "or key number in quotes ('{text}'), or a number without the leading zero ({plain})"),
    "base60_float": ("YAML liest {text!r} als Zahl zur Basis 60; schreiben Sie die Zahl in Ziffern oder Text in "
                     "Anführungszeichen: '{text}'",
                     "YAML reads {text!r} as a base-60 number; write the number in digits, "
                     "or text in quotes: '{text}'"),
    "not_a_number": ("{text!r} ist keine Zahl; schreiben Sie eine Zahl wie 1234.56",
                     "{text!r} is not a number; write a number such as 1234.56"),
    "exponent": ("{text!r} ist mit Exponent geschrieben; schreiben Sie die Zahl aus{plain}",
                 "{text!r} is written with an exponent; write the number in full{plain}"),
})


class NotARegularFile(OSError):
    """A folder, a device or a pipe where a file was named; ``text`` says so in words."""

    text: Text = _TEXTS("not_regular")


def _date_key(key: Any) -> Any:
    """A mapping key written as an ISO date is a date, quoted (``'2024-01-01':``) or not, so the
    data, the source map and the validated model all use one spelling for dated entries."""
    if isinstance(key, str) and _ISO_DATE.match(key):
        try:
            return dt.date.fromisoformat(key)
        except ValueError:
            return key  # not a real day: the schema reports it where a date is expected
    return key


class _Refused(Exception):
    def __init__(self, mark, message: Text):
        self.mark = mark
        self.message = message


class _Composer(yaml.SafeLoader):
    """Composes nodes, refusing anchors, aliases and deep nesting before anything is built."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(event.start_mark, _TEXTS("anchor"))
        if not isinstance(event, CollectionStartEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(event.start_mark, _TEXTS("too_deep", depth=MAX_DEPTH))
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


try:
    import yaml._yaml as _libyaml  # where yaml.cyaml takes its CParser from
    _CParser: type[_libyaml.CParser] | None = _libyaml.CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python parser does everything
    _CParser = None


class _FastComposer(_Composer):
    """The composer above, fed with events from libyaml's C parser instead of PyYAML's
    pure-Python scanner and parser (five times faster: scanning is most of the load time of
    a large configuration, see docs/benchmarks.md).

    Nodes are still composed by the Python code above, so anchors, aliases and deep nesting
    are refused in the same way. It is used only for files that compose without a problem
    (see ``_compose_fast``); every other file is composed again by the pure-Python parser,
    whose messages and marks the error reports are written for.
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        assert _CParser is not None  # used only where libyaml is there (_compose_fast)
        self._events = _CParser(stream)
        # Instance attributes shadow the pure-Python parser's methods: the composer asks C
        # (without a Python call in between; mypy does not allow assigning to a method).
        self.check_event = self._events.check_event  # type: ignore[method-assign]
        self.peek_event = self._events.peek_event  # type: ignore[method-assign]
        self.get_event = self._events.get_event  # type: ignore[method-assign]

    def dispose(self) -> None:
        self._events.dispose()
        super().dispose()


# Text on which libyaml and PyYAML's pure-Python scanner are known to disagree: libyaml
# accepts tabs, "?" and "," in more places, a "#" right after a block scalar's "|" or ">",
# a byte-order mark inside the text, and puts an empty value in a flow mapping ("{a: , b: 1}")
# one column later. Such files are rare and go the pure-Python way (found by
# bench/check_yaml_fast_path.py, which compares both ways on mutated configurations).
#
# Only where such a character can matter does it count (issue 11: a few-MB file with one "?"
# in a comment took a minute and a gigabyte on the pure-Python parser): text inside quotes
# on one line and comments are blanked first, and "?", "!", "|" and ">" count only where a
# token can start (at a line's start, after white space or a flow indicator), not inside
# words ("Wer zahlt?", "Vorlage!"). bench/check_yaml_fast_path.py checks this choice.
# A byte-order mark counts wherever it is, quoted or not (libyaml counts columns after it
# differently).
_PURE_ONLY = re.compile(r"\t|(?:^|(?<=[\s\[{,]))[?!|>]|:[ ]*[,}\]]", re.M)
# A quote starts quoted text only where a value can start: at a line's start (after any
# "- "), after ": " or after "[", "{" or ","; elsewhere (Gemeinde 'Alpha') it is part of
# a plain value and its text is not blanked.
_HARMLESS = re.compile(
    r"(?P<lead>(?:^[ ]*(?:-[ ]+)*|(?<=:)[ ]+|(?<=[\[{,])[ ]*))"
    r"(?P<quoted>'(?:[^'\n]|'')*'|\"(?:[^\"\\\n]|\\[^\n])*\")"
    r"|(?P<comment>(?:^|(?<=[ ]))#[^\n]*$)", re.M)


def _blank(found: re.Match) -> str:
    if found.group("comment") is not None:
        return "x" * len(found.group())
    return found.group("lead") + "x" * len(found.group("quoted"))


_FLOW_OR_QUESTION = re.compile(r"[\[\]{}?]")


def pure_parser_reason(text: str) -> int | None:
    """Where (a character index) the text first needs the pure-Python parser; None if nowhere."""
    bom = text.find("\ufeff")
    if bom >= 0:
        return bom
    if not _PURE_ONLY.search(text) and "?" not in text:
        return None
    significant = _HARMLESS.sub(_blank, text)
    found = _PURE_ONLY.search(significant)
    first = found.start() if found else None
    # Inside [ ] and { } PyYAML ends a plain scalar at any "?" (YAML 1.1), libyaml does not.
    # Brackets inside words count too: a file is at worst read the slower way.
    depth = 0
    for mark in _FLOW_OR_QUESTION.finditer(significant, 0, first if first is not None else len(significant)):
        char = mark.group()
        if char == "?":
            if depth:
                return mark.start()
        elif char in "[{":
            depth += 1
        elif depth:
            depth -= 1
    return first


def _compose_fast(text: str, *, report_errors: bool = False) -> Node | None:
    """The document's node via libyaml, or None to leave the file to the pure-Python parser:
    when libyaml is missing, when the text holds anything the two parsers treat differently
    (``_PURE_ONLY``), or on any problem at all, so that results and error reports stay
    exactly those of the pure-Python parser.

    ``report_errors``: a file too large for the pure-Python parser (``MAX_PURE_BYTES``) gets
    libyaml's own report of a syntax error or a refused construct, at libyaml's line and
    column, rather than a minute of the slow parser only to say the same."""
    if _CParser is None or pure_parser_reason(text) is not None:
        return None
    try:
        loader = _FastComposer(text)
    except Exception:
        return None
    try:
        return loader.get_single_node()
    except (_Refused, yaml.MarkedYAMLError):
        if report_errors:
            raise
        return None
    except Exception:  # noqa: BLE001 - invalid: the pure-Python path reports it
        return None
    finally:
        loader.dispose()


class _NotPlain(Exception):
    """Anything ``_OneTimeBuilder`` does not build itself: the file takes the full path."""


_SCALAR, _MAPPING, _SEQUENCE = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent
_STR, _INT, _MAP, _SEQ = _TAG + "str", _TAG + "int", _TAG + "map", _TAG + "seq"


def _read_fast(display_name: str, text: str) -> tuple[Any, SourceMap] | None:
    """Data and source map built straight from libyaml's events, without composing nodes
    first (at state scale the nodes and the second walk over them were ~0.2 s of loading).

    Only for a file the fast path reads at all (``pure_parser_reason``) and that holds
    nothing this loop does not build itself: an anchor, an alias, deep nesting, a merge or
    complex key, a duplicate key, an explicit tag, a second document, or any value the
    builder reports — then it returns None and ``read_yaml`` composes and builds the file as
    before, so every error, line and column comes from the one path written for them. For
    every other file the data and the source map are the ones ``_Builder`` makes, entry for
    entry and in the same order (tests/test_yaml_one_pass.py compares both ways).
    """
    if _CParser is None or pure_parser_reason(text) is not None:
        return None
    try:
        parser = _CParser(text)
    except Exception:  # noqa: BLE001 - the full path reports whatever it is
        return None
    try:
        return _OneTimeBuilder(display_name, parser).document()
    except Exception:  # noqa: BLE001 - _NotPlain, or a syntax error: the full path reports it
        return None
    finally:
        parser.dispose()


class _OneTimeBuilder:
    """``_Composer`` and ``_Builder.build`` in one walk over the events (see ``_read_fast``)."""

    def __init__(self, display_name: str, parser: Any):
        self.file = display_name
        self.builder = _Builder(display_name)
        self.map = self.builder.map
        self.get = parser.get_event
        self.resolver = yaml.resolver.Resolver()
        self.tags: dict[str, str] = {}   # plain scalar text -> its implicit tag
        # equal Scalars shared: frozen, and most texts of a large file repeat
        self.written: dict[tuple[str, bool], Scalar] = {}

    def document(self) -> tuple[Any, SourceMap]:
        get = self.get
        if type(get()) is not yaml.StreamStartEvent or type(get()) is not yaml.DocumentStartEvent:
            raise _NotPlain
        data = self.node(get(), (), 0)
        if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
            raise _NotPlain
        if self.builder.issues:
            raise _NotPlain
        return data, self.map

    def _tag(self, event: Any) -> str:
        if event.tag is not None or event.anchor is not None:
            raise _NotPlain
        if not event.implicit[0]:
            return _STR  # quoted: a string (Resolver.resolve without path resolvers)
        text = event.value
        tag = self.tags.get(text)
        if tag is None:
            tag = self.tags[text] = self.resolver.resolve(ScalarNode, text, event.implicit)
        return tag

    def _scalar_of(self, text: str, style: Any) -> Scalar:
        quoted = style in _QUOTED_STYLES
        scalar = self.written.get((text, quoted))
        if scalar is None:
            scalar = self.written[(text, quoted)] = Scalar(text, quoted)
        return scalar

    def node(self, event: Any, path: Path, depth: int) -> Any:
        kind = type(event)
        mark = event.start_mark
        where = Location(self.file, mark.line + 1, mark.column + 1)
        if kind is _SCALAR:
            tag = self._tag(event)
            text = event.value
            if tag == _STR and not (event.style == '"' and _ESCAPED_CONTROL.search(text)):
                self.map.values[path] = where
                self.map.scalars[path] = self._scalar_of(text, event.style)
                return text
            if tag == _INT and _DECIMAL_INT.match(text):
                self.map.values[path] = where
                self.map.scalars[path] = self._scalar_of(text, event.style)
                return int(text.replace("_", ""))
            self.map.values[path] = where
            return self.builder._scalar(ScalarNode(tag, text, mark, event.end_mark, event.style), path)
        if event.tag is not None or event.anchor is not None or depth >= MAX_DEPTH:
            raise _NotPlain
        self.map.values[path] = where
        if kind is _MAPPING:
            return self._mapping(path, depth)
        if kind is _SEQUENCE:
            items: list[Any] = []
            get = self.get
            while True:
                item = get()
                if type(item) is _SEQUENCE_END:
                    return items
                items.append(self.node(item, path + (len(items),), depth + 1))
        raise _NotPlain  # an alias

    def _mapping(self, path: Path, depth: int) -> dict:
        out: dict = {}
        get = self.get
        keys, key_scalars = self.map.keys, self.map.key_scalars
        while True:
            event: Any = get()
            if type(event) is _MAPPING_END:
                return out
            if type(event) is not _SCALAR:
                raise _NotPlain  # a complex key, an alias
            scalar: Any = event  # (mypy narrows to libyaml's Mark-or-None types)
            tag = self._tag(scalar)
            text = scalar.value
            if tag == _STR and not (scalar.style == '"' and _ESCAPED_CONTROL.search(text)):
                key: Any = text
            elif tag == _INT and _DECIMAL_INT.match(text):
                key = int(text.replace("_", ""))
            else:  # a date, a merge key, … as _Builder._mapping makes it (or reports it)
                if tag == _TAG + "merge":
                    raise _NotPlain
                mark = scalar.start_mark
                key = self.builder._scalar(ScalarNode(tag, text, mark, scalar.end_mark, scalar.style), None,
                                           at=path + (text,))
                if isinstance(key, Decimal):
                    key = text
            key = _date_key(key)
            if key in out:
                raise _NotPlain  # a duplicate: reported by the full path
            entry = path + (key,)
            mark = scalar.start_mark
            keys[entry] = Location(self.file, mark.line + 1, mark.column + 1)
            key_scalars[entry] = self._scalar_of(text, scalar.style)
            out[key] = self.node(get(), entry, depth + 1)


def read_config_bytes(path: os.PathLike | str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of one configuration file, at most one byte beyond the size ``limit``.

    Folders, devices and pipes are refused before they are opened (reading a pipe would
    wait for ever, a device might never end). Raises ``OSError`` with a readable ``strerror``.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFile(errno.EINVAL, "it is not a regular file (a folder, device or pipe); name a YAML file")
    with open(path, "rb") as handle:
        return handle.read(limit + 1)


def read_yaml(display_name: str, raw: bytes) -> tuple[Any, SourceMap]:
    """Parse ``raw`` (the bytes of one file) into data and its source map."""
    if len(raw) > MAX_FILE_BYTES:
        raise ConfigError.single(
            Location(display_name, 1, 1), (), _TEXTS("too_large", limit=number(MAX_FILE_BYTES)))
    text = _decode(display_name, raw)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise ConfigError.single(
            Location(display_name, 1, 1), (), _TEXTS("empty"))
    _check_flow_depth(display_name, text)
    _check_indentation_spaces(display_name, text)
    _check_pure_parser_size(display_name, text, len(raw))
    loader = None
    large = len(raw) > MAX_PURE_BYTES  # too large for the pure-Python parser, even to locate an error
    try:
        loader = _Composer(text)  # the reader checks the characters here already
        built = _read_fast(display_name, text)
        if built is not None:
            return built
        node = _compose_fast(text, report_errors=large) or loader.get_single_node()
    except _Refused as exc:
        where = () if large else path_at(text, exc.mark.index)
        raise ConfigError.single(location_of(display_name, exc.mark), where, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise ConfigError.single(*yaml_error(display_name, text, exc, with_path=not large)) from None
    except yaml.reader.ReaderError as exc:
        raise ConfigError.single(*reader_error(display_name, text, exc)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error is one of the above
        raise ConfigError.single(Location(display_name, 1, 1), (), _TEXTS("invalid", reason=str(exc))) from None
    except RecursionError:  # pragma: no cover - the depth limit above comes first
        raise ConfigError.single(Location(display_name, 1, 1), (), _TEXTS("too_deep_plain", depth=MAX_DEPTH)) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise ConfigError.single(Location(display_name, 1, 1), (), _TEXTS("no_document"))
    builder = _Builder(display_name)
    data = builder.build(node, (), 0)
    if builder.issues:
        raise ConfigError(builder.issues)
    return data, builder.map


_BRACKETS = re.compile(r"[\[\]{}]")
# A non-breaking space is not white space to YAML: in the indentation it makes the parser
# fail a line later with a misleading message ("a second ': ' on one line"), or it becomes
# part of a key. It comes from copying out of a web page, a PDF or a word processor.
_NBSP_INDENT = re.compile(r"^[ \t]*\u00a0", re.M)


def _check_pure_parser_size(display_name: str, text: str, size: int) -> None:
    """The pure-Python parser takes about 6 s and 120 MB per MB of YAML (docs/benchmarks.md):
    a file that needs it is held to ``MAX_PURE_BYTES``, so the size limit stays honest —
    10 MiB read in seconds, not a minute and a gigabyte."""
    if size <= MAX_PURE_BYTES or _CParser is None:
        return
    index = pure_parser_reason(text)
    if index is None:
        return
    before = text[:index]
    line = before.count("\n") + 1
    column = index - (before.rfind("\n") + 1) + 1
    what = {"\t": _TEXTS("a_tab"), "\ufeff": _TEXTS("a_bom")}.get(text[index]) or _TEXTS("the_character", char=text[index])
    raise ConfigError.single(
        Location(display_name, line, column), path_at(before, None),
        _TEXTS("slow_reader", what=what, size=number(size), limit=number(MAX_PURE_BYTES)))


def _check_indentation_spaces(display_name: str, text: str) -> None:
    found = _NBSP_INDENT.search(text)
    if found is None:
        return
    index = found.end() - 1
    before = text[:index]
    line = before.count("\n") + 1
    column = index - (before.rfind("\n") + 1) + 1
    raise ConfigError.single(
        Location(display_name, line, column), path_at(before, None), _TEXTS("nbsp"))



def _check_flow_depth(display_name: str, text: str) -> None:
    """Refuse ``[[[[…`` beyond the depth limit before PyYAML's scanner looks ahead through it.

    Brackets in quoted text or comments are counted too; a real configuration never has
    anywhere near the limit open at once, so this cannot refuse one.
    """
    depth = 0
    for found in _BRACKETS.finditer(text):
        if found.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                index = found.start()
                before = text[:index]
                line = before.count("\n") + 1
                column = index - (before.rfind("\n") + 1) + 1
                raise ConfigError.single(
                    Location(display_name, line, column), path_at(before, None),
                    _TEXTS("too_deep_brackets", depth=MAX_DEPTH))
        elif depth:
            depth -= 1


def _decode(display_name: str, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ConfigError.single(
            Location(display_name, 1, 1), (), _TEXTS("utf16"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        readable = raw.decode("utf-8", errors="replace")
        position = len(raw[: exc.start].decode("utf-8", errors="replace"))
        raise ConfigError.single(
            Location(display_name, line, column), path_at(readable, position),
            _TEXTS("not_utf8", byte=raw[exc.start])) from None
    return text.removeprefix("\ufeff")


class _Builder:
    def __init__(self, display_name: str):
        self.file = display_name
        self.map = SourceMap()
        self.issues: list[ConfigIssue] = []

    def issue(self, node: Node, path: Path, message: Text) -> None:
        self.issues.append(ConfigIssue(location_of(self.file, node.start_mark), path, message))

    def build(self, node: Node, path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH + 1:  # pragma: no cover - the composer refuses deeper files
            self.issue(node, path, _TEXTS("too_deep_build", depth=MAX_DEPTH))
            return None
        self.map.values[path] = location_of(self.file, node.start_mark)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if node.tag != _TAG + "seq":
                self.issue(node, path, _TEXTS("tag", tag=node.tag))
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)  # the third kind of node
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path, depth: int) -> dict:
        if node.tag != _TAG + "map":
            self.issue(node, path, _TEXTS("tag", tag=node.tag))
        out: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.issue(key_node, path, _TEXTS("merge_key"))
                continue
            if not isinstance(key_node, ScalarNode):
                self.issue(key_node, path, _TEXTS("complex_key"))
                continue
            key = self._scalar(key_node, None, at=path + (key_node.value,))
            if isinstance(key, Decimal):
                key = key_node.value  # a key like 1.5 is kept as its text
            key = _date_key(key)
            if key in first_seen:
                self.issue(
                    key_node, path + (key,), _TEXTS("duplicate", name=key_node.value, line=first_seen[key]))
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.map.keys[path + (key,)] = location_of(self.file, key_node.start_mark)
            self.map.key_scalars[path + (key,)] = Scalar(key_node.value, key_node.style in _QUOTED_STYLES)
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out

    def _scalar(self, node: ScalarNode, path: Path | None, at: Path = ()) -> Any:
        """The value of a scalar; ``path`` None for a mapping key (``at``: where to report)."""
        tag = node.tag
        text = node.value
        where = path if path is not None else at
        if path is not None:
            self.map.scalars[path] = Scalar(text, node.style in _QUOTED_STYLES)
        if tag == _TAG + "str":
            if node.style == '"' and _ESCAPED_CONTROL.search(text):
                self._escaped_control(node, where, text)
            return text
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return text.lower() in ("yes", "true", "on", "y")
        if tag == _TAG + "int":
            return self._int(node, where)
        if tag == _TAG + "float":
            return self._float(node, where)
        if tag == _TAG + "timestamp":
            if not _ISO_DATE.match(text):
                self.issue(node, where, _TEXTS("date_time", text=text, day=text[:10]))
                return text
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                self.issue(node, where, _TEXTS("no_such_day", text=text))
                return text
        self.issue(node, where, _TEXTS("tag_scalar", tag=tag))
        return text

    def _escaped_control(self, node: ScalarNode, path: Path, text: str) -> None:
        """Double quotes turn escapes into any character (``"\\e[2J"``, ``"\\0"``): the
        control characters the reader refuses when written raw are refused here the same way,
        so none reaches a terminal as an escape sequence or a CSV as a NUL byte."""
        found = _ESCAPED_CONTROL.search(text)
        assert found is not None  # called only for a text that holds one
        character = found.group()
        # the key path of a key holding the character must not carry it into the message
        path = tuple(_ESCAPED_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", p) if isinstance(p, str) else p
                     for p in path)
        escape = _ESCAPES.get(character, f"\\x{ord(character):02x}" if ord(character) < 0x100 else f"\\u{ord(character):04x}")
        self.issue(node, path, _TEXTS("escaped_control", code=ord(character), escape=escape))

    def _int(self, node: ScalarNode, path: Path) -> Any:
        text = node.value
        if _DECIMAL_INT.match(text):
            return int(text.replace("_", ""))
        digits = text.lstrip("+-").replace("_", "")
        if ":" in text:
            self.issue(node, path, _TEXTS("base60", text=text))
        elif digits.startswith(("0x", "0b")):
            self.issue(node, path, _TEXTS("hex", text=text))
        else:  # a leading zero: YAML 1.1 reads 0301 as the octal number 193
            plain = digits.lstrip("0") or "0"
            self.issue(node, path, _TEXTS("octal", text=text, plain=plain))
        return text

    def _float(self, node: ScalarNode, path: Path) -> Any:
        text = node.value
        cleaned = text.replace("_", "")
        lowered = cleaned.lower()
        if lowered in (".inf", "+.inf"):
            return Decimal("Infinity")
        if lowered == "-.inf":
            return Decimal("-Infinity")
        if lowered == ".nan":
            return Decimal("NaN")
        if ":" in cleaned:
            self.issue(node, path, _TEXTS("base60_float", text=text))
            return text
        try:
            value = Decimal(cleaned)
        except InvalidOperation:  # pragma: no cover - YAML's float pattern guarantees a number
            self.issue(node, path, _TEXTS("not_a_number", text=text))
            return text
        if "e" in lowered:
            self.issue(node, path, _TEXTS("exponent", text=text, plain=_plain(value)))
            return text
        return value


def _plain(value: Decimal) -> str:
    """': 1500' for 1.5E+3; nothing for numbers too long to print in full."""
    exponent = value.as_tuple().exponent
    if not value.is_finite() or not isinstance(exponent, int) or abs(exponent) > 20:
        return ""
    return f": {format(value, 'f')}"
