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


def counted_share(holder: Holder, occ: Occupancy, eligible: bool, full_months: bool) -> Decimal:
    """The occupied share that counts for the grant in a month.

    Only holders with at least the programme's minimum FTE count (``eligible``). ``days``
    prorates like rule 1; ``full_months`` counts a month only when it is held in full.
    """
    if not eligible:
        return ZERO
    if full_months:
        return holder.fte if occ.full_month else ZERO
    return occ.share


def grant_months(params: Parameters, holder: Holder, occs: list[Occupancy], firsts: tuple[dt.date, ...]
                 ) -> list[tuple[Decimal, Decimal, Path] | None]:
    """Rule 10 for each month of a holder's year (``None`` where not held): the share that
    counts, the amount in force and the path of its entry. What is in
    force is read once per run and day; the holder's eligibility once per year."""
    eligible = grant_eligible(params, holder)
    full_months = params.grant.proration == "full_months"
    in_force: dict[dt.date, tuple[Decimal, Path]] = params.memo.setdefault(("grant.in_force",), {})  # type: ignore[assignment]
    out: list[tuple[Decimal, Decimal, Path] | None] = []
    for occ, first in zip(occs, firsts):
        if not occ.held:
            out.append(None)
            continue
        found = in_force.get(first)
        if found is None:   # an error is not remembered: the next holder meets it again
            found = in_force[first] = (_amount_in_force(params, first), params.grant_amounts.at(first).path)
        amount, path = found
        out.append((counted_share(holder, occ, eligible, full_months), amount, path))
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
    # each held month's entry in force on its first day, as holder_year recorded it
    paths = tuple(dict.fromkeys(m.grant_amount_path for m in months if m.days_held))
    fixed = params.grant.basis == "fixed_per_year"
    return Grant(amount, uncapped, cap_base, cap, capped, eligible, paths, params.grant.min_fte, params.grant.proration,
                 programme_path=params.grant_path, basis=params.grant.basis,
                 planned_fte=planned_fte(params) if fixed else None,
                 planned=params.planned_posts if fixed else ())
