"""Why the share changed (issue 13) as a report: a waterfall per region on the terminal, JSON
for scripts (kind ``variance``), and a printable workbook with a live waterfall chart.
The decomposition itself is ``kimcost.engine.variance``; this package only words and lays it out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kimcost.engine.variance import RegionVariance, Variance
from kimcost.reports import envelope
from kimcost.reports.formats import Report, StreamFormat, TerminalFormat, WorkbookFormat

if TYPE_CHECKING:
    from openpyxl import Workbook
    from rich.console import RenderableType


@dataclass(frozen=True)
class VarianceSubject:
    """The decomposition with the loads it was computed from and what was asked for:
    ``member``: only this municipality's column (``--member``); ``regions``: the regions shown."""

    variance: Variance
    first: Any                   # LoadedConfig of the first side
    second: Any                  # LoadedConfig of the second side
    region: str | None = None
    member: str | None = None

    @property
    def regions(self) -> tuple[RegionVariance, ...]:
        if self.member is not None:
            return (self.variance.member_region(self.member),)
        if self.region is not None:
            return (self.variance.region(self.region),)
        return self.variance.regions

    def members(self, region: RegionVariance) -> tuple[tuple[str, str], ...]:
        return tuple(m for m in region.members if self.member is None or m[0] == self.member)


class VarianceTable(TerminalFormat[VarianceSubject]):
    def renderables(self) -> Iterable[RenderableType]:
        from kimcost.reports.variance.terminal import variance_view

        return variance_view(self.subject, self.lang)


class VarianceJson(StreamFormat[VarianceSubject]):
    name = "json"
    suffix = ".json"

    def encode(self) -> bytes:
        from kimcost.reports.variance.document import variance_document

        return envelope.encode(variance_document(self.subject, self.lang))


class VarianceWorkbook(WorkbookFormat[VarianceSubject]):
    def build(self, moment: dt.datetime) -> Workbook:
        from kimcost.reports.variance.workbook import build_variance_workbook

        return build_variance_workbook(self.subject, self.lang, moment)


class VarianceReport(Report[VarianceSubject]):
    kind = "variance"
    formats = {f.name: f for f in (VarianceTable, VarianceJson, VarianceWorkbook)}
