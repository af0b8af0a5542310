"""Python's cyclic garbage collector, handled once for a whole command.

A kimcost command reads a configuration, settles, and writes its outputs, building hundreds
of thousands of small objects (YAML nodes, source locations, Decimals, result rows, cells)
that form no reference cycles: reference counting frees them. The cyclic collector,
triggered again and again by those allocations, only walks every live object to find
nothing, so each phase grew with the size of the heap (the state-scale terminal table took
0.72 s with it and 0.38 s without; docs/benchmarks.md). Pausing it phase by phase left the
phases in between (validation, tables, the workbook) paying for it.

So the console script switches it off once, before the command runs, and the process ends
when the command does. Library use (tests, ``import kimcost``) keeps the collector as the
caller has it: nothing below the CLI touches it.
"""

from __future__ import annotations

import gc


def collector_off_for_the_run() -> None:
    """For a process that runs one command and exits: no cyclic collection at all.

    The few cycles such a run creates (an exception's traceback, openpyxl's sheet and cell
    back references) live until the end anyway, so nothing is held longer than the run;
    the peak memory of benchmark S3 is the same with and without (docs/benchmarks.md)."""
    gc.disable()
