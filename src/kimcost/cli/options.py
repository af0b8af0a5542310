"""Options shared by several commands, declared once."""

from __future__ import annotations

from enum import Enum

import typer


class Lang(str, Enum):
    de = "de"
    en = "en"


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


# readable=False: typer would refuse an unreadable file as a usage error (exit 2); the loader
# reports it, as a missing one, as a configuration error (exit 3, README "Exit codes").
CONFIG = typer.Option(..., "--config", "-c", help="The configuration YAML file.", exists=False, dir_okay=True,
                      readable=False)
LANG = typer.Option(Lang.de, "--lang", help="Language of everything kimcost writes (messages, tables, files): de (default) or en.", case_sensitive=False)
SCENARIOS = typer.Option(
    None, "--scenario", "-s",
    help="Apply a scenario (a name under 'scenarios:' in the configuration, or a scenario file); repeatable, applied in order.")


WORKBOOK = typer.Option(None, "--out", "-o", help="The workbook to write (a name ending in .xlsx). "
                        "Default for the table view: a name with the year and the district.")
OUTPUT = typer.Option(None, "--output", help="With --format json or csv: write the data to this file "
                      "(.json or .csv) instead of standard output.")
NO_WORKBOOK = typer.Option(False, "--no-workbook", help="Do not write a workbook (table view).")
PUBLIC = typer.Option(False, "--public", help="The public edition (for a council paper): no holder's name, "
                      "grade or step; holders lettered within their post (Person A); every figure unchanged.")


def format_option(formats: str = "table (terminal), json or csv on stdout"):
    return typer.Option(Format.table, "--format", "-f", help=f"{formats}.", case_sensitive=False)
