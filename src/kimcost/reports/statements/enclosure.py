"""The enclosure (Anlage): the calculation behind the letter, complete enough to check with
a pocket calculator and without the workbook — per post the cost lines from pay to own
share, how each other cost and the grant are found, the split among the members, and every
value that is an assumption, by name, with its value and source."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from kimcost import __version__
from kimcost.configuration.lookup import value_at
from kimcost.configuration.schema import Configuration
from kimcost.engine.results import PERSONNEL_FIELDS, PositionResult, RegionResult
from kimcost.money import ZERO
from kimcost.reports import numbers as fmt
from kimcost.reports.statements.content import Letter
from kimcost.reports.statements.fonts import BOLD
from kimcost.reports.statements.layout import TEXT_WIDTH
from kimcost.reports.statements.letter import L, money
from kimcost.reports.statements.styles import (
    FLAGGED,
    HEADING,
    NOTE,
    SHADE,
    TITLE,
    bold,
    cell,
    escaped,
    grid,
    markup,
    text,
)

POSTS_PER_TABLE = 4                  # columns of posts beside the labels; more posts: another table
LABEL_WIDTH = 48 * mm


def enclosure(letter: Letter, config: Configuration) -> list[Flowable]:
    region = letter.region
    story: list[Flowable] = [text(L(letter, "encl_title", year=letter.year, region=region.name), TITLE)]
    if letter.privacy.note:  # the public edition says so (reports/public.py)
        story += [Spacer(1, 1.5 * mm), text(letter.privacy.note, NOTE)]
    story += [Spacer(1, 3 * mm), text(L(letter, "encl_posts"), HEADING), Spacer(1, 1.5 * mm)]
    posts = list(region.positions)
    chunks = [posts[i:i + POSTS_PER_TABLE] for i in range(0, len(posts), POSTS_PER_TABLE)] or [[]]
    for n, chunk in enumerate(chunks):
        story += [_posts_table(letter, chunk, region if n == len(chunks) - 1 else None), Spacer(1, 1.5 * mm)]
    story += _notes(letter, config)
    story += [Spacer(1, 3 * mm), KeepTogether([text(L(letter, "encl_split", key_words=L(letter, f"split_words_{region.key}")),
                                                    HEADING), Spacer(1, 1.5 * mm), _split_table(letter),
                                               Spacer(1, 1 * mm), text(_split_rule(letter), NOTE)])]
    story += [Spacer(1, 3 * mm)] + _flagged(letter)
    return story


def footer_line(letter: Letter, config_name: str, fingerprint: str) -> str:
    return L(letter, "encl_footer", version=__version__, date=fmt.date(letter.date, letter.lang), config=config_name,
             fingerprint=fingerprint[:16] + "…")


# --- 1. costs and grant per post -----------------------------------------------------------


def _posts_table(letter: Letter, posts: list[PositionResult], total: RegionResult | None) -> Table:
    lang = letter.lang
    columns: list[tuple[str, dict]] = [(p.name, _post_figures(p)) for p in posts]
    if total is not None:
        columns.append((total.name, _region_figures(total)))
    shown = [f for f in PERSONNEL_FIELDS if any(c[1][f] for c in columns) or f in ("pay", "social_insurance",
                                                                                       "supplementary_pension")]
    if not letter.privacy.shows_holders:
        # a post's pay lines are its holder's pay (one holder: the table amount × 12); the
        # public edition shows the personnel costs as one line (reports/public.py)
        shown = []
    lines: list[tuple[str, str, bool]] = [("fte", L(letter, "encl_fte"), False)]
    lines += [(f, L(letter, f), False) for f in shown]
    lines += [("personnel", L(letter, "encl_personnel"), True),
              ("equipment", L(letter, "equipment"), False), ("recruitment", L(letter, "recruitment"), False),
              ("administration", L(letter, "administration"), False), ("total", L(letter, "encl_total"), True),
              ("grant_months", L(letter, "encl_grant_months"), False), ("grant", L(letter, "encl_less_grant"), False),
              ("own_share", L(letter, "encl_own_share"), True)]
    width = (TEXT_WIDTH - LABEL_WIDTH) / max(len(columns), POSTS_PER_TABLE)
    data = [[cell(L(letter, "encl_item"), LABEL_WIDTH, strong=True)]
            + [cell(name, width, strong=True, right=True, size=7) for name, _ in columns]]
    strong_rows = []
    for key, name, strong in lines:
        if strong:
            strong_rows.append(len(data))
        data.append([cell(name, LABEL_WIDTH, strong=strong)]
                    + [cell(_cell(figures, key, lang), width, strong=strong, right=True) for _, figures in columns])
    table = Table(data, colWidths=[LABEL_WIDTH] + [width] * len(columns), hAlign="LEFT", repeatRows=1)
    style = grid(header_rows=1, total_rows=tuple(strong_rows))
    style.add("ALIGN", (1, 0), (-1, -1), "RIGHT")
    if total is not None:
        style.add("BACKGROUND", (len(columns), 0), (len(columns), -1), SHADE)
    table.setStyle(style)
    return table


def _post_figures(p: PositionResult) -> dict:
    actual = p.costs.actual
    figures: dict = {f: getattr(p.computed_personnel, f) for f in PERSONNEL_FIELDS}
    if "personnel" in actual:
        figures.update({f: None for f in PERSONNEL_FIELDS})   # the actual amount replaces the breakdown
    figures.update(fte=p.average_fte, personnel=p.costs.personnel, equipment=p.costs.equipment,
                   recruitment=p.costs.recruitment, administration=p.costs.administration, total=p.costs.total,
                   grant_months=p.grant.eligible_fte_months, grant=p.grant.amount,
                   own_share=p.costs.total - p.grant.amount, actual=actual, capped=p.grant.capped)
    return figures


def _region_figures(region: RegionResult) -> dict:
    figures: dict = {}
    for f in PERSONNEL_FIELDS:
        parts = [getattr(p.computed_personnel, f) for p in region.positions if "personnel" not in p.costs.actual]
        figures[f] = sum(parts, ZERO) if len(parts) == len(region.positions) else None
    figures.update(fte=region.average_fte, personnel=region.costs.personnel, equipment=region.costs.equipment,
                   recruitment=region.costs.recruitment, administration=region.costs.administration,
                   total=region.costs.total, grant_months=sum((p.grant.eligible_fte_months for p in region.positions), ZERO),
                   grant=region.grant, own_share=region.own_share, actual=frozenset(), capped=False)
    return figures


def _cell(figures: dict, key: str, lang: str) -> str:
    value = figures[key]
    if value is None:
        return "–"
    if key == "fte":
        return fmt.number(value, lang, 2)
    if key == "grant_months":
        return fmt.number(value, lang, 2)
    text_value = fmt.money(value, lang)
    if key in figures["actual"]:
        text_value = "* " + text_value
    if key == "grant" and figures["capped"]:
        text_value = "† " + text_value
    return text_value


def _notes(letter: Letter, config: Configuration) -> list[Flowable]:
    region = letter.region
    notes = [L(letter, "encl_how")]
    tariffs = sorted({config.tariffs[h.tariff].name for p in region.positions for h in p.holders if h.tariff in config.tariffs})
    notes.append(L(letter, "encl_how_personnel", tariffs=", ".join(tariffs) or "–"))
    for category in ("equipment", "recruitment", "administration"):
        rates = _rates(letter, config, region, category)
        notes.append(L(letter, f"encl_how_{category}", rates=rates))
    notes.append(_grant_note(letter, config))
    if any(p.costs.actual for p in region.positions):
        notes.append(L(letter, "encl_actual"))
    if any(p.grant.capped for p in region.positions):
        notes.append(L(letter, "encl_capped"))
    return [text(n, NOTE) for n in notes]


def _rates(letter: Letter, config: Configuration, region: RegionResult, category: str) -> str:
    """The rate entries the region's posts were computed with, each as money or percent."""
    seen: dict[tuple, str] = {}
    for p in region.positions:
        for detail in p.details:
            if detail.category != category:
                continue
            for path in detail.paths:
                if "actuals" in path or path in seen:
                    continue
                seen[path] = _rate_text(letter, config, path)
    texts = list(dict.fromkeys(t for t in seen.values() if t))
    return "; ".join(texts) if texts else L(letter, "encl_rate_none")


def _rate_text(letter: Letter, config: Configuration, path: tuple) -> str:
    entry = value_at(config, path)
    kind = str(path[-2])
    if kind == "administration":
        if entry.percent_of_personnel is not None:
            return L(letter, "encl_rate_administration_percent", percent=fmt.percent(entry.percent_of_personnel, letter.lang))
        return L(letter, "encl_rate_administration_per_fte_year", amount=money(letter, entry.per_fte_year))
    value = getattr(entry, "value", None)
    if isinstance(value, Decimal):
        return L(letter, f"encl_rate_{kind}", amount=money(letter, value))
    return ""


def _grant_note(letter: Letter, config: Configuration) -> str:
    region = letter.region
    grant = config.grants[config.district.grant]
    amounts = []
    for p in region.positions:
        for path in p.grant.amount_paths:
            value = money(letter, value_at(config, path).value)
            if value not in amounts:
                amounts.append(value)
    cap = L(letter, f"encl_cap_{grant.cap}")
    key = "encl_how_grant_fixed" if grant.basis == "fixed_per_year" else "encl_how_grant"
    return L(letter, key, name=grant.name, amounts=" / ".join(amounts) or money(letter, ZERO),
             min_fte=fmt.number(grant.min_fte, letter.lang, 1), cap=cap)


# --- 2. the split ------------------------------------------------------------------------------


def _split_table(letter: Letter) -> Table:
    region, lang = letter.region, letter.lang
    widths = [55 * mm, 20 * mm, 28 * mm, 28 * mm, TEXT_WIDTH - 131 * mm]
    heads = ("encl_member", "encl_weight", "encl_share", "encl_advances", "encl_balance")
    data = [[cell(L(letter, h, year=letter.year), w, strong=True, right=i > 0)
             for i, (h, w) in enumerate(zip(heads, widths))]]
    mine = 0
    for m in region.members:
        strong = m.id == letter.member.id
        if strong:
            mine = len(data)
        balance = L(letter, "encl_bears") if m.is_employer else _signed(m.balance, lang)
        values = [m.name, _weight(m.weight, lang), fmt.money(m.share, lang),
                  "–" if m.is_employer else fmt.money(m.advances, lang), balance]
        data.append([cell(v, w, strong=strong, right=i > 0) for i, (v, w) in enumerate(zip(values, widths))])
    total_weight = sum((m.weight for m in region.members), ZERO)
    data.append([L(letter, "encl_sum"), _weight(total_weight, lang), fmt.money(region.own_share, lang), "", ""])
    table = Table(data, colWidths=widths, hAlign="LEFT")
    style = grid(header_rows=1, total_rows=(len(data) - 1,), shaded_rows=(mine,))
    style.add("ALIGN", (1, 0), (-1, -1), "RIGHT")
    style.add("FONT", (0, mine), (-1, mine), BOLD, 8)
    table.setStyle(style)
    return table


def _signed(amount: Decimal, lang: str) -> str:
    """A balance with its direction as a sign: + due, − refund (a true minus sign)."""
    if amount > 0:
        return "+" + fmt.money(amount, lang)
    if amount < 0:
        return "−" + fmt.money(-amount, lang)
    return fmt.money(amount, lang)


def _weight(value: Decimal, lang: str) -> str:
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return fmt.number(value, lang, places)


def _split_rule(letter: Letter) -> str:
    region = letter.region
    total = sum((m.weight for m in region.members), ZERO)
    cents = [m.name for m in region.members if m.extra_cent]
    extra = L(letter, "encl_split_cents", names=", ".join(cents)) if cents else ""
    return L(letter, "encl_split_rule", own_share=money(letter, region.own_share), total_weight=_weight(total, letter.lang),
             cents=extra)


# --- 3. assumptions ------------------------------------------------------------------------------


def _flagged(letter: Letter) -> list[Flowable]:
    """One short paragraph per value, full width: name, date, value, status, source."""
    if not letter.flagged:
        return [text(L(letter, "encl_flagged_none"), HEADING)]
    story: list[Flowable] = [text(L(letter, "encl_flagged"), HEADING), Spacer(1, 1 * mm)]
    for v in letter.flagged:
        since = f", {L(letter, 'encl_since')} {fmt.date(v.since, letter.lang)}" if v.since else ""
        if v.source.casefold().startswith(f"{v.status}:".casefold()):
            # "Annahme: Betrag von 2023 fortgeschrieben" says the status itself: once is enough
            about = f"{escaped(v.value)} ({escaped(v.source)})"
        else:
            about = f"{escaped(v.value)} ({escaped(v.status)}). {escaped(L(letter, 'encl_source'))}: {escaped(v.source)}"
        story.append(markup(f"{bold(v.name)}{escaped(since)}: {about}", FLAGGED))
    return story
