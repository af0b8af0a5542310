"""``kimcost data``: the reference data shipped with kimcost, its sources, and how far each
series has been checked; a warning for a series more than a year past its check."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import typer

from kimcost.cli.errors import echo_err, reported_errors
from kimcost.cli.options import LANG, Lang

# The series checked_until speaks of carry the staleness warning: those that change every
# year or with every agreement (their names: data_series_* in reports/labels.py).
_WATCHED = {"tables", "rates", "ceilings", "amounts"}


def _t(key: str, lang: Lang) -> str:
    from kimcost.reports.labels import label

    return label(f"data_{key}", lang.value)


@dataclass(frozen=True)
class Series:
    key: str              # tariffs.tvoed-sue.tables
    kind: str             # tables
    dates: tuple[dt.date, ...]
    last_status: str
    last_source: str
    checked_until: dt.date | None

    @property
    def as_of(self) -> dt.date:
        """How far the series is known to hold: its check, or else its last entry."""
        last = self.dates[-1]
        return max(last, self.checked_until) if self.checked_until else last


def today(lang: str = "de") -> dt.date:
    """The clock's day, or the day of SOURCE_DATE_EPOCH (UTC) where it is set (tests, builds):
    the day the outputs are dated with (reports/xlsx/determinism.py)."""
    from kimcost.reports.output import OutputError
    from kimcost.reports.xlsx.determinism import calculation_moment

    try:
        return calculation_moment().date()
    except OutputError as exc:
        raise typer.BadParameter(exc.text(lang)) from None


def _dated(mapping) -> list[tuple[dt.date, dict]]:
    return sorted((k, v) for k, v in mapping.items() if isinstance(k, dt.date) and isinstance(v, dict))


def series_of(data: dict) -> list[Series]:
    """Every dated series of one shipped file, in the file's order."""
    out: list[Series] = []

    def add(key: str, kind: str, mapping, checked) -> None:
        entries = _dated(mapping or {})
        if not entries:
            return
        last = entries[-1][1]
        date = checked.get("date") if isinstance(checked, dict) and kind in _WATCHED else None
        out.append(Series(key, kind, tuple(d for d, _ in entries), str(last.get("status", "seen")),
                          str(last.get("source", "")), date))

    for tid, tariff in (data.get("tariffs") or {}).items():
        checked = tariff.get("checked_until")
        for kind in ("tables", "step_durations", "annual_payment"):
            add(f"tariffs.{tid}.{kind}", kind, tariff.get(kind), checked)
        for aid, allowance in (tariff.get("allowances") or {}).items():
            add(f"tariffs.{tid}.allowances.{aid}.amounts", "allowance", allowance.get("amounts"), None)
    for pid, payment in (data.get("one_off_payments") or {}).items():
        add(f"one_off_payments.{pid}.months", "months", payment.get("months"), None)
    si = data.get("social_insurance")
    if isinstance(si, dict):
        for kind in ("rates", "ceilings"):
            add(f"social_insurance.{kind}", kind, si.get(kind), si.get("checked_until"))
    for gid, grant in (data.get("grants") or {}).items():
        add(f"grants.{gid}.amounts", "amounts", grant.get("amounts"), grant.get("checked_until"))
    return out


def is_stale(series: Series, day: dt.date) -> bool:
    """More than a year past its check: its stand lies before the same day a year ago."""
    if series.kind not in _WATCHED:
        return False
    try:
        year_ago = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        year_ago = day.replace(year=day.year - 1, day=28)
    return series.as_of < year_ago


def data(ctx: typer.Context,
         config: Path | None = typer.Option(None, "--config", "-c",
                                               help="Also list the shipped entries this configuration replaces."),
         lang: Lang = LANG) -> None:
    """List the reference data shipped with kimcost (include it by name: include: [kimcost:tvoed-sue, …]):
    each series with its dates, the source and status of its last entry and how far it is checked;
    warns about a series more than a year past its check."""
    from kimcost.configuration import packaged
    from kimcost.configuration.errors import format_path
    from kimcost.configuration.yaml_source import read_yaml

    day = today(lang.value)
    stale: list[str] = []
    for entry in packaged.CATALOGUE:
        path = packaged.path_of(entry)
        raw = path.read_bytes()
        name = packaged.label(entry.name)
        parsed, _ = read_yaml(name, raw)
        typer.echo(f"{name}  {entry.title if lang.value == 'de' else entry.title_en}")
        typer.echo(f"  {_t('file', lang)}: {path}  SHA-256: {hashlib.sha256(raw).hexdigest()}")
        for s in series_of(parsed):
            kind = _t(f"series_{s.kind}", lang)
            checked = f", {_t('checked', lang)} {s.checked_until}" if s.checked_until else ""
            typer.echo(f"  {s.key} ({kind}): {len(s.dates)} {_t('entries', lang)} {s.dates[0]} … {s.dates[-1]}"
                       f" ({_t('last', lang)}: {s.last_status}{checked})")
            typer.echo(f"    {_t('source', lang)}: {s.last_source}")
            if is_stale(s, day):
                stale.append(_t("stale", lang).format(name=name, key=s.key, date=s.as_of, today=day))
        typer.echo("")
    if config is not None:
        from kimcost.loading import load_config

        with reported_errors(ctx):
            loaded = load_config(config)
        if loaded.overrides:
            typer.echo(_t("overrides", lang).format(config=config))
            for o in loaded.overrides:
                typer.echo(f"  {format_path(o.path)}: {o.by} ← {o.replaces}")
        else:
            typer.echo(_t("none", lang).format(config=config))
    for line in stale:
        echo_err(f"{_t('warning', lang)}: {line}")
