"""The configuration's ``tables:`` key: which table comes from which file (and sheet).

    tables:
      holders:  {from: stellen.xlsx, sheet: Stellen}
      advances: {from: abschlaege.csv}
      actuals:  {from: ist.xlsx}

A path is relative to the file that names it and must lie below the configuration's folder
(or a folder of ``include_roots``), as an ``include:`` must. The shape is checked here, before
anything is read, with messages at the line of the key; the schema (``schema.Tables``) checks
it once more, so ``kimcost schema`` describes it for editors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path as FsPath

from kimcost.configuration.errors import ConfigIssue, Location, Path
from kimcost.configuration.source_map import SourceMap
from kimcost.configuration.tables.files import CSV_SUFFIXES, WORKBOOK_SUFFIXES
from kimcost.configuration.tables.layout import LAYOUTS, Layout
from kimcost.configuration.tables.suggest import meant
from kimcost.messages import Catalogue

_TEXTS = Catalogue("configuration.tables.declared", {
    "not_mapping": ("„tables:“ nennt je Tabelle ihre Datei, z. B. tables: {example}",
                    "'tables:' names each table's file, e.g. tables: {example}"),
    "unknown_table": ("eine Tabelle „{name}“ gibt es nicht (Tabellen gibt es für {names}){hint}",
                      "there is no table {name!r} (tables exist for {names}){hint}"),
    "entry_shape": ("schreiben Sie die Datei als {{from: {example}}} (bei .xlsx mit sheet: BLATT)",
                    "write the file as {{from: {example}}} (for .xlsx with sheet: SHEET)"),
    "unknown_key": ("unbekannter Schlüssel „{name}“ (eine Tabelle hat from: mit der Datei und sheet: mit dem "
                    "Blatt){hint}",
                    "unknown key {name!r} (a table has from: with the file and sheet: with the sheet){hint}"),
    "no_from": ("es fehlt from: mit der Datei, z. B. from: {example}",
                "from: with the file is missing, e.g. from: {example}"),
    "from_text": ("from: nennt eine Datei als relativen Pfad, z. B. {example}",
                  "from: names a file as a relative path, e.g. {example}"),
    "sheet_text": ("sheet: nennt das Blatt der Arbeitsmappe, z. B. sheet: {sheet}",
                   "sheet: names the workbook's sheet, e.g. sheet: {sheet}"),
    "nul": ("der Pfad enthält ein NUL-Zeichen; schreiben Sie einen relativen Pfad wie {example}",
            "the path contains a NUL character; write a relative path such as {example}"),
    "backslash": ("„{path}“ trennt Ordner mit „\\“; schreiben Sie „/“, auch unter Windows: {fixed}",
                  "{path!r} separates folders with '\\'; write '/' between folders, also on Windows: {fixed}"),
    "absolute": ("„{path}“ ist ein absoluter Pfad; schreiben Sie ihn relativ zu {name}",
                 "{path!r} is an absolute path; write it relative to {name}"),
    "suffix": ("kimcost liest Tabellen aus .xlsx- und .csv-Dateien; speichern Sie {path} als "
               "„Excel-Arbeitsmappe (.xlsx)“ oder als CSV",
               "kimcost reads tables from .xlsx and .csv files; save {path} as \"Excel Workbook (.xlsx)\" or as CSV"),
    "csv_sheet": ("eine CSV-Datei hat keine Blätter; lassen Sie sheet: weg",
                  "a CSV file has no sheets; leave sheet: out"),
    "outside": ("{path} liegt außerhalb des Ordners der Konfiguration; legen Sie die Tabelle unter den Ordner "
                "der Hauptdatei oder nennen Sie ihren Ordner unter „include_roots:“",
                "{path} lies outside the configuration's folder; move the table below the main file's folder "
                "or list its folder under 'include_roots:'"),
    "missing": ("die Tabelle {path} gibt es nicht; der Pfad ist relativ zu der Datei, die ihn nennt",
                "the table {path} does not exist; the path is relative to the file that names it"),
    "where_unknown": ("hier darf „tables:“ nicht stehen; schreiben Sie es in die Dateien des Kreises",
                      "'tables:' cannot be written here; write it in the district's own files"),
})


# The tables by their German names (the template's sheets), to say which key is meant.
_GERMAN_NAMES = {"stellen": "holders", "inhaber": "holders", "stelleninhaber": "holders", "abschläge": "advances",
                 "abschlaege": "advances", "ist": "actuals", "istbeträge": "actuals", "ist-beträge": "actuals"}
_GERMAN_KEYS = {"blatt": "sheet", "tabellenblatt": "sheet", "datei": "from", "aus": "from", "von": "from"}
_EXAMPLE = "{holders: {from: stellen.xlsx, sheet: Stellen}}"


@dataclass(frozen=True)
class Declared:
    layout: Layout
    path: FsPath
    shown: str                 # as messages name the file
    sheet: str | None
    is_workbook: bool
    at: Location | None        # the 'from:' line
    key: Path


def declared(data: dict, sources: SourceMap, files: Mapping[str, FsPath], roots: list[FsPath],
             shown: Callable[[FsPath], str], issues: list[ConfigIssue]) -> list[Declared]:
    """The tables the configuration names, in the layouts' order (holders, advances, actuals).

    ``files``: the configuration's files by the name their locations carry, to find the
    folder a path is relative to."""
    tables = data["tables"]
    if not isinstance(tables, dict):
        issues.append(ConfigIssue(sources.locate(("tables",)), ("tables",), _TEXTS("not_mapping", example=_EXAMPLE)))
        return []
    out = []
    for name in tables:
        if name not in LAYOUTS:
            path = ("tables", name)
            german = _GERMAN_NAMES.get(str(name).casefold())
            hint = meant(german, [german]) if german else meant(name, LAYOUTS)
            issues.append(ConfigIssue(sources.locate(path, key=True), path, _TEXTS(
                "unknown_table", name=name, hint=hint, names=", ".join(LAYOUTS))))
    for name, layout in LAYOUTS.items():
        if name in tables:
            entry = _entry(layout, tables[name], sources, files, roots, shown, issues)
            if entry is not None:
                out.append(entry)
    return out


def _entry(layout: Layout, value: object, sources: SourceMap, files: Mapping[str, FsPath], roots: list[FsPath],
           shown: Callable[[FsPath], str], issues: list[ConfigIssue]) -> Declared | None:
    key: Path = ("tables", layout.name)
    example = layout.template_file

    def problem(path: Path, text, *, at_key: bool = False) -> None:
        issues.append(ConfigIssue(sources.locate(path, key=at_key), path, text))

    if not isinstance(value, dict):
        problem(key, _TEXTS("entry_shape", example=example))
        return None
    ok = True
    for extra in value:
        if extra not in ("from", "sheet"):
            german = _GERMAN_KEYS.get(str(extra).casefold())
            hint = meant(german, [german]) if german else meant(extra, ("from", "sheet"))
            problem(key + (extra,), _TEXTS("unknown_key", name=extra, hint=hint), at_key=True)
            ok = False
    if "from" not in value:
        problem(key, _TEXTS("no_from", example=example))
        return None
    written, sheet = value["from"], value.get("sheet")
    at = sources.locate(key + ("from",))
    if not isinstance(written, str) or not written.strip():
        problem(key + ("from",), _TEXTS("from_text", example=example))
        return None
    if sheet is not None and (not isinstance(sheet, str) or not sheet):
        problem(key + ("sheet",), _TEXTS("sheet_text", sheet=layout.sheet))
        ok = False
    base = files.get(at.file) if at is not None else None
    if base is None:
        problem(key, _TEXTS("where_unknown"))
        return None
    if "\0" in written:
        problem(key + ("from",), _TEXTS("nul", example=example))
        return None
    if "\\" in written:
        problem(key + ("from",), _TEXTS("backslash", path=written, fixed=written.replace("\\", "/")))
        return None
    candidate = FsPath(written)
    if candidate.is_absolute():
        problem(key + ("from",), _TEXTS("absolute", path=written, name=shown(base)))
        return None
    path = base.parent / candidate
    suffix = candidate.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + CSV_SUFFIXES:
        problem(key + ("from",), _TEXTS("suffix", path=written))
        return None
    is_workbook = suffix in WORKBOOK_SUFFIXES
    if not is_workbook and sheet is not None:
        problem(key + ("sheet",), _TEXTS("csv_sheet"), at_key=True)
        ok = False
    try:
        resolved = path.resolve()
        inside = any(resolved.is_relative_to(root) for root in roots)
        exists = path.exists()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a name too long: reading says why
        inside, exists = True, True
    if not inside:
        problem(key + ("from",), _TEXTS("outside", path=shown(path)))
        return None
    if not exists:
        problem(key + ("from",), _TEXTS("missing", path=shown(path)))
        return None
    if not ok:
        return None
    return Declared(layout, path, shown(path), sheet if isinstance(sheet, str) else None, is_workbook, at, key + ("from",))
