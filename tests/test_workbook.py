"""The settlement workbook, reopened with openpyxl and checked cell by cell against the JSON
document of the same run: every share, balance and total, number formats, sheet names,
the chart, print settings, document properties, text kept as text, and identical bytes."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st
from openpyxl import load_workbook
from openpyxl.chart import BarChart

from kimcost import __version__
from kimcost.reports.settlement.workbook import build_workbook, write_workbook
from kimcost.reports.xlsx.determinism import calculation_moment, save_reproducibly
from kimcost.reports.xlsx.names import SheetNames, clean_sheet_name
from tests.workbook_support import (
    EPOCH,
    EPOCH_MOMENT,
    INJECTION_NAMES,
    MONEY,
    D,
    cents,
    copy_config,
    find_row,
    header_columns,
    municipality_names,
    reopened,
    settled,
)

STATEMENT_MEMBERS = ["Stadt Billerbeck", "Gemeinde Havixbeck", "Gemeinde Rosendahl", "Gemeinde Nottuln",
                     "Stadt Lüdinghausen", "Stadt Olfen", "Gemeinde Nordkirchen", "Gemeinde Senden"]
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@pytest.fixture(scope="module", params=[2023, 2024])
def book(request, tmp_path_factory):
    """(workbook reopened, JSON document, settlement) for Coesfeld 2023 and 2024, German."""
    run = settled(year=request.param)
    path = tmp_path_factory.mktemp(f"wb{request.param}") / "abrechnung.xlsx"
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    try:
        write_workbook(run.settlement, run.loaded, path, "de")
    finally:
        mp.undo()
    return load_workbook(path), run.doc, run.settlement


@pytest.fixture(scope="module")
def book_2023(tmp_path_factory):
    run = settled(year=2023)
    path = tmp_path_factory.mktemp("wb") / "abrechnung.xlsx"
    save_reproducibly(build_workbook(run.settlement, run.loaded, "de", EPOCH_MOMENT), path, EPOCH_MOMENT)
    return load_workbook(path), run.doc, run.settlement


# --- structure ---------------------------------------------------------------------------

def test_sheets_in_order_with_one_statement_per_paying_member(book_2023):
    wb, _, _ = book_2023
    assert wb.sheetnames == (["Übersicht", "Region Nord", "Region Mitte", "Region Süd", "Monatswerte"]
                             + [f"Abrechnung {name}" for name in STATEMENT_MEMBERS] + ["Parameter"])


def test_sheet_names_are_valid_and_unique(book):
    wb, _, _ = book
    names = wb.sheetnames
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31 and not FORBIDDEN.search(name) and not name.startswith("'")


def test_document_properties(book):
    wb, doc, _ = book
    props = wb.properties
    assert props.creator == "kimcost"
    assert props.title == f"Abrechnung Kommunales Case-Management {doc['year']}"
    assert props.subject.endswith("Kreis Coesfeld")
    assert props.created == EPOCH_MOMENT and props.modified == EPOCH_MOMENT


def test_no_formulas_anywhere_and_money_never_as_text(book):
    wb, _, _ = book
    money_text = re.compile(r"^-?[\d.,]+\s?€$")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not money_text.match(cell.value), f"{ws.title}!{cell.coordinate} holds money as text"


# --- overview ----------------------------------------------------------------------------

def test_overview_header_block(book):
    wb, doc, _ = book
    ws = wb["Übersicht"]
    assert ws["A1"].value == f"Abrechnung Kommunales Case-Management {doc['year']}"
    facts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(4, 12)}
    assert facts["Kreis"] == "Kreis Coesfeld"
    assert facts["Abrechnungsjahr"] == doc["year"]
    assert facts["Berechnet am"] == dt.datetime(2024, 3, 9)   # SOURCE_DATE_EPOCH's date
    assert facts["Programmversion"] == f"kimcost {__version__}"
    # The file name only (the JSON names the path as given); the SHA-256 identifies the file.
    assert facts["Konfigurationsdatei"] == "coesfeld.yaml" == doc["inputs"]["config"].rsplit("/", 1)[-1]
    assert facts["Fingerabdruck der Eingaben (SHA-256)"] == doc["inputs"]["fingerprint"]
    date_row = find_row(ws, "Berechnet am")
    assert ws.cell(date_row, 2).number_format == "[$-407]DD.MM.YYYY"


def test_overview_region_table_equals_json(book):
    wb, doc, _ = book
    ws = wb["Übersicht"]
    header = find_row(ws, "Region")
    cols = header_columns(ws, header)
    assert list(cols) == ["Region", "Anstellungskörperschaft", "VZÄ im Jahresmittel", "Personalkosten",
                          "Sachkosten Ausstattung", "Stellenbesetzung", "Personalverwaltung", "Gesamtkosten",
                          "Landesförderung", "Eigenanteil"]
    for i, region in enumerate(doc["regions"], start=1):
        row = header + i
        cell = lambda name: ws.cell(row, cols[name])  # noqa: E731
        assert cell("Region").value == region["name"]
        assert cell("Anstellungskörperschaft").value == region["employer_name"]
        assert D(cell("VZÄ im Jahresmittel").value) == D(region["fte"])
        for name, key in (("Personalkosten", "personnel"), ("Sachkosten Ausstattung", "equipment"),
                          ("Stellenbesetzung", "recruitment"), ("Personalverwaltung", "administration"),
                          ("Gesamtkosten", "total")):
            assert cents(cell(name).value) == D(region["costs"][key]), (region["id"], name)
            assert cell(name).number_format == MONEY
        assert cents(cell("Landesförderung").value) == D(region["grant"])
        assert cents(cell("Eigenanteil").value) == D(region["own_share"])
        assert cell("Eigenanteil").number_format == MONEY
    total = header + len(doc["regions"]) + 1
    assert ws.cell(total, 1).value == "Summe"
    for name, pick in (("Gesamtkosten", lambda r: r["costs"]["total"]), ("Landesförderung", lambda r: r["grant"]),
                       ("Eigenanteil", lambda r: r["own_share"]), ("Personalkosten", lambda r: r["costs"]["personnel"])):
        assert cents(ws.cell(total, cols[name]).value) == sum(D(pick(r)) for r in doc["regions"])
        assert ws.cell(total, cols[name]).number_format == MONEY


def test_overview_member_table_equals_json_and_totals_reconcile(book):
    wb, doc, _ = book
    ws = wb["Übersicht"]
    header = find_row(ws, "Kommune")
    cols = header_columns(ws, header)
    assert list(cols) == ["Kommune", "Region", "Schlüssel", "Gewicht", "Anteil", "Abschläge", "Saldo", "Ergebnis"]
    row = header
    for region in doc["regions"]:
        for m in region["members"]:
            row += 1
            assert ws.cell(row, cols["Kommune"]).value == m["name"]
            assert ws.cell(row, cols["Region"]).value == region["name"]
            assert D(ws.cell(row, cols["Gewicht"]).value) == D(m["weight"])
            for name, key in (("Anteil", "share"), ("Abschläge", "advances"), ("Saldo", "balance")):
                assert cents(ws.cell(row, cols[name]).value) == D(m[key]), (m["id"], name)
                assert ws.cell(row, cols[name]).number_format == MONEY
            expected = ("trägt Anteil selbst" if m["is_employer"] else
                        "Nachzahlung" if D(m["balance"]) > 0 else "Erstattung" if D(m["balance"]) < 0 else "ausgeglichen")
            assert ws.cell(row, cols["Ergebnis"]).value == expected
    row += 1
    assert ws.cell(row, 1).value == "Summe"
    members = [m for r in doc["regions"] for m in r["members"]]
    own_total = sum(D(r["own_share"]) for r in doc["regions"])
    assert cents(ws.cell(row, cols["Anteil"]).value) == sum(D(m["share"]) for m in members) == own_total
    assert cents(ws.cell(row, cols["Abschläge"]).value) == sum(D(m["advances"]) for m in members)
    assert cents(ws.cell(row, cols["Saldo"]).value) == sum(D(m["balance"]) for m in members)
    check = find_row(ws, "Kontrolle: Summe der Anteile − Summe der Eigenanteile")
    assert ws.cell(check, cols["Anteil"]).value == 0


def test_overview_has_a_bar_chart_of_the_members_shares(book_2023):
    wb, doc, _ = book_2023
    ws = wb["Übersicht"]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert isinstance(chart, BarChart) and chart.type == "bar"
    header = find_row(ws, "Kommune")
    count = sum(len(r["members"]) for r in doc["regions"])
    series = chart.series[0]
    assert series.val.numRef.f == f"'Übersicht'!$E${header + 1}:$E${header + count}"
    categories = series.cat.strRef or series.cat.numRef
    assert categories.f == f"'Übersicht'!$A${header + 1}:$A${header + count}"
    assert chart.title.tx.rich.p[0].r[0].t == "Anteile der Kommunen am Eigenanteil 2023"


# --- region sheets ---------------------------------------------------------------------------

def test_region_sheet_costs_per_post_equal_json(book):
    wb, doc, _ = book
    for region in doc["regions"]:
        ws = wb[region["name"]]
        header = find_row(ws, "Kosten, Landesförderung und Eigenanteil je Stelle") + 1
        cols = header_columns(ws, header)
        for p in (p for p in doc["positions"] if p["region"] == region["id"]):
            row = find_row(ws, p["name"], start=header)
            for name, key in (("Personalkosten", "personnel"), ("Sachkosten Ausstattung", "equipment"),
                              ("Stellenbesetzung", "recruitment"), ("Personalverwaltung", "administration"),
                              ("Gesamtkosten", "total")):
                assert cents(ws.cell(row, cols[name]).value) == D(p["costs"][key]), (p["id"], name)
            assert cents(ws.cell(row, cols["Landesförderung"]).value) == D(p["grant"])
            assert cents(ws.cell(row, cols["Eigenanteil"]).value) == D(p["costs"]["total"]) - D(p["grant"])
        total = find_row(ws, "Summe", start=header)
        assert cents(ws.cell(total, cols["Eigenanteil"]).value) == D(region["own_share"])
        assert cents(ws.cell(total, cols["Landesförderung"]).value) == D(region["grant"])


def test_actual_amounts_are_marked(book_2023):
    wb, doc, _ = book_2023
    ws = wb["Region Nord"]
    header = find_row(ws, "Kosten, Landesförderung und Eigenanteil je Stelle") + 1
    cols = header_columns(ws, header)
    row = find_row(ws, "Case-Management Nord 1", start=header)
    recruitment = ws.cell(row, cols["Stellenbesetzung"])
    assert cents(recruitment.value) == Decimal("1843.27")
    assert recruitment.fill.fgColor.rgb.endswith("FFF2CC")        # shaded: an actual amount
    assert ws.cell(row, cols["Personalkosten"]).fill.fill_type is None
    assert ws.cell(row, cols["Hinweis"]).value.startswith("Ist-Betrag: Stellenbesetzung (Annahme: Rechnungen")


def test_holders_steps_and_basis(book_2023):
    wb, _, settlement = book_2023
    ws = wb["Region Nord"]
    header = find_row(ws, "Stellen und Stelleninhaber/innen") + 1
    cols = header_columns(ws, header)
    row = find_row(ws, "Case-Manager Nord 3b", col=2)
    assert ws.cell(row, cols["Entgeltgruppe"]).value == "S 11b"
    assert ws.cell(row, cols["Stufe(n)"]).value == 2
    assert ws.cell(row, cols["Monate besetzt"]).value == 2
    assert ws.cell(row, cols["Beginn"]).value == dt.datetime(2023, 11, 1)
    holder = settlement.position("nord-3").holders[1]
    assert cents(ws.cell(row, cols["Personalkosten"]).value) == holder.personnel.total
    basis = find_row(ws, "Herleitung der Kosten je Stelle") + 1
    admin = [r for r in range(basis, ws.max_row + 1)
             if ws.cell(r, 1).value == "Case-Management Nord 1" and ws.cell(r, 2).value == "Personalverwaltung"][0]
    assert ws.cell(admin, 6).value == "2 % der Personalkosten – Personalverwaltungskostenpauschale 2 % der Personalkosten"
    equipment = [r for r in range(basis, ws.max_row + 1)
                 if ws.cell(r, 1).value == "Case-Management Nord 2" and ws.cell(r, 2).value == "Sachkosten Ausstattung"][0]
    assert ws.cell(equipment, 6).value.startswith("erstmals besetzt am 15.02.2023: Einmalbetrag und laufend je VZÄ-Jahr")


def test_grant_table_shows_the_cap(book_2023):
    wb, _, settlement = book_2023
    ws = wb["Region Nord"]
    header = find_row(ws, "Landesförderung je Stelle") + 1
    cols = header_columns(ws, header)
    row = find_row(ws, "Case-Management Nord 3 (halbe Stelle)", start=header)
    grant = settlement.position("nord-3").grant
    assert ws.cell(row, cols["gedeckelt"]).value == "ja"
    assert cents(ws.cell(row, cols["rechnerisch"]).value) == Decimal("23750.00")
    assert cents(ws.cell(row, cols["Landesförderung"]).value) == grant.amount == Decimal("23563.31")


def test_split_table_with_exact_shares_and_remainder_cents(book):
    wb, doc, settlement = book
    for region, result in zip(doc["regions"], settlement.regions):
        ws = wb[region["name"]]
        header = find_row(ws, "Kommune", start=find_row(ws, "Aufteilung des Eigenanteils"))
        cols = header_columns(ws, header)
        assert list(cols) == ["Kommune", "Gewicht", "exakter Anteil", "auf Cent abgerundet", "Restcent", "Anteil",
                              "Abschläge", "Saldo", "Ergebnis"]
        for i, (m, share) in enumerate(zip(region["members"], result.members), start=1):
            row = header + i
            assert ws.cell(row, 1).value == m["name"]
            assert D(ws.cell(row, cols["exakter Anteil"]).value) == share.exact.quantize(Decimal("0.000001"))
            assert ws.cell(row, cols["exakter Anteil"]).number_format == '[$-407]#,##0.0000 "€"'
            cent = Decimal("0.01") if share.extra_cent else Decimal("0")
            assert cents(ws.cell(row, cols["Restcent"]).value) == cent
            assert cents(ws.cell(row, cols["auf Cent abgerundet"]).value) == D(m["share"]) - cent
            assert cents(ws.cell(row, cols["Anteil"]).value) == D(m["share"])
            assert cents(ws.cell(row, cols["Saldo"]).value) == D(m["balance"])
        total = header + len(region["members"]) + 1
        assert cents(ws.cell(total, cols["Anteil"]).value) == D(region["own_share"])


def test_split_of_nord_2023_hands_three_cents_in_list_order(book_2023):
    wb, _, _ = book_2023
    ws = wb["Region Nord"]
    header = find_row(ws, "Kommune", start=find_row(ws, "Aufteilung des Eigenanteils"))
    assert [cents(ws.cell(header + i, 5).value) for i in range(1, 5)] == [Decimal("0.01")] * 3 + [Decimal("0.00")]
    assert D(ws.cell(header + 1, 3).value) == Decimal("8351.3275")


# --- monthly values --------------------------------------------------------------------------

def test_monthly_sheet_one_row_per_holder_month_with_filter_and_frozen_header(book):
    wb, doc, settlement = book
    ws = wb["Monatswerte"]
    assert ws.freeze_panes == "E5"
    held = sum(1 for r in settlement.regions for p in r.positions for h in p.holders for m in h.months if m.days_held)
    assert ws.auto_filter.ref == f"A4:{ws.cell(4, ws.max_column).column_letter}{4 + held}"
    cols = header_columns(ws, 4)
    for name in ("Besetzungsanteil", "Entgeltgruppe", "Stufe", "Tabellenentgelt", "Entgelt", "Zulagen",
                 "Jahressonderzahlung", "Einmalzahlungen", "AG-Anteil RV", "AG-Anteil AV", "AG-Anteil KV",
                 "AG-Anteil KV-Zusatzbeitrag", "AG-Anteil PV", "Zusatzversorgung", "Unfallversicherung",
                 "Personalkosten Monat", "förderfähiger Anteil", "Förderung je VZÄ-Jahr", "Förderung (rechnerisch)"):
        assert name in cols, name
    # the months of each post add up to its personnel costs on the region sheet and in the JSON
    for p in doc["positions"]:
        rows = [r for r in range(5, 5 + held) if ws.cell(r, 2).value == p["name"]]
        total = sum(D(ws.cell(r, cols["Personalkosten Monat"]).value) for r in rows)
        assert cents(total) == D(p["costs"]["personnel"]), p["id"]
        assert all(ws.cell(r, cols["Entgelt"]).number_format == MONEY for r in rows)


def test_monthly_row_of_a_part_month(book_2023):
    wb, _, settlement = book_2023
    ws = wb["Monatswerte"]
    cols = header_columns(ws, 4)
    row = next(r for r in range(5, ws.max_row) if ws.cell(r, 3).value == "Case-Manager Nord 2"
               and ws.cell(r, 4).value == dt.datetime(2023, 2, 1))
    month = settlement.position("nord-2").holders[0].months[1]
    assert ws.cell(row, cols["Tage besetzt"]).value == 14 and ws.cell(row, cols["Kalendertage"]).value == 28
    assert D(ws.cell(row, cols["Besetzungsanteil"]).value) == Decimal("0.5")
    assert cents(ws.cell(row, cols["Entgelt"]).value) == month.pay == Decimal("1796.69")
    assert cents(ws.cell(row, cols["AG-Anteil RV"]).value) == month.social_insurance["pension"]
    assert cents(ws.cell(row, cols["Personalkosten Monat"]).value) == month.personnel


# --- statements ------------------------------------------------------------------------------

def _statement_amount(ws, text: str):
    return ws.cell(find_row(ws, text), 3).value


def test_each_statement_equals_json(book):
    wb, doc, _ = book
    year = doc["year"]
    count = 0
    for region in doc["regions"]:
        for m in (m for m in region["members"] if not m["is_employer"]):
            count += 1
            ws = wb[f"Abrechnung {m['name']}"]
            assert ws["A8"].value == f"Abrechnung Kommunales Case-Management {year} – {m['name']}"
            assert ws["A1"].value == region["employer_name"] and ws["A5"].value == m["name"]
            assert cents(_statement_amount(ws, "Gesamtkosten")) == D(region["costs"]["total"])
            assert cents(_statement_amount(ws, "abzüglich Landesförderung")) == D(region["grant"])   # "abzüglich" says the sign: no double minus
            assert cents(_statement_amount(ws, "Eigenanteil der Region")) == D(region["own_share"])
            share_row = find_row(ws, f"Ihr Anteil (Eigenanteil der Region × 1/{len(region['members'])})")
            assert cents(ws.cell(share_row, 3).value) == D(m["share"])
            assert cents(_statement_amount(ws, "abzüglich geleisteter Abschläge")) == -D(m["advances"])
            result = "Nachzahlung" if D(m["balance"]) > 0 else "Erstattung"
            assert cents(_statement_amount(ws, result)) == abs(D(m["balance"]))
            assert ws.cell(find_row(ws, result), 3).number_format == MONEY
    assert count == 8


def test_statement_of_billerbeck_2023_reads_as_a_letter(book_2023):
    wb, _, _ = book_2023
    ws = wb["Abrechnung Stadt Billerbeck"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "– Kämmerei –" in texts and "Sehr geehrte Damen und Herren," in texts
    assert any(t.startswith("die Kosten der Case-Manager/innen (Region Nord) trägt zunächst die "
                            "Anstellungskörperschaft Stadt Coesfeld.") for t in texts)
    assert "Bitte überweisen Sie 351,33 € unter Angabe des Verwendungszwecks „KIM Case-Management 2023 " \
           "Stadt Billerbeck“. Zahlungsempfänger: Stadt Coesfeld." in texts
    assert "1 von 4 Kommunen" in texts and "einschließlich 1 Cent Rundungsausgleich" in texts
    assert "01.01.2023 – 31.12.2023" in texts


def test_statement_print_settings(book_2023):
    wb, _, _ = book_2023
    for name in STATEMENT_MEMBERS:
        ws = wb[f"Abrechnung {name}"]
        setup = ws.page_setup
        assert setup.orientation == "portrait" and setup.paperSize == 9  # 9 = A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 1
        assert ws.print_title_rows == "$1:$2"
        assert ws.print_area == f"'Abrechnung {name}'!$A$1:$C${ws.max_row}"
        assert "Abrechnung Kommunales Case-Management 2023" in ws.oddHeader.center.text


def test_wide_sheets_print_landscape_fit_to_width(book_2023):
    wb, _, _ = book_2023
    for name in ("Übersicht", "Region Nord", "Monatswerte", "Parameter"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_area.startswith(f"'{name}'!$A$1:")
    assert wb["Monatswerte"].page_setup.fitToHeight == 0           # as many pages tall as needed
    assert wb["Monatswerte"].print_title_rows == "$4:$4"
    for ws in wb.worksheets:                                        # widths were set, not left at default
        assert ws.column_dimensions["A"].width and ws.column_dimensions["A"].width > 9


# --- parameters ------------------------------------------------------------------------------

def test_parameter_sheet_lists_every_assumption_with_source_and_mark(book):
    wb, doc, _ = book
    ws = wb["Parameter"]
    cols = header_columns(ws, 4)
    assert list(cols) == ["Bereich", "Parameter", "gültig ab", "Wert", "Status", "Quelle", "Fundstelle"]
    end = find_row(ws, "Eingabedateien") - 1
    rows = {(ws.cell(r, cols["Quelle"]).value, ws.cell(r, 3).value): r for r in range(5, end)}
    for a in doc["assumptions"]:
        since = dt.datetime.fromisoformat(a["since"]) if a["since"] else None
        row = rows[(a["source"], since)]
        assert ws.cell(row, cols["Status"]).value.startswith("⚠ ")
    # each input named in words, never by its key path (German throughout, issue 10)
    for r in range(5, end):
        name = ws.cell(r, cols["Parameter"]).value
        assert name and not re.search(r"[a-z]\.[a-z]|\[\d+\]|_", name), name
    assert ws.auto_filter.ref.startswith("A4:") and ws.freeze_panes == "A5"


def test_parameter_sheet_shows_the_pay_table_amounts_and_the_grant(book_2023):
    wb, _, _ = book_2023
    ws = wb["Parameter"]
    row = find_row(ws, "Entgelttabelle TVöD VKA – Sozial- und Erziehungsdienst (SuE)", col=2)
    assert ws.cell(row, 3).value == dt.datetime(2022, 4, 1)
    assert "S 12: 3.351,74 | 3.593,37 | 3.909,61 | 4.189,61 | 4.536,30 | 4.682,97 €" in ws.cell(row, 4).value
    assert ws.cell(row, 5).value == "belegt"
    rules = find_row(ws, "Landesförderung KIM – Case-Management: Förderregeln", col=2)
    assert ws.cell(rules, 4).value == ("Förderung: je VZÄ-Jahr, mindestens 0,5 VZÄ, anteilig nach Tagen, "
                                       "höchstens bis zu den Personalkosten")
    rates = find_row(ws, "Sozialversicherung: Beitragssätze (Arbeitgeberanteil)", col=2)
    assert "Krankenversicherung 7,3 % bis zur Beitragsbemessungsgrenze 4.987,50 € je Monat" in ws.cell(rates, 4).value
    grant = find_row(ws, "Landesförderung KIM – Case-Management: Betrag je VZÄ und Jahr", col=2)
    assert ws.cell(grant, 4).value == 57000 and ws.cell(grant, 4).number_format == MONEY
    assert ws.cell(grant, 6).value == "Kreis Coesfeld SV-10-0898"
    assert ws.cell(grant, 7).value.startswith("kimcost:kim-nrw:") or \
        ws.cell(grant, 7).value.endswith(".yaml:17:9")


# --- English -----------------------------------------------------------------------------------

def test_english_workbook(tmp_path):
    run = settled(year=2023)
    wb = reopened(build_workbook(run.settlement, run.loaded, "en", EPOCH_MOMENT))
    assert wb.sheetnames[:5] == ["Overview", "Region Nord", "Region Mitte", "Region Süd", "Monthly values"]
    assert wb.sheetnames[5] == "Statement Stadt Billerbeck" and wb.sheetnames[-1] == "Parameters"
    ws = wb["Statement Stadt Billerbeck"]
    assert ws["A8"].value == "Settlement of KIM case management 2023 – Stadt Billerbeck"
    assert D(ws.cell(find_row(ws, "Amount due"), 3).value) == Decimal("351.33")
    assert wb["Overview"].cell(find_row(wb["Overview"], "Date of calculation"), 2).number_format == "YYYY-MM-DD"


# --- text from YAML stays text -------------------------------------------------------------------

def test_hostile_names_are_written_literally_as_text(tmp_path):
    main = copy_config(tmp_path / "cfg", municipality_names(INJECTION_NAMES))
    run = settled(main, 2023)
    target = tmp_path / "out.xlsx"
    write_workbook(run.settlement, run.loaded, target, "de")
    with zipfile.ZipFile(target) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name), name
    wb = load_workbook(target)
    ws = wb["Übersicht"]
    for text in INJECTION_NAMES.values():
        row = find_row(ws, text)
        assert ws.cell(row, 1).data_type == "s" and ws.cell(row, 1).value == text
    assert wb.sheetnames[5:9] == ['Abrechnung =HYPERLINK("http---x', "Abrechnung +49 2541", "Abrechnung -1",
                                  "Abrechnung @SUM(A1)"]
    for sheet, text in zip(wb.sheetnames[5:9], INJECTION_NAMES.values()):
        assert wb[sheet]["A5"].value == text and wb[sheet]["A5"].data_type == "s"


def test_hostile_region_names_give_valid_unique_sheet_names(tmp_path):
    replacements = {"name: Region Nord": "name: 'Nord/Süd: [Test]*?'",
                    "name: Region Mitte": "name: 'Nord-Süd- -Test---'",
                    "name: Region Süd": "name: Übersicht"}
    run = settled(copy_config(tmp_path / "cfg", replacements), 2023)
    wb = reopened(build_workbook(run.settlement, run.loaded, "de", EPOCH_MOMENT))
    assert wb.sheetnames[:5] == ["Übersicht", "Nord-Süd- -Test---", "Nord-Süd- -Test--- (2)", "Übersicht (2)",
                                 "Monatswerte"]
    wb.save(tmp_path / "x.xlsx")
    assert load_workbook(tmp_path / "x.xlsx")["Nord-Süd- -Test---"]["A1"].value.startswith("Nord/Süd: [Test]*?")


@given(st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=8))
def test_sheet_names_property(wanted):
    names = SheetNames()
    taken = [names.take(w) for w in wanted]
    assert len({t.casefold() for t in taken}) == len(taken)
    for name in taken:
        assert 0 < len(name) <= 31
        assert not FORBIDDEN.search(name) and not name.startswith("'") and not name.endswith("'")
        assert name.casefold() != "history"


def test_clean_sheet_name_examples():
    assert clean_sheet_name("Abrechnung Gemeinde Nordkirchen-Süd-Ost") == "Abrechnung Gemeinde Nordkirchen"
    assert clean_sheet_name("a/b\\c[d]e:f*g?h") == "a-b-c-d-e-f-g-h"
    assert clean_sheet_name("''") == "Blatt"
    names = SheetNames()
    assert [names.take("History"), names.take("x" * 40), names.take("x" * 35)] == \
        ["History (2)", "x" * 31, "x" * 27 + " (2)"]


# --- reproducible bytes -------------------------------------------------------------------------

def test_two_runs_give_identical_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    run = settled(year=2023)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook(run.settlement, run.loaded, first, "de")
    write_workbook(settled(year=2023).settlement, run.loaded, second, "de")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 3, 9, 16, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2024-03-09T16:00:00Z" in core
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 86_400))
    write_workbook(run.settlement, run.loaded, second, "de")
    assert first.read_bytes() != second.read_bytes()
    assert load_workbook(second)["Übersicht"].cell(6, 2).value == dt.datetime(2024, 3, 10)


def test_calculation_moment():
    assert calculation_moment({"SOURCE_DATE_EPOCH": str(EPOCH)}) == EPOCH_MOMENT
    assert calculation_moment({}, today=dt.date(2025, 1, 31)) == dt.datetime(2025, 1, 31)
    assert calculation_moment({"SOURCE_DATE_EPOCH": ""}, today=dt.date(2025, 1, 31)) == dt.datetime(2025, 1, 31)
    from kimcost.reports.output import OutputError
    with pytest.raises(OutputError) as info:
        calculation_moment({"SOURCE_DATE_EPOCH": "soon"})
    assert info.value.text("en").startswith("SOURCE_DATE_EPOCH='soon' is not a time")
    assert info.value.text("de").startswith("SOURCE_DATE_EPOCH='soon' ist keine Zeitangabe")


# --- statements for refunds and settled balances; any name survives ------------------------------

def test_statement_of_a_refund_and_of_a_settled_balance(tmp_path):
    replacements = {"2023: {billerbeck: 8000.00, havixbeck: 8000.00,": "2023: {billerbeck: 9000.00, havixbeck: 8351.33,"}
    run = settled(copy_config(tmp_path / "cfg", replacements), 2023)
    wb = reopened(build_workbook(run.settlement, run.loaded, "de", EPOCH_MOMENT))
    refund = wb["Abrechnung Stadt Billerbeck"]
    assert D(refund.cell(find_row(refund, "Erstattung"), 3).value) == Decimal("648.67")
    texts = [c.value for row in refund.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Der Betrag von 648,67 € wird Ihnen erstattet (Verwendungszweck „KIM Case-Management 2023 Stadt " \
           "Billerbeck“). Zahlende Stelle: Stadt Coesfeld." in texts
    overview = wb["Übersicht"]
    row = find_row(overview, "Stadt Billerbeck")
    assert D(overview.cell(row, 7).value) == Decimal("-648.67") and overview.cell(row, 8).value == "Erstattung"
    settled_sheet = wb["Abrechnung Gemeinde Havixbeck"]
    assert settled_sheet.cell(find_row(settled_sheet, "Saldo"), 3).value == 0
    assert "Die Abschläge decken Ihren Anteil genau; es ist nichts zu zahlen." in \
        [c.value for row in settled_sheet.iter_rows() for c in row]


_NAMES = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=25, deadline=None)
@given(st.lists(_NAMES, min_size=3, max_size=3))
def test_any_member_name_is_kept_as_literal_text(names):
    import dataclasses

    from kimcost.reports.xlsx.styles import clean_text

    run = _coesfeld_2023()
    nord = run.settlement.regions[0]
    members = tuple(dataclasses.replace(m, name=n) for m, n in zip(nord.members[1:], names))
    regions = (dataclasses.replace(nord, members=(nord.members[0], *members)), *run.settlement.regions[1:])
    settlement = dataclasses.replace(run.settlement, regions=regions)
    wb = reopened(build_workbook(settlement, run.loaded, "de", EPOCH_MOMENT))
    ws = wb["Übersicht"]
    header = find_row(ws, "Kommune")
    for i, name in enumerate(names, start=2):
        cell = ws.cell(header + i, 1)
        assert cell.data_type == "s" and cell.value == clean_text(name)
    statements = [n for n in wb.sheetnames if n not in ("Übersicht", "Monatswerte", "Parameter")]
    for sheet in statements:
        assert 0 < len(sheet) <= 31 and not FORBIDDEN.search(sheet)


_RUN = []


def _coesfeld_2023():
    if not _RUN:
        _RUN.append(settled(year=2023))
    return _RUN[0]


def test_statement_under_a_population_key(tmp_path):
    run = settled(copy_config(tmp_path / "cfg", {"    key: equal            #": "    key: population       #"}), 2023)
    wb = reopened(build_workbook(run.settlement, run.loaded, "de", EPOCH_MOMENT))
    ws = wb["Abrechnung Stadt Billerbeck"]
    nord = run.settlement.region("nord")
    billerbeck = next(m for m in nord.members if m.id == "billerbeck")
    assert "11794 von 71966 Einwohnern" in [c.value for row in ws.iter_rows() for c in row]
    share = find_row(ws, "Ihr Anteil (Eigenanteil der Region × 11794/71966)")
    assert D(ws.cell(share, 3).value) == billerbeck.share
    overview = wb["Übersicht"]
    assert overview.cell(find_row(overview, "Stadt Billerbeck"), 4).value == 11794


def test_steps_rising_during_the_year_are_listed_with_their_date():
    run = settled(year=2024)
    wb = reopened(build_workbook(run.settlement, run.loaded, "de", EPOCH_MOMENT))
    ws = wb["Region Nord"]
    row = find_row(ws, "Case-Manager Nord 2", col=2)
    holder = run.settlement.position("nord-2").holders[0]
    assert [s.step for s in holder.steps] == [2, 3]
    assert ws.cell(row, 4).value == f"2; 3 ab {holder.steps[1].date:%d.%m.%Y}"


def test_digits_are_numbers_not_text(tmp_path):
    """Excel flags digits stored as text with a warning triangle; none may appear."""
    run = settled(copy_config(tmp_path / "cfg", {"    key: equal            #": "    key: population       #"}), 2023)
    wb = reopened(build_workbook(run.settlement, run.loaded, "de", EPOCH_MOMENT))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert not re.fullmatch(r"-?\d+([.,]\d+)?", cell.value.strip()), (ws.title, cell.coordinate)
    ws = wb["Parameter"]
    assert ws.cell(find_row(ws, "Stadt Billerbeck: Einwohnerzahl", col=2), 4).value == 11794


@pytest.mark.slow
def test_identical_bytes_from_separate_processes(tmp_path):
    """Set ordering and the like must not leak in: two processes, two hash seeds, one file."""
    import os
    import subprocess
    import sys

    from tests.conftest import COESFELD, ROOT

    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"run{seed}.xlsx"
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kimcost", "settle", "2023", "--config", str(COESFELD),
                        "--out", str(target), "--format", "json"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=120)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_workbook_names_the_configuration_file_without_its_folder(tmp_path, monkeypatch):
    # Council letters must not carry a local folder, and the bytes must not depend on the cwd.
    from typer.testing import CliRunner

    from kimcost.cli.app import app
    from tests.conftest import COESFELD

    outputs = []
    for cwd in (tmp_path, COESFELD.parent):
        monkeypatch.chdir(cwd)
        target = tmp_path / f"wb-{len(outputs)}.xlsx"
        result = CliRunner().invoke(app, ["settle", "2023", "--config", str(COESFELD), "--out", str(target), "--format", "json"],
                                    env={"SOURCE_DATE_EPOCH": "1700000000"})
        assert result.exit_code == 0, result.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    texts = [str(c.value) for ws in load_workbook(tmp_path / "wb-0.xlsx").worksheets
             for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("coesfeld.yaml" in t for t in texts)
    assert not any(str(COESFELD.parent) in t for t in texts)
