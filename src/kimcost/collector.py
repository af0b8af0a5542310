"""Pausing Python's cyclic garbage collector around allocation-heavy, cycle-free work.

Reading a configuration, settling a year and building a workbook each create hundreds of
thousands of small objects (nodes, Decimals, rows, cells) without reference cycles:
reference counting frees them, while the cyclic collector, triggered again and again by
the allocations, only walks every live object to find nothing. Pausing it made reading a
state-scale file two fifths faster, the engine a fifth, the workbook build a third
(docs/benchmarks.md).
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Switch the collector off for the block; back on afterwards (also on errors), unless
    the caller had it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
