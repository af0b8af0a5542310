"""What every kimcost workbook shares: the registered styles, the document properties and
the page footer that names the program, the inputs' fingerprint and the date."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from kimcost import __version__
from kimcost.reports import numbers
from kimcost.reports.xlsx.styles import clean_text, register_styles


def new_workbook(optional_styles: tuple[str, ...] = ()) -> Workbook:
    """An empty workbook with kimcost's styles; sheets are added by the subject's builder."""
    wb = Workbook()
    wb.remove(wb.active)
    register_styles(wb, optional_styles)
    return wb


def set_properties(wb: Workbook, *, title: str, subject: str, keywords: str, description: str, lang: str) -> None:
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
