"""Two .xlsx files read back by openpyxl, compared: sheets, every cell's value and number
format, merged ranges, column widths, row heights, frozen panes, filters, print settings,
header and footer, document properties, and the charts' type and cell references.

Used to prove the own writer (reports/xlsx/writer.py) gives the content the old openpyxl
writer gave:  python tests/compare_workbooks.py OLD.xlsx NEW.xlsx  (prints the differences,
exit 1 if any). A number the old writer had taken through float ("%.16g", 8900.36 as
8900.360000000001) counts as equal when both agree to 15 significant digits, Excel's
precision.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import load_workbook


def _same_value(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
            return float(f"{a:.15g}") == float(f"{b:.15g}")
    return a == b


def _chart_facts(chart) -> tuple:
    series = []
    for s in chart.series:
        cat = s.cat.strRef or s.cat.numRef if s.cat is not None else None
        tx = s.tx.strRef.f if s.tx is not None and s.tx.strRef is not None else None
        fill = s.graphicalProperties.solidFill if s.graphicalProperties is not None else None
        fill = getattr(fill, "srgbClr", fill)
        fill = getattr(fill, "val", fill)
        labels = (s.dLbls.numFmt, s.dLbls.showVal) if s.dLbls is not None else None
        series.append((s.val.numRef.f, cat.f if cat is not None else None, tx, str(fill) if fill else None, labels))
    title = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or [])) if chart.title else None
    return (chart.type, chart.grouping, title, chart.y_axis.numFmt.formatCode if chart.y_axis.numFmt else None,
            chart.x_axis.scaling.orientation, chart.y_axis.scaling.min, chart.legend is None, tuple(series))


def differences(old_path: Path, new_path: Path, limit: int = 50) -> list[str]:
    old, new = load_workbook(old_path), load_workbook(new_path)
    out: list[str] = []
    if old.sheetnames != new.sheetnames:
        return [f"sheets: {old.sheetnames} != {new.sheetnames}"]
    for attr in ("title", "subject", "creator", "keywords", "description", "language", "created", "modified"):
        a, b = getattr(old.properties, attr), getattr(new.properties, attr)
        if a != b:
            out.append(f"properties.{attr}: {a!r} != {b!r}")
    if old.active.title != new.active.title:
        out.append(f"active sheet: {old.active.title} != {new.active.title}")
    for name in old.sheetnames:
        a, b = old[name], new[name]
        cells_a = {c.coordinate: c for row in a.iter_rows() for c in row}
        cells_b = {c.coordinate: c for row in b.iter_rows() for c in row}
        for coord in sorted(set(cells_a) | set(cells_b)):
            ca, cb = cells_a.get(coord), cells_b.get(coord)
            va = ca.value if ca is not None else None
            vb = cb.value if cb is not None else None
            if not _same_value(va, vb):
                out.append(f"{name}!{coord}: value {va!r} != {vb!r}")
            if ca is not None and cb is not None and ca.has_style and ca.number_format != cb.number_format:
                out.append(f"{name}!{coord}: number format {ca.number_format!r} != {cb.number_format!r}")
            if ca is not None and cb is not None and ca.has_style:
                fa, fb = ca.font, cb.font
                if (fa.b, fa.i, fa.sz) != (fb.b, fb.i, fb.sz) or ca.alignment.wrap_text != cb.alignment.wrap_text \
                        or (ca.fill.fgColor.rgb or "")[-6:] != (cb.fill.fgColor.rgb or "")[-6:] \
                        or getattr(ca.border.bottom, "style", None) != getattr(cb.border.bottom, "style", None):
                    out.append(f"{name}!{coord}: look differs")
        facts = [
            ("merged", sorted(str(r) for r in a.merged_cells.ranges), sorted(str(r) for r in b.merged_cells.ranges)),
            ("widths", {k: d.width for k, d in a.column_dimensions.items() if d.width},
             {k: d.width for k, d in b.column_dimensions.items() if d.width}),
            ("heights", {k: d.height for k, d in a.row_dimensions.items() if d.height},
             {k: d.height for k, d in b.row_dimensions.items() if d.height}),
            ("freeze", a.freeze_panes, b.freeze_panes),
            ("filter", a.auto_filter.ref, b.auto_filter.ref),
            ("print area", a.print_area, b.print_area),
            ("print titles", a.print_title_rows, b.print_title_rows),
            ("page", (a.page_setup.orientation, int(a.page_setup.paperSize), a.page_setup.fitToWidth,
                      a.page_setup.fitToHeight, a.sheet_properties.pageSetUpPr.fitToPage),
             (b.page_setup.orientation, int(b.page_setup.paperSize), b.page_setup.fitToWidth,
              b.page_setup.fitToHeight, b.sheet_properties.pageSetUpPr.fitToPage)),
            ("margins", tuple(getattr(a.page_margins, m) for m in ("left", "right", "top", "bottom", "header", "footer")),
             tuple(getattr(b.page_margins, m) for m in ("left", "right", "top", "bottom", "header", "footer"))),
            ("centered", bool(a.print_options.horizontalCentered), bool(b.print_options.horizontalCentered)),
            ("header", (a.oddHeader.center.text, a.oddHeader.center.size),
             (b.oddHeader.center.text, b.oddHeader.center.size)),
            ("footer", (a.oddFooter.left.text, a.oddFooter.left.size, a.oddFooter.right.text),
             (b.oddFooter.left.text, b.oddFooter.left.size, b.oddFooter.right.text)),
            ("charts", [_chart_facts(c) for c in a._charts], [_chart_facts(c) for c in b._charts]),
            ("chart anchors", [c.anchor._from.row for c in a._charts], [c.anchor._from.row for c in b._charts]),
        ]
        # a series the old file left to the theme's colours now names them (writer.py: the
        # file has no theme): counted as the same where the old one named none
        old_charts, new_charts = facts[-2][1], facts[-2][2]
        if len(old_charts) == len(new_charts):
            for i, (x, y) in enumerate(zip(old_charts, new_charts)):
                if len(x[-1]) == len(y[-1]):
                    series = tuple(sb[:3] + (sa[3] if sa[3] is None else sb[3],) + sb[4:] for sa, sb in zip(x[-1], y[-1]))
                    new_charts[i] = y[:-1] + (series,)
        for what, x, y in facts:
            if x != y:
                out.append(f"{name}: {what} {x!r} != {y!r}")
        if len(out) > limit:
            break
    return out


def main(argv: list[str]) -> int:
    found = differences(Path(argv[1]), Path(argv[2]))
    for line in found[:50]:
        print(line)
    print(f"{len(found)} difference(s)" if found else "same content")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
