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
    from rich.console import RenderableType

    from kimcost.reports.xlsx.model import Book


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


def _shown(fmt) -> VarianceSubject:
    """The subject as the edition may show it: in the public edition, the causes' holders
    lettered and step rises without step and date (reports/public.py), figures untouched."""
    from dataclasses import replace

    s = fmt.subject
    if fmt.privacy.shows_holders:
        return s
    posts = (*s.second.config.positions, *s.first.config.positions)
    return replace(s, variance=fmt.privacy.variance(s.variance, posts))


class VarianceTable(TerminalFormat[VarianceSubject]):
    def renderables(self) -> Iterable[RenderableType]:
        from kimcost.reports.variance.terminal import variance_view

        return variance_view(_shown(self), self.lang, self.privacy)


class VarianceJson(StreamFormat[VarianceSubject]):
    name = "json"
    suffix = ".json"

    def encode(self) -> bytes:
        from kimcost.reports.variance.document import variance_document

        return envelope.encode(variance_document(_shown(self), self.lang, self.privacy))


class VarianceWorkbook(WorkbookFormat[VarianceSubject]):
    def build(self, moment: dt.datetime) -> Book:
        from kimcost.reports.variance.workbook import build_variance_workbook

        return build_variance_workbook(_shown(self), self.lang, moment, self.privacy)


class VarianceReport(Report[VarianceSubject]):
    kind = "variance"
    formats = {f.name: f for f in (VarianceTable, VarianceJson, VarianceWorkbook)}
