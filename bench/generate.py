"""Generate a synthetic, state-scale kimcost configuration (deterministic, seeded).

    python bench/generate.py OUT_FOLDER [--posts 800] [--holders 2000]
                             [--municipalities 396] [--regions 130] [--seed 5]

Writes ``OUT_FOLDER/state.yaml``. The reference data shipped with kimcost (tariffs, social
insurance, the grant) is included by name (``kimcost:tvoed-sue`` …); the supplementary
pension file under ``configs/`` is not copied: the main file reaches it with a relative
``include:`` path and lists ``configs/`` under ``include_roots:``, because the loader only
allows includes outside the main file's folder when their folder is listed there.

The data is made to exercise every rule at scale: holders start and leave on arbitrary
days between April 2022 and the end of 2026, work part-time, share posts, sit in SuE and
VKA grades at every step (some with an explicit step schedule); regions use the equal,
population and weights keys, some are employed by a party (not a member), some have
their own cost rates (accident insurance, administration per VZÄ-year); there are
advances for 2023 and 2024 and some actual amounts. Every value is written as YAML text
(money with two decimals), so nothing goes through binary floating point.

The same arguments give the same bytes (``random.Random(seed)``, no clock, no hashing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "configs"
# As configs/coesfeld.yaml includes them: shipped data by name, the KVW file by path.
SHIPPED_DATA = ("kimcost:tvoed-sue", "kimcost:tvoed-vka", "kimcost:one-off-payments", "kimcost:social-insurance")
INCLUDES = ("contributions/kvw.yaml",)
GRANT_DATA = "kimcost:kim-nrw"

# Grades of the shipped tables (6 steps each), weighted towards the usual S 12.
GRADES = ("S 12",) * 6 + ("S 11b",) * 2 + ("S 14", "E 9b", "E 10", "E 11")
# The SuE tables start on 1 April 2022: no holder may be paid before a table is in force.
WINDOW_START = dt.date(2022, 4, 1)
WINDOW_END = dt.date(2026, 12, 31)
ADVANCE_YEARS = (2023, 2024)
SETTLE_YEAR = 2024  # the shipped grant amounts end with 2024


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _partition(rng: random.Random, total: int, parts: int, minimum: int = 1) -> list[int]:
    """``total`` split into ``parts`` random sizes of at least ``minimum`` each."""
    sizes = [minimum] * parts
    for _ in range(total - minimum * parts):
        sizes[rng.randrange(parts)] += 1
    return sizes


def _holders(rng: random.Random, post_fte: Decimal, count: int, serial: int) -> list[str]:
    """``count`` holders of one post as YAML flow mappings, never above the post's FTE.

    The five years are cut into consecutive terms; a term is held by one person, or, on a
    full post, now and then shared by two half-time holders at the same time.
    """
    terms: list[int] = []
    left = count
    while left:
        shared = left >= 2 and post_fte == 1 and rng.random() < 0.15
        terms.append(2 if shared else 1)
        left -= terms[-1]
    span = (WINDOW_END - WINDOW_START).days
    cuts = sorted(rng.sample(range(30, span - 30), len(terms) - 1)) if len(terms) > 1 else []
    bounds = [0, *cuts, span + 1]
    lines = []
    for t, people in enumerate(terms):
        term_start = WINDOW_START + dt.timedelta(days=bounds[t])
        term_end = WINDOW_START + dt.timedelta(days=bounds[t + 1] - 1)
        last_term = t == len(terms) - 1
        for p in range(people):
            gap = rng.choice((0, 0, 0, 0, 14, 31, 45, 92))  # vacancy before a new start
            start = min(term_start + dt.timedelta(days=gap), term_end)
            end: dt.date | None = term_end
            if last_term and rng.random() < 0.75:
                end = None  # still in the post
            elif rng.random() < 0.3 and end is not None:
                end = max(start, end - dt.timedelta(days=rng.randint(0, 40)))
            if people == 2:
                fte = post_fte / 2
            else:
                options = [post_fte] * 5
                if post_fte == 1:
                    options += [Decimal("0.8"), Decimal("0.75"), Decimal("0.5")]
                fte = rng.choice(options)
            grade = rng.choice(GRADES)
            step = rng.randint(1, 6)
            since = start - dt.timedelta(days=rng.randint(0, 4 * 365))
            serial += 1
            fields = [
                f'name: "Case-Management {serial:05d}"',
                f"start: {start.isoformat()}",
            ]
            if end is not None:
                fields.append(f"end: {end.isoformat()}")
            fields += [f"fte: {fte}", f"grade: {grade}", f"step: {step}", f"step_since: {since.isoformat()}"]
            if step < 6 and rng.random() < 0.03:
                rise = _day(rng, start, WINDOW_END)
                fields.append(f"step_schedule: [{{date: {rise.isoformat()}, step: {step + 1}}}]")
            if rng.random() < 0.5:
                fields.append('assumption: "synthetic holder"')
            lines.append("      - {" + ", ".join(fields) + "}")
    return lines


def generate(folder: Path, *, posts: int = 800, holders: int = 2000, municipalities: int = 396,
             regions: int = 130, seed: int = 5) -> Path:
    """Write ``folder/state.yaml`` and return its path."""
    if holders < posts:
        raise ValueError("give at least one holder per post")
    if municipalities < regions:
        raise ValueError("give at least one municipality per region")
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    main = folder / "state.yaml"
    # Relative paths both ways: the loader refuses absolute include paths.
    shipped = Path(os.path.relpath(SHIPPED, folder.resolve())).as_posix()

    out: list[str] = [
        "# Synthetic state-scale configuration generated by bench/generate.py; not real data.",
        f"# posts={posts} holders={holders} municipalities={municipalities} regions={regions} seed={seed}",
        f"include_roots: [{shipped}]",
        "include:",
        *(f"  - {name}" for name in SHIPPED_DATA),
        *(f"  - {shipped}/{name}" for name in INCLUDES),
        f"  - {GRANT_DATA}",
        "",
        "district:",
        "  name: Land Nordrhein-Westfalen (synthetisch)",
        "  grant: kim-nrw",
        "",
        "parties:",
    ]
    party_ids = [f"kreis-{k:02d}" for k in range(1, 32)]
    out += [f'  {pid}: {{name: "Kreis {pid[-2:]} (synthetisch)"}}' for pid in party_ids]

    out += ["", "municipalities:"]
    mids = [f"m{i:04d}" for i in range(1, municipalities + 1)]
    for mid in mids:
        population = rng.randint(4_000, 600_000)
        out.append(
            f'  {mid}: {{name: "Gemeinde {mid[1:]}", population: {{value: {population}, '
            f'as_of: 2022-12-31, source: "synthetic", status: assumption}}}}'
        )

    out += ["", "regions:"]
    sizes = _partition(rng, municipalities, regions)
    rng.shuffle(mids_shuffled := list(mids))
    rids = [f"r{i:03d}" for i in range(1, regions + 1)]
    offset = 0
    for rid, size in zip(rids, sizes):
        members = mids_shuffled[offset:offset + size]
        offset += size
        employer = rng.choice(party_ids) if rng.random() < 0.15 else members[0]
        key_roll = rng.random()
        out += [f"  {rid}:", f'    name: "Region {rid[1:]}"', f"    employer: {employer}",
                f"    members: [{', '.join(members)}]"]
        if key_roll < 0.6:
            out.append("    key: equal")
        elif key_roll < 0.85:
            out.append("    key: population")
        else:
            weights = ", ".join(f"{m}: {rng.randint(1, 40)}" for m in members)
            out.append(f'    key: {{weights: {{{weights}}}, source: "synthetic agreement"}}')
        out.append(f"    advance_instalments: {rng.choice((1, 2, 4, 4, 4, 12))}")
        payers = [m for m in members if m != employer]
        if payers:
            out.append("    advances:")
            for year in ADVANCE_YEARS:
                amounts = ", ".join(f"{m}: {_money(Decimal(rng.randint(100_000, 4_000_000)) / 100)}" for m in payers)
                out.append(f"      {year}: {{{amounts}}}")
        if rng.random() < 0.1:
            out += [
                "    cost_rates:",
                "      equipment_initial:",
                '        2022-01-01: {value: 1800.00, source: "synthetic", status: assumption}',
                "      equipment_per_fte_year:",
                '        2022-01-01: {value: 2000.00, source: "synthetic", status: assumption}',
                '        2024-01-01: {value: 2150.00, source: "synthetic", status: assumption}',
                "      recruitment_per_new_holder:",
                '        2022-01-01: {value: 900.00, source: "synthetic", status: assumption}',
                "      administration:",
                '        2022-01-01: {per_fte_year: 3100.00, source: "synthetic", status: assumption}',
                "      accident_insurance_per_fte_year:",
                '        2022-01-01: {value: 95.00, source: "synthetic", status: assumption}',
            ]

    out += [
        "",
        "cost_rates:",
        "  equipment_initial:",
        '    2022-01-01: {value: 1500.00, source: "synthetic", status: assumption}',
        "  equipment_per_fte_year:",
        '    2022-01-01: {value: 2270.00, source: "synthetic", status: assumption}',
        "  recruitment_per_new_holder:",
        '    2022-01-01: {value: 1200.00, source: "synthetic", status: assumption}',
        "  administration:",
        '    2022-01-01: {percent_of_personnel: 2.0, source: "synthetic", status: assumption}',
        "",
        "positions:",
    ]
    # Every region gets a post first (while there are posts), the rest go anywhere.
    region_of_post = [rids[i % regions] for i in range(posts)]
    rng.shuffle(region_of_post)
    per_post = _partition(rng, holders, posts)
    serial = 0
    for i, (rid, count) in enumerate(zip(region_of_post, per_post), start=1):
        post_fte = rng.choice((Decimal("1.0"),) * 7 + (Decimal("0.5"),) * 2 + (Decimal("0.75"),))
        out += [f"  - id: p{i:05d}", f"    region: {rid}", f'    name: "Case-Management {i:05d}"',
                f"    fte: {post_fte}", "    holders:"]
        lines = _holders(rng, post_fte, count, serial)
        serial += len(lines)
        out += lines
        if rng.random() < 0.05:
            out += ["    actuals:",
                    f'      {SETTLE_YEAR}: {{recruitment: {_money(Decimal(rng.randint(50_000, 300_000)) / 100)}, '
                    'source: "synthetic invoices"}']
    main.write_text("\n".join(out) + "\n", encoding="utf-8")
    return main


COESFELD_POSTS = ("nord-1", "nord-2", "mitte-1", "sued-1", "sued-2", "sued-3")
COESFELD_REGIONS = ("nord", "mitte", "sued")


def generate_scenarios(folder: Path, *, count: int = 20, until: int = 2034, seed: int = 5) -> list[Path]:
    """Scenario files for a forecast of the Coesfeld configuration up to ``until``.

    Returns ``[planning, s01, …]``: ``planning`` carries the data forward (a 3 % pay rise
    every April from 2027, then the last known values continued), so that every year up
    to ``until`` can be settled; ``s01``… each change one to three things (grant amount,
    kvw rate, a holder's end or grade, a region's key, an extra half post). The changes
    are chosen so that the files also apply one after another in any prefix (``-s`` is
    repeatable and applies in order): set values only, extra posts with their own ids.
    """
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    planning = folder / "planning.yaml"
    planning.write_text(
        "name: planning\n"
        f"description: Planungsannahmen bis {until} (synthetisch, bench/generate.py).\n"
        "changes:\n"
        f"  - pay_rise: {{date: 2027-04-01, percent: 3.0, repeat_until: {until}, source: \"bench: planning rate\"}}\n"
        f"  - carry_forward: {{until: {until}, source: \"bench: last known value continued\"}}\n",
        encoding="utf-8",
    )
    paths = [planning]
    for k in range(1, count + 1):
        changes: list[str] = []
        for kind in rng.sample(range(6), rng.randint(1, 3)):
            year = rng.randint(2025, until)
            if kind == 0:
                amount = _money(Decimal(rng.randrange(0, 7_000_000, 50_000)) / 100)
                changes += ["  - set: grants.kim-nrw.amounts", f"    since: {year}-01-01", f"    value: {amount}"]
            elif kind == 1:
                rate = rng.choice(("4.25", "4.5", "4.75", "5.0"))
                changes += ["  - set: supplementary_pension", f"    since: {year}-01-01", f"    value: {rate}"]
            elif kind == 2:
                post = rng.choice(COESFELD_POSTS)
                end = _day(rng, dt.date(2025, 1, 1), dt.date(until, 12, 31))
                changes += [f"  - set: positions.{post}.holders[0].end", f"    value: {end.isoformat()}"]
            elif kind == 3:
                post = rng.choice(COESFELD_POSTS)
                changes += [f"  - set: positions.{post}.holders[0].grade", f"    value: {rng.choice(('S 11b', 'S 12', 'S 14'))}"]
            elif kind == 4:
                region = rng.choice(COESFELD_REGIONS)
                changes += [f"  - set: regions.{region}.key", f"    value: {rng.choice(('equal', 'population'))}"]
            else:
                region = rng.choice(COESFELD_REGIONS)
                start = _day(rng, dt.date(2025, 1, 1), dt.date(until - 1, 12, 31))
                changes += [
                    "  - add: positions",
                    "    value:",
                    f"      id: {region}-extra-{k:02d}",
                    f"      region: {region}",
                    "      fte: 0.5",
                    "      holders:",
                    f"        - {{name: Zusatzstelle {k:02d}, start: {start.isoformat()}, fte: 0.5, "
                    f"grade: S 12, step: 1, step_since: {start.isoformat()}}}",
                ]
        path = folder / f"s{k:02d}.yaml"
        path.write_text(
            f"name: s{k:02d}\ndescription: Synthetisches Szenario {k:02d} (bench/generate.py).\nchanges:\n"
            + "\n".join(changes) + "\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--posts", type=int, default=800)
    parser.add_argument("--holders", type=int, default=None, help="default: 2.5 per post")
    parser.add_argument("--municipalities", type=int, default=396)
    parser.add_argument("--regions", type=int, default=130)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    holders = args.holders if args.holders is not None else args.posts * 5 // 2
    path = generate(args.folder, posts=args.posts, holders=holders, municipalities=args.municipalities,
                    regions=args.regions, seed=args.seed)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
