"""Each cause in words a council member understands: "Tariferhöhung zum 1. März 2024",
"Stelle Nord 2: Case-Manager Nord 2 ab 15.02.2023 besetzt"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kimcost.engine.variance import Cause, Side
from kimcost.reports.labels import label
from kimcost.reports.numbers import date, money, number

_MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
              "Oktober", "November", "Dezember")
MAX_RISES = 4


def long_date(day: dt.date, lang: str) -> str:
    """``1. März 2024`` (de) or ``1 March 2024`` (en)."""
    if lang == "de":
        return f"{day.day}. {_MONTHS_DE[day.month - 1]} {day.year}"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def side_text(side: Side, lang: str) -> str:
    return label("var_side_scenario", lang).format(year=side.year, names=side.label) if side.label else str(side.year)


def _fte(value: Decimal, lang: str) -> str:
    return number(value, lang, 2)


def _event(event: dict, lang: str) -> str:
    kind = event["kind"]
    values = {k: v for k, v in event.items() if k != "kind"}
    for key in ("date", "before", "after"):
        value = values.get(key, "")
        if isinstance(value, dt.date):
            values[key] = date(value, lang)
        elif isinstance(value, Decimal):
            values[key] = _fte(value, lang)
        elif value is None and key in values:
            values[key] = label("var_open_end", lang)
    return label(f"var_ev_{kind}", lang).format(**values)


def _post_events(events: list[dict], lang: str) -> str:
    """A first filling on a holder's first day is said with that holder's start."""
    starts = {e["date"] for e in events if e["kind"] == "start"}
    texts = []
    for e in events:
        if e["kind"] == "first_filled" and e["date"] in starts:
            continue
        text = _event(e, lang)
        if e["kind"] == "start" and any(f["kind"] == "first_filled" and f["date"] == e["date"] for f in events):
            text += label("var_with_equipment", lang)
        texts.append(text)
    return "; ".join(texts)


def cause_text(cause: Cause, lang: str, region: str | None = None) -> str:
    """``region``: word a cause for that region's table (its posts' step rises only)."""
    d = cause.detail
    group = cause.group
    if group == "calendar":
        return label("var_group_calendar", lang).format(first=d["first"], second=d["second"])
    if group == "occupancy":
        events = _post_events(d["events"], lang) or label("var_post_changed", lang)
        return label("var_post", lang).format(post=d["post_name"], events=events)
    found = [r for r in d.get("rises", ()) if region is None or r["region"] == region]
    if group == "steps" and found:
        # the public edition's rises carry no step and date (reports/public.py): the name alone
        rises = [label("var_rise", lang).format(name=r["name"], step=r["step"], date=date(r["date"], lang))
                 if "step" in r else r["name"] for r in found[:MAX_RISES]]
        if len(found) > MAX_RISES:
            rises.append(label("var_more", lang).format(n=len(found) - MAX_RISES))
        # a public edition's names hold a comma themselves ("Stelle …, Person A")
        return label("var_steps", lang).format(rises=("; " if "step" not in found[0] else ", ").join(rises))
    if group == "pay_table" and d.get("date"):
        when = long_date(d["date"], lang)
        parts = []
        if "table" in d["kinds"]:
            parts.append(label("var_pay_rise" if d["rise"] else "var_pay_change", lang).format(date=when))
        if "annual_payment" in d["kinds"]:
            parts.append(label("var_annual_payment", lang).format(date=when))
        if "allowance" in d["kinds"]:
            parts.append(label("var_allowance", lang).format(date=when))
        return "; ".join(parts)
    if group == "one_off" and d.get("names"):
        return label("var_one_off", lang).format(names=", ".join(d["names"]))
    if group == "grant" and d.get("before") is not None and d.get("after") is not None and d["before"] != d["after"]:
        return label("var_grant_amount", lang).format(before=money(d["before"], lang), after=money(d["after"], lang))
    if group == "actuals":
        def listed(items: list[dict]) -> str:
            return ", ".join(f"{i['post_name']} ({', '.join(label(c, lang) for c in i['categories'])})" for i in items) \
                or label("var_actuals_none", lang)
        return label("var_actuals", lang).format(first=d["first"], second=d["second"],
                                                 before=listed(d["before"]), after=listed(d["after"]))
    return label(f"var_group_{group}", lang)


def signed(value: Decimal, lang: str) -> str:
    text = money(value, lang)
    return "+" + text if value > 0 else text
