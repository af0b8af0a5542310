"""Map library errors to messages on stderr and exit codes (documented in the README).

0 success · 1 anything unexpected · 2 usage error (typer) · 3 invalid configuration ·
130 interrupted (Ctrl-C, SIGINT) · 143 terminated (SIGTERM).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

import typer

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_CONFIG = 3
EXIT_INTERRUPTED = 130   # 128 + SIGINT, as shells report it
EXIT_TERMINATED = 143    # 128 + SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived (a CI job cancelled, ``kill``, a shutdown). Raised by the handler
    ``cli.app.main`` installs, so that it unwinds like Ctrl-C does: the atomic writer's
    cleanup removes its temporary file, and no earlier output is touched. A BaseException,
    so that no ``except Exception`` on the way can swallow it."""

# typer vendors click: its usage errors (typer.BadParameter and kin, exit 2) and aborts must
# reach typer untouched. The base class is found through typer's public BadParameter rather
# than by importing click.
_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__
                        if c.__name__ == "ClickException" and issubclass(c, Exception))
_TYPER_EXCEPTIONS = (typer.Exit, typer.Abort, _CLICK_EXCEPTION)


def echo_err(message: str) -> None:
    typer.echo(message, err=True)


def _command(ctx: typer.Context | None) -> tuple[str, str]:
    """The command that runs (``forecast``) and its ``--lang``, for messages that name them."""
    name = (ctx.info_name if ctx is not None else None) or "kimcost"
    lang = (ctx.params.get("lang") if ctx is not None else None) or "de"
    return name, getattr(lang, "value", lang)


@contextlib.contextmanager
def shown_warnings(ctx: typer.Context | None = None) -> Iterator[None]:
    """Print each configuration warning issued inside (``loading.load_config`` issues them)
    on stderr, once per run even when a command loads twice; other warnings pass on."""
    from kimcost.configuration.errors import ConfigWarning

    shown: set[str] = ctx.obj.setdefault("warned", set()) if ctx is not None and isinstance(ctx.obj, dict) else set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConfigWarning)
        try:
            yield
        finally:
            others = []
            for item in caught:
                if isinstance(item.message, ConfigWarning):
                    text = item.message.issue.text(_command(ctx)[1])
                    if text not in shown:
                        shown.add(text)
                        echo_err(f"warning: {text}")
                else:
                    others.append(item)
    for item in others:  # outside the recording block: shown as Python would have shown them
        warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)


@contextlib.contextmanager
def reported_errors(ctx: typer.Context | None = None, loaded=None) -> Iterator[None]:
    """Turn library exceptions into a message and an exit code; ``--debug`` shows tracebacks.
    Configuration warnings issued inside are shown on stderr (``shown_warnings``)."""
    with shown_warnings(ctx):
        with _reported_errors(ctx, loaded):
            yield


@contextlib.contextmanager
def _reported_errors(ctx: typer.Context | None, loaded) -> Iterator[None]:
    from kimcost.configuration.errors import ConfigError
    from kimcost.configuration.planning import PlannedYear
    from kimcost.engine.errors import MissingData
    from kimcost.reports.output import OutputError

    debug = bool(ctx and ctx.obj and ctx.obj.get("debug"))
    try:
        yield
    except _TYPER_EXCEPTIONS:
        raise
    except ConfigError as exc:
        if debug:
            raise
        count = len(exc.issues)
        lang = _command(ctx)[1]
        for issue in exc.issues:
            echo_err(f"error: {issue.text(lang)}")
        echo_err(f"{count} error{'s' if count != 1 else ''} in the configuration; nothing was written.")
        raise typer.Exit(EXIT_CONFIG) from None
    except MissingData as exc:
        if debug:
            raise
        from kimcost.cli.missing import report_missing

        report_missing(exc, loaded, *_command(ctx))
        raise typer.Exit(EXIT_CONFIG) from None
    except PlannedYear as exc:
        if debug:
            raise
        from kimcost.cli.missing import report_planned

        report_planned(exc, loaded, *_command(ctx))
        raise typer.Exit(EXIT_CONFIG) from None
    except OutputError as exc:
        if debug:
            raise
        echo_err(f"error: {exc}")
        raise typer.Exit(EXIT_FAILURE) from None
    except KeyboardInterrupt:
        echo_err("interrupted; nothing was written.")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Terminated:
        echo_err("terminated; nothing was written.")
        raise typer.Exit(EXIT_TERMINATED) from None
    except Exception as exc:  # the last line of defence: never a bare traceback
        if debug:
            raise
        echo_err(f"error: {type(exc).__name__}: {exc}")
        echo_err("This is a bug in kimcost; run again with --debug for the traceback and report it.")
        raise typer.Exit(EXIT_FAILURE) from None
