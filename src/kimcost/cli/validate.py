"""``kimcost validate``: check a configuration and the years it names."""

from __future__ import annotations

from pathlib import Path

import typer

from kimcost.cli.app import app
from kimcost.cli.errors import reported_errors
from kimcost.cli.options import CONFIG


@app.command()
def validate(ctx: typer.Context, config: Path = CONFIG) -> None:
    """Check a configuration: syntax, keys, references, and every year it has advances or actuals for."""
    from kimcost.configuration import load_config
    from kimcost.engine import settle

    with reported_errors(ctx):
        loaded = load_config(config)
    cfg = loaded.config
    years = sorted({y for r in cfg.regions.values() for y in r.advances} | {y for p in cfg.positions for y in p.actuals})
    with reported_errors(ctx, loaded):
        for year in years:
            settle(cfg, year)
    holders = sum(len(p.holders) for p in cfg.positions)
    fte = sum((p.fte for p in cfg.positions), start=0)
    checked = f"years checked: {', '.join(map(str, years))}" if years else "no settlement years named"
    typer.echo(
        f"OK {loaded.main_file}: {cfg.district.name}, {len(cfg.municipalities)} municipalities, "
        f"{len(cfg.regions)} regions, {len(cfg.positions)} posts ({fte} VZÄ), {holders} holders, "
        f"{len(loaded.files)} files; {checked}"
    )
