"""The settlement as letters: one PDF per paying member (DIN 5008, a window envelope's
address field, the payment details, an enclosure with the calculation), and one PDF of all
letters for printing. ``kimcost statements YEAR --out DIR``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kimcost.configuration.letters import LetterDetails
from kimcost.engine.results import Settlement
from kimcost.loading import LoadedConfig
from kimcost.reports.formats import Document, DocumentsFormat, Report
from kimcost.reports.labels import label


@dataclass(frozen=True)
class StatementsSubject:
    settlement: Settlement
    loaded: LoadedConfig
    details: LetterDetails


class StatementLetters(DocumentsFormat[StatementsSubject]):
    """``<member id>.pdf`` per letter, then ``alle-abrechnungen-YEAR.pdf`` with all of them."""

    def documents(self, moment: dt.datetime) -> list[Document]:
        from kimcost.reports.statements.content import letters
        from kimcost.reports.statements.render import render

        subject, lang = self.subject, self.lang
        settlement, loaded = subject.settlement, subject.loaded
        written = letters(settlement, loaded, subject.details, moment.date(), lang, self.privacy)
        config_name = loaded.main_file.name
        out = []
        for letter in written:
            title = self.privacy.title(label("letter_title", lang).format(year=settlement.year, name=letter.member.name))
            data = render([letter], loaded.config, config_name, loaded.fingerprint, title, moment)
            out.append(Document(f"{letter.file_stem}{self.suffix}", data, "letter"))
        if written:
            stem = label("letter_print_file", lang).format(year=settlement.year)
            title = self.privacy.title(label("letter_title", lang).format(year=settlement.year, name=settlement.district))
            data = render(written, loaded.config, config_name, loaded.fingerprint, title, moment)
            out.append(Document(f"{stem}{self.suffix}", data, "letters_print"))
        return out


class StatementsReport(Report[StatementsSubject]):
    kind = "statements"
    formats = {"pdf": StatementLetters}
