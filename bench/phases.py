"""Time the phases of one ``kimcost settle`` in a fresh process; print one JSON object.

    python bench/phases.py CONFIG YEAR [--out FILE.xlsx] [--engine-runs N] [--load-runs N] [--skip-reports]

Run by ``bench/run.py`` in a child process, so every measurement starts with cold imports
like the command does. Phases, in the order the command runs them:

- ``import_libs``: typer, pydantic, yaml, rich, openpyxl (the S1/S2 "floor" libraries);
- ``import_lazy_libs``: the parts of those libraries their top-level import defers
  (pydantic's BaseModel machinery, rich's console and table, typer's parameter adapters);
- ``import_kimcost``: kimcost's configuration, engine and report modules;
- ``load``: reading the YAML files, pydantic validation and consistency checks;
- ``load_repeat``: median of ``--load-runs`` further loads in the same process;
- ``engine``: the first ``settle(config, year)`` call;
- ``engine_repeat``: median of ``--engine-runs`` further calls on the loaded config
  (the "engine alone" figure: no I/O, no imports, config loaded beforehand);
- ``json``, ``terminal``: the JSON document and the rich table (rendered into memory);
- ``workbook_build`` / ``workbook_save``: the workbook in memory, then written to disk
  (when ``--out`` is given and the workbook package is there).

``peak_rss_mb`` is this process's peak resident memory at the end.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import resource
import statistics
import sys
import time
from pathlib import Path


def _timed(phases: dict, name: str, fn):
    start = time.perf_counter()
    result = fn()
    phases[name] = time.perf_counter() - start
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("config", type=Path)
    parser.add_argument("year", type=int)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--engine-runs", type=int, default=0)
    parser.add_argument("--load-runs", type=int, default=0, help="load again N times (median: load_repeat)")
    parser.add_argument("--skip-reports", action="store_true", help="stop after the engine")
    args = parser.parse_args(argv)
    phases: dict[str, float] = {}
    info: dict[str, object] = {}
    # as the console script does before the command (kimcost.cli.app.main): no cyclic
    # collection for the whole run (kimcost.collector)
    gc.disable()

    def import_libs():
        import openpyxl  # noqa: F401
        import pydantic  # noqa: F401
        import rich  # noqa: F401
        import typer  # noqa: F401
        import yaml  # noqa: F401

    _timed(phases, "import_libs", import_libs)

    def import_lazy_libs():
        # What the floor's imports leave for later: ``import pydantic`` and ``import rich``
        # load almost nothing until BaseModel or a Console is used, and typer imports its
        # parameter adapters (which use pydantic) only when a command runs.
        import pydantic.main  # noqa: F401
        import pydantic.types  # noqa: F401
        import rich.console  # noqa: F401
        import rich.table  # noqa: F401

        try:
            import typer._adapters  # noqa: F401
        except ImportError:  # another typer version
            pass

    _timed(phases, "import_lazy_libs", import_lazy_libs)

    def import_kimcost():
        import kimcost.loading  # noqa: F401  (the configuration reader and its models)
        import kimcost.engine  # noqa: F401

    _timed(phases, "import_kimcost", import_kimcost)
    from kimcost.loading import load_config
    from kimcost.engine import settle

    loaded = _timed(phases, "load", lambda: load_config(args.config))
    if args.load_runs:
        runs = []
        for _ in range(args.load_runs):
            loaded = None  # as in a fresh process: the previous configuration is gone
            gc.collect()
            start = time.perf_counter()
            loaded = load_config(args.config)
            runs.append(time.perf_counter() - start)
        phases["load_repeat"] = statistics.median(runs)
        info["load_runs"] = runs
    result = _timed(phases, "engine", lambda: settle(loaded.config, args.year))
    if args.engine_runs:
        runs = []
        for _ in range(args.engine_runs):
            start = time.perf_counter()
            settle(loaded.config, args.year)
            runs.append(time.perf_counter() - start)
        phases["engine_repeat"] = statistics.median(runs)
        info["engine_runs"] = runs
    positions = loaded.config.positions
    info["posts"] = len(positions)
    info["holders"] = sum(len(p.holders) for p in positions)

    if not args.skip_reports:
        # The command's own order (reports/publish.py): render, write the workbook, then print.
        from rich.console import Console

        from kimcost.reports.formats import Edition
        from kimcost.reports.output import write_atomically
        from kimcost.reports.settlement import SettlementReport, SettlementSubject
        from kimcost.reports.xlsx.determinism import calculation_moment, save_reproducibly

        report = SettlementReport(SettlementSubject(result, loaded), Edition("de"))
        _timed(phases, "json", lambda: report.format("json").encode())
        if args.out is not None:
            moment = calculation_moment()
            wb = _timed(phases, "workbook_build", lambda: report.format("xlsx").build(moment))
            _timed(phases, "workbook_save",
                   lambda: write_atomically(args.out, lambda tmp: save_reproducibly(wb, tmp, moment)))

        def terminal():
            console = Console(file=io.StringIO(), width=140, markup=False, emoji=False, highlight=False)
            for item in report.format("table").renderables():
                console.print(item)

        _timed(phases, "terminal", terminal)

    info["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump({"phases": phases, **info}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
