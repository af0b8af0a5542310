"""Byte-identical workbooks for the same inputs: fixed document times and zip entry times.

``SOURCE_DATE_EPOCH`` (reproducible-builds.org) sets the moment when given; otherwise the
calculation date at midnight is used, so two runs on the same day give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

from kimcost.reports.output import OutputError
from kimcost.reports.xlsx.fast_sheet import rows_left_out, splice_prepared_rows
from kimcost.reports.xlsx.limits import check_extent

_ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can record


def calculation_moment(environ: Mapping[str, str] | None = None, today: dt.date | None = None) -> dt.datetime:
    """The moment a workbook is dated with (naive, UTC when taken from SOURCE_DATE_EPOCH)."""
    environ = os.environ if environ is None else environ
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            seconds = int(raw)
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            raise OutputError(f"SOURCE_DATE_EPOCH={raw!r} is not a time in seconds since 1970 "
                              "(e.g. 1700000000); unset it or give an integer") from None
    day = today or dt.date.today()
    return dt.datetime(day.year, day.month, day.day)


class _ReproducibleZip(zipfile.ZipFile):
    """Every entry gets the same timestamp and permissions, whatever the clock says.
    ``rewrite(name, data)`` may change a worksheet part on its way in (fast_sheet.py)."""

    def __init__(self, file, date_time: tuple[int, int, int, int, int, int], rewrite: Callable[[str, bytes], bytes] | None = None):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._date_time = date_time
        self._rewrite = rewrite

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._date_time)
            info.compress_type = self.compression
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl streams worksheets through temporary files; their mtime must not leak in
        arcname = arcname or os.path.basename(filename)
        with open(filename, "rb") as fh:
            data = fh.read()
        if self._rewrite is not None:
            data = self._rewrite(arcname, data)
        self.writestr(arcname, data, compress_type, compresslevel)


def save_reproducibly(wb: Workbook, path: Path, moment: dt.datetime) -> None:
    """Like ``Workbook.save`` but with ``moment`` as created/modified time and zip times,
    and prepared rows (fast_sheet.py) written as XML rather than cell by cell."""
    wb.properties.created = moment
    wb.properties.modified = moment
    t = max(moment, _ZIP_EPOCH)
    stamp = (t.year, t.month, t.day, t.hour, t.minute, t.second)
    with open(path, "wb") as fh:
        with rows_left_out(wb) as prepared:
            for ws in wb.worksheets:  # prepared rows are checked when they are given
                check_extent(ws.title, ws.max_row, ws.max_column)
            archive = _ReproducibleZip(fh, stamp, lambda name, data: splice_prepared_rows(prepared, name, data))
            try:
                ExcelWriter(wb, archive).save()
            finally:
                archive.close()
        fh.flush()
        os.fsync(fh.fileno())
