"""``kimcost explain``: where a member's share (a region's own share, a post's net cost) comes
from, down to each month's pay, every input value citing its YAML file and line."""

from __future__ import annotations

from pathlib import Path

import typer

from kimcost.cli.errors import reported_errors
from kimcost.cli.forecast import load_with_scenarios
from kimcost.cli.options import CONFIG, LANG, OUTPUT, SCENARIOS, Format, Lang
from kimcost.messages import Catalogue, Text

TEXTS = Catalogue("cli.explain", {
    "public": ("explain zeigt die Bezüge jeder Stelleninhaberin und jedes Stelleninhabers im Einzelnen und hat keine "
               "öffentliche Fassung; verwenden Sie --public mit settle, forecast, compare, variance oder statements",
               "explain shows each holder's pay in detail and has no public edition; use --public with settle, "
               "forecast, compare, variance or statements"),
    "one_subject": ("geben Sie genau eine der Optionen --member, --region oder --position an",
                    "give exactly one of --member, --region or --position"),
    "unknown": ("{kind} {given} gibt es in der Konfiguration nicht; {hint}",
                "no {kind} {given} in the configuration; {hint}"),
    "member": ("die Kommune", "member"),
    "region": ("die Region", "region"),
    "position": ("die Stelle", "position"),
    "did_you_mean": ("meinten Sie {names}?", "did you mean {names}?"),
    "known": ("bekannt sind: {names}", "known: {names}"),
    "or": ("{first} oder {second}", "{first} or {second}"),
    "tree": ("explain schreibt einen Baum: verwenden Sie --format table oder --format json",
             "explain writes a tree: use --format table or --format json"),
})


def explain(
    ctx: typer.Context,
    year: int = typer.Argument(..., min=1900, max=2100, help="The year to explain, e.g. 2023."),
    config: Path = CONFIG,
    member: str | None = typer.Option(None, "--member", "-m", help="A municipality's id, e.g. billerbeck."),
    position: str | None = typer.Option(None, "--position", "-p", help="A post's id, e.g. nord-1."),
    region: str | None = typer.Option(None, "--region", "-r", help="A region's id, e.g. nord."),
    scenario: list[str] | None = SCENARIOS,
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table (a tree on the terminal) or json.", case_sensitive=False),
    lang: Lang = LANG,
    depth: int | None = typer.Option(None, "--depth", min=1, help="Show only this many levels of the tree (terminal)."),
    output: Path | None = OUTPUT,
    public: bool = typer.Option(False, "--public", hidden=True),
) -> None:
    """Explain YEAR for exactly one of --member, --region or --position: a tree from the share
    down to each post's monthly pay; every value read from the configuration cites file:line."""
    if public:
        # explain exists to show each holder's pay in detail: there is no public edition of it
        raise typer.BadParameter(TEXTS("public").render(lang), param_hint="--public")
    chosen = [(kind, value) for kind, value in (("member", member), ("region", region), ("position", position))
              if value is not None]
    if len(chosen) != 1:
        raise typer.BadParameter(TEXTS("one_subject").render(lang), param_hint="--member/--region/--position")
    if fmt is Format.csv:
        raise typer.BadParameter(TEXTS("tree").render(lang), param_hint="--format")
    from kimcost.cli.emit import emit
    from kimcost.reports.explain import ExplanationReport, ExplanationSubject
    from kimcost.reports.formats import Edition
    kind, subject = chosen[0]
    from kimcost.engine import settle
    from kimcost.reports.explain import build

    with reported_errors(ctx):
        loaded = load_with_scenarios(config, list(scenario or []))
    unknown = None
    with reported_errors(ctx, loaded):
        result = settle(loaded.config, year)
        maker = {"member": build.explain_member, "region": build.explain_region,
                 "position": build.explain_position}[kind]
        try:
            tree = maker(result, loaded, subject, lang.value)
        except build.UnknownSubject as exc:
            unknown = exc
    if unknown is not None:
        # A wrong id on the command line is a usage error (exit 2), like a wrong option value;
        # raised outside ``reported_errors``, which would report it as a bug.
        raise typer.BadParameter(_unknown(unknown, loaded).render(lang), param_hint=f"--{kind}")
    with reported_errors(ctx, loaded):
        report = ExplanationReport(ExplanationSubject(tree, loaded, year, {kind: subject}, depth), Edition(lang.value))
        emit(report, fmt, lang=lang.value, loads=[loaded], output=output, out=None, no_workbook=True,
             default_workbook=None)


def _unknown(exc, loaded) -> Text:
    """The id given is not in the configuration: its close matches, or else every id known."""
    cfg = loaded.config
    known = {"member": list(cfg.municipalities), "region": list(cfg.regions),
             "position": [p.id for p in cfg.positions]}[exc.kind]
    if exc.suggestions:
        names: Text | str = repr(exc.suggestions[0])
        for other in exc.suggestions[1:]:
            names = TEXTS("or", first=names, second=repr(other))
        hint = TEXTS("did_you_mean", names=names)
    else:
        hint = TEXTS("known", names=", ".join(known))
    return TEXTS("unknown", kind=TEXTS(exc.kind), given=repr(exc.given), hint=hint)
