"""The workbook's fast path uses parts of openpyxl that are not its public API (see
``TESTED_OPENPYXL`` in reports/xlsx/fast_sheet.py). A new openpyxl may change them silently;
this test fails on any version they were not tested on, and checks that each part is there."""

from __future__ import annotations

import openpyxl
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from kimcost.reports.xlsx.fast_sheet import TESTED_OPENPYXL


def test_openpyxl_is_a_version_the_private_parts_were_tested_on():
    assert openpyxl.__version__ in TESTED_OPENPYXL, (
        f"openpyxl {openpyxl.__version__} is not among the versions kimcost's workbook fast path was tested on "
        f"({', '.join(TESTED_OPENPYXL)}): run tests/test_workbook_monthly_fast.py and the LibreOffice tests, "
        "then add it to TESTED_OPENPYXL")


def test_the_private_parts_are_there():
    wb = Workbook()
    ws = wb.active
    cell = ws.cell(row=1, column=1, value=1)
    assert hasattr(wb, "_add_sheet") and hasattr(wb, "_cell_styles") and isinstance(ws._cells, dict)
    assert hasattr(cell, "_style") and hasattr(ExcelWriter, "_write_worksheets")
