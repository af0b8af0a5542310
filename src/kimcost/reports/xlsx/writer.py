"""Saves a kimcost ``Book`` (model.py) as an .xlsx file: SpreadsheetML written as strings,
each sheet streamed into the zip as it is produced.

Reproducible: the same book and moment give the same bytes (every zip entry carries the
moment as its time, or 1980-01-01 before that; fixed permissions; parts in a fixed order;
the document's created/modified time is the moment). ``SOURCE_DATE_EPOCH`` sets the
moment (determinism.py).

What a cell becomes:
- text: an entry of the shared-string table (a district's names repeat on every monthly
  row: the table is several times smaller than inline strings), cleaned of characters XML
  cannot hold, cut to Excel's 32,767 characters; never a formula, whatever it starts with;
- a Decimal: its own digits (``format(value, "f")``, trailing zeros dropped), never via
  float; an int as it is; a float by ``repr``;
- a date: serial days since 1899-12-30 (Excel's 1900 system), a datetime with the time as
  the fraction of the day;
- None: an empty cell that keeps its style (the border of a totals line).
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from kimcost import __version__
from kimcost.reports.xlsx.chart import BarChart, quoted_sheet
from kimcost.reports.xlsx.limits import check_extent
from kimcost.reports.xlsx.model import Book, Sheet, column_letter, split_cell_name
from kimcost.reports.xlsx.styles import Alignment, Border, Fill, Font, Side, clean_text, style_name

_ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can record
_MAX_TEXT = 32767                     # Excel's limit for the text of a cell
_DAY_ZERO = dt.date(1899, 12, 30).toordinal()
_ROWS_PER_CHUNK = 2000
# zlib level 1: a state's 14 MB of XML deflate in 0.06 s instead of 0.22 s (level 6), to
# 1.9 MB instead of 1.4 MB (docs/benchmarks.md)
_LEVEL = 1
_STREAMED_CELLS = 1_000_000           # ~4× a state's monthly values (see docs/benchmarks.md, S5)
_SELECTED = ' tabSelected="1"'

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument."
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Excel's built-in number formats that kimcost's kinds use; every other gets an id from 164
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    return esc(text).replace('"', "&quot;")


def zip_stamp(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """The time every zip entry of a file written at ``moment`` carries (1980 at the earliest)."""
    t = max(moment, _ZIP_EPOCH)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second)


def zip_entry(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    """A zip entry that depends on nothing but its name and ``stamp``: deflated, fixed permissions."""
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_book(book: Book, path: Path | BinaryIO, moment: dt.datetime) -> None:
    """The whole file at ``path``. Every sheet is checked against Excel's limits before the
    first byte is written (limits.py)."""
    for ws in book.worksheets:
        _, _, last_row, last_col = ws.extent()
        check_extent(ws.title, last_row, last_col)
    if not book.worksheets:
        raise ValueError("a workbook needs at least one sheet")
    stamp = zip_stamp(moment)
    if hasattr(path, "write"):  # a binary file object (tests read a workbook back from memory)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            _Package(book, archive, stamp, moment).write()
        return
    with open(path, "wb") as fh:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            _Package(book, archive, stamp, moment).write()
        fh.flush()
        os.fsync(fh.fileno())


class _Package:
    def __init__(self, book: Book, archive: zipfile.ZipFile, stamp: tuple[int, int, int, int, int, int],
                 moment: dt.datetime):
        self.book = book
        self.archive = archive
        self.stamp = stamp
        self.moment = moment
        self.strings: dict[str, int] = {}
        self.overrides: list[tuple[str, str]] = []

    def _info(self, name: str) -> zipfile.ZipInfo:
        return zip_entry(name, self.stamp)

    def part(self, name: str, text: str, content_type: str | None = None) -> None:
        self.archive.writestr(self._info(name), (_DECL + text).encode("utf-8"), compresslevel=_LEVEL)
        if content_type:
            self.overrides.append((name, content_type))

    def stream(self, name: str, chunks: Iterator[str], content_type: str, cells: int) -> None:
        """A sheet: joined and deflated fast (level 1) up to ``_STREAMED_CELLS``; beyond,
        streamed chunk by chunk (zipfile deflates a stream at its default level), so memory
        stays flat for a sheet of a million rows."""
        if cells <= _STREAMED_CELLS:
            self.part(name, "".join(chunks), content_type)
            return
        with self.archive.open(self._info(name), "w", force_zip64=True) as out:
            out.write(_DECL.encode("utf-8"))
            for chunk in chunks:
                out.write(chunk.encode("utf-8"))
        self.overrides.append((name, content_type))

    def write(self) -> None:
        book = self.book
        chart_no = drawing_no = 0
        for index, ws in enumerate(book.worksheets, 1):
            drawing = None
            if ws.charts:
                drawing_no += 1
                drawing = drawing_no
                charts = []
                for placement in ws.charts:
                    chart_no += 1
                    charts.append(chart_no)
                    self.part(f"xl/charts/chart{chart_no}.xml", chart_xml(placement.chart),
                              _CT + "drawingml.chart+xml")
                self.part(f"xl/drawings/drawing{drawing}.xml", _drawing_xml(ws), _CT + "drawing+xml")
                self.part(f"xl/drawings/_rels/drawing{drawing}.xml.rels", _rels(
                    [(f"rId{i}", _REL + "chart", f"../charts/chart{n}.xml") for i, n in enumerate(charts, 1)]))
                self.part(f"xl/worksheets/_rels/sheet{index}.xml.rels", _rels(
                    [("rId1", _REL + "drawing", f"../drawings/drawing{drawing}.xml")]))
            cells = len(ws.prepared[2]) * len(ws.prepared[1]) if ws.prepared is not None else 0
            self.stream(f"xl/worksheets/sheet{index}.xml", _sheet_xml(ws, index - 1 == book.active, drawing,
                                                                     self.strings),
                        _CT + "spreadsheetml.worksheet+xml", cells)
        self.part("xl/sharedStrings.xml", _shared_strings(self.strings), _CT + "spreadsheetml.sharedStrings+xml")
        self.part("xl/styles.xml", styles_xml(book), _CT + "spreadsheetml.styles+xml")
        self.part("xl/workbook.xml", _workbook_xml(book), _CT + "spreadsheetml.sheet.main+xml")
        sheets = [(f"rId{i}", _REL + "worksheet", f"worksheets/sheet{i}.xml")
                  for i in range(1, len(book.worksheets) + 1)]
        n = len(sheets)
        self.part("xl/_rels/workbook.xml.rels", _rels(sheets + [
            (f"rId{n + 1}", _REL + "styles", "styles.xml"),
            (f"rId{n + 2}", _REL + "sharedStrings", "sharedStrings.xml")]))
        self.part("docProps/core.xml", _core_xml(book, self.moment),
                  "application/vnd.openxmlformats-package.core-properties+xml")
        self.part("docProps/app.xml", _app_xml(book), _CT + "extended-properties+xml")
        self.part("_rels/.rels", _rels([
            ("rId1", _REL + "officeDocument", "xl/workbook.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
             "docProps/core.xml"),
            ("rId3", _REL + "extended-properties", "docProps/app.xml")]))
        overrides = "".join(f'<Override PartName="/{name}" ContentType="{ct}"/>' for name, ct in self.overrides)
        self.part("[Content_Types].xml",
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')


def _rels(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items)
    return f'<Relationships xmlns="{_NS_PKG_REL}">{body}</Relationships>'


# --- cells -----------------------------------------------------------------------------

def decimal_text(value: Decimal) -> str:
    """The Decimal's own digits, without trailing zeros ("1796.00" → "1796")."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a number a spreadsheet can hold")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _number_text(value: object) -> str | None:
    """The ``<v>`` of a number or date cell; None for a value that is not one."""
    kind = type(value)
    if kind is Decimal:
        return decimal_text(value)  # type: ignore[arg-type]
    if kind is int:
        return str(value)
    if kind is dt.date:
        return str(value.toordinal() - _DAY_ZERO)  # type: ignore[attr-defined]
    if kind is dt.datetime:
        moment: dt.datetime = value  # type: ignore[assignment]
        days = moment.toordinal() - _DAY_ZERO
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
        return str(days) if not seconds else repr(days + seconds / 86400)
    if kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{value} is not a number a spreadsheet can hold")
        return repr(value)
    return None


def _cell_xml(ref: str, style: str, value: object, strings: dict[str, int]) -> str:
    """``ref``: '<c r="E12"'; ``style``: ' s="7"'."""
    if value is None or value == "":
        return f"{ref}{style}/>"
    if isinstance(value, str):
        index = strings.get(value)
        if index is None:
            index = strings[value] = len(strings)
        return f'{ref}{style} t="s"><v>{index}</v></c>'
    if value is True or value is False:
        return f'{ref}{style} t="b"><v>{int(value)}</v></c>'
    number = _number_text(value)
    if number is None:
        if isinstance(value, Decimal):
            number = decimal_text(value)
        elif isinstance(value, int):
            number = str(int(value))
        elif isinstance(value, dt.date):
            number = _number_text(dt.date(value.year, value.month, value.day))
        else:
            raise TypeError(f"cannot write {value!r} ({type(value).__name__}) into a cell")
    return f"{ref}{style}><v>{number}</v></c>"


def _sheet_rows(ws: Sheet, strings: dict[str, int]) -> Iterator[str]:
    """The ``<row>`` elements in order, in chunks: the cells, the prepared block in its place,
    and rows that only have a height."""
    heights = {row: dim.height for row, dim in ws.row_dimensions.items() if dim.height is not None}
    rows = sorted(set(ws.rows) | set(heights))
    letters: dict[int, str] = {}
    styles: dict[int, str] = {}
    block = ws.prepared
    if block is not None and block[2]:
        first, kinds, values = block
        last = first + len(values) - 1
        clash = [r for r in rows if first <= r <= last]
        if clash:
            raise RuntimeError(f"sheet {ws.title!r}: rows {first}–{last} are prepared; row {clash[0]} "
                               "may not hold other cells or a height")
        before = [r for r in rows if r < first]
        after = [r for r in rows if r > last]
    else:
        block = None
        before, after = rows, []
    out: list[str] = []
    for part in (before, None, after):
        if part is None:
            if block is not None:
                yield "".join(out)
                out = []
                yield from _prepared_rows(block, strings)
            continue
        for row in part:
            height = heights.get(row)
            out.append(f'<row r="{row}" ht="{_num(height)}" customHeight="1">' if height is not None
                       else f'<row r="{row}">')
            for col, (value, style) in sorted(ws.rows.get(row, {}).items()):
                letter = letters.get(col)
                if letter is None:
                    letter = letters[col] = column_letter(col)
                s = styles.get(style)
                if s is None:
                    s = styles[style] = f' s="{style}"' if style else ""
                if isinstance(value, str) and value:
                    index = strings.get(value)
                    if index is None:
                        index = strings[value] = len(strings)
                    out.append(f'<c r="{letter}{row}"{s} t="s"><v>{index}</v></c>')
                elif value is None:
                    out.append(f'<c r="{letter}{row}"{s}/>')
                elif isinstance(value, Decimal):
                    out.append(f'<c r="{letter}{row}"{s}><v>{decimal_text(value)}</v></c>')
                else:
                    out.append(_cell_xml(f'<c r="{letter}{row}"', s, value, strings))
            out.append("</row>")
            if len(out) > 20_000:
                yield "".join(out)
                out = []
    yield "".join(out)


def _prepared_rows(block, strings: dict[str, int]) -> Iterator[str]:
    """The monthly values' rows: per column the opening '<c r="E' and ' s="7"' prepared once."""
    first, kinds, rows = block
    opening = [f'<c r="{column_letter(col)}' for col in range(1, len(kinds) + 1)]
    styled = [f'" s="{style}"' for style in kinds]
    numbers: dict[object, str] = {}   # amounts, rates, dates and counts repeat from row to row
    out: list[str] = []
    append = out.append
    for row, values in enumerate(rows, first):
        append(f'<row r="{row}">')
        for start, style, value in zip(opening, styled, values):
            kind = type(value)
            if kind is Decimal:
                text = numbers.get(value)
                if text is None:
                    text = numbers[value] = decimal_text(value)
                append(f"{start}{row}{style}><v>{text}</v></c>")
            elif kind is str and value:
                index = strings.get(value)
                if index is None:
                    index = strings[value] = len(strings)
                append(f'{start}{row}{style} t="s"><v>{index}</v></c>')
            elif value is None or value == "":
                append(f"{start}{row}{style}/>")
            elif kind is int or kind is dt.date:
                text = numbers.get(value)
                if text is None:
                    text = numbers[value] = _number_text(value) or ""
                append(f"{start}{row}{style}><v>{text}</v></c>")
            else:
                append(_cell_xml(f"{start}{row}", style, value, strings))
        append("</row>")
        if (row - first) % _ROWS_PER_CHUNK == _ROWS_PER_CHUNK - 1:
            yield "".join(out)
            out.clear()
    yield "".join(out)


def _shared_strings(strings: dict[str, int]) -> str:
    items = []
    for text in strings:  # in the order of their index
        text = clean_text(text)[:_MAX_TEXT]
        space = ' xml:space="preserve"' if text != text.strip() else ""
        items.append(f"<si><t{space}>{esc(text)}</t></si>")
    return f'<sst xmlns="{_NS_MAIN}" count="{len(items)}" uniqueCount="{len(items)}">{"".join(items)}</sst>'


def _num(value: float | int) -> str:
    """A measure (width, height, margin) without a needless ".0"."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- a sheet ---------------------------------------------------------------------------

def _sheet_xml(ws: Sheet, selected: bool, drawing: int | None, strings: dict[str, int]) -> Iterator[str]:
    page = ws.page
    first_row, first_col, last_row, last_col = ws.extent()
    head = [f'<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_R}">',
            "<sheetPr><outlinePr summaryBelow=\"1\" summaryRight=\"1\"/>"
            + ('<pageSetUpPr fitToPage="1"/>' if page is not None else "") + "</sheetPr>",
            f'<dimension ref="{column_letter(first_col)}{first_row}:{column_letter(last_col)}{last_row}"/>',
            f"<sheetViews><sheetView{_SELECTED if selected else ''} workbookViewId=\"0\">"
            f"{_pane(ws.freeze_panes)}</sheetView></sheetViews>",
            '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>']
    if ws.column_widths:
        head.append("<cols>" + "".join(
            f'<col min="{col}" max="{col}" width="{_num(width)}" customWidth="1"/>'
            for col, width in sorted(ws.column_widths.items())) + "</cols>")
    head.append("<sheetData>")
    yield "".join(head)
    yield from _sheet_rows(ws, strings)
    tail = ["</sheetData>"]
    if ws.auto_filter.ref:
        tail.append(f'<autoFilter ref="{ws.auto_filter.ref}"/>')
    if ws.merged:
        refs = "".join(f'<mergeCell ref="{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"/>'
                       for r1, c1, r2, c2 in ws.merged)
        tail.append(f'<mergeCells count="{len(ws.merged)}">{refs}</mergeCells>')
    if page is not None:
        left, right, top, bottom, header, footer = page.margins
        tail.append(f'<printOptions horizontalCentered="{int(page.centered)}"/>'
                    f'<pageMargins left="{_num(left)}" right="{_num(right)}" top="{_num(top)}" '
                    f'bottom="{_num(bottom)}" header="{_num(header)}" footer="{_num(footer)}"/>'
                    f'<pageSetup paperSize="9" orientation="{"landscape" if page.landscape else "portrait"}" '
                    f'fitToWidth="{page.fit_width}" fitToHeight="{page.fit_height}"/>'
                    f"<headerFooter><oddHeader>{esc(page.header)}</oddHeader>"
                    f"<oddFooter>{esc(page.footer)}</oddFooter></headerFooter>")
    if drawing is not None:
        tail.append('<drawing r:id="rId1"/>')
    tail.append("</worksheet>")
    yield "".join(tail)


def _pane(freeze: str | None) -> str:
    if not freeze or freeze == "A1":
        return '<selection activeCell="A1" sqref="A1"/>'
    row, col = split_cell_name(freeze)
    x, y = col - 1, row - 1
    active = "bottomRight" if x and y else ("bottomLeft" if y else "topRight")
    split = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
    return (f'<pane{split} topLeftCell="{freeze}" activePane="{active}" state="frozen"/>'
            f'<selection pane="{active}" activeCell="{freeze}" sqref="{freeze}"/>')


# --- the workbook part, properties -----------------------------------------------------

def _workbook_xml(book: Book) -> str:
    sheets = "".join(f'<sheet name="{attr(ws.title)}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, ws in enumerate(book.worksheets, 1))
    names = []
    for i, ws in enumerate(book.worksheets):
        sheet = esc(quoted_sheet(ws.title))
        if ws.auto_filter.ref:
            start, _, end = ws.auto_filter.ref.partition(":")
            ref = _absolute(start) + (":" + _absolute(end) if end else "")
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">{sheet}!{ref}'
                         "</definedName>")
        page = ws.page
        if page is not None and page.title_rows:
            first, _, last = page.title_rows.partition(":")
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{sheet}!${first}:${last or first}'
                         "</definedName>")
        if page is not None and page.print_area:
            start, _, end = page.print_area.partition(":")
            names.append(f'<definedName name="_xlnm.Print_Area" localSheetId="{i}">{sheet}!{_absolute(start)}:'
                         f"{_absolute(end)}</definedName>")
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_R}"><workbookPr/>'
            f'<bookViews><workbookView activeTab="{book.active}"/></bookViews>'
            f"<sheets>{sheets}</sheets>{defined}<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>")


def _absolute(name: str) -> str:
    letters = name.rstrip("0123456789")
    return f"${letters}${name[len(letters):]}"


def _w3c(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _core_xml(book: Book, moment: dt.datetime) -> str:
    p = book.properties
    created, modified = p.created or moment, p.modified or moment
    fields = [("dc:title", p.title), ("dc:subject", p.subject), ("dc:creator", p.creator),
              ("cp:keywords", p.keywords), ("dc:description", p.description),
              ("cp:lastModifiedBy", p.lastModifiedBy), ("dc:language", p.language)]
    body = "".join(f"<{tag}>{esc(clean_text(value))}</{tag}>" for tag, value in fields if value)
    return ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'{body}<dcterms:created xsi:type="dcterms:W3CDTF">{_w3c(created)}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_w3c(modified)}</dcterms:modified></cp:coreProperties>')


def _app_xml(book: Book) -> str:
    return ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>kimcost {esc(__version__)}</Application><DocSecurity>0</DocSecurity>"
            "<ScaleCrop>false</ScaleCrop></Properties>")


# --- styles ----------------------------------------------------------------------------

def _font_xml(font: Font) -> str:
    parts = ["<font>"]
    if font.bold:
        parts.append('<b val="1"/>')
    if font.italic:
        parts.append('<i val="1"/>')
    parts.append(f'<sz val="{_num(font.size)}"/>')
    if font.color:  # none: the automatic colour (black); the file has no theme to refer to
        parts.append(f'<color rgb="FF{font.color}"/>')
    parts.append(f'<name val="{attr(font.name)}"/><family val="2"/>')
    parts.append("</font>")
    return "".join(parts)


def _fill_xml(fill: Fill) -> str:
    return f'<fill><patternFill patternType="solid"><fgColor rgb="FF{fill.color}"/><bgColor indexed="64"/>' \
           "</patternFill></fill>"


def _side_xml(tag: str, side: Side | None) -> str:
    if side is None:
        return f"<{tag}/>"
    return f'<{tag} style="{side.style}"><color rgb="FF{side.color}"/></{tag}>'


def _border_xml(border: Border) -> str:
    return ("<border>" + _side_xml("left", None) + _side_xml("right", None) + _side_xml("top", border.top)
            + _side_xml("bottom", border.bottom) + "<diagonal/></border>")


def _alignment_xml(alignment: Alignment) -> str:
    attrs = ""
    if alignment.horizontal:
        attrs += f' horizontal="{alignment.horizontal}"'
    if alignment.vertical:
        attrs += f' vertical="{alignment.vertical}"'
    if alignment.wrap_text:
        attrs += ' wrapText="1"'
    if alignment.indent:
        attrs += f' indent="{alignment.indent}"'
    return f"<alignment{attrs}/>"


def styles_xml(book: Book) -> str:
    """styles.xml: each kind a named cell style (cellStyleXfs + cellStyles) and the cell
    format of the same look that cells refer to (cellXfs, index ``Book.style_ids``)."""
    formats: dict[str, int] = {}
    fonts: dict[Font, int] = {Font(): 0}
    fills: dict[Fill | None, int] = {None: 0}
    borders: dict[Border | None, int] = {None: 0}
    xfs = []
    for kind, (font, fill, border, alignment, number_format) in book.kinds.items():
        if number_format in _BUILTIN_FORMATS:
            fmt = _BUILTIN_FORMATS[number_format]
        else:
            fmt = formats.setdefault(number_format, 164 + len(formats))
        font_id = fonts.setdefault(font, len(fonts))
        fill_id = fills.setdefault(fill, len(fills) + 1)  # 1 is the gray125 fill Excel expects
        border_id = borders.setdefault(border, len(borders))
        xfs.append((kind, fmt, font_id, fill_id, border_id, alignment))
    num_fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{attr(code)}"/>' for code, i in formats.items())
    font_xml = "".join(_font_xml(f) for f in fonts)
    fill_xml = ('<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
                + "".join(_fill_xml(f) for f in fills if f is not None))
    border_xml = "<border><left/><right/><top/><bottom/><diagonal/></border>" + "".join(
        _border_xml(b) for b in borders if b is not None)

    def xf(fmt: int, font_id: int, fill_id: int, border_id: int, alignment: Alignment | None, xf_id: int | None) -> str:
        applied = (' applyNumberFormat="1"' if fmt else "") + (' applyFont="1"' if font_id else "") \
            + (' applyFill="1"' if fill_id else "") + (' applyBorder="1"' if border_id else "") \
            + (' applyAlignment="1"' if alignment is not None else "")
        ref = f' xfId="{xf_id}"' if xf_id is not None else ""
        head = f'<xf numFmtId="{fmt}" fontId="{font_id}" fillId="{fill_id}" borderId="{border_id}"{ref}{applied}'
        return f"{head}>{_alignment_xml(alignment)}</xf>" if alignment is not None else f"{head}/>"

    style_xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'] + [
        xf(fmt, fo, fi, bo, al, None) for _, fmt, fo, fi, bo, al in xfs]
    cell_xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'] + [
        xf(fmt, fo, fi, bo, al, i) for i, (_, fmt, fo, fi, bo, al) in enumerate(xfs, 1)]
    cell_styles = ['<cellStyle name="Normal" xfId="0" builtinId="0"/>'] + [
        f'<cellStyle name="{attr(style_name(kind))}" xfId="{i}"/>' for i, (kind, *_) in enumerate(xfs, 1)]
    return (f'<styleSheet xmlns="{_NS_MAIN}">'
            + (f'<numFmts count="{len(formats)}">{num_fmts}</numFmts>' if formats else "")
            + f'<fonts count="{len(fonts)}">{font_xml}</fonts>'
            f'<fills count="{len(fills) + 1}">{fill_xml}</fills>'
            f'<borders count="{len(borders)}">{border_xml}</borders>'
            f'<cellStyleXfs count="{len(style_xfs)}">{"".join(style_xfs)}</cellStyleXfs>'
            f'<cellXfs count="{len(cell_xfs)}">{"".join(cell_xfs)}</cellXfs>'
            f'<cellStyles count="{len(cell_styles)}">{"".join(cell_styles)}</cellStyles>'
            '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
            'defaultPivotStyle="PivotStyleLight16"/></styleSheet>')


# --- charts ----------------------------------------------------------------------------

_EMU_PER_CM = 360000
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _drawing_xml(ws: Sheet) -> str:
    anchors = []
    for i, placement in enumerate(ws.charts, 1):
        row, col = split_cell_name(placement.anchor)
        chart = placement.chart
        cx, cy = int(chart.width * _EMU_PER_CM), int(chart.height * _EMU_PER_CM)
        anchors.append(
            f"<xdr:oneCellAnchor><xdr:from><xdr:col>{col - 1}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{cx}" cy="{cy}"/><xdr:graphicFrame macro="">'
            f'<xdr:nvGraphicFramePr><xdr:cNvPr id="{i}" name="Chart {i}"/><xdr:cNvGraphicFramePr/>'
            "</xdr:nvGraphicFramePr><xdr:xfrm/><a:graphic>"
            f'<a:graphicData uri="{_C}"><c:chart r:id="rId{i}"/></a:graphicData></a:graphic>'
            "</xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>")
    return (f'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
            f'xmlns:a="{_A}" xmlns:c="{_C}" xmlns:r="{_NS_R}">{"".join(anchors)}</xdr:wsDr>')


# Office's first six accent colours (as LibreOffice and Excel showed these charts before)
_SERIES_COLOURS = ("4F81BD", "C0504D", "9BBB59", "8064A2", "4BACC6", "F79646")


def _line(colour: str) -> str:
    return f'<a:ln w="9525"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:ln>'


def _rich(text: str) -> str:
    return (f"<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:t>{esc(clean_text(text))}"
            "</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>")


def _fmt(code: str | None, linked: bool = False) -> str:
    return f'<c:numFmt formatCode="{attr(code)}" sourceLinked="{int(linked)}"/>' if code else ""


def chart_xml(chart: BarChart) -> str:
    series = []
    for i, s in enumerate(chart.series):
        props = s.graphicalProperties
        if props.noFill:
            fill = "<a:noFill/>"
        else:
            # every colour spelt out: the file has no theme for a reader to take them from
            colour = props.solidFill or _SERIES_COLOURS[i % len(_SERIES_COLOURS)]
            fill = f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'

        line = "<a:ln><a:noFill/></a:ln>" if props.line.noFill else ""
        parts = [f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>']
        if s.title:
            parts.append(f"<c:tx><c:strRef><c:f>{esc(s.title)}</c:f></c:strRef></c:tx>")
        if fill or line:
            parts.append(f"<c:spPr>{fill}{line}</c:spPr>")
        parts.append('<c:invertIfNegative val="0"/>')
        labels = s.dLbls
        if labels is not None:
            parts.append("<c:dLbls>" + _fmt(labels.numFmt) + "".join(
                f'<c:{flag} val="{int(getattr(labels, flag))}"/>'
                for flag in ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent"))
                + '<c:showBubbleSize val="0"/></c:dLbls>')
        if s.categories:
            parts.append(f"<c:cat><c:strRef><c:f>{esc(s.categories)}</c:f></c:strRef></c:cat>")
        parts.append(f"<c:val><c:numRef><c:f>{esc(s.values)}</c:f></c:numRef></c:val></c:ser>")
        series.append("".join(parts))
    overlap = f'<c:overlap val="{chart.overlap}"/>' if chart.overlap is not None else ""
    # a bar chart's category axis is on the left, its value axis at the bottom; a column
    # chart's the other way round
    cat_pos, val_pos = ("l", "b") if chart.type == "bar" else ("b", "l")

    def axis(tag: str, ax_id: int, cross: int, position: str, a) -> str:
        scaling = f'<c:orientation val="{a.scaling.orientation}"/>'
        if a.scaling.min is not None:
            scaling += f'<c:min val="{a.scaling.min}"/>'
        body = (f'<c:axId val="{ax_id}"/><c:scaling>{scaling}</c:scaling><c:delete val="{int(a.delete)}"/>'
                f'<c:axPos val="{position}"/>'
                + (f"<c:majorGridlines><c:spPr>{_line('D9D9D9')}</c:spPr></c:majorGridlines>" if a.majorGridlines else "")
                + (_rich(a.title) if a.title else "") + _fmt(a.numFmt)
                + '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
                f"<c:spPr>{_line('868686')}</c:spPr>"
                f'<c:crossAx val="{cross}"/><c:crosses val="autoZero"/>')
        if tag == "catAx":
            body += '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/>'
        else:
            body += '<c:crossBetween val="between"/>'
        return f"<c:{tag}>{body}</c:{tag}>"

    legend = '<c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend>' if chart.legend is not None else ""
    style = f'<c:style val="{chart.style}"/>' if chart.style is not None else ""
    return (f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_NS_R}">{style}<c:chart>'
            + (_rich(chart.title) if chart.title else "") + '<c:autoTitleDeleted val="0"/>'
            f'<c:plotArea><c:layout/><c:barChart><c:barDir val="{chart.type}"/><c:grouping val="{chart.grouping}"/>'
            f'<c:varyColors val="0"/>{"".join(series)}<c:gapWidth val="{chart.gapWidth}"/>{overlap}'
            '<c:axId val="10"/><c:axId val="100"/></c:barChart>'
            + axis("catAx", 10, 100, cat_pos, chart.x_axis) + axis("valAx", 100, 10, val_pos, chart.y_axis)
            + f'</c:plotArea>{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>')
