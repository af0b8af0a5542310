"""The rich console the commands print their tables to."""

from __future__ import annotations


def report_console(min_width: int = 140):
    """A console for tables. On a terminal rich uses its real width; when the output goes to
    a file or pipe (width unknown, often 80) tables get at least ``min_width`` columns, so
    amounts are not wrapped in council-preparation scripts."""
    from rich.console import Console

    probe = Console()
    return Console() if probe.is_terminal else Console(width=max(probe.width, min_width))
