"""``kimcost data``: what ships, its sources and checks, a warning for stale series; ``-h``."""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.cli.data import Series, is_stale
from tests.builders import write

runner = CliRunner()


def _epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc).timestamp()))


def test_lists_every_shipped_file_with_sources_and_checks(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2026-12-01"))
    result = runner.invoke(app, ["data"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for name in ("kimcost:tvoed-sue", "kimcost:tvoed-vka", "kimcost:one-off-payments", "kimcost:social-insurance",
                 "kimcost:kim-nrw"):
        assert f"\n{name}  " in f"\n{out}"
    assert ("tariffs.tvoed-sue.tables (Entgelttabellen): 4 Einträge 2022-04-01 … 2026-05-01 "
            "(letzter: provisional, geprüft bis 2027-03-31)") in out
    assert "Quelle: Sozialversicherungs-Rechengrößenverordnung 2026" in out
    # On 1 Dec 2026 only the general table is more than a year past its stand (1 Apr 2025):
    # the SuE tables are checked until 31 Mar 2027; rates, ceilings and grant run to 2026.
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warnung:")]
    assert len(warnings) == 1
    assert warnings[0].startswith("Warnung: kimcost:tvoed-vka tariffs.tvoed-vka.tables: Stand 2025-04-01, "
                                  "mehr als ein Jahr vor heute (2026-12-01)")


def test_a_year_later_every_yearly_series_is_stale(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2027-04-02"))
    result = runner.invoke(app, ["data", "--lang", "en"])
    assert result.exit_code == 0
    stale = {line.split(" ")[2].rstrip(":") for line in result.stderr.splitlines() if line.startswith("warning:")}
    # social insurance and grant: last entry 2026-01-01, more than a year before 2027-04-02 → stale;
    # the SuE tables: checked until 2027-03-31, one year has not passed
    assert stale == {"tariffs.tvoed-vka.tables", "social_insurance.rates", "social_insurance.ceilings",
                     "grants.kim-nrw.amounts"}


def test_staleness_is_exactly_one_year():
    s = Series("grants.x.amounts", "amounts", (dt.date(2025, 12, 1),), "seen", "src", None)
    assert not is_stale(s, dt.date(2026, 12, 1))      # exactly a year: not yet
    assert is_stale(s, dt.date(2026, 12, 2))
    rule = Series("tariffs.x.step_durations", "step_durations", (dt.date(2005, 10, 1),), "seen", "src", None)
    assert not is_stale(rule, dt.date(2026, 12, 2))    # rules hold until changed: listed, not warned


def test_lists_the_entries_a_configuration_replaces(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2026-12-01"))
    from tests.conftest import COESFELD

    (tmp_path / "configs").symlink_to(COESFELD.parent)
    config = write(tmp_path, "own.yaml", """
        include_roots: [configs]
        include: [configs/coesfeld.yaml]
        grants:
          kim-nrw:
            amounts:
              2026-01-01: {value: 58000.00, source: "Bewilligungsbescheid 2026", status: seen}
    """)
    result = runner.invoke(app, ["data", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "Ersetzte mitgelieferte Einträge in" in result.stdout
    assert "grants.kim-nrw.amounts.2026-01-01: own.yaml:6:7 ← kimcost:kim-nrw:28:7" in result.stdout


def test_short_help_option():
    short, long = runner.invoke(app, ["settle", "-h"]), runner.invoke(app, ["settle", "--help"])
    assert short.exit_code == 0 and short.stdout == long.stdout
    top = runner.invoke(app, ["-h"])
    assert "--install-completion" in top.stdout and "-h, --help" in top.stdout
