"""Differential check: reading YAML with libyaml's events gives exactly what PyYAML's
pure-Python parser gives — the same data, the same source map (file:line:column of every
key and value) and, for broken files, the same messages.

    python bench/check_yaml_fast_path.py [--mutations 4000] [--seed 1]

``read_yaml`` composes with libyaml when it can (see ``_compose_fast`` in
``kimcost/configuration/yaml_source.py``) and falls back to the pure-Python parser on any
problem. This script reads every shipped, example and test YAML file, plus thousands of
seeded random mutations of them (brackets, quotes, tabs, anchors, control characters,
line breaks, indentation …), once with libyaml and once with it switched off, and fails
on the first difference. Deterministic (seeded); not part of the test suite because it
checks an optimisation rather than a requirement, but cheap enough to run anywhere.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

TOKENS = (
    ": ", ":", "-", "- ", "[", "]", "{", "}", ",", "'", '"', "#", " # c", "&a ", "*a", "!!str ",
    "!!python/object ", "!foo ", "? ", "|", ">", "|-\n  x", "%", "@", "`", "\\", "\n", "\r\n", "\r",
    " ", "  ", "\t", "\x00", "\x07", "\x85", "\u2028", "\ufeff", "ä", "𝄞", "---\n", "...\n", "<<: ",
    "0x1F", "1e3", "0301", "1:30", "no", "~", "null", ".nan", "-.inf", "2023-02-30", "2023-01-01 10:00",
    '"\\x41"', "'it''s'", '"\\u00e4"', '"\\N"', '"\\/"', "key: value", "a: b: c", "%YAML 1.1\n---\n",
    "%TAG ! tag:x,2000:\n---\n", "!<tag:yaml.org,2002:str> ", "[a, b]: c", "{a: 1}: 2", "- - - x",
    "'multi\n line'", '"multi\n  line"', "key:value", " :", "[[", "]]", "{{", "}}", ": ,", ":,", "x" * 1030 + ": 1",
    "'", "''", '""', '"\\"', "\n\n", "\n  ", "\n- ", "\n  - ", "#", "&", "*", "\u00a0", "\u200b",
    # harmless where they stand (a comment, quoted text, inside a word): libyaml reads these
    " # Wer? Vorlage! a | b > c\t", "'a ? b ! | >\t'", '"x | y ? \\" !"', "Wer?", "Vorlage!", "a|b", "x>y",
    "'it''s ? so'", " #\t?", '"\\t?"',
)


def _corpus() -> list[tuple[str, bytes]]:
    files: list[Path] = []
    for folder in ("configs", "examples", "tests"):
        root = REPO / folder
        if root.exists():
            files += sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    out = [(str(p.relative_to(REPO)), p.read_bytes()) for p in files]
    # A small generated configuration: flow mappings, long lists, every value type.
    import tempfile

    sys.path.insert(0, str(REPO / "bench"))
    from generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        main = generate(Path(tmp), posts=12, holders=30, municipalities=20, regions=6, seed=3)
        out.append(("generated/state.yaml", main.read_bytes()))
    return out


def _mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        if not text:
            text = rng.choice(TOKENS)
            continue
        kind = rng.randrange(7)
        i = rng.randrange(len(text) + 1)
        if kind <= 2:
            text = text[:i] + rng.choice(TOKENS) + text[i:]
        elif kind == 3:
            text = text[:i] + text[i + rng.randint(1, 8):]
        else:
            lines = text.split("\n")
            j = rng.randrange(len(lines))
            if kind == 4:
                lines.insert(j, lines[rng.randrange(len(lines))])
            elif kind == 5:
                k = rng.randrange(len(lines))
                lines[j], lines[k] = lines[k], lines[j]
            else:
                lines[j] = lines[j][rng.randint(1, 2):] if rng.random() < 0.5 else " " * rng.randint(1, 2) + lines[j]
            text = "\n".join(lines)
    return text


def _outcome(read_yaml, raw: bytes):
    from kimcost.configuration.errors import ConfigError

    try:
        data, smap = read_yaml("f.yaml", raw)
    except ConfigError as exc:
        return ("error", [str(issue) for issue in exc.issues])
    except Exception as exc:  # noqa: BLE001 - compared, not judged: both paths must agree
        return ("crash", type(exc).__name__, str(exc))
    return ("ok", repr(data), smap)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mutations", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from kimcost.configuration import yaml_source

    if getattr(yaml_source, "_CParser", None) is None:
        print("libyaml is not available (or the fast path is gone): nothing to compare")
        return 0
    c_parser = yaml_source._CParser

    def both(raw: bytes):
        yaml_source._CParser = c_parser
        fast = _outcome(yaml_source.read_yaml, raw)
        yaml_source._CParser = None
        try:
            pure = _outcome(yaml_source.read_yaml, raw)
        finally:
            yaml_source._CParser = c_parser
        return fast, pure

    fast_reads = 0
    compose_fast = yaml_source._compose_fast

    def counting(text, **options):
        nonlocal fast_reads
        node = compose_fast(text, **options)
        fast_reads += node is not None
        return node

    read_fast = yaml_source._read_fast

    def counting_one_pass(name, text):
        nonlocal fast_reads
        built = read_fast(name, text)
        fast_reads += built is not None
        return built

    yaml_source._compose_fast = counting  # restored below: tests call main() in-process
    yaml_source._read_fast = counting_one_pass
    try:
        corpus = _corpus()
        rng = random.Random(args.seed)
        counts = {"ok": 0, "error": 0, "crash": 0}
        cases = [(name, raw) for name, raw in corpus]
        for n in range(args.mutations):
            name, raw = rng.choice(corpus)
            mutated = _mutate(rng, raw.decode("utf-8", errors="replace"))
            cases.append((f"{name} (mutation {n})", mutated.encode("utf-8", errors="surrogatepass")))
        for name, raw in cases:
            fast, pure = both(raw)
            if fast != pure:
                print(f"DIFFERENCE for {name}:")
                print(f"  libyaml: {str(fast)[:600]}")
                print(f"  pure:    {str(pure)[:600]}")
                Path("/tmp/kimcost-yaml-difference.yaml").write_bytes(raw)
                print("  input written to /tmp/kimcost-yaml-difference.yaml")
                return 1
            counts[pure[0]] += 1
        print(f"{len(cases)} documents ({len(corpus)} files, {args.mutations} mutations): identical results "
              f"({counts['ok']} read, {counts['error']} refused with the same messages, {counts['crash']} other); "
              f"{fast_reads} of them read through libyaml (in one pass or composed), the rest left to the pure-Python parser")
    finally:
        yaml_source._compose_fast = compose_fast
        yaml_source._read_fast = read_fast
    return 0


if __name__ == "__main__":
    sys.exit(main())
