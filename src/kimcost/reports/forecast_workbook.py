"""The forecast as an Excel workbook: the year table, the advance proposal, the assumptions.

Money cells are numbers (Decimal, formatted ``#,##0.00 "€"``) so finance staff can sum and
link them; names and sources are written as text, never as formulas, even when they begin
with "=" (a name or source from a YAML file must not run in Excel).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kimcost.loading import LoadedConfig
from kimcost.engine.forecast import Forecast
from kimcost.reports.forecast import (
    REGION_FIGURES,
    flagged_parameters,
    member_rows,
    region_figures,
    scenario_names,
)
from kimcost.reports.labels import label
from kimcost.reports.output import write_atomically
from kimcost.reports.workbook.determinism import calculation_moment, save_reproducibly
from kimcost.reports.workbook.styles import MONEY, clean_text

FTE_FORMAT = "0.00"
BOLD = Font(bold=True)


def _text(ws: Worksheet, row: int, col: int, value: str, bold: bool = False) -> None:
    cell = ws.cell(row=row, column=col)
    cell.value = clean_text(value)
    cell.data_type = "s"  # text stays text: no formula, no number guessing
    if bold:
        cell.font = BOLD


def _number(ws: Worksheet, row: int, col: int, value: Decimal | int, fmt: str = MONEY, bold: bool = False) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.number_format = fmt
    if bold:
        cell.font = BOLD


def _widths(ws: Worksheet, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _forecast_sheet(ws: Worksheet, fc: Forecast, loaded: LoadedConfig, lang: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    base = fc.settlements[0]
    names = scenario_names(loaded)
    _text(ws, 1, 1, f"{L('forecast')} {fc.first}–{fc.last} – {base.district}", bold=True)
    _text(ws, 2, 1, f"{L('scenarios')}: {', '.join(names) if names else L('no_scenario')}")
    row = 4
    _text(ws, row, 1, L("forecast_regions"), bold=True)
    row += 1
    for col, head in enumerate((L("region"), L("figure"), *map(str, fc.years)), start=1):
        _text(ws, row, col, head, bold=True)
    for r in base.regions:
        figures = region_figures(fc, r.id)
        row += 1
        _text(ws, row, 1, r.name)
        _text(ws, row, 2, L("fte_average"))
        for i, v in enumerate(figures["fte"]):
            _number(ws, row, 3 + i, v, FTE_FORMAT)
        for key in REGION_FIGURES:
            row += 1
            _text(ws, row, 1, r.name)
            _text(ws, row, 2, L(key), bold=key == "own_share")
            for i, v in enumerate(figures[key]):
                _number(ws, row, 3 + i, v, bold=key == "own_share")
    row += 2
    _text(ws, row, 1, L("forecast_members"), bold=True)
    row += 1
    for col, head in enumerate((L("region"), L("member"), *map(str, fc.years)), start=1):
        _text(ws, row, col, head, bold=True)
    for m in member_rows(fc):
        row += 1
        _text(ws, row, 1, m.region_name)
        _text(ws, row, 2, m.name)
        for i, v in enumerate(m.shares):
            _number(ws, row, 3 + i, v)
    _widths(ws, [24, 36] + [16] * len(fc.years))
    ws.freeze_panes = "C6"


def _advances_sheet(ws: Worksheet, fc: Forecast, lang: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    proposal = fc.advances
    count = max(r.instalment_count for r in proposal.regions)
    _text(ws, 1, 1, f"{L('advance_proposal')} {proposal.year}", bold=True)
    _text(ws, 2, 1, L("advance_note").format(year=proposal.year, n=count))
    heads = (L("region"), L("member"), f"{L('share')} {proposal.year}",
             *(f"{i + 1}. {L('instalment')}" for i in range(count)))
    for col, head in enumerate(heads, start=1):
        _text(ws, 4, col, head, bold=True)
    row = 4
    for r in proposal.regions:
        for m in r.members:
            row += 1
            _text(ws, row, 1, r.name)
            _text(ws, row, 2, m.name)
            _number(ws, row, 3, m.share)
            if m.is_employer:
                _text(ws, row, 4, L("bears_own_share"))
            for i, v in enumerate(m.instalments):
                _number(ws, row, 4 + i, v)
    _widths(ws, [24, 36, 16] + [16] * count)


def _assumptions_sheet(ws: Worksheet, fc: Forecast, loaded: LoadedConfig, lang: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    heads = (L("parameter"), L("since"), L("value"), L("source"), L("status"), L("years"))
    for col, head in enumerate(heads, start=1):
        _text(ws, 1, col, head, bold=True)
    for row, f in enumerate(flagged_parameters(fc, loaded), start=2):
        _text(ws, row, 1, f.row.key)
        _text(ws, row, 2, f.row.since.isoformat() if f.row.since else "")
        _text(ws, row, 3, f.row.value)
        _text(ws, row, 4, f.row.source)
        _text(ws, row, 5, label(f.row.status, lang))
        _text(ws, row, 6, ", ".join(map(str, f.years)))
    _widths(ws, [48, 12, 40, 80, 12, 24])


def build_workbook(fc: Forecast, loaded: LoadedConfig, lang: str = "de") -> Workbook:
    wb = Workbook()
    main = wb.active
    main.title = label("forecast_sheet", lang)
    _forecast_sheet(main, fc, loaded, lang)
    _advances_sheet(wb.create_sheet(f"{label('advances_sheet', lang)} {fc.advances.year}"), fc, lang)
    _assumptions_sheet(wb.create_sheet(label("assumptions_sheet", lang)), fc, loaded, lang)
    return wb


def write_forecast_workbook(fc: Forecast, loaded: LoadedConfig, target: Path, lang: str = "de") -> None:
    """Build first, then write to a temporary file that replaces ``target`` only when complete."""
    moment = calculation_moment()
    wb = build_workbook(fc, loaded, lang)
    write_atomically(Path(target), lambda tmp: save_reproducibly(wb, tmp, moment))
