"""Invariants of the engine (hypothesis): the cent split reconciles, order does not matter,
fewer holders never cost more."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kimcost.configuration.schema import Position
from kimcost.engine import settle
from kimcost.engine.split import split_cents

PROFILE = settings(max_examples=60, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

cents = st.integers(min_value=-10_000_000, max_value=100_000_000).map(lambda c: D(c) / 100)
weights = st.lists(st.integers(min_value=1, max_value=100_000).map(D), min_size=1, max_size=12)


@PROFILE
@given(total=cents, ws=weights)
def test_split_adds_up_exactly_and_stays_within_a_cent_of_exact(total, ws):
    exact, shares, extra = split_cents(total, ws)
    assert sum(shares) == total
    assert all(abs(s - e) < D("0.01") for s, e in zip(shares, exact))
    # Exactly the handed-out cents are marked: without them the shares are the floors.
    floors = [s - D("0.01") if x else s for s, x in zip(shares, extra)]
    assert sum(extra) == (total - sum(floors)) / D("0.01")


@PROFILE
@given(total=cents, n=st.integers(min_value=1, max_value=12))
def test_equal_key_shares_differ_by_at_most_one_cent(total, n):
    _, shares, _ = split_cents(total, [D(1)] * n)
    assert max(shares) - min(shares) <= D("0.01")
    assert sum(shares) == total


# --- generated posts on the shipped Coesfeld data ----------------------------------------------------

GRADES = {"S 11b": 6, "S 12": 6, "S 14": 6, "E 9b": 6, "E 10": 6, "E 11": 6}
REGIONS = ["nord", "mitte", "sued"]


@st.composite
def holders_of_a_post(draw):
    """Up to three holders one after another (never overlapping), 2022–2024."""
    count = draw(st.integers(min_value=0, max_value=3))
    day = dt.date(2022, 1, 1) + dt.timedelta(days=draw(st.integers(0, 400)))
    out = []
    for i in range(count):
        length = draw(st.integers(min_value=20, max_value=700))
        end = day + dt.timedelta(days=length)
        last = i == count - 1 and draw(st.booleans())
        grade = draw(st.sampled_from(sorted(GRADES)))
        step = draw(st.integers(min_value=1, max_value=GRADES[grade]))
        since = day - dt.timedelta(days=draw(st.integers(0, 2500)))
        out.append({
            "name": f"H{i}", "start": day, "end": None if last else end,
            "fte": draw(st.sampled_from([D("0.25"), D("0.5"), D("0.8"), D("1")])),
            "grade": grade, "step": step, "step_since": since,
        })
        day = end + dt.timedelta(days=draw(st.integers(1, 90)))
    return out


@st.composite
def post_lists(draw):
    n = draw(st.integers(min_value=1, max_value=6))
    posts = []
    for i in range(n):
        holders = draw(holders_of_a_post())
        first = min((h["start"] for h in holders), default=None)
        posts.append(Position.model_validate({
            "id": f"p{i}", "region": draw(st.sampled_from(REGIONS)), "fte": D(1),
            "first_filled": first, "holders": holders,
        }))
    return posts


def _with(config, positions):
    return config.model_copy(update={"positions": list(positions)})


def _figures(settlement):
    """Every money figure of a settlement, keyed by what it is (not by list order)."""
    out = {}
    for r in settlement.regions:
        out[r.id] = (r.costs.as_dict(), r.grant, r.own_share, [(m.id, m.share, m.balance) for m in r.members])
        for p in r.positions:
            out[p.id] = (p.costs.as_dict(), p.grant.amount, [h.personnel for h in p.holders])
    return out


@PROFILE
@given(posts=post_lists(), year=st.sampled_from([2023, 2024]), data=st.data())
def test_members_shares_add_up_and_permuting_posts_changes_nothing(coesfeld, posts, year, data):
    base = settle(_with(coesfeld.config, posts), year)
    for region in base.regions:
        assert sum(m.share for m in region.members) == region.own_share
        assert max(m.share for m in region.members) - min(m.share for m in region.members) <= D("0.01")
        assert region.own_share == region.costs.total - region.grant
    shuffled = data.draw(st.permutations(posts))
    assert _figures(settle(_with(coesfeld.config, shuffled), year)) == _figures(base)


@PROFILE
@given(posts=post_lists(), year=st.sampled_from([2023, 2024]), data=st.data())
def test_removing_a_holder_never_raises_costs(coesfeld, posts, year, data):
    candidates = [(i, j) for i, p in enumerate(posts) for j in range(len(p.holders))]
    if not candidates:
        return
    i, j = data.draw(st.sampled_from(candidates))
    fewer = list(posts)
    fewer[i] = posts[i].model_copy(update={"holders": posts[i].holders[:j] + posts[i].holders[j + 1:]})
    before = settle(_with(coesfeld.config, posts), year)
    after = settle(_with(coesfeld.config, fewer), year)
    for r_before, r_after in zip(before.regions, after.regions):
        for category, amount in r_after.costs.as_dict().items():
            assert amount <= r_before.costs.as_dict()[category], category
    assert after.position(posts[i].id).costs.total <= before.position(posts[i].id).costs.total
