"""The column layout of each table: which columns exist, their German and English headers,
what a cell holds and whether it may be empty (docs/configuration.md, "Tabellen").

The headers are matched loosely, as people type them: case, spaces, ``_`` and a trailing unit
in brackets do not count (``Betrag (€)``, ``betrag``, ``BETRAG`` are the same column), and the
English key name is accepted beside the German header (``step_since`` for ``Stufe seit``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """What a cell holds, and so how its text is read (``cells.convert``)."""

    ident = "ident"      # a post, region or municipality id: text, spaces around it dropped
    text = "text"
    date = "date"        # a date cell, or 15.09.2025 / 2025-09-15 as text
    number = "number"    # a number cell, or 0,5 / 1.234,56 / 0.5 as text
    money = "money"      # like number; a trailing € or EUR is allowed in text
    whole = "whole"      # a whole number: a step
    year = "year"        # a year with four digits
    note = "note"        # a remark, never read into the configuration


@dataclass(frozen=True)
class Column:
    key: str             # the configuration's key (English): also accepted as a header
    german: str          # the header the template writes
    kind: Kind
    required: bool = False
    aliases: tuple[str, ...] = ()
    unit: str = ""       # written after the header in the template: "Betrag (€)"

    @property
    def header(self) -> str:
        """The header as the template writes it."""
        return f"{self.german} ({self.unit})" if self.unit else self.german

    def names(self) -> tuple[str, ...]:
        return tuple(normal(n) for n in (self.german, self.key, *self.aliases))


@dataclass(frozen=True)
class Layout:
    name: str                  # the key under ``tables:``: holders, advances, actuals
    sheet: str                 # the sheet the template writes (and a workbook's default)
    german: str                # what the table holds, for messages
    english: str
    columns: tuple[Column, ...]
    template_file: str         # the file ``kimcost template`` writes

    def column(self, header: str) -> Column | None:
        wanted = normal(header)
        return next((c for c in self.columns if wanted in c.names()), None)


NOTE = Column("note", "Bemerkung", Kind.note, aliases=("notiz",))

HOLDERS = Layout("holders", "Stellen", "Stelleninhaber/innen", "post holders", (
    Column("post", "Stelle", Kind.ident, required=True, aliases=("position", "stellen-id")),
    Column("name", "Name", Kind.text, required=True),
    Column("start", "Beginn", Kind.date, required=True),
    Column("end", "Ende", Kind.date),
    Column("fte", "VZÄ", Kind.number, required=True, aliases=("vzae",)),
    Column("grade", "Entgeltgruppe", Kind.text, required=True, aliases=("eg",)),
    Column("step", "Stufe", Kind.whole, required=True),
    Column("step_since", "Stufe seit", Kind.date, required=True),
    Column("assumption", "Annahme", Kind.text),
    NOTE,
), "stellen.xlsx")

ADVANCES = Layout("advances", "Abschläge", "Abschläge", "advances", (
    Column("region", "Region", Kind.ident, required=True),
    Column("year", "Jahr", Kind.year, required=True),
    Column("member", "Kommune", Kind.ident, required=True, aliases=("mitglied",)),
    Column("amount", "Betrag", Kind.money, required=True, unit="€"),
    NOTE,
), "abschlaege.xlsx")

ACTUALS = Layout("actuals", "Ist", "Ist-Beträge", "actual amounts", (
    Column("post", "Stelle", Kind.ident, required=True, aliases=("position", "stellen-id")),
    Column("year", "Jahr", Kind.year, required=True),
    Column("source", "Quelle", Kind.text, required=True),
    Column("personnel", "Personalkosten", Kind.money, unit="€"),
    Column("equipment", "Ausstattung", Kind.money, unit="€", aliases=("sachkosten",)),
    Column("recruitment", "Personalgewinnung", Kind.money, unit="€"),
    Column("administration", "Verwaltung", Kind.money, unit="€", aliases=("verwaltungskosten",)),
    NOTE,
), "ist.xlsx")

LAYOUTS: dict[str, Layout] = {t.name: t for t in (HOLDERS, ADVANCES, ACTUALS)}

# A row whose note begins with one of these words is an example (the template's first row)
# and is not read: an example left in the sheet can never enter the figures.
EXAMPLE_MARKS = ("beispiel", "example")

_UNIT = re.compile(r"\s*[(\[].*[)\]]\s*$")


def normal(header: str) -> str:
    """``' Stufe_seit (Datum) '`` -> ``'stufe seit'``."""
    text = _UNIT.sub("", str(header))
    return " ".join(text.replace("_", " ").split()).casefold()


def is_example(note: object) -> bool:
    return isinstance(note, str) and note.strip().casefold().startswith(EXAMPLE_MARKS)
