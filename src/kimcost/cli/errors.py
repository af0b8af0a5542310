"""Map library errors to messages on stderr and exit codes (documented in the README).

0 success · 1 anything unexpected · 2 usage error (typer) · 3 invalid configuration ·
130 interrupted (Ctrl-C, SIGINT) · 143 terminated (SIGTERM).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

import typer

from kimcost.messages import Catalogue, Text, render

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


# The texts of the run's end on stderr, German first (the default) and English (--lang en).
TEXTS = Catalogue("cli.errors", {
    "error": ("Fehler: {message}", "error: {message}"),
    "warning": ("Warnung: {message}", "warning: {message}"),
    "summary_one": ("1 Fehler in der Konfiguration; es wurde nichts geschrieben.",
                    "1 error in the configuration; nothing was written."),
    "summary": ("{count} Fehler in der Konfiguration; es wurde nichts geschrieben.",
                "{count} errors in the configuration; nothing was written."),
    "interrupted": ("Abgebrochen; es wurde nichts geschrieben.", "interrupted; nothing was written."),
    "terminated": ("Beendet (SIGTERM); es wurde nichts geschrieben.", "terminated; nothing was written."),
    "bug": ("Das ist ein Fehler in kimcost; starten Sie den Befehl noch einmal mit --debug, um den Traceback zu "
            "sehen, und melden Sie ihn.",
            "This is a bug in kimcost; run again with --debug for the traceback and report it."),
})


def echo_err(message: str | Text, lang: object = "de") -> None:
    """A line on stderr; a :class:`Text` is worded in ``lang``."""
    typer.echo(render(message, lang), err=True)


def argv_language(argv: list[str]) -> str:
    """The ``--lang`` of a command line, for a message printed outside any command (SIGTERM
    during start-up): ``en`` when given, else German."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1].lower() == "en" else "de"
        if arg.lower() == "--lang=en":
            return "en"
    return "de"


def error_line(message: object, lang: object) -> str:
    """``Fehler: …`` / ``error: …``: one error on stderr."""
    return TEXTS("error", message=message).render(lang)


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
                        echo_err(TEXTS("warning", message=text), _command(ctx)[1])
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
            echo_err(error_line(issue.text(lang), lang))
        echo_err(TEXTS("summary_one") if count == 1 else TEXTS("summary", count=count), lang)
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
        lang = _command(ctx)[1]
        echo_err(error_line(exc.text(lang), lang))
        raise typer.Exit(EXIT_FAILURE) from None
    except KeyboardInterrupt:
        echo_err(TEXTS("interrupted"), _command(ctx)[1])
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Terminated:
        echo_err(TEXTS("terminated"), _command(ctx)[1])
        raise typer.Exit(EXIT_TERMINATED) from None
    except Exception as exc:  # the last line of defence: never a bare traceback
        if debug:
            raise
        lang = _command(ctx)[1]
        echo_err(error_line(f"{type(exc).__name__}: {exc}", lang))
        echo_err(TEXTS("bug"), lang)
        raise typer.Exit(EXIT_FAILURE) from None
