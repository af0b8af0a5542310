"""The settlement of one year as a report: terminal tables, JSON, CSV and the workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kimcost.engine.results import Settlement
from kimcost.loading import LoadedConfig
from kimcost.reports import envelope
from kimcost.reports.formats import Report, StreamFormat, TerminalFormat, WorkbookFormat

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kimcost.reports.xlsx.model import Book


@dataclass(frozen=True)
class SettlementSubject:
    settlement: Settlement
    loaded: LoadedConfig


class SettlementTable(TerminalFormat[SettlementSubject]):
    def renderables(self) -> Iterable[RenderableType]:
        from kimcost.reports.settlement.terminal import settlement_view

        return settlement_view(self.subject.settlement, self.subject.loaded, self.lang, self.privacy)


class SettlementJson(StreamFormat[SettlementSubject]):
    name = "json"
    suffix = ".json"

    def encode(self) -> bytes:
        from kimcost.reports.settlement.document import settlement_document

        return envelope.encode(settlement_document(self.subject.settlement, self.subject.loaded, self.privacy))


class SettlementCsv(StreamFormat[SettlementSubject]):
    """The municipality table; the variant ``positions`` gives the post lines. Neither names
    a holder, so the public edition's CSV is the full edition's, byte for byte."""

    name = "csv"
    suffix = ".csv"

    def encode(self) -> bytes:
        from kimcost.reports.settlement.csv_table import members_table, positions_table

        make = positions_table if self.edition.variant == "positions" else members_table
        return make(self.subject.settlement, self.lang).encode(self.lang)


class SettlementWorkbook(WorkbookFormat[SettlementSubject]):
    def build(self, moment: dt.datetime) -> Book:
        from kimcost.reports.settlement.workbook import build_workbook

        return build_workbook(self.subject.settlement, self.subject.loaded, self.lang, moment, self.privacy)


class SettlementReport(Report[SettlementSubject]):
    kind = "settlement"
    formats = {f.name: f for f in (SettlementTable, SettlementJson, SettlementCsv, SettlementWorkbook)}
