"""The shape of a scenario: a name, a one-line description and an ordered list of changes.

Each change is a mapping with exactly one verb key (``set``, ``add``, ``remove``,
``pay_rise``, ``carry_forward``), so a finance officer reads a scenario top to bottom as
the list of things that differ from the base. Values are checked later, by the same
schema as the base configuration, once the changes are applied (see ``apply.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kimcost.configuration.schema import Status
from kimcost.configuration.types import Ident, Money, Percent, Text, Year
from kimcost.messages import Catalogue
from kimcost.suggestions import suggest

_TEXTS = Catalogue("scenarios.model", {
    "first_of_month": ("Tabellen ändern sich zum Ersten eines Monats (Regel 2); schreiben Sie {day}",
                       "tables change on the first of a month (rule 2); write {day}"),
    "series": ("{name} ist keine Reihe, die sich fortschreiben lässt{hint}",
               "{name} is not a series that can be carried forward{hint}"),
    "series_hint": ("; schreiben Sie eine von {names}", "; write one of {names}"),
    "description": ("die Beschreibung ist eine Zeile; schreiben Sie Einzelheiten in einen YAML-Kommentar",
                    "the description is one line; put details in a YAML comment"),
    "title": ("der Titel ist eine kurze Überschrift in einer Zeile, z. B. 'ohne Landesförderung'",
              "the title is a short heading on one line, e.g. 'ohne Landesförderung'"),
})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


PathText = Text  # a key path such as ``positions.nord-1.holders[0].grade``


class SetChange(_Model):
    """Write ``value`` at the key path ``set``.

    With ``since`` the path names a dated series (``grants.kim-nrw.amounts``): the value
    becomes the entry taking effect that day, and later entries of the series take the
    same value, so it holds from then on ("the grant is 0 from 2025") while the series
    still reaches the years it reached.
    """

    set: PathText
    value: Any                      # required; null is a value (e.g. no end date)
    since: dt.date | None = None
    source: Text | None = None      # for dated entries written without one
    status: Status | None = None    # likewise; default "assumption"


class AddChange(_Model):
    """Append ``value`` (one item) to the list at the key path ``add`` (a post, a holder)."""

    add: PathText
    value: Any


class RemoveChange(_Model):
    """Delete the entry at the key path (a holder: the post stays vacant; a dated entry)."""

    remove: PathText


class PayRise(_Model):
    """An assumed pay rise: a new table version from the last known table (docs/rules.md, pay rise).

    Each amount becomes round(amount × (1 + percent/100)), half up to the cent, and at least
    amount + ``minimum`` when given (TVöD rises often have a minimum, e.g. +110 €).
    ``repeat_until`` repeats the rise every year on the same day up to that year.
    """

    date: dt.date
    percent: Percent
    tariff: Ident | None = None        # none: every tariff of the configuration
    minimum: Money | None = None
    repeat_until: Year | None = None
    source: Text | None = None

    @field_validator("date")
    @classmethod
    def _first_of_month(cls, value: dt.date) -> dt.date:
        if value.day != 1:
            raise ValueError(_TEXTS("first_of_month", day=value.replace(day=1)))
        return value


SERIES = ("grant", "social_insurance", "pay_tables", "supplementary_pension")
# The series the engine requires year by year (engine.parameters.require_year); the kvw
# rate holds until changed, so it is carried forward only when named.
DEFAULT_SERIES = ("grant", "social_insurance", "pay_tables")


class CarryForward(_Model):
    """Carry the last known value of yearly series forward, one entry per year up to ``until``.

    Each created entry is dated 1 January, copies the last entry and is marked
    ``status: assumption``. Only years after the series' last entry get one.
    """

    until: Year
    series: list[str] = Field(default_factory=lambda: list(DEFAULT_SERIES), min_length=1)
    source: Text | None = None

    @field_validator("series")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in SERIES:
                hint = suggest(name, SERIES, otherwise=_TEXTS("series_hint", names=", ".join(SERIES)))
                raise ValueError(_TEXTS("series", name=repr(name), hint=hint))
        return value


class PayRiseChange(_Model):
    pay_rise: PayRise


class CarryForwardChange(_Model):
    carry_forward: CarryForward


VERBS: dict[str, type[_Model]] = {
    "set": SetChange,
    "add": AddChange,
    "remove": RemoveChange,
    "pay_rise": PayRiseChange,
    "carry_forward": CarryForwardChange,
}

Change = SetChange | AddChange | RemoveChange | PayRiseChange | CarryForwardChange


class ScenarioHeader(_Model):
    """A scenario file's top level; ``changes`` items are checked one by one (``read.py``)."""

    name: Ident
    description: Text
    changes: list[Any] = Field(min_length=1)
    # A short heading for people (workbook columns, tables), e.g. "ohne Landesförderung";
    # without one, outputs number the scenarios and give their descriptions beneath.
    title: Text | None = Field(default=None, max_length=40)

    @field_validator("description")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value.strip():
            raise ValueError(_TEXTS("description"))
        return value.strip()

    @field_validator("title")
    @classmethod
    def _short_line(cls, value: str | None) -> str | None:
        if value is not None and "\n" in value.strip():
            raise ValueError(_TEXTS("title"))
        return None if value is None else value.strip()


class InlineScenarioHeader(ScenarioHeader):
    """A scenario under ``scenarios:`` in the configuration: the key is its name."""

    name: Ident | None = None  # type: ignore[assignment]
