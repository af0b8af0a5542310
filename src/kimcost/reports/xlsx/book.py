"""What every kimcost workbook shares: the registered styles, the document properties and
the page footer that names the program, the inputs' fingerprint and the date."""

from __future__ import annotations

import datetime as dt

from kimcost import __version__
from kimcost.reports import numbers
from kimcost.reports.xlsx.model import Book
from kimcost.reports.xlsx.styles import clean_text, style_kinds


def new_workbook(optional_styles: tuple[str, ...] = ()) -> Book:
    """An empty workbook with kimcost's styles (and the optional kinds asked for); sheets
    are added by the subject's builder."""
    return Book(style_kinds(optional_styles))


def set_properties(wb: Book, *, title: str, subject: str, keywords: str, description: str, lang: str) -> None:
    props = wb.properties
    props.title = clean_text(title)
    props.subject = clean_text(subject)
    props.creator = "kimcost"
    props.lastModifiedBy = "kimcost"
    props.keywords = clean_text(keywords)
    props.description = clean_text(description)
    props.language = "de-DE" if lang == "de" else "en"


def footer_text(config_name: str, fingerprint: str, moment: dt.datetime, lang: str) -> str:
    """Page footer: where the figures come from, short enough for Excel's 255 characters."""
    text = f"kimcost {__version__} · {config_name} · SHA-256 {fingerprint[:16]}… · {numbers.date(moment.date(), lang)}"
    return text[:200]


def write_inputs(out, row: int, files, fingerprint: str, lang: str, *, hash_column: int = 3) -> int:
    """The manifest of the input files (path relative to the configuration's folder, role,
    SHA-256) and their combined fingerprint, from ``row`` on; returns the last row written.
    ``sha256sum -c`` in the configuration's folder checks the files against it.
    ``hash_column``: a column of the sheet wide enough for the 64 characters of a hash."""
    from kimcost.reports.labels import label

    out.text(row, 1, label("inputs", lang), "section", measure=False)
    row += 1
    gap = [""] * (hash_column - 3)
    out.header(row, 1, [label("input_file", lang), label("input_role", lang), *gap, "SHA-256"])
    for item in files:
        row += 1
        out.text(row, 1, item.path, "wrap")
        out.text(row, 2, label(f"input_role_{item.role}", lang))
        out.text(row, hash_column, item.sha256, "small", measure=False)
    row += 1
    out.text(row, 1, label("fingerprint", lang), "label")
    out.text(row, hash_column, fingerprint, "small", measure=False)
    return row
