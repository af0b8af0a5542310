"""The settlement's terminal tables counted by kimcost (``terminal._Measured``) print exactly
what rich prints when it measures every cell itself: the same characters and, on a colour
terminal, the same escape sequences, at any width (too narrow: rich measures as before)."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import given, settings, strategies as st
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kimcost.engine import settle
from kimcost.loading import load_config
from kimcost.reports.settlement import terminal
from kimcost.reports.settlement.terminal import _Measured
from tests.conftest import generate

REPO = Path(__file__).resolve().parent.parent


def _printed(renderables, width: int, colour: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, markup=False, emoji=False, highlight=False,
                      force_terminal=colour, color_system="truecolor" if colour else None)
    for item in renderables:
        console.print(item)
    return out.getvalue()


def _both(build, width: int, colour: bool) -> None:
    measured = _printed([_Measured(t) for t in build()], width, colour)
    plain = _printed(build(), width, colour)
    assert measured == plain


def _views(loaded, year):
    result = settle(loaded.config, year)

    def build():
        return [terminal._regions_compact(result, "de") if len(result.regions) > terminal.MAX_REGION_COLUMNS
                else terminal._regions_transposed(result, "de"), terminal._members(result, "en")]
    return build


def test_coesfeld_and_a_generated_district_at_many_widths(tmp_path):
    builds = [_views(load_config(REPO / "configs" / "coesfeld.yaml"), 2023),
              _views(load_config(generate(tmp_path, posts=40, holders=100, municipalities=30, regions=10)), 2024)]
    for build in builds:
        for width in (20, 60, 80, 100, 140, 200):
            for colour in (False, True):
                _both(build, width, colour)


# mostly what tables hold (wide and combining characters too), sometimes anything at all
texts = st.one_of(st.text(alphabet="aZ 0,.€–äß漢字😀\u0301-", max_size=12), st.text(max_size=6))
cells = st.one_of(texts, st.builds(lambda t, s: Text(t, style=s), texts,
                                                 st.sampled_from(["", "bold", "dim", "bold red", "bold cyan"])))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(cells, cells, cells, st.booleans()), max_size=8),
       headers=st.tuples(texts, texts, texts),
       width=st.integers(5, 90), colour=st.booleans())
def test_any_cells(rows, headers, width, colour):
    def build():
        table = Table(title="T", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                      show_edge=False, pad_edge=False)
        table.add_column(headers[0])
        table.add_column(headers[1], justify="right", no_wrap=True)
        table.add_column(headers[2], justify="right", style="bold", no_wrap=True)
        for a, b, c, section in rows:
            if section:
                table.add_section()
            table.add_row(a, b, c)
        return [table]
    _both(build, width, colour)
