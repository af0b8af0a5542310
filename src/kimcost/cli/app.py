"""``kimcost``: the typer application. Commands live in their own modules and import the
heavy libraries (pydantic, openpyxl, rich tables) only when they run, so that
``kimcost --help`` and ``--version`` start fast."""

from __future__ import annotations

from typing import Optional

import typer

from kimcost import __version__

app = typer.Typer(
    name="kimcost",
    help="Cost allocation for case managers shared under NRW's Kommunales Integrationsmanagement (KIM).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kimcost {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show Python tracebacks for errors."),
) -> None:
    ctx.obj = {"debug": debug}


from kimcost.cli import settle as _settle  # noqa: E402  (registers commands on ``app``)
from kimcost.cli import validate as _validate  # noqa: E402,F401
from kimcost.cli import compare as _compare  # noqa: E402,F401
from kimcost.cli import forecast as _forecast, explain as _explain  # noqa: E402,F401

assert _settle


def main() -> None:
    app()
