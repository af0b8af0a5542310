"""kimcost benchmark: start-up, state scale, forecast and growth (issue 5, "Speed and scale").

    python bench/run.py            # full run (about 2–4 minutes); writes docs/benchmarks.md
    python bench/run.py --quick    # smoke run (about 30 s); prints the table, writes nothing

Not part of the test suite and nothing here asserts a time: it measures, prints a table
and records it with the machine it ran on. Scenarios:

- S1  ``kimcost settle 2023 --config configs/coesfeld.yaml --out <tmp>.xlsx`` as a whole
      process, median of the runs, as a ratio to the floor
      ``python -c "import typer, pydantic, yaml, rich, openpyxl"`` measured in the same
      rounds (interleaved, so load on the machine hits both alike). Target ≤ 1.5×.
- S2  ``kimcost --help`` and ``kimcost --version`` against the same floor. Target ≤ 0.6×.
- S3  a generated state-scale configuration (bench/generate.py: 396 municipalities in 130
      regions, 800 posts, 2,000 holders 2022–2026) settled with the workbook: ≤ 5 s and
      ≤ 300 MB peak memory (peak RSS of the child, from ``os.wait4``); the engine alone
      (in-process, configuration loaded beforehand) ≤ 1 s.
- S4  a ten-year forecast (2025–2034) of the Coesfeld configuration under twenty scenarios
      (plus the planning scenario that carries the data to 2034): ≤ 3 s.
- S5  load and engine time for 100, 1,000 and 10,000 posts: must grow linearly.

Every child runs the console script ``kimcost`` that ``pip install`` puts next to the
interpreter (not ``python -m kimcost``, and not a pyenv shim, which adds its own start-up),
with the same interpreter as this script. Children run with bytecode caching on, written
to a temporary folder (``PYTHONPYCACHEPREFIX``): an installed kimcost has its ``.pyc``
files, while this development setup may set ``PYTHONDONTWRITEBYTECODE``, which would
recompile kimcost's modules in every run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
DOC = REPO / "docs" / "benchmarks.md"
BEGIN = "<!-- bench:results:begin (written by bench/run.py; edit outside these markers) -->"
END = "<!-- bench:results:end -->"
FLOOR_CODE = "import typer, pydantic, yaml, rich, openpyxl"
STATE_YEAR = 2024
FORECAST = (2025, 2034)

sys.path.insert(0, str(BENCH))
from generate import generate, generate_scenarios  # noqa: E402


# --- running children ------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int
    stderr: str = ""
    cpu: float = 0.0  # user + system seconds of the child


def run_child(cmd: list[str], env: dict[str, str], cwd: Path, timeout: float = 900) -> Run:
    """Run ``cmd`` to the end; wall time, CPU time (user + system of the child alone), the
    child's own peak RSS and exit code, all from one blocking ``os.wait4``. No polling: on a
    2-core machine a parent waking every 0.5 ms takes CPU from the child it measures; a
    timer thread kills a child that overruns ``timeout``."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", errors="replace")
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, text, usage.ru_utime + usage.ru_stime)


def checked(run: Run, what: str) -> Run:
    if run.code != 0:
        raise SystemExit(f"{what} failed with exit code {run.code}:\n{run.stderr[-3000:]}")
    return run


def console_script() -> str:
    """The installed ``kimcost`` script beside this interpreter (a pyenv shim would add ~100 ms)."""
    candidate = Path(sysconfig.get_path("scripts")) / "kimcost"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("kimcost")
    if found is None:
        raise SystemExit("the console script 'kimcost' is not installed; run: pip install -e .")
    return found


def child_env(pycache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")  # the workbook's fixed timestamps
    env["COLUMNS"] = "140"
    return env


def phases(env: dict[str, str], config: Path, year: int, *extra: str) -> dict:
    """``bench/phases.py`` in a fresh process: the time of each step of a settlement."""
    cmd = [sys.executable, str(BENCH / "phases.py"), str(config), str(year), *extra]
    out = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        raise SystemExit(f"phases.py failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the machine -----------------------------------------------------------------------


def machine() -> dict[str, str]:
    def read(path: str) -> str:
        try:
            return Path(path).read_text()
        except OSError:
            return ""

    cpu = re.search(r"^model name\s*:\s*(.+)$", read("/proc/cpuinfo"), re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", read("/proc/meminfo"), re.M)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " + uncommitted changes"

    def version(module: str) -> str:
        from importlib.metadata import PackageNotFoundError, version as v

        try:
            return v(module)
        except PackageNotFoundError:
            return "not installed"

    import yaml

    try:
        from openpyxl.xml import LXML
    except ImportError:  # pragma: no cover
        LXML = False
    return {
        "CPU": cpu.group(1).strip() if cpu else (platform.processor() or platform.machine()),
        "cores": f"{os.cpu_count()} logical, {usable} usable by this process",
        "RAM": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "unknown",
        "Python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "OS": platform.platform(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "git commit": commit,
        "libraries": (f"typer {version('typer')}, pydantic {version('pydantic')}, PyYAML {version('pyyaml')} "
                      f"(libyaml: {'yes' if getattr(yaml, '__with_libyaml__', False) else 'no'}), rich {version('rich')}, "
                      f"openpyxl {version('openpyxl')} (lxml: {'yes' if LXML else 'no'})"),
        "load average at start": read("/proc/loadavg").split(" ")[0:3] and " ".join(read("/proc/loadavg").split(" ")[0:3]),
    }


# --- results ---------------------------------------------------------------------------


@dataclass
class Row:
    scenario: str
    measured: str
    target: str
    met: bool | None   # None: no target (context)


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)   # Markdown blocks after the table

    def add(self, scenario: str, measured: str, target: str = "", met: bool | None = None) -> None:
        self.rows.append(Row(scenario, measured, target, met))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def verdict(met: bool | None) -> str:
    return {True: "met", False: "NOT met", None: ""}[met]


# --- scenarios -------------------------------------------------------------------------


def s1_s2(res: Results, env: dict[str, str], kimcost: str, tmp: Path, runs: int) -> None:
    out = tmp / "coesfeld-2023.xlsx"
    commands = {
        "floor": [sys.executable, "-c", FLOOR_CODE],
        "settle": [kimcost, "settle", "2023", "--config", "configs/coesfeld.yaml", "--out", str(out)],
        "help": [kimcost, "--help"],
        "version": [kimcost, "--version"],
        "python -m": [sys.executable, "-m", "kimcost", "--version"],
        "python": [sys.executable, "-c", "pass"],
    }
    for name, cmd in commands.items():  # warm-up: bytecode caches, file system caches
        checked(run_child(cmd, env, REPO), name)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved: a busy moment hits every command alike
        for name, cmd in commands.items():
            run = checked(run_child(cmd, env, REPO), name)
            times[name].append(run.seconds)
            cpu[name].append(run.cpu)
    med = {name: statistics.median(values) for name, values in times.items()}
    floor = med["floor"]
    ratio = {name: med[name] / floor for name in med}
    res.add("floor: python -c \"import typer, pydantic, yaml, rich, openpyxl\"", ms(floor), "(reference)")
    res.add("S1 kimcost settle 2023 (Coesfeld) + workbook, whole process",
            f"{ms(med['settle'])} = {ratio['settle']:.2f}× floor", "≤ 1.8× floor", ratio["settle"] <= 1.8)
    cpu_med = {name: statistics.median(values) for name, values in cpu.items()}
    res.add("S1 the same in CPU time (user + system of the child)",
            f"{ms(cpu_med['settle'])} = {cpu_med['settle'] / cpu_med['floor']:.2f}× floor ({ms(cpu_med['floor'])})",
            "≤ 1.8× floor", cpu_med["settle"] / cpu_med["floor"] <= 1.8)
    res.add("S2 kimcost --help (console script)", f"{ms(med['help'])} = {ratio['help']:.2f}× floor", "≤ 0.5× floor",
            ratio["help"] <= 0.5)
    res.add("S2 kimcost --version (console script)", f"{ms(med['version'])} = {ratio['version']:.2f}× floor",
            "≤ 0.5× floor", ratio["version"] <= 0.5)
    res.add("   python -m kimcost --version (for comparison)", f"{ms(med['python -m'])} = {ratio['python -m']:.2f}× floor")
    res.add("   python -c pass (interpreter start-up)", f"{ms(med['python'])} = {ratio['python']:.2f}× floor")
    lines = [f"S1/S2: median of {runs} interleaved runs each (after one warm-up run); all runs in seconds:", ""]
    for name, values in times.items():
        lines.append(f"- {name}: " + ", ".join(f"{v:.3f}" for v in values)
                     + f" (CPU: {', '.join(f'{c:.3f}' for c in cpu[name])})")
    res.sections.append("\n".join(lines))
    # Where S1's time goes, in a fresh process (imports, load, engine, reports).
    p = phases(env, REPO / "configs" / "coesfeld.yaml", 2023, "--out", str(tmp / "coesfeld-phases.xlsx"))
    res.sections.append(_phase_table("S1 phases (Coesfeld 2023, one fresh process, bench/phases.py)", p))


def _phase_table(title: str, p: dict) -> str:
    names = {
        "import_libs": "import typer, pydantic, yaml, rich, openpyxl",
        "import_lazy_libs": "library modules the floor's imports defer (pydantic.main, rich.console, typer._adapters)",
        "import_kimcost": "import kimcost.loading, kimcost.engine (schema models built here)",
        "load": "load configuration (YAML, validation, consistency)",
        "load_repeat": "load again, median of repeated loads",
        "engine": "engine: settle (first call)",
        "engine_repeat": "engine alone: settle, median of repeated calls",
        "json": "JSON report",
        "terminal": "terminal table (rich, into memory)",
        "workbook_build": "workbook: build in memory (kimcost's writer model)",
        "workbook_save": "workbook: save (XML + zip, atomic move)",
        "workbook_write": "workbook: build and save",
    }
    rows = [f"**{title}**", "", "| phase | time |", "|---|---:|"]
    for key, seconds in p["phases"].items():
        rows.append(f"| {names.get(key, key)} | {ms(seconds)} |")
    rows.append(f"| peak RSS of that process | {p['peak_rss_mb']:.0f} MB |")
    return "\n".join(rows)


def s3(res: Results, env: dict[str, str], kimcost: str, tmp: Path, runs: int) -> None:
    folder = tmp / "state"
    config = generate(folder)
    out = tmp / "state.xlsx"
    cmd = [kimcost, "settle", str(STATE_YEAR), "--config", str(config), "--out", str(out)]
    results = [checked(run_child(cmd, env, REPO), "S3 settle") for _ in range(runs)]
    seconds = statistics.median(r.seconds for r in results)
    cpu = statistics.median(r.cpu for r in results)
    walls = sorted(r.seconds for r in results)
    peak = max(r.peak_mb for r in results)
    p = phases(env, config, STATE_YEAR, "--out", str(tmp / "state-phases.xlsx"), "--engine-runs", "5")
    engine = p["phases"]["engine_repeat"]
    res.add(f"S3 state scale: settle {STATE_YEAR} + workbook ({p['posts']} posts, {p['holders']} holders), whole process",
            f"{seconds:.2f} s (median of {runs}, {walls[0]:.2f}–{walls[-1]:.2f}; CPU {cpu:.2f} s)", "≤ 2.5 s",
            seconds <= 2.5)
    res.add("S3 state scale: peak memory (RSS of the process)", f"{peak:.0f} MB", "≤ 250 MB", peak <= 250)
    res.add("S3 state scale: engine alone (in-process, config loaded)", f"{ms(engine)} (median of 5)", "≤ 0.3 s",
            engine <= 0.3)
    big = generate(tmp / "state-8000", posts=8000, holders=20000)
    big_cmd = [kimcost, "settle", str(STATE_YEAR), "--config", str(big), "--out", str(tmp / "state-8000.xlsx")]
    small_runs, big_runs = [], []
    for _ in range(max(1, runs // 3)):  # interleaved with the 800-post command
        small_runs.append(checked(run_child(cmd, env, REPO), "S5 800"))
        big_runs.append(checked(run_child(big_cmd, env, REPO), "S5 8000"))
    small_s = statistics.median(r.seconds for r in small_runs)
    big_s = statistics.median(r.seconds for r in big_runs)
    small_c = statistics.median(r.cpu for r in small_runs)
    big_c = statistics.median(r.cpu for r in big_runs)
    big_peak = max(r.peak_mb for r in big_runs)
    res.add("S5 whole command with workbook, 8,000 posts against 800 (wall; CPU)",
            f"{big_s:.1f} s = {big_s / small_s:.1f}× ({big_c:.1f} s CPU = {big_c / small_c:.1f}×)", "≤ 10.5×",
            big_s / small_s <= 10.5)
    res.add("S5 8,000 posts: peak memory", f"{big_peak:.0f} MB", "≤ 1.2 GB", big_peak <= 1200)
    size = out.stat().st_size / 1e6 if out.exists() else 0
    res.sections.append(_phase_table(
        f"S3 phases (state scale, {STATE_YEAR}, workbook {size:.1f} MB; one fresh process, bench/phases.py)", p))


def s4(res: Results, env: dict[str, str], kimcost: str, tmp: Path, runs: int, full: bool) -> None:
    probe = run_child([kimcost, "forecast", "--help"], env, REPO)
    first, last = FORECAST
    scenarios = generate_scenarios(tmp / "scenarios", count=20, until=last)
    if probe.code == 0:
        flags = [arg for path in scenarios for arg in ("-s", str(path))]
        cmd = [kimcost, "forecast", str(first), str(last), "--config", "configs/coesfeld.yaml", *flags,
               "--out", str(tmp / "forecast.xlsx")]
        checked(run_child(cmd, env, REPO), "S4 forecast")  # warm-up
        times = [checked(run_child(cmd, env, REPO), "S4 forecast").seconds for _ in range(runs)]
        seconds = statistics.median(times)
        res.add(f"S4 kimcost forecast {first} {last} (Coesfeld), 20 scenarios + planning, with workbook",
                f"{seconds:.2f} s (median of {runs})", "≤ 3 s", seconds <= 3)
    else:
        res.add("S4 kimcost forecast", "command not available", "≤ 3 s", None)
    # The same question asked scenario by scenario: base (planning) and each scenario alone,
    # ten years each = 21 × 10 settlements, configurations loaded beforehand.
    loop = subprocess.run(
        [sys.executable, "-c", _S4_LOOP, str(REPO / "configs" / "coesfeld.yaml"), str(first), str(last),
         *map(str, scenarios)],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=1800,
    )
    if loop.returncode != 0:
        raise SystemExit(f"S4 engine loop failed:\n{loop.stderr[-3000:]}")
    data = json.loads(loop.stdout)
    res.add(f"   S4 engine loop: 21 variants × 10 years = {data['settlements']} settle calls (in-process)",
            f"{data['settle_seconds']:.2f} s (+ {data['load_seconds']:.2f} s loading the 21 variants)", "(context)")
    if full and probe.code == 0:
        total = 0.0
        for path in scenarios[1:]:
            cmd = [kimcost, "forecast", str(first), str(last), "--config", "configs/coesfeld.yaml",
                   "-s", str(scenarios[0]), "-s", str(path), "-f", "json"]
            total += checked(run_child(cmd, env, REPO), "S4 forecast per scenario").seconds
        res.add("   S4 one forecast process per scenario (20 runs, JSON, no workbook)", f"{total:.2f} s in all", "(context)")


_S4_LOOP = r"""
import json, sys, time
from kimcost.loading import load_config
from kimcost.engine import settle
config, first, last, planning, *others = sys.argv[1:]
t = time.perf_counter()
variants = [load_config(config, [planning])] + [load_config(config, [planning, s]) for s in others]
loaded = time.perf_counter() - t
t = time.perf_counter()
n = 0
for v in variants:
    for year in range(int(first), int(last) + 1):
        settle(v.config, year)
        n += 1
print(json.dumps({"settlements": n, "settle_seconds": time.perf_counter() - t, "load_seconds": loaded}))
"""


def s5(res: Results, env: dict[str, str], tmp: Path, sizes: tuple[int, ...], processes: int) -> None:
    rows = ["**S5: growth with the number of posts** (396 municipalities in 130 regions throughout; "
            f"2.5 holders per post; {processes} fresh process(es) per size, the fastest of them: load as the "
            "command does it, once per process; engine: 3 calls per process). Growth = time per post divided by the time per post at the "
            "previous size: 1.00× is linear.",
            "", "| posts | holders | load | per post | growth | engine | per post | growth |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    previous: tuple[int, float, float] | None = None
    worst = 0.0
    for posts in sizes:
        config = generate(tmp / f"posts-{posts}", posts=posts, holders=posts * 5 // 2)
        runs = [phases(env, config, STATE_YEAR, "--skip-reports", "--engine-runs", "3") for _ in range(processes)]
        # The fastest run: on a shared machine other work only ever adds time, and the
        # question here is the shape of the growth, not the typical time (S3 reports that).
        load_s = min(p["phases"]["load"] for p in runs)
        engine_s = min(min(p["engine_runs"]) for p in runs)
        load, engine = load_s / posts, engine_s / posts
        grow = ("", "")
        if previous is not None:
            grow = (f"{load / previous[1]:.2f}×", f"{engine / previous[2]:.2f}×")
            # Below 1,000 posts the fixed part (130 regions, the tariff files) dominates.
            if previous[0] >= 1000:
                worst = max(worst, load / previous[1], engine / previous[2])
        rows.append(f"| {posts:,} | {runs[0]['holders']:,} | {load_s:.2f} s | {load * 1000:.2f} ms | {grow[0]} | "
                    f"{engine_s:.2f} s | {engine * 1000:.2f} ms | {grow[1]} |")
        previous = (posts, load, engine)
    res.sections.append("\n".join(rows))
    res.add(f"S5 growth {' → '.join(f'{s:,}' for s in sizes)} posts: time per post (load, engine), largest step from ≥ 1,000",
            f"{worst:.2f}× per post" if worst else "n/a", "linear (≤ 1.25×)", worst <= 1.25 if worst else None)


# --- output ----------------------------------------------------------------------------


def table(res: Results) -> str:
    head = ("scenario", "measured", "target", "")
    rows = [head] + [(r.scenario, r.measured, r.target, verdict(r.met)) for r in res.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(res: Results, info: dict[str, str], argv: list[str]) -> str:
    out = [BEGIN, "", "## Results", "",
           f"Command: `python bench/run.py{' ' + ' '.join(argv) if argv else ''}`", "",
           "| machine | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in info.items()]
    out += ["", "| scenario | measured | target | |", "|---|---|---|---|"]
    out += [f"| {r.scenario.strip()} | {r.measured} | {r.target} | {verdict(r.met)} |" for r in res.rows]
    for section in res.sections:
        out += ["", section]
    out += ["", END]
    return "\n".join(out)


def write_doc(block: str) -> None:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    if DOC.exists():
        text = DOC.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    else:
        text = "# Benchmarks\n\nRun `python bench/run.py` (see bench/run.py).\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="kimcost benchmark (S1–S5); see docs/benchmarks.md")
    parser.add_argument("--quick", action="store_true", help="smoke run: fewer runs, smaller S5; writes nothing")
    parser.add_argument("--runs", type=int, default=None, help="runs per command for S1/S2 (default 9; quick 3)")
    parser.add_argument("--write", action="store_true", help="with --quick: write docs/benchmarks.md anyway")
    parser.add_argument("--only", default="", help="comma-separated subset, e.g. s1,s3 (writes nothing)")
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 9)
    only = {s.strip().lower() for s in args.only.split(",") if s.strip()}
    want = (lambda s: s in only) if only else (lambda s: True)
    kimcost = console_script()
    info = machine()
    res = Results()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kimcost-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = child_env(tmp / "pycache")
        print(f"kimcost benchmark: {info['CPU']}, {info['cores']}, Python {platform.python_version()}, "
              f"console script {kimcost}", flush=True)
        if want("s1") or want("s2"):
            print("S1/S2 start-up …", flush=True)
            s1_s2(res, env, kimcost, tmp, runs)
        if want("s3"):
            print("S3 state scale …", flush=True)
            s3(res, env, kimcost, tmp, 1 if args.quick else 3)
        if want("s4"):
            print("S4 forecast …", flush=True)
            s4(res, env, kimcost, tmp, 1 if args.quick else 5, full=not args.quick)
        if want("s5"):
            print("S5 growth …", flush=True)
            s5(res, env, tmp, (100, 1000, 2000) if args.quick else (100, 1000, 10000), 1 if args.quick else 3)
    print()
    print(table(res))
    for section in res.sections:
        print()
        print(section)
    print(f"\n({time.perf_counter() - started:.0f} s)")
    if (not args.quick or args.write) and not only:
        write_doc(markdown(res, info, argv))
        print(f"written: {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
