"""Fingerprints of the engine's results, to show an optimisation changed nothing.

    python bench/identity.py STATE_YAML [--out FILE]

Prints (and with ``--out`` writes) one line per check: the SHA-256 of

- ``kimcost settle 2023|2024 --config configs/coesfeld.yaml -f json --no-workbook`` and
  ``settle 2024`` of the state-scale configuration (``bench/generate.py``), as the command
  writes them (a real subprocess, ``SOURCE_DATE_EPOCH`` fixed);
- the ``repr`` of the complete ``Settlement`` objects (every holder-month, every path and
  parameter used) for Coesfeld 2023–2025 and the state configuration 2023–2024.

Run it before and after a change and compare the two outputs (``diff``): any difference in
a figure, a path or a field's value changes a hash.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COESFELD = REPO / "configs" / "coesfeld.yaml"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _command(config: Path, year: int) -> bytes:
    kimcost = Path(sys.executable).parent / "kimcost"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    done = subprocess.run([str(kimcost), "settle", str(year), "--config", str(config), "-f", "json", "--no-workbook"],
                          capture_output=True, env=env, check=True, cwd=REPO)
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("state", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    from kimcost.engine import settle
    from kimcost.loading import load_config

    lines = []
    for year in (2023, 2024):
        lines.append(f"json coesfeld {year} {_sha(_command(COESFELD, year))}")
    lines.append(f"json state 2024 {_sha(_command(args.state, 2024))}")
    coesfeld = load_config(COESFELD).config
    for year in (2023, 2024, 2025):
        lines.append(f"repr coesfeld {year} {_sha(repr(settle(coesfeld, year)).encode())}")
    state = load_config(args.state).config
    for year in (2023, 2024):
        lines.append(f"repr state {year} {_sha(repr(settle(state, year)).encode())}")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out is not None:
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
