"""What one letter says, as plain data: who writes to whom, when, about which figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kimcost.configuration.letters import Address, LetterDetails, Sender
from kimcost.engine.results import MemberShare, RegionResult, Settlement
from kimcost.loading import LoadedConfig
from kimcost.reports.parameters import flagged_rows
from kimcost.reports.public import FULL, Privacy
from kimcost.reports.statements.assumptions import NamedValue, region_assumptions


@dataclass(frozen=True)
class Letter:
    year: int
    region: RegionResult
    member: MemberShare
    sender: Sender
    recipient: Address
    date: dt.date
    due: dt.date
    reference: str
    flagged: tuple[NamedValue, ...]
    lang: str
    privacy: Privacy = FULL   # the public edition (reports/public.py)

    @property
    def file_stem(self) -> str:
        return self.member.id


def letters(settlement: Settlement, loaded: LoadedConfig, details: LetterDetails, letter_date: dt.date,
            lang: str, privacy: Privacy = FULL) -> list[Letter]:
    """One letter per paying member (rule 13: all but the region's employer), in the order
    of the regions and their members."""
    rows = flagged_rows(settlement, loaded.config, privacy)
    out = []
    for region in settlement.regions:
        paying = [m for m in region.members if not m.is_employer]
        if not paying:
            continue
        sender = details.senders[region.employer]
        flagged = tuple(region_assumptions(rows, loaded.config, region, lang, privacy))
        for member in paying:
            out.append(Letter(settlement.year, region, member, sender, details.recipients[member.id], letter_date,
                              sender.due_date(letter_date), sender.reference_for(settlement.year, member.id, region.id),
                              flagged, lang, privacy))
    return out
