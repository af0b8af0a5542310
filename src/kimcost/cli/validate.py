"""``kimcost validate``: check a configuration and the years it names."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from kimcost.cli.errors import reported_errors
from kimcost.cli.options import CONFIG, SCENARIOS


def validate(ctx: typer.Context, config: Path = CONFIG, scenario: Optional[List[str]] = SCENARIOS) -> None:
    """Check a configuration (and scenarios): syntax, keys, references, and every year it has advances or actuals for."""
    from kimcost.loading import load_config
    from kimcost.engine import settle

    with reported_errors(ctx):
        loaded = load_config(config, list(scenario or []))
    cfg = loaded.config
    years = sorted({y for r in cfg.regions.values() for y in r.advances} | {y for p in cfg.positions for y in p.actuals})
    with reported_errors(ctx, loaded):
        for year in years:
            settle(cfg, year)
    # Without --scenario, each scenario written in the configuration is checked on its own too,
    # so a broken one is found before a council run needs it.
    inline = () if scenario else loaded.inline_scenarios
    for name in inline:
        with reported_errors(ctx):
            variant = load_config(config, [name])
        with reported_errors(ctx, variant):
            for year in years:
                settle(variant.config, year)
    holders = sum(len(p.holders) for p in cfg.positions)
    fte = sum((p.fte for p in cfg.positions), start=0)
    checked = f"years checked: {', '.join(map(str, years))}" if years else "no settlement years named"
    if inline:
        checked += f"; scenarios checked: {', '.join(inline)}"
    applied = f" under scenario {', '.join(s.name for s in loaded.scenarios)}" if loaded.scenarios else ""
    typer.echo(
        f"OK {loaded.main_file}{applied}: {cfg.district.name}, {len(cfg.municipalities)} municipalities, "
        f"{len(cfg.regions)} regions, {len(cfg.positions)} posts ({fte} VZÄ), {holders} holders, "
        f"{len(loaded.files)} files; {checked}"
    )
