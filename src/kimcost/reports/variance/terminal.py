"""The variance on the terminal: per region a waterfall from the first own share, cause by
cause, to the second; then the municipalities' shares by the same causes."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from kimcost.engine.results import CATEGORIES
from kimcost.engine.variance import Amounts
from kimcost.reports.console import safe
from kimcost.reports.labels import label
from kimcost.reports.numbers import money
from kimcost.reports.public import FULL, Privacy
from kimcost.reports.variance.wording import cause_text, side_text, signed


def _change(value: Decimal, lang: str, *, bold: bool = False) -> Text:
    # More to pay is what a council looks for first: red, as in the comparison.
    style = "red" if value > 0 else ("green" if value < 0 else "dim")
    return Text(signed(value, lang), style=f"bold {style}" if bold else style)


def _level(value: Decimal, lang: str) -> Text:
    return Text(money(value, lang), style="bold")


def _row(a: Amounts, lang: str, *, level: bool = False) -> list[Text]:
    cell = (lambda v, bold=False: _level(v, lang)) if level else (lambda v, bold=False: _change(v, lang, bold=bold))
    return [*(cell(a.costs[c]) for c in CATEGORIES), cell(a.grant), cell(a.own_share, True)]


def _region_part(a: Amounts) -> bool:
    return bool(any(a.costs.values()) or a.grant or a.own_share)


def variance_view(subject, lang: str = "de", privacy: Privacy = FULL) -> Iterator[RenderableType]:
    L = lambda key: label(key, lang)  # noqa: E731
    if privacy.note:
        yield Text(privacy.note, style="bold")
        yield ""
    v = subject.variance
    first, second = side_text(v.first, lang), side_text(v.second, lang)
    yield safe(L("var_title").format(first=first, second=second, district=v.district), "bold")
    for region in subject.regions:
        table = Table(title=safe(L("var_region_title").format(region=region.name, first=first, second=second)),
                      title_justify="left")
        table.add_column(L("var_cause"), overflow="fold", max_width=70)
        for key in (*CATEGORIES, "grant", "own_share"):
            table.add_column(L(key), justify="right")
        table.add_row(Text(L("var_start").format(side=first), style="bold"), *_row(region.first, lang, level=True))
        table.add_section()
        for cause, amounts in region.causes:
            table.add_row(safe(cause_text(cause, lang, region.id)), *_row(amounts, lang))
        if _region_part(region.residue):
            table.add_row(Text(L("var_residue")), *_row(region.residue, lang))
        if not region.causes:
            table.add_row(Text(L("var_no_cause"), style="dim"))
        table.add_section()
        table.add_row(Text(L("var_difference"), style="bold"), *_row(region.difference, lang))
        table.add_row(Text(L("var_end").format(side=second), style="bold"), *_row(region.second, lang, level=True))
        yield table
        yield _members_table(subject, region, lang, first, second)


def _members_table(subject, region, lang: str, first: str, second: str) -> Table:
    L = lambda key: label(key, lang)  # noqa: E731
    members = subject.members(region)
    table = Table(title=safe(L("var_members_title").format(region=region.name)), title_justify="left")
    table.add_column(L("var_cause"), overflow="fold", max_width=70)
    for _, name in members:
        table.add_column(safe(name), justify="right")
    table.add_row(Text(L("var_start_share").format(side=first), style="bold"),
                  *(_level(region.first.members[m], lang) for m, _ in members))
    table.add_section()
    for cause, amounts in region.causes:
        values = [amounts.members.get(m, Decimal(0)) for m, _ in members]
        if any(values):
            table.add_row(safe(cause_text(cause, lang, region.id)), *(_change(x, lang) for x in values))
    if any(region.residue.members.get(m, Decimal(0)) for m, _ in members):
        table.add_row(Text(L("var_residue")), *(_change(region.residue.members[m], lang) for m, _ in members))
    table.add_section()
    table.add_row(Text(L("var_end_share").format(side=second), style="bold"),
                  *(_level(region.second.members[m], lang) for m, _ in members))
    return table
