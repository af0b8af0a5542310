"""The workbook writers side by side, on the state-scale settlement's own content.

    python bench/writers.py [--posts 800] [--rounds 3]

Builds the settlement workbook of the generated state configuration as kimcost does, takes
every cell of every sheet (value and style kind) through openpyxl's public reading API, and
writes that same content, interleaved round by round, with:

- ``openpyxl``: openpyxl's public API (``ws.cell(...).value``, ``cell.style = <named style>``,
  ``Workbook.save``);
- ``openpyxl-write-only``: its public write-only mode (``WriteOnlyCell``, ``ws.append``);
- ``xlsxwriter``: XlsxWriter's public API (one ``Format`` per kind, ``write_string`` /
  ``write_number`` / ``write_datetime``), in its default and its ``constant_memory`` mode;
- ``kimcost-fast``: what kimcost does today (reports/xlsx: SheetWriter cells plus
  *Monatswerte* as prepared XML), build and save;
- ``plain-xml``: the floor of any writer: each cell as an XML string, deflated into a zip.

Only cell content and cell styles are written (no merges, widths or print settings), which
is where the time goes. Wall and CPU time (``time.process_time``) per writer, medians and
ranges; CPU time is the steadier figure on a shared machine. Needs XlsxWriter installed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402


def content(posts: int):
    from kimcost.engine import settle
    from kimcost.loading import load_config
    from kimcost.reports.formats import Edition
    from kimcost.reports.settlement import SettlementReport, SettlementSubject
    from kimcost.reports.xlsx.determinism import calculation_moment

    folder = Path(tempfile.mkdtemp(prefix="kimcost-writers-"))
    loaded = load_config(generate(folder, posts=posts, holders=posts * 5 // 2))
    result = settle(loaded.config, 2024)
    report = SettlementReport(SettlementSubject(result, loaded), Edition("de"))
    moment = calculation_moment()
    build = lambda: report.format("xlsx").build(moment)  # noqa: E731
    # the content as a reader sees it: kimcost's own workbook saved, then reopened by openpyxl
    import openpyxl

    from kimcost.reports.xlsx.determinism import save_reproducibly

    saved = folder / "kimcost.xlsx"
    save_reproducibly(build(), saved, moment)
    wb = openpyxl.load_workbook(saved)
    sheets = []
    for ws in wb.worksheets:
        cells = [(c.row, c.column, c.value, c.style) for row in ws.iter_rows() for c in row
                 if c.value is not None or c.style != "Normal"]
        sheets.append((ws.title, cells))
    styles = {name: wb._named_styles[name] for name in wb.named_styles}  # noqa: SLF001 (bench only)
    return build, moment, sheets, styles


def w_openpyxl(sheets, styles, path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for style in styles.values():
        if style.name != "Normal":
            wb.add_named_style(style)
    for title, cells in sheets:
        ws = wb.create_sheet(title)
        for r, c, v, s in cells:
            cell = ws.cell(row=r, column=c, value=v)
            cell.style = s
    wb.save(path)


def w_openpyxl_write_only(sheets, styles, path):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for style in styles.values():
        if style.name != "Normal":
            wb.add_named_style(style)
    for title, cells in sheets:
        ws = wb.create_sheet(title)
        rows: dict[int, dict[int, tuple]] = {}
        for r, c, v, s in cells:
            rows.setdefault(r, {})[c] = (v, s)
        last = 0
        for r in sorted(rows):
            for _ in range(r - last - 1):
                ws.append([])
            last = r
            line = []
            for c in range(1, max(rows[r]) + 1):
                v, s = rows[r].get(c, (None, "Normal"))
                cell = WriteOnlyCell(ws, value=v)
                cell.style = s
                line.append(cell)
            ws.append(line)
    wb.save(path)


def _xlsxwriter(sheets, styles, path, constant_memory):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    formats = {}
    for name, st in styles.items():
        spec = {"num_format": st.number_format, "font_name": st.font.name, "font_size": st.font.sz,
                "bold": bool(st.font.b), "italic": bool(st.font.i)}
        if st.alignment is not None and st.alignment.wrap_text:
            spec["text_wrap"] = True
        if st.fill is not None and st.fill.fgColor is not None and st.fill.fill_type == "solid":
            spec["bg_color"] = "#" + str(st.fill.fgColor.rgb)[-6:]
        formats[name] = wb.add_format(spec)
    for title, cells in sheets:
        ws = wb.add_worksheet(title)
        for r, c, v, s in sorted(cells):
            f = formats.get(s)
            if isinstance(v, str):
                ws.write_string(r - 1, c - 1, v, f)
            elif isinstance(v, (int, float, Decimal)):
                ws.write_number(r - 1, c - 1, v, f)
            elif isinstance(v, (dt.date, dt.datetime)):
                ws.write_datetime(r - 1, c - 1, v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day), f)
            else:
                ws.write_blank(r - 1, c - 1, None, f)
    wb.close()


def w_xlsxwriter(sheets, styles, path):
    _xlsxwriter(sheets, styles, path, False)


def w_xlsxwriter_constant_memory(sheets, styles, path):
    _xlsxwriter(sheets, styles, path, True)


def w_plain_xml(sheets, styles, path):
    from openpyxl.utils import get_column_letter

    ids = {name: i for i, name in enumerate(styles)}
    letters = [get_column_letter(c) for c in range(1, 100)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, (title, cells) in enumerate(sheets, 1):
            out, row = [], 0
            for r, c, v, s in sorted(cells):
                if r != row:
                    if row:
                        out.append("</row>")
                    out.append(f'<row r="{r}">')
                    row = r
                ref = f'{letters[c - 1]}{r}'
                if isinstance(v, str):
                    out.append(f'<c r="{ref}" s="{ids[s]}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
                elif isinstance(v, (int, Decimal)):
                    out.append(f'<c r="{ref}" s="{ids[s]}"><v>{v}</v></c>')
                else:
                    out.append(f'<c r="{ref}" s="{ids[s]}"/>')
            out.append("</row>" if row else "")
            z.writestr(f"xl/worksheets/sheet{n}.xml", "<worksheet><sheetData>" + "".join(out) + "</sheetData></worksheet>")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=800)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[], help="writer to leave out (e.g. openpyxl)")
    args = parser.parse_args()
    import gc

    gc.disable()  # as the command runs
    build, moment, sheets, styles = content(args.posts)
    print(f"{len(sheets)} sheets, {sum(len(c) for _, c in sheets):,} cells", flush=True)

    def kimcost_own(_sheets, _styles, path):   # build from the settlement and save
        from kimcost.reports.xlsx.determinism import save_reproducibly

        save_reproducibly(build(), path, moment)

    writers = {"openpyxl": w_openpyxl, "openpyxl-write-only": w_openpyxl_write_only, "xlsxwriter": w_xlsxwriter,
               "xlsxwriter-constant-memory": w_xlsxwriter_constant_memory, "kimcost": kimcost_own,
               "plain-xml": w_plain_xml}
    writers = {k: v for k, v in writers.items() if k not in args.skip}
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in writers}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.rounds):
            for name, fn in writers.items():
                target = Path(tmp) / f"{name}.xlsx"
                wall, cpu = time.perf_counter(), time.process_time()
                fn(sheets, styles, target)
                times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
                print(f"round {round_ + 1} {name}: {times[name][-1][0]:.2f} s wall, {times[name][-1][1]:.2f} s CPU, "
                      f"{target.stat().st_size / 1e6:.1f} MB", flush=True)
    print("\n| writer | wall (median, range) | CPU (median, range) |\n|---|---:|---:|")
    for name, runs in times.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        print(f"| {name} | {statistics.median(walls):.2f} s ({min(walls):.2f}–{max(walls):.2f}) | "
              f"{statistics.median(cpus):.2f} s ({min(cpus):.2f}–{max(cpus):.2f}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
