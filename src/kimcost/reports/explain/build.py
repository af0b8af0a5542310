"""``explain``: why a municipality pays what it pays, as a tree of plain data.

From a member's share (or a region's own share, or one post) down to each post's monthly
pay: own share = costs − grant (rule 11); the key, weight, exact share and the remainder
cent (rule 12); per post the cost categories and the grant (rules 9, 10); per holder the
steps and why (rule 3), the JSZ (rule 5); per month table, pay, allowance, contributions
and supplementary pension (rules 1–8). Every leaf cites the YAML file and line.

The tree only reads the settlement: the engine records in its results why each figure is
what it is and the key path of every value it read; the configuration is consulted only for
a leaf's value as written and its file and line. So ``explain`` cannot disagree with the
figures it explains (``tests/test_explain_reads_trace.py`` keeps it from calling the engine).
"""

from __future__ import annotations

from decimal import Decimal

from kimcost.engine.results import MemberShare, RegionResult, Settlement
from kimcost.loading import LoadedConfig
from kimcost.reports.explain.post import Context, post_costs, post_grant
from kimcost.reports.explain.tree import Leaves, Node
from kimcost.suggestions import close_matches


class UnknownSubject(LookupError):
    """An id given to ``explain`` that the settlement does not have; carries close matches,
    found among the ids and among the names (so "Billerbeck" suggests ``billerbeck``)."""

    def __init__(self, kind: str, given: str, known: dict[str, str]):
        self.kind = kind
        self.given = given
        by_name = {name.lower(): ident for ident, name in known.items()}
        probe = given.lower()
        close = close_matches(probe, known, n=3, cutoff=0.5)
        close += [by_name[n] for n in close_matches(probe, by_name, n=3, cutoff=0.5)]
        self.suggestions = list(dict.fromkeys(close))
        hint = (f"did you mean {' or '.join(repr(s) for s in self.suggestions)}?" if self.suggestions
                else f"known: {', '.join(known)}")
        super().__init__(f"no {kind} {given!r} in the configuration; {hint}")


def _context(settlement: Settlement, loaded: LoadedConfig, lang: str) -> Context:
    return Context(Leaves(loaded, lang), settlement.year, lang)


def explain_member(settlement: Settlement, loaded: LoadedConfig, member_id: str, lang: str = "de") -> Node:
    known = {m.id: m.name for r in settlement.regions for m in r.members}
    if member_id not in known:
        raise UnknownSubject("member", member_id, known)
    cx = _context(settlement, loaded, lang)
    region, member = settlement.member(member_id)
    root = Node(cx.L("ex_share_of", name=member.name, year=settlement.year), member.share, "money")
    return root.add(_own_share(cx, region), *_split(cx, region, member))


def explain_region(settlement: Settlement, loaded: LoadedConfig, region_id: str, lang: str = "de") -> Node:
    known = {r.id: r.name for r in settlement.regions}
    if region_id not in known:
        raise UnknownSubject("region", region_id, known)
    cx = _context(settlement, loaded, lang)
    region = settlement.region(region_id)
    root = _own_share(cx, region)
    split = Node(cx.L("ex_split"), region.own_share, "money")
    for member in region.members:
        split.add(Node(cx.L("ex_member_share", name=member.name), member.share, "money").add(*_split(cx, region, member)))
    return root.add(split)


def explain_position(settlement: Settlement, loaded: LoadedConfig, position_id: str, lang: str = "de") -> Node:
    known = {p.id: p.name for r in settlement.regions for p in r.positions}
    if position_id not in known:
        raise UnknownSubject("position", position_id, known)
    cx = _context(settlement, loaded, lang)
    p = settlement.position(position_id)
    root = Node(cx.L("ex_position_net", id=p.id, name=p.name), p.costs.total - p.grant.amount, "money")
    return root.add(post_costs(cx, p), post_grant(cx, p))


def _own_share(cx: Context, r: RegionResult) -> Node:
    """Rule 11: the region's own share = Σ costs − Σ grant of its posts."""
    costs = Node(cx.L("ex_costs"), r.costs.total, "money").add(*(post_costs(cx, p) for p in r.positions))
    grants = Node(cx.L("ex_grants"), r.grant, "money").add(*(post_grant(cx, p) for p in r.positions))
    return Node(cx.L("ex_region_own_share", name=r.name), r.own_share, "money").add(costs, grants)


def _split(cx: Context, r: RegionResult, m: MemberShare) -> list[Node]:
    """Rule 12: exact share = own share × weight ÷ Σ weights; floor to the cent; remainder
    cents to the largest remainders, ties in the order the members are listed."""
    exact = Node(cx.L("ex_exact"), m.exact, "exact").add(_weight(cx, r, m), _weight_sum(cx, r))
    cent = cx.L("ex_extra_cent_yes" if m.extra_cent else "ex_extra_cent_no")
    rounding = Node(f"{cx.L('ex_rounding')}; {cent}", m.share, "money").add(_listed(cx, m))
    return [exact, rounding]


def _listed(cx: Context, m: MemberShare):
    return cx.leaf(cx.L("ex_member_listed"), m.listed_path, "text")


# How the value a weight rests on is shown, by the key's basis (engine/keys.py).
_BASIS_KIND = {"weight": "decimal", "count": "int", "place": "text"}


def _weight_leaf(cx: Context, r: RegionResult, m: MemberShare):
    """The value a member's weight rests on: its weight, its population, or its place in the list."""
    if r.key_basis == "place":
        return cx.leaf(cx.L(f"ex_basis_{r.key}"), m.weight_path, _BASIS_KIND[r.key_basis])
    return cx.leaf(f"{cx.L(f'ex_basis_{r.key}')} {m.name}", m.weight_path, _BASIS_KIND[r.key_basis])


def _weight(cx: Context, r: RegionResult, m: MemberShare) -> Node:
    if r.key_basis == "weight":
        return _weight_leaf(cx, r, m)
    return Node(cx.L("ex_weight"), m.weight, "decimal").add(
        cx.leaf(cx.L("ex_key"), r.key_path, "text"), _weight_leaf(cx, r, m))


def _weight_sum(cx: Context, r: RegionResult) -> Node:
    total = sum((m.weight for m in r.members), Decimal(0))
    return Node(cx.L("ex_weight_sum"), total, "decimal").add(*(_weight_leaf(cx, r, m) for m in r.members))
