"""The public edition (``--public``, issue 10): outputs for a council paper (Sitzungsvorlage),
which is public, so they must not publish a person's pay.

The one place that decides what an output may show about the holders of the posts; sheet
builders, documents and letters ask ``Privacy`` and never decide it themselves.

- A holder is not named: holders are lettered within their post in the configuration's order
  ("Stelle Case-Management Nord 1, Person A"), so the same person keeps the same letter in
  every output and every year.
- Grade and step are left out, and so is what states them or gives them away directly: the
  step dates (step history), the pay table amount of the holder's grade and step, and the
  monthly pay lines of a holder (pay, allowances, annual payment, contributions: for a
  full-time month the pay *is* the table amount). Money is shown per post and above, never per
  person; per person only the occupancy (start, end, FTE, months held) that the grant and the
  averages rest on.
- The holder's assumption text (``assumption:``, free text about the person) is left out; an
  assumption row says only that person, grade and step are assumed.

Every figure that is shown is the normal edition's figure, to the cent: the engine runs as it
always does, only what is written differs. What cannot be hidden while the post's costs are
shown (README, "Öffentliche Fassung"): for a post with one holder the post's personnel costs
are that person's employer costs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kimcost.reports.labels import label


def letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: as spreadsheet columns are lettered."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


@dataclass(frozen=True)
class Privacy:
    """What an edition may show about post holders; ``public`` False shows everything."""

    public: bool = False
    lang: str = "de"

    # --- what may be shown ---------------------------------------------------------------
    @property
    def shows_holders(self) -> bool:
        """Names, grade, step, step dates, table amounts, per-person pay lines and money."""
        return not self.public

    # --- how a holder is called ----------------------------------------------------------
    def person(self, index: int) -> str:
        """"Person A": the holder with this index in its post's list."""
        return label("public_person", self.lang).format(letter=letter(index))

    def holder(self, name: str, index: int) -> str:
        """The holder's name, or in the public edition "Person A"."""
        return name if self.shows_holders else self.person(index)

    def holder_of_post(self, post: str, name: str, index: int) -> str:
        """A holder named with the post: "Stelle Nord 1, Person A" (public) or the name."""
        if self.shows_holders:
            return name
        return label("public_holder", self.lang).format(post=post, letter=letter(index))

    def holder_by_name(self, posts: Iterable[Any], post_id: str, name: str) -> str:
        """A holder known only by name (the variance's events), lettered by its index in the
        post; ``posts``: the configurations' posts, first side first."""
        if self.shows_holders:
            return name
        j = _index(posts, post_id, name)
        return label("public_person_unknown", self.lang) if j is None else self.person(j)

    # --- the variance's causes -----------------------------------------------------------
    def variance(self, variance: Any, posts: Iterable[Any]) -> Any:
        """``engine.variance.Variance`` with its causes' holders lettered, and step rises
        without step and date (which give the step away); amounts untouched."""
        if self.shows_holders:
            return variance
        from dataclasses import replace

        posts = tuple(posts)
        regions = tuple(replace(r, causes=tuple((self._cause(c, posts), a) for c, a in r.causes))
                        for r in variance.regions)
        return replace(variance, regions=regions, causes=tuple(self._cause(c, posts) for c in variance.causes))

    def _cause(self, cause: Any, posts: tuple) -> Any:
        from dataclasses import replace

        detail = dict(cause.detail)
        if "events" in detail:
            detail["events"] = [{**e, "name": self.holder_by_name(posts, detail.get("post", ""), e["name"])}
                                if "name" in e else e for e in detail["events"]]
        if "rises" in detail:
            detail["rises"] = [{"region": r["region"], "post": r["post"], "post_name": r["post_name"],
                                "name": self._post_holder(posts, r["post"], r["post_name"], r["name"])}
                               for r in detail["rises"]]
        return replace(cause, detail=detail)

    def _post_holder(self, posts: tuple, post_id: str, post_name: str, name: str) -> str:
        j = _index(posts, post_id, name)
        if j is None:
            return label("public_person_unknown", self.lang)
        return self.holder_of_post(post_name or post_id, name, j)

    # --- scenario changes -----------------------------------------------------------------
    def hides_change(self, path: tuple) -> bool:
        """A scenario's change to a holder (or to a whole post, which lists its holders): its
        values would name the person or give grade and step."""
        return (not self.shows_holders and bool(path) and path[0] == "positions"
                and ("holders" in path or len(path) <= 2))

    def change_text(self, path: tuple, text: str) -> str:
        return label("public_left_out", self.lang) if self.hides_change(path) else text

    # --- the edition itself --------------------------------------------------------------
    def title(self, text: str) -> str:
        """A document title, marked in the public edition: "… (öffentliche Fassung)"."""
        return text if self.shows_holders else f"{text} ({label('public_edition_short', self.lang)})"

    @property
    def note(self) -> str:
        """What the public edition leaves out, for the reader (empty in the full edition)."""
        return "" if self.shows_holders else label("public_note", self.lang)

    @property
    def edition_key(self) -> dict[str, str]:
        """The JSON envelope's ``edition`` key: present in the public edition only."""
        return {} if self.shows_holders else {"edition": "public"}


def _index(posts: Iterable[Any], post_id: str, name: str) -> int | None:
    """The index of the holder called ``name`` in the first post ``post_id`` that has one."""
    for post in posts:
        if post.id == post_id:
            for j, holder in enumerate(post.holders):
                if holder.name == name:
                    return j
    return None


FULL = Privacy()
