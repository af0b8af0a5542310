"""Report labels, German by default and English with ``--lang en``. One table, one place."""

from __future__ import annotations

_LABELS: dict[str, tuple[str, str]] = {
    # key: (de, en)
    "settlement": ("Abrechnung", "Settlement"),
    "region": ("Region", "Region"),
    "regions": ("Regionen", "Regions"),
    "employer": ("Anstellungskörperschaft", "Employer"),
    "member": ("Kommune", "Municipality"),
    "members": ("Kommunen", "Municipalities"),
    "position": ("Stelle", "Post"),
    "holder": ("Stelleninhaber/in", "Holder"),
    "grade": ("Entgeltgruppe", "Grade"),
    "step": ("Stufe", "Step"),
    "fte": ("VZÄ", "FTE"),
    "fte_average": ("VZÄ im Jahresmittel", "Average FTE"),
    "months_held": ("Monate besetzt", "Months held"),
    "personnel": ("Personalkosten", "Personnel costs"),
    "equipment": ("Sachkosten Ausstattung", "Equipment"),
    "recruitment": ("Stellenbesetzung", "Recruitment"),
    "administration": ("Personalverwaltung", "Administration"),
    "total_costs": ("Gesamtkosten", "Total costs"),
    "grant": ("Landesförderung", "State grant"),
    "own_share": ("Eigenanteil", "Own share"),
    "key": ("Schlüssel", "Key"),
    "weight": ("Gewicht", "Weight"),
    "share": ("Anteil", "Share"),
    "advances": ("Abschläge", "Advances"),
    "balance": ("Saldo", "Balance"),
    "due": ("Nachzahlung", "Amount due"),
    "refund": ("Erstattung", "Refund"),
    "settled": ("ausgeglichen", "settled"),
    "bears_own_share": ("trägt Anteil selbst", "bears its own share"),
    "total": ("Summe", "Total"),
    "pay": ("Entgelt", "Pay"),
    "allowances": ("Zulagen", "Allowances"),
    "annual_payment": ("Jahressonderzahlung", "Annual special payment"),
    "one_off": ("Einmalzahlungen", "One-off payments"),
    "social_insurance": ("AG-Anteil Sozialversicherung", "Employer social insurance"),
    "supplementary_pension": ("Zusatzversorgung", "Supplementary pension"),
    "accident_insurance": ("Unfallversicherung", "Accident insurance"),
    "key_equal": ("gleiche Teile", "equal parts"),
    "key_population": ("Einwohnerzahl", "population"),
    "key_weights": ("Gewichte", "weights"),
    "actual": ("Ist-Betrag", "actual amount"),
    "vacant": ("unbesetzt", "vacant"),
    "workbook_written": ("Arbeitsmappe geschrieben", "Workbook written"),
    "assumption": ("Annahme", "assumption"),
    "provisional": ("vorläufig", "provisional"),
    "expected": ("erwartet", "expected"),
    "derived": ("abgeleitet", "derived"),
    "seen": ("belegt", "seen"),
    "year": ("Jahr", "Year"),
    "district": ("Kreis", "District"),
    "extra_cent": ("Restcent", "remainder cent"),
}


def label(key: str, lang: str = "de") -> str:
    de, en = _LABELS[key]
    return de if lang == "de" else en


def balance_label(balance, is_employer: bool, lang: str = "de") -> str:
    """Rule 13 in words: positive = Nachzahlung (member pays), negative = Erstattung."""
    if is_employer:
        return label("bears_own_share", lang)
    if balance > 0:
        return label("due", lang)
    if balance < 0:
        return label("refund", lang)
    return label("settled", lang)


def key_label(key: str, lang: str = "de") -> str:
    return label(f"key_{key}", lang)
