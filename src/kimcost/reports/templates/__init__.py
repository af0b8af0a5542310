"""``kimcost template``: empty tables for holders, advances and actual amounts (one workbook
each, as each is kept by another office: the payroll office's list of holders and actual
costs, the treasury's list of advances received), and the CSV header lines of the same
layouts. What the configuration's ``tables:`` reads (configuration/tables)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from kimcost.configuration.tables.layout import LAYOUTS, Layout
from kimcost.reports.templates.choices import Choices, from_config, shipped
from kimcost.reports.templates.workbook import save_template, template_workbook

__all__ = ["Choices", "csv_header", "from_config", "shipped", "template_files", "tables_snippet"]


def csv_name(layout: Layout) -> str:
    return Path(layout.template_file).with_suffix(".csv").name


def csv_header(layout: Layout) -> str:
    """The header line of the table as CSV (``;`` as a German Excel writes it)."""
    return ";".join(c.header for c in layout.columns) + "\r\n"


def template_files(folder: Path, choices: Choices, *, csv: bool = False,
                   moment: dt.datetime | None = None) -> dict[Path, Callable[[Path], None]]:
    """Each file to write and how to write it to a (temporary) path."""
    from kimcost.reports.xlsx.determinism import calculation_moment

    when = moment or calculation_moment()
    out: dict[Path, Callable[[Path], None]] = {}
    for layout in LAYOUTS.values():
        def write_book(tmp: Path, layout: Layout = layout) -> None:
            save_template(template_workbook(layout, choices), tmp, when)
        out[folder / layout.template_file] = write_book
        if csv:
            def write_csv(tmp: Path, layout: Layout = layout) -> None:
                # with a byte-order mark, so Excel opens the umlauts of the headers as UTF-8
                tmp.write_bytes(csv_header(layout).encode("utf-8-sig"))
            out[folder / csv_name(layout)] = write_csv
    return out


def tables_snippet(csv: bool = False) -> str:
    """The ``tables:`` lines that read the templates, for the configuration."""
    lines = ["tables:"]
    for layout in LAYOUTS.values():
        if csv:
            lines.append(f"  {layout.name}: {{from: {csv_name(layout)}}}")
        else:
            lines.append(f"  {layout.name}: {{from: {layout.template_file}, sheet: {layout.sheet}}}")
    return "\n".join(lines) + "\n"
