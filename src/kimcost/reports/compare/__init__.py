"""A comparison of the base with scenarios as a report: terminal, JSON, CSV, workbook.
``diff.py`` is the pure part (figures side by side, exact differences)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kimcost.reports import envelope
from kimcost.reports.compare.diff import Comparison
from kimcost.reports.formats import Report, StreamFormat, TerminalFormat, WorkbookFormat

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kimcost.reports.xlsx.model import Book


class ComparisonTable(TerminalFormat[Comparison]):
    def renderables(self) -> Iterable[RenderableType]:
        from kimcost.reports.compare.terminal import comparison_view

        return comparison_view(self.subject, self.lang, self.privacy)


class ComparisonJson(StreamFormat[Comparison]):
    name = "json"
    suffix = ".json"

    def encode(self) -> bytes:
        from kimcost.reports.compare.document import comparison_document

        return envelope.encode(comparison_document(self.subject, self.privacy))


class ComparisonCsv(StreamFormat[Comparison]):
    name = "csv"
    suffix = ".csv"

    def encode(self) -> bytes:
        from kimcost.reports.compare.csv_table import comparison_table

        return comparison_table(self.subject, self.lang).encode(self.lang)


class ComparisonWorkbook(WorkbookFormat[Comparison]):
    def build(self, moment: dt.datetime) -> Book:
        from kimcost.reports.compare.workbook import build_comparison_workbook

        return build_comparison_workbook(self.subject, self.lang, moment, self.privacy)


class ComparisonReport(Report[Comparison]):
    kind = "comparison"
    formats = {f.name: f for f in (ComparisonTable, ComparisonJson, ComparisonCsv, ComparisonWorkbook)}
