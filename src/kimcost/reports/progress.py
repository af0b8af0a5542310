"""A progress display on stderr for runs that take more than about a second.

A state-scale settlement takes seconds (loading, settling, the workbook), and a terminal
that shows nothing for that long looks hung. The display names the phases one by one, with
their times; it appears only once a run has taken ``DELAY`` seconds (a district's run stays
silent), only when stderr is a terminal, and never when machine output goes to a pipe
(``--format json|csv`` without ``--output`` and stdout not a terminal): a script reading the
data must see nothing but the data, and a log file no spinner frames.

The engine knows nothing of it: the command names the phase it enters (``phase``), and
``publish`` the phases of writing. rich.progress is imported only when the display starts.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

from kimcost.reports.labels import label

DELAY = 1.0  # seconds before the display appears


class Progress:
    """Phases of one command run; shown on stderr after ``DELAY`` seconds if ``enabled``."""

    def __init__(self, enabled: bool, lang: str = "de", delay: float = DELAY, console: Any = None):
        self.enabled = enabled
        self.lang = lang
        self._lock = threading.Lock()
        self._phases: list[tuple[str, float]] = []  # (label key, start) in order
        self._display: Any = None
        self._tasks: list[Any] = []
        self._console = console
        self._closed = False
        self._timer = None
        if enabled:
            self._timer = threading.Timer(delay, self._show)
            self._timer.daemon = True  # never keeps a failed run alive
            self._timer.start()

    @contextlib.contextmanager
    def phase(self, key: str) -> Iterator[None]:
        """The run is now in phase ``key`` (a label: ``progress_<key>``); on an error the
        display ends before the message is printed."""
        self.enter(key)
        try:
            yield
        except BaseException:
            self.close()
            raise

    def enter(self, key: str) -> None:
        if not self.enabled or self._closed:
            return
        with self._lock:
            now = time.monotonic()  # the clock rich.progress uses
            self._phases.append((key, now))
            if self._display is not None:
                self._finish_last_task()
                self._add_task(key)

    def close(self) -> None:
        """End the display (the finished phases stay on the screen); idempotent."""
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._display is not None:
                self._finish_last_task()
                self._display.stop()
                self._display = None

    # --- the display, from the timer thread and under the lock -------------------------

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import Progress as RichProgress, ProgressColumn, SpinnerColumn, TextColumn
        from rich.text import Text

        class Seconds(ProgressColumn):
            def render(self, task: Any) -> Text:
                seconds = task.finished_time if task.finished else task.elapsed
                return Text(f"{seconds or 0:5.1f} s", style="progress.elapsed")

        with self._lock:
            if self._closed or not self._phases:
                return
            console = self._console or Console(stderr=True, markup=False, emoji=False, highlight=False)
            display = RichProgress(SpinnerColumn(finished_text="✓"), TextColumn("{task.description}"),
                                   Seconds(), console=console, transient=False,
                                   redirect_stdout=False, redirect_stderr=False)
            self._display = display
            for key, start in self._phases:
                self._add_task(key, start)
            for task in self._tasks[:-1]:
                display.update(task, total=1, completed=1)
            for done, (_, start), (_, end) in zip(self._tasks, self._phases, self._phases[1:]):
                display.tasks[done].finished_time = end - start  # times of phases before the display
                display.tasks[done].stop_time = end
            display.start()

    def _add_task(self, key: str, start: float | None = None) -> None:
        task = self._display.add_task(label(f"progress_{key}", self.lang), total=None)
        if start is not None:
            self._display.tasks[task].start_time = start
        self._tasks.append(task)

    def _finish_last_task(self) -> None:
        if self._tasks:
            self._display.update(self._tasks[-1], total=1, completed=1)


def shown_for(fmt: str, output: object, *, stderr: Any = None, stdout: Any = None) -> bool:
    """Whether a run with ``--format fmt`` (``output``: the ``--output`` file or None) may
    show progress: stderr a terminal, and no machine output on a pipe or file via stdout."""
    stderr = stderr if stderr is not None else sys.stderr
    stdout = stdout if stdout is not None else sys.stdout
    if not _is_terminal(stderr):
        return False
    if fmt != "table" and output is None and not _is_terminal(stdout):
        return False
    return True


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or replaced (a test runner's capture)
        return False


NO_PROGRESS = Progress(False)
