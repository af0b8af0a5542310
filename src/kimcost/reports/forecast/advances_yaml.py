"""The advance proposal in the configuration's own ``advances`` format, ready to paste:
one line ``YEAR: {member: amount, …}`` per region, under the region's ``advances:``, with
the instalments and their due dates as comments. ``yaml.safe_load`` of the text gives the
mapping the configuration reads (``regions.<id>.advances.<year>.<member>``), so a test can
check it round-trips; amounts are written as the configuration writes them (``8351.33``)."""

from __future__ import annotations

import re

from kimcost import __version__
from kimcost.engine.forecast import Forecast
from kimcost.reports.labels import label
from kimcost.reports.numbers import date, plain

_PLAIN_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")
# Words YAML 1.1 reads as true/false/null: a municipality called "no" must stay a text key.
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _key(ident: str) -> str:
    if _PLAIN_KEY.match(ident) and ident not in _YAML_WORDS:
        return ident
    return "'" + ident.replace("'", "''") + "'"


def _comment(text: str) -> str:
    """One comment line: configuration text may hold a line break, which would end it."""
    return "# " + " ".join(text.split())


def advance_lines(fc: Forecast, district: str, lang: str) -> list[str]:
    proposal = fc.advances
    year = proposal.year
    lines = [_comment(f"kimcost {__version__} – " + label("advances_yaml_head", lang).format(
                 year=year, district=district, first=fc.first, last=fc.last)),
             _comment(label("advances_yaml_paste", lang).format(year=year)),
             "regions:"]
    for r in proposal.regions:
        paying = [m for m in r.members if not m.is_employer]
        if not paying:
            continue
        if r.due_dates:
            dates = ", ".join(date(d, lang) for d in r.due_dates)
            note = label("advances_yaml_due", lang).format(region=r.name, n=r.instalment_count, dates=dates)
        else:
            note = label("advances_yaml_no_due", lang).format(region=r.name, n=r.instalment_count)
        lines.append(f"  {_key(r.id)}:")
        lines.append(f"    {_comment(note)}")
        lines.append("    advances:")
        amounts = ", ".join(f"{_key(m.id)}: {plain(m.share)}" for m in paying)
        lines.append(f"      {year}: {{{amounts}}}")
        for m in paying:
            parts = " + ".join(plain(v) for v in m.instalments)
            lines.append(f"      {_comment(f'{m.name}: {parts}')}")
    return lines


def advances_yaml(fc: Forecast, district: str, lang: str = "de") -> bytes:
    return ("\n".join(advance_lines(fc, district, lang)) + "\n").encode("utf-8")
