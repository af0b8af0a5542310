"""Configuration errors that name file, line, column, key path, the problem and the fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kimcost.messages import DEFAULT_LANGUAGE, Catalogue, Text, render

# "{x:.0}" formats a text to nothing: the value is shown in one language only (see ``either``).
_TEXTS = Catalogue("configuration.errors", {
    "either": ("{de}{en:.0}", "{en}{de:.0}"),
})

# A key path: mapping keys, list indexes, and dates where a mapping is keyed by date
# (tables, rates, amounts: yaml_source._date_key).
Path = tuple[str | int | dt.date, ...]


@dataclass(frozen=True, order=True)
class Location:
    """Where a value was written: file (as given or relative), 1-based line and column.

    A cell of a workbook's sheet (``configuration/tables``) has its ``sheet``: then ``line`` is
    the row and ``column`` the column number, written as the spreadsheet names the cell,
    ``stellen.xlsx:Stellen!D7``. A CSV table has no sheet: row and field, ``ist.csv:7:4``."""

    file: str
    line: int
    column: int
    sheet: str = ""

    def __str__(self) -> str:
        if self.sheet:
            return f"{self.file}:{self.cell}"
        return f"{self.file}:{self.line}:{self.column}"

    @property
    def cell(self) -> str:
        """``Stellen!D7`` (a sheet name other than letters, digits and ``_`` quoted:
        ``'Stellen 2025'!D7``), as a spreadsheet's formula names the cell."""
        sheet = self.sheet
        if not sheet.replace("_", "a").isalnum():
            sheet = "'" + sheet.replace("'", "''") + "'"
        return f"{sheet}!{column_letters(self.column)}{self.line}"

    def short(self) -> str:
        """``file:line`` for a text file, ``file:Sheet!D7`` for a cell (explain's citations)."""
        return str(self) if self.sheet else f"{self.file}:{self.line}"


def column_letters(number: int) -> str:
    """1 -> ``A``, 27 -> ``AA``: a spreadsheet's name of a column."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters or "A"


def either(de: object, en: object) -> Text:
    """A value worded differently in each language: a number with a decimal comma in German
    (``number``), or a reason only English has words for (an operating system's ``strerror``)
    beside the German one."""
    return _TEXTS("either", de=de if isinstance(de, Text) else str(de), en=en if isinstance(en, Text) else str(en))


def number(value: object) -> Text:
    """A figure in a sentence: ``1.234,5`` in German, ``1,234.5`` in English — for figures the
    message works out (a sum of FTE, a size in bytes), not for values quoted from the YAML,
    which are shown as they are written."""
    text = str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        en = f"{value:,}"
        return either(en.replace(",", "."), en)
    return either(text.replace(".", ","), text)


def format_path(path: Path) -> str:
    """``("positions", 2, "holders", 0, "fte")`` -> ``positions[2].holders[0].fte``."""
    out = ""
    for part in path:
        if isinstance(part, bool) or part is None:  # a key YAML read as yes/no or empty
            out += ("." if out else "") + str(part).lower()
        elif isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part)
            out += ("." if out else "") + text
    return out


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a configuration. ``message`` says what is wrong and how to write it right:
    a :class:`~kimcost.messages.Text` put into words in the language of the command that
    shows it (``text``); file:line:column and key path stay as they are in every language."""

    location: Location | None
    path: Path
    message: Text | str

    def text(self, lang: object = DEFAULT_LANGUAGE) -> str:
        where = f"{self.location}: " if self.location else ""
        key = f"{format_path(self.path)}: " if self.path else ""
        return f"{where}{key}{render(self.message, lang)}"

    def __str__(self) -> str:
        return self.text(DEFAULT_LANGUAGE)

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file, loc.line, loc.column) if loc else ("", 0, 0)


class ConfigError(Exception):
    """An invalid configuration; carries every issue found, not just the first (exit code 3)."""

    def __init__(self, issues: Iterable[ConfigIssue]):
        self.issues = sorted(issues, key=ConfigIssue.sort_key)
        super().__init__("\n".join(str(i) for i in self.issues))

    @classmethod
    def single(cls, location: Location | None, path: Path, message: Text | str) -> ConfigError:
        return cls([ConfigIssue(location, path, message)])


class ConfigWarning(UserWarning):
    """Something allowed but most likely a mistake (``plausibility``): the run goes on, and the
    command line shows it on stderr (``cli.errors``), the documents carry it."""

    def __init__(self, issue: ConfigIssue):
        self.issue = issue
        super().__init__(str(issue))
