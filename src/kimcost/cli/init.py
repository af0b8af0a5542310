"""``kimcost init DIR --district NAME``: a commented starting configuration that validates and
settles as written, every value to replace marked (``ERSETZEN:``, ``status: assumption``).

The text lives in the package (kimcost/data/templates/), so an installed kimcost writes it
without a repository checkout. Nothing existing is overwritten: every target is checked
before the first byte is written, each file is written atomically, and a failure part-way
removes what this run wrote."""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

import typer

from kimcost.cli.new_files import write_new_files
from kimcost.cli.options import LANG, Lang
from kimcost.messages import Catalogue

TEXTS = Catalogue("cli.init", {
    "no_name": ("geben Sie den Namen des Kreises an, z. B. --district \"Kreis Steinfurt\"",
                "give the district's name, e.g. --district \"Kreis Steinfurt\""),
    "control": ("der Name des Kreises enthält ein Steuerzeichen; schreiben Sie ihn in eine Zeile",
                "the district's name contains a control character; write it on one line"),
    "next": ("Nächste Schritte: die mit ERSETZEN: markierten Werte eintragen, dann\n"
             "  kimcost validate --config {main}\n  kimcost settle 2025 --config {main}",
             "Next steps: fill in the values marked ERSETZEN:, then\n"
             "  kimcost validate --config {main}\n  kimcost settle 2025 --config {main}"),
})

MAIN_TEMPLATE = "kreis.yaml"
PENSION_FILE = "kvw.yaml"


def _template(name: str) -> str:
    from importlib import resources  # ~3 ms at every start (--help, settle), needed only here

    return resources.files("kimcost").joinpath("data", "templates", name).read_text(encoding="utf-8")


def file_name(district: str) -> str:
    """'Kreis Gütersloh' → 'kreis-guetersloh.yaml': the district's name as a plain file name."""
    text = district.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return f"{slug or 'kimcost'}.yaml"


def _check_district(district: str, lang: str = "de") -> str:
    name = district.strip()
    if not name:
        raise typer.BadParameter(TEXTS("no_name").render(lang))
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise typer.BadParameter(TEXTS("control").render(lang))
    return name


def render(district: str, main_name: str) -> str:
    # A JSON string is a YAML double-quoted scalar: any name is written safely.
    return (_template(MAIN_TEMPLATE).replace("__DISTRICT_COMMENT__", district)
            .replace("__DISTRICT__", json.dumps(district, ensure_ascii=False))
            .replace("__FILE__", main_name))


def init(folder: Path = typer.Argument(..., help="Folder for the configuration; created if missing."),
         district: str = typer.Option(..., "--district", "-d", help='The district\'s name, e.g. "Kreis Steinfurt".'),
         lang: Lang = LANG) -> None:
    """Write a commented starting configuration for a district (FOLDER/<district>.yaml and
    FOLDER/kvw.yaml) that validates and settles as written; every value to replace is marked
    ERSETZEN: and flagged as an assumption. Never overwrites a file."""
    lang_ = lang.value
    name = _check_district(district, lang_)
    main = folder / file_name(name)
    texts = {main: render(name, str(main)), folder / PENSION_FILE: _template(PENSION_FILE)}
    write_new_files(folder, {path: functools.partial(_write_text, text=text) for path, text in texts.items()},
                    "init", lang_)
    typer.echo(TEXTS("next", main=main).render(lang_))


def _write_text(tmp: Path, *, text: str) -> None:
    tmp.write_text(text, encoding="utf-8")
