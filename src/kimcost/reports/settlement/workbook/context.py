"""What every sheet builder needs: the settlement, the configuration, language, the date
of calculation and the names of all sheets (so sheets can refer to each other)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from kimcost.engine.results import MemberShare, RegionResult, Settlement
from kimcost.loading import LoadedConfig
from kimcost.reports import numbers as fmt
from kimcost.reports.labels import label
from kimcost.reports.parameters import ParameterRow, parameter_rows
from kimcost.reports.public import FULL, Privacy
from kimcost.reports.xlsx.book import footer_text
from kimcost.reports.xlsx.names import SheetNames


@dataclass
class Context:
    settlement: Settlement
    loaded: LoadedConfig
    lang: str
    moment: dt.datetime
    overview_sheet: str = ""
    monthly_sheet: str = ""
    parameter_sheet: str = ""
    region_sheets: dict[str, str] = field(default_factory=dict)
    statement_sheets: dict[tuple[str, str], str] = field(default_factory=dict)
    parameters: list[ParameterRow] = field(default_factory=list)
    privacy: Privacy = FULL           # the public edition: what may be shown of holders

    @classmethod
    def build(cls, settlement: Settlement, loaded: LoadedConfig, lang: str, moment: dt.datetime,
              privacy: Privacy = FULL) -> Context:
        ctx = cls(settlement, loaded, lang, moment, privacy=privacy)
        names = SheetNames()
        # fixed sheets first, so a region called "Parameter" cannot take their names
        ctx.overview_sheet = names.take(label("sheet_overview", lang))
        ctx.monthly_sheet = names.take(label("sheet_monthly", lang))
        ctx.parameter_sheet = names.take(label("sheet_parameters", lang))
        for region in settlement.regions:
            ctx.region_sheets[region.id] = names.take(region.name, region.id)
        for region, member in ctx.statement_members():
            wanted = label("sheet_statement", lang).format(name=member.name)
            ctx.statement_sheets[(region.id, member.id)] = names.take(wanted, member.id)
        ctx.parameters = parameter_rows(settlement, loaded.config, privacy)
        return ctx

    def L(self, name: str, /, **values: object) -> str:
        text = label(name, self.lang)
        return text.format(**values) if values else text

    def statement_members(self) -> list[tuple[RegionResult, MemberShare]]:
        """Rule 13: every member but the region's employer settles with the employer."""
        return [(r, m) for r in self.settlement.regions for m in r.members if not m.is_employer]

    @property
    def workbook_title(self) -> str:
        """The title printed atop every page; the public edition says it is one."""
        return self.privacy.title(self.L("workbook_title", year=self.year))

    @property
    def year(self) -> int:
        return self.settlement.year

    @property
    def calculation_date(self) -> dt.date:
        return self.moment.date()

    @property
    def config_name(self) -> str:
        # The file name alone: a council letter must not carry a local folder, and the
        # workbook's bytes must not depend on where the command was run (SHA-256 identifies it).
        return self.loaded.main_file.name

    @cached_property
    def flagged(self) -> list[ParameterRow]:
        # asked by every statement: 290 of them at state scale, over ~700 parameters each
        return [row for row in self.parameters if row.flagged]

    def money(self, amount) -> str:
        return fmt.money(amount, self.lang)

    def date_text(self, day: dt.date | None) -> str:
        return fmt.date(day, self.lang)

    def footer(self) -> str:
        return footer_text(self.config_name, self.loaded.fingerprint, self.moment, self.lang)
