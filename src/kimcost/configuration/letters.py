"""The details a letter needs (``kimcost statements``), checked only when letters are asked for.

Each region's employer writes to each paying member (rule 13). The letter needs the
sender's postal address, contact (name, phone, e-mail), bank account (bank, IBAN, BIC),
the reference pattern to quote and the payment term; and each recipient's postal address.
They are data in the configuration (``letters:`` and ``address:`` of municipalities and
parties). Loading checks only their shape, so ``settle`` never needs them; this module
checks that they are there and right — the IBAN by its ISO 13616 checksum (mod 97) — and
reports every problem at once, each at the file:line where it was (or should be) written.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass
from typing import Any

from kimcost.configuration.advances import paying_members
from kimcost.configuration.errors import ConfigError, ConfigIssue, Path
from kimcost.configuration.schema import Configuration, LetterSender, PaymentTerm, PostalAddress
from kimcost.configuration.source_map import SourceMap
from kimcost.messages import Catalogue, Text, render

PLACEHOLDERS = ("year", "member", "region")
MAX_ADDRESS_LINES = 6          # DIN 5008: the address zone of the window holds six lines
MAX_PAYMENT_DAYS = 365

# All texts of this check, German first (the default) and English (--lang en).
_TEXTS = Catalogue("configuration.letters", {
    "no_letters": (
        "für Schreiben fehlt der Abschnitt 'letters:' mit den Angaben der Absender ({employers}); schreiben Sie z. B. "
        "letters: {{senders: {{{example}: {{contact: {{name: …, phone: …, email: …}}, bank: {{bank: …, iban: …, bic: …}}, "
        "reference: \"KIM-{{year}}-{{member}}\", payment_term: {{days: 30}}}}}}}}",
        "letters need a 'letters:' section with the senders' details ({employers}); write e.g. "
        "letters: {{senders: {{{example}: {{contact: {{name: …, phone: …, email: …}}, bank: {{bank: …, iban: …, bic: …}}, "
        "reference: \"KIM-{{year}}-{{member}}\", payment_term: {{days: 30}}}}}}}}",
    ),
    "no_sender": (
        "{name} ist Anstellungskörperschaft der {region} und schreibt deren Kommunen, aber unter letters: senders: "
        "fehlt '{id}:'; ergänzen Sie {id}: {{contact: …, bank: …}}",
        "{name} employs the case managers of {region} and writes to its members, but letters: senders: has no "
        "'{id}:'; add {id}: {{contact: …, bank: …}}",
    ),
    "not_employer": (
        "'{id}' ist keine Anstellungskörperschaft einer Region; Absender sind: {employers}",
        "'{id}' is not the employer of any region; the senders are: {employers}",
    ),
    "missing": (
        "für Schreiben fehlt {what}; schreiben Sie z. B. {example}",
        "letters need {what}; write e.g. {example}",
    ),
    "no_address": (
        "für Schreiben an oder von {name} fehlt die Postanschrift; schreiben Sie unter '{id}:' "
        "address: {{street: …, city: \"PLZ Ort\"}}",
        "letters to or from {name} need its postal address; write under '{id}:' "
        "address: {{street: …, city: \"postcode town\"}}",
    ),
    "address_one_line": (
        "die Anschrift ist eine Zeile Text; für das Anschriftfeld eines Briefes schreiben Sie sie mit "
        "Straße und Ort, z. B. {example}",
        "the address is one line of text; for the address field of a letter write it with street and "
        "town, e.g. {example}",
    ),
    "address_lines": (
        "die Anschrift hat {count} Zeilen, das Anschriftfeld im Fenster fasst {max} (Name, Zusätze, Straße, Ort, Land); "
        "kürzen Sie 'lines:'",
        "the address has {count} lines, the address field of a window envelope holds {max} (name, extra lines, "
        "street, town, country); shorten 'lines:'",
    ),
    "postcode": (
        "'{value}' beginnt nicht mit einer fünfstelligen Postleitzahl; schreiben Sie z. B. \"48727 Billerbeck\" "
        "(für eine Anschrift im Ausland geben Sie country: an)",
        "'{value}' does not begin with a five-digit German postcode; write e.g. \"48727 Billerbeck\" "
        "(for an address abroad give country:)",
    ),
    "iban": (
        "'{value}' ist keine gültige IBAN: {why}; prüfen Sie sie auf Tippfehler (z. B. DE02 1203 0000 0000 2020 51)",
        "'{value}' is not a valid IBAN: {why}; check it for typing errors (e.g. DE02 1203 0000 0000 2020 51)",
    ),
    "iban_form": ("sie beginnt nicht mit Ländercode und zwei Prüfziffern oder enthält andere Zeichen als Buchstaben und Ziffern",
                  "it does not begin with a country code and two check digits, or has characters other than letters and digits"),
    "iban_length": ("eine deutsche IBAN hat 22 Zeichen, diese hat {count}", "a German IBAN has 22 characters, this one has {count}"),
    "iban_size": ("eine IBAN hat 15 bis 34 Zeichen, diese hat {count}", "an IBAN has 15 to 34 characters, this one has {count}"),
    "iban_checksum": ("die Prüfziffern stimmen nicht (ISO 13616, Modulo 97)", "the check digits do not match (ISO 13616, modulo 97)"),
    "bic": (
        "'{value}' ist keine BIC (8 oder 11 Zeichen: Bank, Land, Ort, optional Filiale), z. B. WELADED1WML",
        "'{value}' is not a BIC (8 or 11 characters: bank, country, location, optional branch), e.g. WELADED1WML",
    ),
    "email": (
        "'{value}' ist keine E-Mail-Adresse; schreiben Sie z. B. kim@coesfeld.de",
        "'{value}' is not an e-mail address; write e.g. kim@coesfeld.de",
    ),
    "reference_braces": (
        "'{value}' hat eine unvollständige Klammer; Platzhalter stehen in geschweiften Klammern: {{year}}, {{member}}, {{region}}",
        "'{value}' has an unmatched brace; placeholders are written in braces: {{year}}, {{member}}, {{region}}",
    ),
    "reference_field": (
        "'{value}' nennt den unbekannten Platzhalter {{{field}}}; erlaubt sind {{year}}, {{member}}, {{region}}",
        "'{value}' names the unknown placeholder {{{field}}}; allowed are {{year}}, {{member}}, {{region}}",
    ),
    "reference_member": (
        "'{value}' unterscheidet die Kommunen nicht; nehmen Sie {{member}} auf, z. B. \"KIM-{{year}}-{{member}}\"",
        "'{value}' does not tell the municipalities apart; include {{member}}, e.g. \"KIM-{{year}}-{{member}}\"",
    ),
    "term_both": (
        "geben Sie entweder days (Tage nach dem Datum des Schreibens) oder date (ein festes Datum) an, nicht beides",
        "give either days (days after the letter's date) or date (a fixed date), not both",
    ),
    "term_none": (
        "die Zahlungsfrist nennt weder days noch date; schreiben Sie z. B. {example}",
        "the payment term gives neither days nor date; write e.g. {example}",
    ),
    "term_days": (
        "{value} Tage ist keine Zahlungsfrist; schreiben Sie 1 bis {max} Tage, z. B. days: 30",
        "{value} days is not a payment term; write 1 to {max} days, e.g. days: 30",
    ),
    "term_past": (
        "die Zahlungsfrist {date} liegt vor dem Datum des Schreibens ({letter}); schreiben Sie ein späteres Datum "
        "oder days: 30",
        "the payment date {date} is before the letter's date ({letter}); write a later date or days: 30",
    ),
    "what_contact": ("die Ansprechperson ({field})", "the contact person ({field})"),
    "what_bank": ("die Bankverbindung ({field})", "the bank account ({field})"),
    "what_reference": ("das Kassenzeichen (reference)", "the reference to quote (reference)"),
    "what_term": ("die Zahlungsfrist (payment_term)", "the payment term (payment_term)"),
})

_EXAMPLES = {
    "contact": "contact: {name: Frau Muster, phone: \"02541 939-0\", email: kim@coesfeld.de}",
    "name": "name: Frau Muster", "phone": "phone: \"02541 939-0\"", "email": "email: kim@coesfeld.de",
    "bank": "bank: {bank: Sparkasse Westmünsterland, iban: DE…, bic: WELADED1WML}",
    "iban": "iban: DE02 1203 0000 0000 2020 51", "bank_name": "bank: Sparkasse Westmünsterland",
    "reference": "reference: \"KIM-{year}-{member}\"", "payment_term": "payment_term: {days: 30}",
}

_POSTCODE = re.compile(r"^\d{5} \S")
_IBAN_FORM = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]+$")
_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


# --- plain results ----------------------------------------------------------------------


@dataclass(frozen=True)
class Address:
    """An address as the window shows it: the name, then up to five more lines."""

    name: str
    lines: tuple[str, ...]
    street: str
    city: str
    country: str | None = None

    @property
    def all_lines(self) -> tuple[str, ...]:
        return (self.name, *self.lines, self.street, self.city) + ((self.country,) if self.country else ())

    @property
    def return_line(self) -> str:
        """The sender line above the window's address (DIN 5008 Rücksendeangabe)."""
        return " · ".join((self.name, self.street, self.city) + ((self.country,) if self.country else ()))


@dataclass(frozen=True)
class Sender:
    id: str
    address: Address
    contact_name: str
    phone: str
    email: str
    bank: str
    iban: str                   # without spaces, upper case
    bic: str | None
    reference: str              # pattern with {year}, {member}, {region}
    payment_days: int | None
    payment_date: dt.date | None
    signature_name: str | None
    signature_role: str | None

    def reference_for(self, year: int, member: str, region: str) -> str:
        return self.reference.format(year=year, member=member, region=region)

    def due_date(self, letter_date: dt.date) -> dt.date:
        if self.payment_date is not None:
            return self.payment_date
        assert self.payment_days is not None
        return letter_date + dt.timedelta(days=self.payment_days)

    @property
    def iban_grouped(self) -> str:
        """``DE02 1203 0000 0000 2020 51``: in groups of four, as printed on paper (ISO 13616)."""
        return " ".join(self.iban[i:i + 4] for i in range(0, len(self.iban), 4))


@dataclass(frozen=True)
class LetterDetails:
    senders: dict[str, Sender]        # by employer id
    recipients: dict[str, Address]    # by member id


# --- the check ----------------------------------------------------------------------------


def require_letter_details(config: Configuration, sources: SourceMap, letter_date: dt.date,
                           lang: str = "de") -> LetterDetails:
    """The details, or ``ConfigError`` with every issue. The messages are worded when shown,
    in the language asked for then; ``lang`` is accepted for former callers and has no effect."""
    details, issues = check_letter_details(config, sources, letter_date)
    if issues:
        raise ConfigError(issues)
    assert details is not None
    return details


def check_letter_details(config: Configuration, sources: SourceMap, letter_date: dt.date,
                         lang: str = "de") -> tuple[LetterDetails | None, list[ConfigIssue]]:
    """Every detail the letters of ``config`` need, or the issues that stand in the way
    (``lang``: see ``require_letter_details``)."""
    check = _Check(config, sources)
    senders: dict[str, Sender] = {}
    recipients: dict[str, Address] = {}
    writing = [(rid, region) for rid, region in config.regions.items() if paying_members(region)]
    letters = config.letters
    employers = list(dict.fromkeys(region.employer for _, region in writing))
    if writing and letters is None:
        check.issue(("regions", writing[0][0], "employer"), "no_letters",
                    employers=", ".join(employers), example=employers[0])
    for rid, region in writing:
        sender = letters.senders.get(region.employer) if letters is not None else None
        if letters is not None and sender is None:
            check.issue(("regions", rid, "employer"), "no_sender", id=region.employer,
                        name=check.name(region.employer), region=region.name)
        address = check.address(region.employer)
        if sender is not None and region.employer not in senders:
            made = check.sender(region.employer, sender, address, letter_date)
            if made is not None:
                senders[region.employer] = made
        for member in paying_members(region):
            if member not in recipients:
                found = check.address(member)
                if found is not None:
                    recipients[member] = found
    if letters is not None:
        for sid in letters.senders:
            if sid not in employers:
                check.issue(("letters", "senders", sid), "not_employer", key_line=True, id=sid,
                            employers=", ".join(employers) or "–")
    if check.issues:
        return None, check.issues
    return LetterDetails(senders, recipients), []


class _Check:
    def __init__(self, config: Configuration, sources: SourceMap):
        self.config, self.sources = config, sources
        self.issues: list[ConfigIssue] = []
        self._addresses: dict[str, Address | None] = {}

    def issue(self, path: Path, text: str, *, at: Path | None = None, key_line: bool = False, **values: Any) -> None:
        """An issue about ``path``, located at ``at`` (default: ``path``, or its nearest written
        ancestor); ``key_line``: at the line of the key rather than of its value."""
        where = self.sources.locate(at or path, key=key_line)
        self.issues.append(ConfigIssue(where, path, _TEXTS(text, **values)))

    def name(self, party: str) -> str:
        if party in self.config.municipalities:
            return self.config.municipalities[party].name
        return self.config.parties[party].name if party in self.config.parties else party

    def _owner(self, party: str) -> Path:
        return ("municipalities", party) if party in self.config.municipalities else ("parties", party)

    def address(self, party: str) -> Address | None:
        if party not in self._addresses:
            self._addresses[party] = self._address(party)
        return self._addresses[party]

    def _address(self, party: str) -> Address | None:
        owner = self._owner(party)
        entity = self.config.municipalities.get(party) or self.config.parties.get(party)
        written: PostalAddress | None = getattr(entity, "address", None)
        name = self.name(party)
        if written is None:
            self.issue(owner, "no_address", key_line=True, name=name, id=party)
            return None
        path = owner + ("address",)
        if written.street is None and written.city is None and written.text is not None:
            self.issue(path, "address_one_line", example='address: {street: Markt 1, city: "48727 Billerbeck"}')
            return None
        ok = True
        for field, example in (("street", "street: Markt 1"), ("city", "city: \"48727 Billerbeck\"")):
            if getattr(written, field) is None:
                self.issue(path + (field,), "missing", at=path, key_line=True,
                           what=f"{name}: address.{field}", example=example)
                ok = False
        if not ok:
            return None
        lines = tuple(written.lines or ())
        count = 1 + len(lines) + 2 + (1 if written.country else 0)
        if count > MAX_ADDRESS_LINES:
            self.issue(path + ("lines",), "address_lines", count=count, max=MAX_ADDRESS_LINES)
            return None
        if written.country is None and not _POSTCODE.match(written.city or ""):
            self.issue(path + ("city",), "postcode", value=written.city)
            return None
        return Address(name, lines, written.street or "", written.city or "", written.country)

    def sender(self, sid: str, sender: LetterSender, address: Address | None, letter_date: dt.date) -> Sender | None:
        base: Path = ("letters", "senders", sid)
        before = len(self.issues)
        contact = sender.contact
        values: dict[str, Any] = {}
        for field in ("name", "phone", "email"):
            value = getattr(contact, field) if contact is not None else None
            if value is None:
                at = base + ("contact",) if contact is not None else base
                self.issue(base + ("contact", field), "missing", at=at, key_line=True,
                           what=_TEXTS("what_contact", field=f"contact.{field}"),
                           example=_EXAMPLES[field] if contact is not None else _EXAMPLES["contact"])
            values[field] = value
        if values["email"] is not None and not _EMAIL.match(values["email"]):
            self.issue(base + ("contact", "email"), "email", value=values["email"])
        bank = sender.bank
        for field, example in (("bank", "bank_name"), ("iban", "iban")):
            value = getattr(bank, field) if bank is not None else None
            if value is None:
                at = base + ("bank",) if bank is not None else base
                self.issue(base + ("bank", field), "missing", at=at, key_line=True,
                           what=_TEXTS("what_bank", field=f"bank.{field}"),
                           example=_EXAMPLES[example] if bank is not None else _EXAMPLES["bank"])
        iban = bic = None
        if bank is not None and bank.iban is not None:
            iban = bank.iban.replace(" ", "").upper()
            why = _iban_problem(iban)
            if why:
                self.issue(base + ("bank", "iban"), "iban", value=bank.iban, why=why)
        if bank is not None and bank.bic is not None:
            bic = bank.bic.replace(" ", "").upper()
            if not _BIC.match(bic):
                self.issue(base + ("bank", "bic"), "bic", value=bank.bic)
        reference, ref_path = self._inherited(sender.reference, base, "reference")
        if reference is None:
            self.issue(base + ("reference",), "missing", at=base, key_line=True,
                       what=_TEXTS("what_reference"), example=_EXAMPLES["reference"])
        else:
            self._reference(reference, ref_path)
        term, term_path = self._inherited(sender.payment_term, base, "payment_term")
        days = date = None
        if term is None:
            self.issue(base + ("payment_term",), "missing", at=base, key_line=True,
                       what=_TEXTS("what_term"), example=_EXAMPLES["payment_term"])
        else:
            days, date = self._term(term, term_path, letter_date)
        if len(self.issues) > before or address is None:
            return None
        assert bank is not None and bank.bank is not None and iban is not None  # else an issue above
        signature = sender.signature
        return Sender(sid, address, values["name"], values["phone"], values["email"], bank.bank, iban, bic,
                      reference, days, date, signature.name if signature else None,
                      signature.role if signature else None)

    def _inherited(self, own: Any, base: Path, field: str) -> tuple[Any, Path]:
        """The sender's own value, else the one written for all senders under ``letters:``."""
        if own is not None:
            return own, base + (field,)
        return getattr(self.config.letters, field), ("letters", field)

    def _reference(self, pattern: str, path: Path) -> None:
        try:
            parsed = list(string.Formatter().parse(pattern))
        except ValueError:
            self.issue(path, "reference_braces", value=pattern)
            return
        fields = [(f, spec, conversion) for _, f, spec, conversion in parsed if f is not None]
        # Only the bare placeholders: "{year:05}" or "{member!r}" would run Python's formatting
        # language on configuration text.
        unknown = [f + (f"!{c}" if c else "") + (f":{s}" if s else "") for f, s, c in fields
                   if f not in PLACEHOLDERS or s or c]
        for field in unknown:
            self.issue(path, "reference_field", value=pattern, field=field)
        if not unknown and "member" not in {f for f, _, _ in fields}:
            self.issue(path, "reference_member", value=pattern)

    def _term(self, term: PaymentTerm, path: Path, letter_date: dt.date) -> tuple[int | None, dt.date | None]:
        if term.days is not None and term.date is not None:
            self.issue(path, "term_both")
        elif term.days is None and term.date is None:
            self.issue(path, "term_none", example=_EXAMPLES["payment_term"])
        elif term.days is not None and not 1 <= term.days <= MAX_PAYMENT_DAYS:
            self.issue(path + ("days",), "term_days", value=term.days, max=MAX_PAYMENT_DAYS)
        elif term.date is not None and term.date < letter_date:
            self.issue(path + ("date",), "term_past", date=term.date.isoformat(), letter=letter_date.isoformat())
        else:
            return term.days, term.date
        return None, None


def iban_problem(iban: str, lang: str = "de") -> str | None:
    """Why ``iban`` (no spaces, upper case) is not an IBAN, in ``lang``, or ``None``."""
    why = _iban_problem(iban)
    return render(why, lang) if why is not None else None


def _iban_problem(iban: str) -> Text | None:
    """ISO 13616: move the first four characters to the end, letters to 10..35; the number
    mod 97 must be 1."""
    if not _IBAN_FORM.match(iban):
        return _TEXTS("iban_form")
    if iban.startswith("DE") and len(iban) != 22:
        return _TEXTS("iban_length", count=len(iban))
    if not 15 <= len(iban) <= 34:
        return _TEXTS("iban_size", count=len(iban))
    digits = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
    if int(digits) % 97 != 1:
        return _TEXTS("iban_checksum")
    return None
