"""Write each command's real ``--help`` into README.md, between its markers:

    <!-- help: kimcost settle -->
    ```text
    …
    ```
    <!-- end help -->

Run ``python tools/update_readme_help.py`` after changing a command's options (``--check``:
change nothing, exit 1 when a block is out of date). tests/test_readme_help.py fails while the
README differs. The help is rendered through typer's CliRunner with a fixed terminal width and
no colour, so the text does not depend on the terminal it is run from. typer lays out help
differently from one minor release to the next, so the README also records the typer version
it was rendered with (``<!-- help rendered with typer X.Y.Z -->``)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# click wraps help at min(terminal width, 80) - 2; COLUMNS fixes the terminal width (also for
# rich), TERMINAL_WIDTH is typer's own setting when it renders help with rich.
HELP_ENV = {"COLUMNS": "100", "TERMINAL_WIDTH": "100", "NO_COLOR": "1", "TERM": "dumb"}
RENDERED_WITH = re.compile(r"<!-- help rendered with typer (?P<version>[0-9][^ ]*) -->")
BLOCK = re.compile(r"(<!-- help: (?P<command>kimcost[a-z -]*?) -->\n)(?P<body>.*?)(<!-- end help -->)", re.DOTALL)


def render_help(command: str) -> str:
    """The exact ``COMMAND --help`` text, e.g. for ``kimcost settle``."""
    from typer.testing import CliRunner

    from kimcost.cli.app import app

    args = command.split()[1:] + ["--help"]
    result = CliRunner().invoke(app, args, prog_name="kimcost", env=HELP_ENV)
    if result.exit_code != 0:
        raise RuntimeError(f"{command} --help exited with {result.exit_code}: {result.output}{result.exception!r}")
    return "\n".join(line.rstrip() for line in result.output.rstrip().splitlines()) + "\n"


def fenced(command: str) -> str:
    return f"```text\n$ {command} --help\n{render_help(command)}```\n"


def blocks(text: str) -> list[tuple[str, str]]:
    """(command, fenced block as it stands) for each marked block in the README text."""
    return [(m["command"], m["body"]) for m in BLOCK.finditer(text)]


def typer_version() -> str:
    from importlib.metadata import version

    return version("typer")


def rendered_with(text: str) -> str | None:
    """The typer version the README's help blocks were rendered with."""
    match = RENDERED_WITH.search(text)
    return match["version"] if match else None


def updated(text: str) -> str:
    text = RENDERED_WITH.sub(f"<!-- help rendered with typer {typer_version()} -->", text)
    return BLOCK.sub(lambda m: m.group(1) + fenced(m["command"]) + m.group(4), text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report blocks that are out of date")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    if not blocks(text) or rendered_with(text) is None:
        print(f"{README}: no '<!-- help: … -->' or '<!-- help rendered with typer … -->' markers found",
              file=sys.stderr)
        return 1
    new = updated(text)
    stale = [cmd for (cmd, old), (_, fresh) in zip(blocks(text), blocks(new), strict=True) if old != fresh]
    if args.check:
        for cmd in stale:
            print(f"README.md: the help block of '{cmd}' differs from '{cmd} --help'; "
                  f"run: python tools/update_readme_help.py", file=sys.stderr)
        return 1 if stale else 0
    if new != text:
        README.write_text(new, encoding="utf-8")
    print(f"README.md: {len(stale)} of {len(blocks(new))} help blocks updated (typer {typer_version()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
