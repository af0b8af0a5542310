"""A forecast (budget year and medium-term plan) as a report: terminal, JSON, CSV, workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kimcost.engine.forecast import Forecast
from kimcost.loading import LoadedConfig
from kimcost.reports import envelope
from kimcost.reports.formats import Report, StreamFormat, TerminalFormat, WorkbookFormat

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kimcost.reports.xlsx.model import Book


@dataclass(frozen=True)
class ForecastSubject:
    forecast: Forecast
    loaded: LoadedConfig


class ForecastTable(TerminalFormat[ForecastSubject]):
    def renderables(self) -> Iterable[RenderableType]:
        from kimcost.reports.forecast.terminal import forecast_view

        return forecast_view(self.subject.forecast, self.subject.loaded, self.lang, self.privacy)


class ForecastJson(StreamFormat[ForecastSubject]):
    name = "json"
    suffix = ".json"

    def encode(self) -> bytes:
        from kimcost.reports.forecast.document import forecast_document

        return envelope.encode(forecast_document(self.subject.forecast, self.subject.loaded, self.privacy))


class ForecastCsv(StreamFormat[ForecastSubject]):
    name = "csv"
    suffix = ".csv"

    def encode(self) -> bytes:
        from kimcost.reports.forecast.csv_table import forecast_table

        return forecast_table(self.subject.forecast, self.lang).encode(self.lang)


class ForecastWorkbook(WorkbookFormat[ForecastSubject]):
    def build(self, moment: dt.datetime) -> Book:
        from kimcost.reports.forecast.workbook import build_workbook

        return build_workbook(self.subject.forecast, self.subject.loaded, self.lang, moment, self.privacy)


class ForecastReport(Report[ForecastSubject]):
    kind = "forecast"
    formats = {f.name: f for f in (ForecastTable, ForecastJson, ForecastCsv, ForecastWorkbook)}
