"""An empty table as an .xlsx template: the header row of its layout
(configuration/tables/layout.py), an example row marked as such, number and date formats,
drop-downs and checks (data validation) for the columns, column widths, a note on each header.

The drop-downs' values stand on a second sheet, "Auswahl", because a list written into the
validation itself may hold at most 255 characters. The example row's note begins with
"Beispiel", so the reader skips it even when it is left in the sheet.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from kimcost.configuration.tables.layout import Column, Kind, Layout
from kimcost.reports.templates.choices import Choices
from kimcost.reports.xlsx.writer import zip_entry, zip_stamp

ROWS = 1000                  # the rows the formats and checks cover below the header
LISTS_SHEET = "Auswahl"
EXAMPLE_NOTE = "Beispiel – diese Zeile wird nicht gelesen; überschreiben Sie sie oder legen Sie darunter los"
# German-tagged, as every workbook kimcost writes (reports/xlsx/styles.py): the example row
# reads 4.500,00 and 15.09.2025 on an English-language machine too
DATE_FORMAT = "[$-407]DD.MM.YYYY"
MONEY_FORMAT = "[$-407]#,##0.00"
FTE_FORMAT = "[$-407]0.00##"

_HEADER_FONT = Font(name="Calibri", size=10, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_EXAMPLE_FONT = Font(name="Calibri", size=10, italic=True, color="808080")


@dataclass(frozen=True)
class _Look:
    help: str                   # the header's note
    width: float
    number_format: str = "General"


_LOOKS: dict[str, _Look] = {
    "post": _Look("Kennung der Stelle wie unter positions: (id), z. B. rheine-1", 14, "@"),
    "name": _Look("Name der Stelleninhaberin / des Stelleninhabers", 28, "@"),
    "start": _Look("Erster Tag auf der Stelle, TT.MM.JJJJ", 12, DATE_FORMAT),
    "end": _Look("Letzter Tag auf der Stelle; leer, solange beschäftigt", 12, DATE_FORMAT),
    "fte": _Look("Vollzeitäquivalent: mehr als 0, höchstens 1, z. B. 0,5", 8, FTE_FORMAT),
    "grade": _Look("Entgeltgruppe wie in den Tabellen, z. B. S 12", 14, "@"),
    "step": _Look("Stufe am Tag „Stufe seit“ (ganze Zahl ab 1)", 7, "0"),
    "step_since": _Look("Tag, an dem die Stufe begann; nicht nach dem Beginn", 12, DATE_FORMAT),
    "assumption": _Look("Was an dieser Angabe angenommen ist (erscheint in jeder Ausgabe); sonst leer", 30, "@"),
    "note": _Look("Bemerkung; wird nicht gelesen. Eine Zeile, deren Bemerkung mit „Beispiel“ beginnt, "
                  "wird ganz übergangen", 40, "@"),
    "region": _Look("Kennung der Region wie unter regions:, z. B. rheine", 14, "@"),
    "year": _Look("Jahr, vierstellig, z. B. 2025", 7, "0"),
    "member": _Look("Kennung der zahlenden Kommune, z. B. wettringen; 0 € für eine Kommune, die nichts zahlte", 16, "@"),
    "amount": _Look("Im Jahr gezahlte Abschläge in Euro, z. B. 4.500,00", 14, MONEY_FORMAT),
    "source": _Look("Woher die Ist-Beträge stammen, z. B. Personalabrechnung 2024", 30, "@"),
    "personnel": _Look("Ist-Personalkosten des Jahres in Euro; leer: berechnet", 15, MONEY_FORMAT),
    "equipment": _Look("Ist-Sachkosten der Ausstattung in Euro; leer: berechnet", 15, MONEY_FORMAT),
    "recruitment": _Look("Ist-Kosten der Personalgewinnung in Euro; leer: berechnet", 15, MONEY_FORMAT),
    "administration": _Look("Ist-Kosten der Personalverwaltung in Euro; leer: berechnet", 15, MONEY_FORMAT),
}

# The list of the lists sheet each column's drop-down takes its values from.
_LISTS = {"post": "posts", "region": "regions", "member": "members", "grade": "grades"}
_LIST_TITLES = {"posts": "Stellen", "regions": "Regionen", "members": "Kommunen", "grades": "Entgeltgruppen"}


def _example(column: Column, choices: Choices) -> Any:
    pick = {"post": choices.posts, "region": choices.regions, "member": choices.members, "grade": choices.grades}
    if column.key in pick and pick[column.key]:
        return pick[column.key][-1 if column.key == "member" else 0]
    return {
        "post": "stelle-1", "name": "Erika Mustermann", "start": dt.date(2025, 9, 15), "fte": Decimal("0.5"),
        "grade": "S 12", "step": 2, "step_since": dt.date(2025, 9, 15), "region": "region-1", "year": 2025,
        "member": "kommune-1", "amount": Decimal("4500.00"), "source": "Personalabrechnung 2025",
        "personnel": Decimal("61234.56"), "note": EXAMPLE_NOTE,
    }.get(column.key)


def template_workbook(layout: Layout, choices: Choices) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = layout.sheet
    lists = _lists_sheet(wb, choices)
    for index, column in enumerate(layout.columns, start=1):
        letter = get_column_letter(index)
        look = _LOOKS[column.key]
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        required = "Pflichtangabe. " if column.required else ""
        cell.comment = Comment(f"{required}{look.help}\n(englisch: {column.key})", "kimcost", width=260, height=110)
        ws.column_dimensions[letter].width = max(look.width, len(column.header) + 2)
        example = ws.cell(row=2, column=index, value=_example(column, choices))
        example.font = _EXAMPLE_FONT
        example.number_format = look.number_format
        for row in range(3, ROWS + 2):
            ws.cell(row=row, column=index).number_format = look.number_format
        validation = _validation(column, lists, choices)
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{ROWS + 1}")
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # all columns on the page's width
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(layout.columns))}1"
    wb.properties.creator = "kimcost"
    wb.properties.title = f"kimcost: Vorlage {layout.german}"
    wb.properties.language = "de-DE"
    return wb


def _lists_sheet(wb: Workbook, choices: Choices) -> dict[str, str]:
    """The drop-downs' values, one column per list; the formula each list is referred to by."""
    ws: Worksheet = wb.create_sheet(LISTS_SHEET)
    refs: dict[str, str] = {}
    column = 0
    for name, values in (("posts", choices.posts), ("regions", choices.regions),
                         ("members", choices.members), ("grades", choices.grades)):
        if not values:
            continue
        column += 1
        letter = get_column_letter(column)
        head = ws.cell(row=1, column=column, value=_LIST_TITLES[name])
        head.font, head.fill = _HEADER_FONT, _HEADER_FILL
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=column, value=value).number_format = "@"
        ws.column_dimensions[letter].width = max(14, *(len(v) + 2 for v in values))
        refs[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    if choices.origin:
        ws.cell(row=1, column=column + 2, value=f"aus: {choices.origin}").font = _EXAMPLE_FONT
    return refs


def _validation(column: Column, lists: dict[str, str], choices: Choices) -> DataValidation | None:
    listed = _LISTS.get(column.key)
    if listed is not None and listed in lists:
        return DataValidation(type="list", formula1=lists[listed], allow_blank=True, showDropDown=False,
                              showErrorMessage=True, errorTitle=column.german,
                              error=f"Wählen Sie einen Wert der Liste ({_LIST_TITLES[listed]} auf dem Blatt {LISTS_SHEET}).",
                              promptTitle=column.german, prompt=_LOOKS[column.key].help[:250], showInputMessage=True)
    checks: dict[Kind, dict[str, Any]] = {
        Kind.date: dict(type="date", operator="between", formula1="DATE(1990,1,1)", formula2="DATE(2100,12,31)",
                        error="Ein Datum, z. B. 15.09.2025."),
        Kind.year: dict(type="whole", operator="between", formula1="1990", formula2="2100",
                        error="Ein Jahr mit vier Ziffern, z. B. 2025."),
        Kind.whole: dict(type="whole", operator="between", formula1="1", formula2="30",
                         error="Eine ganze Zahl ab 1, z. B. 3."),
        Kind.money: dict(type="decimal", operator="greaterThanOrEqual", formula1="0",
                         error="Ein Betrag von 0 an, z. B. 4.500,00."),
    }
    spec: dict[str, Any] | None
    if column.key == "fte":
        spec = dict(type="decimal", operator="between", formula1="0.0001", formula2="1",
                    error="Mehr als 0 und höchstens 1, z. B. 0,5.")
    else:
        spec = checks.get(column.kind)
    if spec is None:
        return None
    error = spec.pop("error")
    return DataValidation(**spec, allow_blank=True, showErrorMessage=True, errorTitle=column.german,
                          error=error, promptTitle=column.german, prompt=_LOOKS[column.key].help[:250],
                          showInputMessage=True)


def save_template(wb: Workbook, path: Path, moment: dt.datetime) -> None:
    """Save through openpyxl's public API, then rewrite its zip with the entries kimcost's own
    writer makes (reports/xlsx/writer.py: time ``moment``, fixed permissions), so that the same
    choices give the same bytes (the document's own dates are ``moment`` too).

    The templates are the one workbook kimcost writes with openpyxl: they need data
    validation (drop-downs), which kimcost's own writer (reports/xlsx/writer.py) does not
    have, and they are small, so openpyxl's speed does not matter."""
    wb.properties.created = wb.properties.modified = moment.replace(tzinfo=None)
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = zip_stamp(moment)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as written, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in written.infolist():
            out.writestr(zip_entry(item.filename, stamp), written.read(item.filename))
