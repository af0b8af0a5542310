"""``kimcost``: the typer application. Commands live in their own modules as plain functions,
registered below, and import the heavy libraries (pydantic, openpyxl, rich tables) only when
they run, so that ``kimcost --help`` and ``--version`` start fast."""

from __future__ import annotations

import contextlib
import signal
import sys

import typer

from kimcost import __version__
from kimcost.cli.compare import compare
from kimcost.cli.data import data
from kimcost.cli.errors import EXIT_TERMINATED, TEXTS, Terminated, argv_language, echo_err
from kimcost.cli.explain import explain
from kimcost.cli.forecast import forecast
from kimcost.cli.init import init
from kimcost.cli.schema import schema
from kimcost.cli.settle import settle
from kimcost.cli.statements import statements
from kimcost.cli.template import template
from kimcost.cli.validate import validate
from kimcost.cli.variance import variance

app = typer.Typer(
    name="kimcost",
    help="Cost allocation for case managers shared under NRW's Kommunales Integrationsmanagement (KIM).",
    no_args_is_help=True,
    # --install-completion / --show-completion (issue 12); typer's completion code is only
    # imported when one of them is given, so --help does not start slower.
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
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
    version: bool | None = typer.Option(None, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show Python tracebacks for errors."),
) -> None:
    ctx.obj = {"debug": debug}


# The command modules define plain functions and know nothing of ``app``; registered here,
# in the order ``kimcost --help`` lists them.
for _command in (settle, validate, compare, forecast, explain, statements):
    app.command()(_command)
app.command()(variance)  # issue 13: why the share changed
app.command()(data)      # issue 12: the shipped reference data
app.command()(init)      # issue 12: a starting configuration for a new district
app.command()(schema)    # issue 12: a JSON Schema for editors
app.command()(template)  # issue 12: empty tables for holders, advances, actual amounts


def _terminate(signum, frame) -> None:
    raise Terminated()


def main() -> None:
    """The console script (and ``python -m kimcost``): one command, then the process ends."""
    from kimcost.collector import collector_off_for_the_run

    collector_off_for_the_run()  # once for the whole run, not per phase: see kimcost.collector
    # SIGTERM ends the run as Ctrl-C does (issue 11): an exception that unwinds through the
    # atomic writer, whose cleanup removes the temporary file, instead of the default action,
    # which kills the process on the spot and leaves '.kimcost-….tmp' behind.
    with contextlib.suppress(ValueError, AttributeError):  # not the main thread; no SIGTERM
        signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except Terminated:  # before or after a command's own error handling (start-up, typer)
        echo_err(TEXTS("terminated"), argv_language(sys.argv[1:]))
        sys.exit(EXIT_TERMINATED)
