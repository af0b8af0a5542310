"""``kimcost validate``: check a configuration and every year it could settle."""

from __future__ import annotations

from pathlib import Path

import typer

from kimcost.cli.errors import reported_errors
from kimcost.cli.options import CONFIG, LANG, SCENARIOS, Lang
from kimcost.messages import Catalogue

# The OK line, German first (the default) and English (--lang en).
TEXTS = Catalogue("cli.validate", {
    "ok": ("OK {file}{applied}: {district}, {municipalities}, {regions}, {posts} ({fte} VZÄ), {holders}, {files}; "
           "{checked}",
           "OK {file}{applied}: {district}, {municipalities}, {regions}, {posts} ({fte} VZÄ), {holders}, {files}; "
           "{checked}"),
    # counts: one, or several
    "municipalities_1": ("{n} Kommune", "{n} municipality"),
    "municipalities_n": ("{n} Kommunen", "{n} municipalities"),
    "regions_1": ("{n} Region", "{n} region"),
    "regions_n": ("{n} Regionen", "{n} regions"),
    "posts_1": ("{n} Stelle", "{n} post"),
    "posts_n": ("{n} Stellen", "{n} posts"),
    "holders_1": ("{n} Stelleninhaber/in", "{n} holder"),
    "holders_n": ("{n} Stelleninhaber/innen", "{n} holders"),
    "files_1": ("{n} Datei", "{n} file"),
    "files_n": ("{n} Dateien", "{n} files"),
    "applied": (" mit Szenario {names}", " under scenario {names}"),
    "years": ("geprüfte Jahre: {years}", "years checked: {years}"),
    "no_years": ("keine Abrechnungsjahre genannt", "no settlement years named"),
    "before": (" ({years} nicht geprüft: die datierten Daten beginnen später)",
               " ({years} not checked: the dated data begins later)"),
    "planned": ("; geprüfte Planungsjahre: {first}–{last} (Planungsannahmen, nicht zur Abrechnung)",
                "; planned years checked: {first}–{last} (planning assumptions, not for settling)"),
    "scenarios": ("; geprüfte Szenarien: {names}", "; scenarios checked: {names}"),
})


def settleable_years(config) -> tuple[list[int], list[int]]:
    """(years to check, years before the data begins).

    To check: each year from the first holder's start to the last year the dated data covers
    (``engine.forecast.covered_years``), and every year with advances or actuals written.
    Years from the first holder's start that lie before the data begins cannot be settled
    with it; they are named in the OK line rather than passed over silently."""
    from kimcost.engine.coverage import covered_years

    named = {y for r in config.regions.values() for y in r.advances} | {y for p in config.positions for y in p.actuals}
    starts = [h.start.year for p in config.positions for h in p.holders]
    if not starts:
        return sorted(named), []
    covered = covered_years(config, min(starts))
    before = [y for y in range(min(starts), covered.start) if y not in named]
    return sorted(named | set(covered)), before


def planned_years(loaded, years: list[int]) -> list[int]:
    """The years after the dated data up to ``planning.until``: forecast and compare reach
    them on the planning assumptions; none without ``planning:``."""
    planning = loaded.planned.planning if loaded.planned is not None else None
    if planning is None:
        return []
    after = max(years) + 1 if years else planning.until + 1
    return list(range(after, planning.until + 1))


def validate(ctx: typer.Context, config: Path = CONFIG, scenario: list[str] | None = SCENARIOS,
             lang: Lang = LANG) -> None:
    """Check a configuration (and scenarios): syntax, keys, references, every year it could
    settle (first holder's start to the end of the dated data), advances included, and the
    years its planning assumptions cover."""
    from kimcost.configuration.advances import require_advances
    from kimcost.engine import settle
    from kimcost.engine.coverage import require_years
    from kimcost.loading import load_config

    with reported_errors(ctx):
        loaded = load_config(config, list(scenario or []))
    cfg = loaded.config
    # The years come from the configuration's own dated data: years a scenario's assumed data
    # reaches (carry_forward, pay_rise) or the planning assumptions cover are planned, not
    # settled, and have no advances yet.
    with reported_errors(ctx):
        base = load_config(config) if loaded.scenarios else loaded
    years, before_data = settleable_years(base.dated_config)
    planned = planned_years(base, years)
    with reported_errors(ctx, loaded):
        require_advances(loaded.config, loaded.sources, *years, lang=lang.value)
        for year in years:
            settle(cfg, year)
        # The planned years as forecast and compare will reach them: every series at once.
        if planned:
            require_years(cfg, planned[0], planned[-1])
            for year in planned:
                settle(cfg, year)
    # Without --scenario, each scenario written in the configuration is checked on its own too,
    # so a broken one is found before a council run needs it.
    inline = () if scenario else loaded.inline_scenarios
    for name in inline:
        with reported_errors(ctx):
            variant = load_config(config, [name])
        with reported_errors(ctx, variant):
            require_advances(variant.config, variant.sources, *years, lang=lang.value)
            for year in (*years, *planned):
                settle(variant.config, year)
    holders = sum(len(p.holders) for p in cfg.positions)
    fte = sum((p.fte for p in cfg.positions), start=0)
    say = lambda key, **values: TEXTS(key, **values).render(lang)  # noqa: E731
    checked = say("years", years=", ".join(map(str, years))) if years else say("no_years")
    if before_data:
        checked += say("before", years=", ".join(map(str, before_data)))
    if planned:
        checked += say("planned", first=planned[0], last=planned[-1])
    if inline:
        checked += say("scenarios", names=", ".join(inline))
    applied = say("applied", names=", ".join(s.name for s in loaded.scenarios)) if loaded.scenarios else ""
    def count(kind: str, n: int) -> str:
        return say(f"{kind}_{'1' if n == 1 else 'n'}", n=n)

    typer.echo(say("ok", file=loaded.main_file, applied=applied, district=cfg.district.name,
                   municipalities=count("municipalities", len(cfg.municipalities)),
                   regions=count("regions", len(cfg.regions)), posts=count("posts", len(cfg.positions)),
                   fte=_fte(fte, lang.value), holders=count("holders", holders),
                   files=count("files", len(loaded.files)), checked=checked))


def _fte(value, lang: str) -> str:
    """6.0 in English, 6,0 in German: the sum as written, with the language's decimal mark."""
    text = str(value)
    return text if lang == "en" else text.replace(".", ",")
