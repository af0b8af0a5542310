"""The quick look on the terminal: one rich table per region and one for the members."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kimcost.configuration.loader import LoadedConfig
from kimcost.engine.results import Settlement
from kimcost.reports.format import money, number
from kimcost.reports.labels import balance_label, key_label, label
from kimcost.reports.parameters import flagged_rows


def _balance_text(balance, is_employer: bool, lang: str) -> Text:
    if is_employer:
        return Text(label("bears_own_share", lang), style="dim")
    style = "bold red" if balance > 0 else ("bold green" if balance < 0 else "")
    return Text(f"{money(balance, lang)} {balance_label(balance, False, lang)}", style=style)


def render_settlement(console: Console, settlement: Settlement, loaded: LoadedConfig, lang: str = "de") -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    title = f"{L('settlement')} {settlement.year} – {settlement.district}"
    regions = Table(title=title, title_justify="left")
    regions.add_column(L("region"))
    regions.add_column(L("employer"))
    regions.add_column(L("fte"), justify="right")
    for key in ("personnel", "equipment", "recruitment", "administration", "total_costs", "grant", "own_share"):
        regions.add_column(L(key), justify="right")
    totals = None
    for r in settlement.regions:
        c = r.costs
        regions.add_row(r.name, r.employer_name, number(r.average_fte, lang), money(c.personnel, lang), money(c.equipment, lang),
                        money(c.recruitment, lang), money(c.administration, lang), money(c.total, lang),
                        money(r.grant, lang), Text(money(r.own_share, lang), style="bold"))
        totals = c if totals is None else totals + c
    if totals is not None:
        grant = sum((r.grant for r in settlement.regions), start=totals.personnel * 0)
        own = sum((r.own_share for r in settlement.regions), start=grant * 0)
        regions.add_section()
        regions.add_row(L("total"), "", number(sum((r.average_fte for r in settlement.regions), start=grant * 0), lang),
                        money(totals.personnel, lang), money(totals.equipment, lang), money(totals.recruitment, lang),
                        money(totals.administration, lang), money(totals.total, lang), money(grant, lang),
                        Text(money(own, lang), style="bold"))
    console.print(regions)

    members = Table(title=L("members"), title_justify="left")
    for key, justify in (("region", "left"), ("member", "left"), ("key", "left"), ("share", "right"),
                         ("advances", "right"), ("balance", "right")):
        members.add_column(L(key), justify=justify)
    for r in settlement.regions:
        for m in r.members:
            key = key_label(r.key, lang) if r.key != "weights" else f"{L('weight')} {number(m.weight, lang, 2)}"
            members.add_row(r.name, m.name, key, money(m.share, lang), money(m.advances, lang),
                            _balance_text(m.balance, m.is_employer, lang))
        members.add_section()
    console.print(members)

    flagged = flagged_rows(settlement, loaded.config)
    if flagged:
        note = {"de": f"{len(flagged)} Werte sind Annahmen oder vorläufig (siehe Blatt „Parameter“ bzw. --format json).",
                "en": f"{len(flagged)} values are assumptions or provisional (see the 'Parameters' sheet or --format json)."}[lang]
        console.print(Text(note, style="yellow"))
