"""Options shared by several commands, declared once."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer


class Lang(str, Enum):
    de = "de"
    en = "en"


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


CONFIG = typer.Option(..., "--config", "-c", help="The configuration YAML file.", exists=False, dir_okay=True)
LANG = typer.Option(Lang.de, "--lang", help="Language of labels: de (default) or en.", case_sensitive=False)
SCENARIOS = typer.Option(
    None, "--scenario", "-s",
    help="Apply a scenario (a name under 'scenarios:' in the configuration, or a scenario file); repeatable, applied in order.")


def year_argument(help_text: str = "The year to settle, e.g. 2023."):
    return typer.Argument(..., min=1900, max=2100, help=help_text)


def as_path(value: Path) -> Path:
    return Path(value)
