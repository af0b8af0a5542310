"""Rule 10 — the state grant per post."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kimcost.configuration.errors import Path
from kimcost.configuration.schema import Holder
from kimcost.engine.occupancy import Occupancy
from kimcost.engine.parameters import Parameters
from kimcost.engine.results import Grant
from kimcost.money import TWELVE, ZERO, round_cent


def grant_share(params: Parameters, holder: Holder, occ: Occupancy, first: dt.date) -> tuple[Decimal, Decimal]:
    """The occupied share that counts for the grant in a month, and the amount in force.

    Only holders with at least the programme's minimum FTE count. ``days`` prorates like
    rule 1; ``full_months`` counts a month only when it is held in full.
    """
    amount = _amount_in_force(params, first)
    if not grant_eligible(params, holder):
        return ZERO, amount
    if params.grant.proration == "full_months":
        return (holder.fte if occ.full_month else ZERO), amount
    return occ.share, amount


def grant_months(params: Parameters, holder: Holder, occs: list[Occupancy], firsts: tuple[dt.date, ...]
                 ) -> list[tuple[Decimal, Decimal, Path] | None]:
    """Rule 10 for each month of a holder's year (``None`` where not held): the share that
    counts, the amount in force and the path of its entry."""
    out: list[tuple[Decimal, Decimal, Path] | None] = []
    for occ, first in zip(occs, firsts):
        if not occ.held:
            out.append(None)
            continue
        share, amount = grant_share(params, holder, occ, first)
        out.append((share, amount, params.grant_amounts.at(first).path))
    return out


def _amount_in_force(params: Parameters, first: dt.date) -> Decimal:
    """The grant per VZÄ-year in force on ``first``: read (and marked as used) once per run
    and day, as every holder-month of that day would read the same."""
    key = ("grant.amount", first)
    amount = params.memo.get(key)
    if amount is None:
        amount = params.use(params.grant_amounts.at(first)).value.value
        if params.grant.basis == "fixed_per_year":
            amount = amount / planned_fte(params)  # a yearly sum for all posts, per planned VZÄ
        params.memo[key] = amount
    return amount  # type: ignore[return-value]


def grant_eligible(params: Parameters, holder: Holder) -> bool:
    """Only holders with at least the programme's minimum FTE count for the grant."""
    return holder.fte >= params.grant.min_fte


def planned_fte(params: Parameters) -> Decimal:
    """Σ planned VZÄ of all posts: the divisor of a grant passed on as a fixed yearly sum."""
    return sum((p.fte for p in params.planned_posts), ZERO)


def position_grant(params: Parameters, months, personnel: Decimal, total: Decimal, year: int) -> Grant:
    """Σ amount × eligible share ÷ 12 over the post's holder-months, capped, rounded per post."""
    uncapped = sum((m.grant_amount * m.grant_share for m in months), ZERO) / TWELVE
    eligible = sum((m.grant_share for m in months), ZERO)
    cap_base = params.grant.cap
    cap = {"personnel": personnel, "total": total, "none": None}[cap_base]
    capped = cap is not None and uncapped > cap
    amount = round_cent(cap if capped and cap is not None else uncapped)
    paths = tuple(dict.fromkeys(
        params.grant_amounts.at(dt.date(year, m.month, 1)).path for m in months if m.days_held
    ))
    fixed = params.grant.basis == "fixed_per_year"
    return Grant(amount, uncapped, cap_base, cap, capped, eligible, paths, params.grant.min_fte, params.grant.proration,
                 programme_path=params.grant_path, basis=params.grant.basis,
                 planned_fte=planned_fte(params) if fixed else None,
                 planned=params.planned_posts if fixed else ())
