"""The quick look on the terminal: costs by region and what each municipality owes.

Regions are columns and cost lines are rows, so ten figures per region fit even a narrow
terminal; a district with many regions gets one compact line per region instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, JustifyMethod, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from kimcost.engine.results import Costs, RegionResult, Settlement
from kimcost.loading import LoadedConfig
from kimcost.money import ZERO
from kimcost.reports.console import safe
from kimcost.reports.labels import balance_label, key_label, label
from kimcost.reports.numbers import money, number
from kimcost.reports.parameters import flagged_rows
from kimcost.reports.public import FULL, Privacy

MAX_REGION_COLUMNS = 5
_DUE, _REFUND = "bold red", "bold green"


def _balance(balance: Decimal, is_employer: bool, lang: str) -> tuple[Text, Text]:
    if is_employer:
        return Text("–", style="dim"), Text(label("bears_own_share", lang), style="dim")
    style = _DUE if balance > 0 else (_REFUND if balance < 0 else "")
    return Text(money(balance, lang), style=style), Text(balance_label(balance, False, lang), style=style)


def _region_lines(regions: tuple[RegionResult, ...], lang: str) -> list[tuple[str, list, str]]:
    """(label, one value per region plus the total, style) for the transposed table."""
    total = sum((r.costs for r in regions), Costs())
    grant = sum((r.grant for r in regions), ZERO)
    own = sum((r.own_share for r in regions), ZERO)
    fte = sum((r.fte_months for r in regions), ZERO) / 12
    lines: list[tuple[str, list[Any], str]] = [
        ("employer", [safe(r.employer_name) for r in regions] + [""], "dim"),
        ("fte_average", [number(r.average_fte, lang) for r in regions] + [number(fte, lang)], ""),
    ]
    for key in ("personnel", "equipment", "recruitment", "administration"):
        lines.append((key, [money(getattr(r.costs, key), lang) for r in regions] + [money(getattr(total, key), lang)], ""))
    lines.append(("total_costs", [money(r.costs.total, lang) for r in regions] + [money(total.total, lang)], "bold"))
    lines.append(("less_grant", [money(r.grant, lang) for r in regions] + [money(grant, lang)], ""))
    lines.append(("own_share", [money(r.own_share, lang) for r in regions] + [money(own, lang)], "bold cyan"))
    return lines


def _regions_transposed(settlement: Settlement, lang: str) -> Table:
    table = Table(title=_title(settlement, lang),
                  title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("")
    for r in settlement.regions:
        table.add_column(safe(r.name), justify="right", no_wrap=True)
    table.add_column(label("total", lang), justify="right", style="bold", no_wrap=True)
    for key, values, style in _region_lines(settlement.regions, lang):
        if key in ("total_costs", "own_share"):
            table.add_section()
        table.add_row(Text(label(key, lang), style=style), *(safe(v, style) for v in values))
    return table


def _regions_compact(settlement: Settlement, lang: str) -> Table:
    table = Table(title=_title(settlement, lang),
                  title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("region", "left"), ("fte", "right"), ("total_costs", "right"), ("grant", "right"), ("own_share", "right"))
    for key, justify in columns:
        table.add_column(label(key, lang), justify=justify, no_wrap=justify == "right")
    for r in settlement.regions:
        table.add_row(safe(r.name), number(r.average_fte, lang), money(r.costs.total, lang), money(r.grant, lang),
                      Text(money(r.own_share, lang), style="bold cyan"))
    return table


def _members(settlement: Settlement, lang: str) -> Table:
    table = Table(title=label("members", lang), title_justify="left", title_style="bold",
                  box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("region", "left"), ("member", "left"), ("key", "left"), ("share", "right"),
        ("advances", "right"), ("balance", "right"), ("result", "left"))
    for key, justify in columns:
        table.add_column(label(key, lang), justify=justify, no_wrap=justify == "right")
    for i, r in enumerate(settlement.regions):
        if i:
            table.add_section()
        for j, m in enumerate(r.members):
            # a key whose weights are written shows each member's weight (engine/keys.py: basis)
            key = key_label(r.key, lang) if r.key_basis != "weight" else f"{label('weight', lang)} {number(m.weight, lang, 2)}"
            amount, result = _balance(m.balance, m.is_employer, lang)
            table.add_row(safe(r.name) if j == 0 else "", safe(m.name), key, money(m.share, lang), money(m.advances, lang),
                          amount, result)
    return table


class _Measured:
    """A table whose column widths are counted here rather than by rich, when it fits.

    rich measures every cell (a render per cell) before it draws the table; at state scale
    that is ~3,400 cells and a fifth of the table's time. A cell of printable characters (no
    line break, tab or control character) is as wide as ``cell_len`` of its text, so when
    every cell is such a text and the table fits the width it is drawn in, the widths
    counted here are the ones rich would find, and
    they are given to the columns as fixed widths (public ``Column.width``): the table draws
    the same characters and styles. Otherwise (a wrapped name, a narrow terminal) rich
    measures as before. tests/test_terminal_measured.py compares both ways.
    """

    def __init__(self, table: Table):
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = self.table.columns
        widths = _natural_widths(self.table)
        last = len(columns) - 1
        # pad_edge off: one space of padding left of every column but the first and right
        # of every column but the last; one divider between columns (box SIMPLE_HEAD, no edge)
        if widths is None or sum(widths) + 2 * last + last > options.max_width:
            yield self.table
            return
        for column, width in zip(columns, widths):
            column.width = width
        try:
            yield self.table
        finally:  # rendered by now (rich renders what is yielded before resuming)
            for column in columns:
                column.width = None


def _natural_widths(table: Table) -> list[int] | None:
    """The widths rich would measure, or None where counting is not that simple."""
    if (table.box is not box.SIMPLE_HEAD or table.show_edge or table.pad_edge or table.expand
            or table.width is not None or table.padding != (0, 1, 0, 1) or not table.show_header
            or table.show_footer):
        return None
    widths = []
    for column in table.columns:
        if column.width is not None or column.min_width is not None or column.max_width is not None:
            return None
        width = 0
        for cell in (column.header, *column.cells):
            text = cell.plain if isinstance(cell, Text) else cell
            if not isinstance(text, str) or not text.isprintable():  # line breaks, tabs, controls …
                return None
            width = max(width, cell_len(text))
        widths.append(width)
    return widths


def _title(settlement: Settlement, lang: str) -> Text:
    return safe(f"{label('settlement', lang)} {settlement.year} – {settlement.district}")


def settlement_view(settlement: Settlement, loaded: LoadedConfig, lang: str = "de",
                    privacy: Privacy = FULL) -> Iterator[RenderableType]:
    if privacy.note:
        yield Text(privacy.note, style="bold")
        yield ""
    if loaded.scenarios:
        from kimcost.reports.scenario_changes import changes_tables

        yield from changes_tables(loaded.scenarios, lang, privacy, loaded.config)
    regions = (_regions_transposed if len(settlement.regions) <= MAX_REGION_COLUMNS else _regions_compact)
    yield _Measured(regions(settlement, lang))
    yield ""
    yield _Measured(_members(settlement, lang))
    flagged = flagged_rows(settlement, loaded.config, privacy)
    if flagged:
        yield ""
        yield Text(label("terminal_flagged", lang).format(n=len(flagged)), style="yellow")
