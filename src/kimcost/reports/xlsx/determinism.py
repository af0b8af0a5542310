"""Byte-identical workbooks for the same inputs: fixed document times and zip entry times.

``SOURCE_DATE_EPOCH`` (reproducible-builds.org) sets the moment when given; otherwise the
calculation date at midnight is used, so two runs on the same day give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

from kimcost.messages import Catalogue
from kimcost.reports.output import OutputError
from kimcost.reports.xlsx.model import Book

TEXTS = Catalogue("reports.xlsx.determinism", {
    "epoch": ("SOURCE_DATE_EPOCH={raw} ist keine Zeitangabe in Sekunden seit 1970 (z. B. 1700000000); entfernen Sie "
              "die Variable oder geben Sie eine ganze Zahl an",
              "SOURCE_DATE_EPOCH={raw} is not a time in seconds since 1970 (e.g. 1700000000); unset it or give an "
              "integer"),
})


def calculation_moment(environ: Mapping[str, str] | None = None, today: dt.date | None = None) -> dt.datetime:
    """The moment a workbook is dated with (naive, UTC when taken from SOURCE_DATE_EPOCH)."""
    environ = os.environ if environ is None else environ
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            seconds = int(raw)
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            raise OutputError(TEXTS("epoch", raw=repr(raw))) from None
    day = today or dt.date.today()
    return dt.datetime(day.year, day.month, day.day)


def save_reproducibly(wb: Book, path: Path, moment: dt.datetime) -> None:
    """The workbook at ``path``, with ``moment`` as its created/modified time and as the
    time of every zip entry (writer.py)."""
    from kimcost.reports.xlsx.writer import write_book

    wb.properties.created = moment
    wb.properties.modified = moment
    write_book(wb, Path(path), moment)
