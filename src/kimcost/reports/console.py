"""The terminal: a rich console that never reads configuration text as markup, and the one
function through which such text reaches it.

A name like ``Stadt Billerbeck [bis 2024]`` must show its bracket, and ``[/]`` must not
crash a table; an escape sequence written in YAML (``"\\e[2J"``) must not clear the screen.
So the console has markup, emoji codes and highlighting off, and every text from the
configuration goes through ``safe``, which turns control characters into visible escapes.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.text import Text

# C0 and C1 controls and DEL, except line feed and tab (table cells may hold several lines).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``"a\\x1bb"`` -> ``"a\\\\x1bb"``: a control character is shown, never obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def safe(value: object, style: str = "") -> Text:
    """Configuration text (or any text) for a table cell, a title or a tree label."""
    if isinstance(value, Text):
        return value
    return Text(visible("" if value is None else str(value)), style=style)


def report_console(min_width: int = 140, *, stderr: bool = False) -> Console:
    """A console for tables. On a terminal rich uses its real width; when the output goes to
    a file or pipe (width unknown, often 80) tables get at least ``min_width`` columns, so
    amounts are not wrapped in council-preparation scripts."""
    options: dict[str, Any] = dict(markup=False, emoji=False, highlight=False, stderr=stderr)
    probe = Console(**options)
    return probe if probe.is_terminal else Console(width=max(probe.width, min_width), **options)
