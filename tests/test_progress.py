"""The progress display (reports/progress.py): on stderr only when it is a terminal, never
with machine output on a pipe, only after the delay, phase by phase, and closed before the
outputs are printed. No timing assertions: the delay is zero or very long."""

from __future__ import annotations

import io
import time

from rich.console import Console

from kimcost.reports.progress import Progress, shown_for


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_shown_only_on_a_terminal_and_never_with_data_on_a_pipe():
    tty, pipe = _Stream(True), _Stream(False)
    assert shown_for("table", None, stderr=tty, stdout=pipe)
    assert shown_for("json", None, stderr=tty, stdout=tty)
    assert shown_for("json", "out.json", stderr=tty, stdout=pipe)  # the data goes to a file
    assert not shown_for("json", None, stderr=tty, stdout=pipe)
    assert not shown_for("csv", None, stderr=tty, stdout=pipe)
    assert not shown_for("table", None, stderr=pipe, stdout=tty)


def _wait_for(condition, seconds: float = 10.0) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        time.sleep(0.01)


def test_phases_are_shown_in_order_once_the_delay_has_passed():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80, color_system=None)
    progress = Progress(True, "de", delay=0.0, console=console)
    progress.enter("load")
    _wait_for(lambda: progress._display is not None)
    progress.enter("settle")
    progress.enter("workbook")
    progress.close()
    text = screen.getvalue()
    lines = [line for line in text.splitlines() if "✓" in line]
    # the last frame: every phase finished, in the order entered, each with its seconds
    assert [line.split("✓")[1].split("  ")[0].strip() for line in lines[-3:]] == [
        "Konfiguration laden", "Abrechnen", "Arbeitsmappe erstellen"]
    assert all(line.rstrip().endswith(" s") for line in lines[-3:])


def test_nothing_is_shown_for_a_short_run_or_when_disabled():
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80)
    short = Progress(True, "en", delay=3600, console=console)
    short.enter("load")
    short.close()
    off = Progress(False, "en", delay=0.0, console=console)
    off.enter("load")
    time.sleep(0.05)
    off.close()
    assert screen.getvalue() == ""


def test_an_error_in_a_phase_ends_the_display_first():
    console = Console(file=io.StringIO(), force_terminal=True, width=80)
    progress = Progress(True, "en", delay=0.0, console=console)
    try:
        with progress.phase("load"):
            _wait_for(lambda: progress._display is not None)
            raise ValueError("bad")
    except ValueError:
        pass
    assert progress._closed and progress._display is None
