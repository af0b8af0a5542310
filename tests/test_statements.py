"""PDF letters (issue 10): ``kimcost statements YEAR --out DIR`` writes one DIN 5008 letter per
paying member and one file with all of them for printing, read back here with poppler
(pdfinfo, pdftotext) the way a person would read them.

Coesfeld 2024 (figures pinned in test_cli/test_workbook): Region Nord's own share 38.279,55 €
is split 9.569,89 / 9.569,89 / 9.569,89 / 9.569,88 €; Billerbeck paid 9.000,00 € in advances,
so it owes 569,89 €; Nottuln owes 12.908,54 − 6.500,00 = 6.408,54 €. With
SOURCE_DATE_EPOCH=1740000000 (19 Feb 2025, 21:20 UTC) the letters are dated 19.02.2025 and,
30 days later, due on 21.03.2025.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, strategies as st
from typer.testing import CliRunner

from kimcost.cli.app import app
from kimcost.messages import render
from kimcost.configuration.letters import check_letter_details, iban_problem
from kimcost.loading import load_config
from tests.conftest import COESFELD, CONFIGS, ROOT

runner = CliRunner()
EPOCH = "1740000000"
ENV = {"SOURCE_DATE_EPOCH": EPOCH}
PAYING = ["billerbeck", "havixbeck", "rosendahl", "nottuln", "luedinghausen", "olfen", "nordkirchen", "senden"]
POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdfinfo") is not None
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdfinfo) is not installed")
MM = 72 / 25.4  # points per millimetre


def statements(config: Path, out: Path, *extra: str, year: int = 2024):
    return runner.invoke(app, ["statements", str(year), "--config", str(config), "--out", str(out), *extra], env=ENV)


def settle(config: Path, year: int = 2024):
    return runner.invoke(app, ["settle", str(year), "--config", str(config), "--format", "json"], env=ENV)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def page_text(pdf: Path, page: int, *, layout: bool = True) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page)] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def letters_de(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("letters")
    result = statements(COESFELD, out)
    assert result.exit_code == 0, result.stderr
    return out


def copy_configs(tmp_path: Path) -> Path:
    target = tmp_path / "configs"
    shutil.copytree(CONFIGS, target)
    return target / "coesfeld.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


# --- the files ------------------------------------------------------------------------------


def test_one_letter_per_paying_member_and_one_file_for_printing(letters_de):
    assert sorted(p.name for p in letters_de.iterdir()) == sorted([f"{m}.pdf" for m in PAYING]
                                                                   + ["alle-abrechnungen-2024.pdf"])
    # no employer gets a letter (it bears its own share), no temporary file is left behind
    assert not (letters_de / "coesfeld.pdf").exists()


def test_stderr_names_every_file_written(tmp_path):
    result = statements(COESFELD, tmp_path)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"Schreiben geschrieben: {tmp_path / 'billerbeck.pdf'}"
    assert lines[-1] == f"Alle Schreiben zum Drucken: {tmp_path / 'alle-abrechnungen-2024.pdf'}"
    assert len(lines) == 9
    assert result.stdout == ""


@needs_poppler
def test_each_letter_is_one_page_of_letter_and_one_of_enclosure(letters_de):
    for member in PAYING:
        pdf = letters_de / f"{member}.pdf"
        assert pages(pdf) == 2, member
        assert "Seite 1 von 2" in page_text(pdf, 1)
        enclosure = page_text(pdf, 2)
        assert enclosure.lstrip().startswith("Anlage zum Schreiben vom 19.02.2025")
        assert "Anlage: Berechnung 2024" in enclosure and "Seite 2 von 2" in enclosure
    # the file for printing holds the eight letters, each numbered on its own
    combined = letters_de / "alle-abrechnungen-2024.pdf"
    assert pages(combined) == 16
    assert "Gemeinde Senden" in page_text(combined, 15) and "Seite 1 von 2" in page_text(combined, 15)


@needs_poppler
def test_the_letter_states_name_balance_iban_and_due_date(letters_de):
    text = one_line(page_text(letters_de / "billerbeck.pdf", 1))
    assert "Stadt Billerbeck" in text
    assert "Nachzahlung 569,89 €" in text
    assert "Bitte überweisen Sie die Nachzahlung von 569,89 € bis zum 21.03.2025" in text
    assert "IBAN DE93 9999 9999 0000 0000 01" in text
    assert "Zahlbar bis 21.03.2025" in text
    assert "Verwendungszweck KIM-2024-billerbeck" in text and "Kassenzeichen KIM-2024-billerbeck" in text
    assert "Datum 19.02.2025" in text
    nottuln = one_line(page_text(letters_de / "nottuln.pdf", 1))
    assert "Gemeinde Nottuln" in nottuln and "Nachzahlung 6.408,54 €" in nottuln
    assert "IBAN DE66 9999 9999 0000 0000 02" in nottuln      # Dülmen's account, not Coesfeld's


@needs_poppler
def test_the_letter_states_the_figures_without_a_double_minus(letters_de):
    text = one_line(page_text(letters_de / "billerbeck.pdf", 1))
    for line in ("Gesamtkosten der Region Nord (2,50 VZÄ im Jahresmittel) 180.779,55 €",
                 "abzüglich Landesförderung 142.500,00 €", "Eigenanteil der Region Nord 38.279,55 €",
                 "Ihr Anteil (gleiche Teile: 1/4) 9.569,89 €", "abzüglich Ihrer Abschläge für 2024 9.000,00 €"):
        assert line in text
    both = text + one_line(page_text(letters_de / "billerbeck.pdf", 2))
    assert not re.search(r"abzüglich[^€]*-\d", both)


@needs_poppler
def test_the_letter_has_the_parts_of_a_din_5008_letter(letters_de):
    text = one_line(page_text(letters_de / "billerbeck.pdf", 1))
    for part in ("Stadt Coesfeld · Markt 8 · 48653 Coesfeld",                      # return address
                 "Ansprechperson Erika Mustermann", "Telefon 02541 0000-100",
                 "E-Mail kim-abrechnung@coesfeld.example",
                 "Abrechnung 2024 des Case-Managements der Region Nord",
                 "Kommunales Integrationsmanagement (KIM) – Kassenzeichen KIM-2024-billerbeck",
                 "Sehr geehrte Damen und Herren,",
                 "Mit freundlichen Grüßen", "Anlage Berechnung der Kosten je Stelle"):
        assert part in text, part


@needs_poppler
def test_assumptions_are_named_and_no_sheet_is_referred_to(letters_de):
    letter = one_line(page_text(letters_de / "billerbeck.pdf", 1))
    assert ("beruhen auf Annahmen oder sind vorläufig: Personalverwaltungskostenpauschale, Ausstattung je VZÄ-Jahr, "
            "Landesförderung je VZÄ-Jahr") in letter
    enclosure = one_line(page_text(letters_de / "billerbeck.pdf", 2))
    assert "Ausstattung je VZÄ-Jahr, gültig ab 01.01.2022: 2.270,00 € (Annahme: IT-Anteil" in enclosure
    assert "Eingruppierung Case-Management Nord 1, gültig ab 01.01.2023: S 12 Stufe 3 seit 01.03.2021" in enclosure
    # only the region's own posts: Region Süd's holders are not Billerbeck's business
    assert "Süd" not in enclosure
    for sheet in ("Blatt", "Parameter", "Monatswerte", "Arbeitsmappe"):
        assert sheet not in letter + enclosure


@needs_poppler
def test_the_enclosure_lets_the_recipient_recompute_the_share(letters_de):
    text = one_line(page_text(letters_de / "billerbeck.pdf", 2))
    # per post and for the region: costs down to the own share (Nord 1: 75.722,21 − 57.000,00 = 18.722,21)
    assert "= Gesamtkosten 75.722,21 € 70.521,98 € 34.535,36 € 180.779,55 €" in text
    assert "abzüglich Landesförderung 57.000,00 € 57.000,00 € 28.500,00 € 142.500,00 €" in text
    assert "= Eigenanteil 18.722,21 € 13.521,98 € 6.035,36 € 38.279,55 €" in text
    assert "geförderte VZÄ-Monate 12,00 12,00 6,00 30,00" in text
    assert "57.000,00 € je VZÄ-Jahr × geförderte VZÄ-Monate ÷ 12" in text
    assert "Personalverwaltung: 2 % der Personalkosten" in text     # 2 % of 72.011,97 = 1.440,24
    # the split, with the remainder cents named (38.279,55 ÷ 4 = 9.569,8875: three get a cent more)
    assert "Stadt Billerbeck 1 9.569,89 € 9.000,00 € +569,89 €" in text
    assert "Gemeinde Rosendahl 1 9.569,88 € 9.000,00 € +569,88 €" in text
    assert "Stadt Coesfeld 1 9.569,89 € – trägt Anteil selbst" in text
    assert "Einen Cent mehr erhalten: Stadt Coesfeld, Stadt Billerbeck, Gemeinde Havixbeck." in text


@needs_poppler
def test_the_address_fits_the_window_of_a_din_5008_envelope(letters_de):
    # pdftotext -bbox: word boxes in points from the top left corner
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(letters_de / "billerbeck.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', html)]

    def box(word: str, after_top: float = 0):
        return next(w for w in words if w[4] == word and w[1] >= after_top * MM)

    window = (20 * MM, 45 * MM, 105 * MM, 90 * MM)        # form B: 20 mm left, 45 mm top, 85 × 45 mm
    remark_zone_end = (45 + 17.7) * MM

    def inside(b, top=window[1], bottom=window[3]):
        return window[0] <= b[0] and b[2] <= window[2] and top <= b[1] and b[3] <= bottom

    recipient = [box("Billerbeck", 60), box("Der", 60), box("Markt", 60), box("48727", 60)]
    for word in recipient:
        assert inside(word, top=remark_zone_end), word        # in the address zone of the window
    assert abs(recipient[0][0] - 25 * MM) < 1.2 * MM or abs(box("Stadt", 60)[0] - 25 * MM) < 1.2 * MM
    return_line = box("·", 40)
    assert inside(return_line, bottom=remark_zone_end)          # return address above it, in the window too
    # the information block starts right of the window, 125 mm from the left
    assert abs(box("Kassenzeichen")[0] - 125 * MM) < 0.5 * MM


@needs_poppler
def test_fonts_are_embedded(letters_de):
    fonts = subprocess.run(["pdffonts", str(letters_de / "billerbeck.pdf")], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes yes yes " in line for line in fonts), fonts
    assert all("DejaVuSans" in line for line in fonts)


def test_two_runs_give_the_same_bytes(tmp_path, letters_de):
    again = tmp_path / "again"
    again.mkdir()
    assert statements(COESFELD, again).exit_code == 0
    for pdf in letters_de.iterdir():
        assert (again / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


@pytest.mark.slow
def test_two_processes_give_the_same_bytes(tmp_path):
    """Separate interpreters (their own hash seeds and font registries) write the same files."""
    digests = []
    for run in ("one", "two"):
        out = tmp_path / run
        out.mkdir()
        env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONHASHSEED=str(len(run) * 7 + (run == "two")))
        done = subprocess.run([sys.executable, "-m", "kimcost", "statements", "2024", "--config", str(COESFELD),
                               "--out", str(out)], capture_output=True, text=True, env=env, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()})
    assert digests[0] == digests[1] and len(digests[0]) == 9


def test_the_pdf_is_dated_with_the_calculation_moment(letters_de):
    data = (letters_de / "billerbeck.pdf").read_bytes()
    assert b"/CreationDate (D:20250219212000+00'00')" in data


# --- English ---------------------------------------------------------------------------------


@needs_poppler
def test_english_letters(tmp_path):
    result = statements(COESFELD, tmp_path, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "all-statements-2024.pdf").exists()
    assert "Letter written:" in result.stderr
    text = one_line(page_text(tmp_path / "billerbeck.pdf", 1))
    assert "Amount due €569.89" in text and "by 2025-03-21" in text and "Page 1 of 2" in text
    assert "Dear Sir or Madam," in text and "Yours faithfully" in text


# --- refund and nothing to pay ---------------------------------------------------------------------


@needs_poppler
def test_a_refund_and_a_settled_balance(tmp_path):
    config = copy_configs(tmp_path)
    # Billerbeck paid 10.000,00 €: 9.569,89 − 10.000,00 = −430,11 €; Havixbeck exactly its share
    edit(config, "2024: {billerbeck: 9000.00, havixbeck: 9000.00,", "2024: {billerbeck: 10000.00, havixbeck: 9569.89,")
    out = tmp_path / "out"
    out.mkdir()
    result = statements(config, out)
    assert result.exit_code == 0, result.stderr
    refund = one_line(page_text(out / "billerbeck.pdf", 1))
    assert "Erstattung an Sie 430,11 €" in refund
    assert "Die Erstattung von 430,11 € überweisen wir Ihnen bis zum 21.03.2025" in refund
    assert "IBAN" not in refund.split("Mit freundlichen Grüßen")[0].split("Erstattung an Sie")[1]
    assert "−430,11 €" in one_line(page_text(out / "billerbeck.pdf", 2))
    settled = one_line(page_text(out / "havixbeck.pdf", 1))
    assert "Saldo 0,00 €" in settled and "es ist nichts zu zahlen" in settled


# --- letter details in the configuration ----------------------------------------------------------


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(("Fehler: ", "error: "))]


def test_a_bad_iban_fails_at_its_line_and_does_not_affect_settle(tmp_path):
    config = copy_configs(tmp_path)
    edit(config, "iban: DE93 9999 9999 0000 0000 01", "iban: DE94 9999 9999 0000 0000 01")
    out = tmp_path / "out"
    out.mkdir()
    result = statements(config, out)
    assert result.exit_code == 3
    (line,) = errors(result)
    assert line.startswith(f"Fehler: {config}:{line_of(config, 'DE94')}:")
    assert "letters.senders.coesfeld.bank.iban: 'DE94 9999 9999 0000 0000 01' ist keine gültige IBAN: " \
           "die Prüfziffern stimmen nicht (ISO 13616, Modulo 97)" in line
    assert list(out.iterdir()) == []                           # nothing written
    assert settle(config).exit_code == 0


def test_a_missing_contact_fails_at_the_senders_line_and_does_not_affect_settle(tmp_path):
    config = copy_configs(tmp_path)
    edit(config, "      contact: {name: Max Mustermann, phone: \"02594 0000-200\", email: kim-abrechnung@duelmen.example}\n",
         "")
    out = tmp_path / "out"
    out.mkdir()
    result = statements(config, out, "--lang", "en")
    assert result.exit_code == 3
    lines = errors(result)
    assert len(lines) == 3                                     # name, phone and e-mail
    sender_line = _sender_line(config, "duelmen")
    for line, field in zip(lines, ("name", "phone", "email")):
        assert line.startswith(f"error: {config}:{sender_line}:5: letters.senders.duelmen.contact.{field}: "
                               f"letters need the contact person (contact.{field}); write e.g. contact: {{name: "), line
    assert list(out.iterdir()) == []
    assert settle(config).exit_code == 0


def _sender_line(config: Path, sender: str) -> int:
    lines = config.read_text(encoding="utf-8").splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("letters:"))
    return next(i for i, l in enumerate(lines) if i > start and l == f"    {sender}:") + 1


def test_a_configuration_without_letters_names_what_to_write(tmp_path):
    config = copy_configs(tmp_path)
    text = config.read_text(encoding="utf-8")
    config.write_text(text[:text.index("\n# Letters (kimcost statements)")] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = statements(config, out)
    assert result.exit_code == 3
    (line,) = errors(result)
    assert line.startswith(f"Fehler: {config}:{line_of(config, 'employer: coesfeld')}:")
    assert "für Schreiben fehlt der Abschnitt 'letters:' mit den Angaben der Absender (coesfeld, duelmen, ascheberg)" in line
    assert settle(config).exit_code == 0


def test_a_missing_address_is_named_with_its_municipality(tmp_path):
    config = copy_configs(tmp_path)
    edit(config, ', address: {lines: [Der Bürgermeister, Kämmerei], street: Stiftsplatz 7/8, city: "48301 Nottuln"}', "")
    edit(config, 'street: Borg 2, city: "59348 Lüdinghausen"', 'street: Borg 2, city: "Lüdinghausen"')
    out = tmp_path / "out"
    out.mkdir()
    result = statements(config, out)
    assert result.exit_code == 3
    lines = errors(result)
    assert any(f":{line_of(config, '  nottuln:')}:3: municipalities.nottuln: für Schreiben an oder von Gemeinde "
               "Nottuln fehlt die Postanschrift" in line for line in lines), lines
    assert any("municipalities.luedinghausen.address.city: 'Lüdinghausen' beginnt nicht mit einer fünfstelligen "
               "Postleitzahl" in line for line in lines), lines


def test_usage_and_folder_errors(tmp_path):
    missing = tmp_path / "nowhere"
    result = statements(COESFELD, missing)
    assert result.exit_code == 1
    assert f"Fehler: --out {missing}: den Ordner gibt es nicht; legen Sie ihn zuerst an" in result.stderr
    assert "the folder does not exist; create it first" in statements(COESFELD, missing, "--lang", "en").stderr
    assert not missing.exists()
    # a target that cannot be written stops the run before any letter is written
    out = tmp_path / "out"
    (out / "olfen.pdf").mkdir(parents=True)
    result = statements(COESFELD, out)
    assert result.exit_code == 1
    assert "ist ein Ordner" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["olfen.pdf"]


def test_advances_are_required_as_for_settle(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = statements(COESFELD, out, year=2027)
    assert result.exit_code == 3
    assert "für 2027 sind keine Abschläge eingetragen" in result.stderr
    assert list(out.iterdir()) == []


def letter_issues(config_text_edit, tmp_path, lang="de"):
    config = copy_configs(tmp_path)
    for old, new in config_text_edit:
        edit(config, old, new)
    loaded = load_config(config)
    _, issues = check_letter_details(loaded.config, loaded.sources, dt.date(2025, 2, 19), lang)
    return config, issues


def test_reference_and_payment_term_are_checked(tmp_path):
    config, issues = letter_issues([('reference: "KIM-{year}-{member}"', 'reference: "KIM-{jahr}-{year:05}"'),
                                    ("payment_term: {days: 30}", "payment_term: {days: 30, date: 2025-03-31}")],
                                   tmp_path)
    messages = [f"{i.location.line}: {i.message}" for i in issues]
    ref_line, term_line = line_of(config, "reference: "), line_of(config, "payment_term: {days")
    assert f"{ref_line}: 'KIM-{{jahr}}-{{year:05}}' nennt den unbekannten Platzhalter {{jahr}}; " \
           "erlaubt sind {year}, {member}, {region}" in messages
    assert any(m.startswith(f"{ref_line}: ") and "{year:05}" in m for m in messages)
    assert f"{term_line}: geben Sie entweder days (Tage nach dem Datum des Schreibens) oder date (ein festes Datum) " \
           "an, nicht beides" in messages


def test_a_reference_must_tell_the_members_apart_and_a_date_must_not_be_past(tmp_path):
    _, issues = letter_issues([('reference: "KIM-{year}-{member}"', 'reference: "KIM-{year}"'),
                               ("payment_term: {days: 30}", "payment_term: {date: 2025-01-31}")], tmp_path, "en")
    messages = [render(i.message, "en") for i in issues]
    assert "'KIM-{year}' does not tell the municipalities apart; include {member}, e.g. \"KIM-{year}-{member}\"" in messages
    assert "the payment date 2025-01-31 is before the letter's date (2025-02-19); write a later date or days: 30" in messages


def test_unknown_keys_in_letters_are_errors_on_loading(tmp_path):
    config = copy_configs(tmp_path)
    edit(config, "  payment_term: {days: 30}", "  payment_terms: {days: 30}")
    result = settle(config)
    assert result.exit_code == 3
    assert "letters.payment_terms: unbekannter Schlüssel 'payment_terms'; meinten Sie 'payment_term'?" in result.stderr


def test_a_text_address_still_loads_but_a_letter_needs_street_and_city():
    guetersloh = ROOT / "examples" / "guetersloh-rietberg" / "kreis-guetersloh.yaml"
    loaded = load_config(guetersloh)
    assert loaded.config.parties["caritas-gt"].address.text.startswith("Migrationsberatung Rietberg")
    _, issues = check_letter_details(loaded.config, loaded.sources, dt.date(2025, 2, 19))
    assert any(i.path == ("parties", "caritas-gt", "address") and "eine Zeile Text" in i.text("de") for i in issues)


# --- the IBAN checksum (ISO 13616, mod 97) -------------------------------------------------------


@pytest.mark.parametrize("iban", ["DE02120300000000202051", "DE89370400440532013000", "GB82WEST12345698765432",
                                  "NL91ABNA0417164300", "DE93999999990000000001"])
def test_valid_ibans(iban):
    assert iban_problem(iban) is None


@pytest.mark.parametrize("iban, why", [
    ("DE02120300000000202052", "die Prüfziffern stimmen nicht"),
    ("DE0212030000000020205", "eine deutsche IBAN hat 22 Zeichen, diese hat 21"),
    ("DE02-1203-0000-0000-2020-51", "beginnt nicht mit Ländercode"),
    ("1202120300000000202051", "beginnt nicht mit Ländercode"),
    ("NL91ABNA04171", "eine IBAN hat 15 bis 34 Zeichen, diese hat 13"),
])
def test_invalid_ibans(iban, why):
    assert why in iban_problem(iban)


def _with_check_digits(country: str, bban: str) -> str:
    number = int("".join(str(int(ch, 36)) for ch in bban + country + "00"))
    return f"{country}{98 - number % 97:02d}{bban}"


@given(st.text("0123456789", min_size=18, max_size=18), st.integers(0, 17), st.integers(1, 9))
def test_any_single_wrong_digit_is_detected(bban, position, change):
    iban = _with_check_digits("DE", bban)
    assert iban_problem(iban) is None
    digits = list(iban)
    at = 4 + position
    digits[at] = str((int(digits[at]) + change) % 10)
    assert iban_problem("".join(digits)) is not None


@given(st.text("0123456789", min_size=18, max_size=18), st.integers(0, 16))
def test_any_swap_of_two_different_neighbouring_digits_is_detected(bban, position):
    iban = _with_check_digits("DE", bban)
    digits = list(iban)
    at = 4 + position
    if digits[at] == digits[at + 1]:
        return
    digits[at], digits[at + 1] = digits[at + 1], digits[at]
    assert iban_problem("".join(digits)) is not None


# --- text from the configuration is never markup ------------------------------------------------


@needs_poppler
def test_names_with_markup_characters_print_as_written(tmp_path):
    config = copy_configs(tmp_path)
    edit(config, "{name: Stadt Billerbeck,", "{name: 'Stadt <b>Billerbeck</b> & Co',")
    edit(config, "signature: {name: Erika Mustermann, role: Kämmerei}", "signature: {name: 'E. <i>M</i> & Söhne', role: Kämmerei}")
    out = tmp_path / "out"
    out.mkdir()
    result = statements(config, out)
    assert result.exit_code == 0, result.stderr
    text = one_line(page_text(out / "billerbeck.pdf", 1))
    assert "Stadt <b>Billerbeck</b> & Co" in text and "E. <i>M</i> & Söhne" in text


# --- a larger region: the letter stays on one page, the enclosure flows on ---------------------


@needs_poppler
def test_a_region_with_many_posts_and_members(tmp_path):
    from tests.builders import holder, position, write_config

    members = [f"m{i:02d}" for i in range(12)]
    posts = [position(f"r-{i}", [holder("2023-01-01", "S 12", 3, "2021-03-01", name=f"Person {i}",
                                        assumption="grade and step assumed")], fte="1") for i in range(9)]
    municipalities = {m: {"name": f"Gemeinde mit einem recht langen Namen {m}",
                          "address": {"lines": ["Der Bürgermeister"], "street": "Markt 1", "city": f"4{i:04d} Ort"}}
                      for i, m in enumerate(members)}
    config = write_config(tmp_path, posts, members=members, employer="m00", municipalities=municipalities,
                          advances={2024: {m: "1000.00" for m in members[1:]}})
    with config.open("a", encoding="utf-8") as fh:
        fh.write("letters:\n  reference: 'R-{year}-{member}'\n  payment_term: {days: 14}\n  senders:\n    m00:\n"
                 "      contact: {name: A, phone: '1', email: a@b.example}\n"
                 "      bank: {bank: B, iban: DE02120300000000202051}\n")
    out = tmp_path / "out"
    out.mkdir()
    result = statements(config, out)
    assert result.exit_code == 0, result.stderr
    pdf = out / "m05.pdf"
    count = pages(pdf)
    assert count >= 3                      # nine posts: three tables of costs, nine assumptions
    assert f"Seite 1 von {count}" in page_text(pdf, 1)
    assert "Mit freundlichen Grüßen" in page_text(pdf, 1)     # the letter itself on its one page
    assert f"Seite {count} von {count}" in page_text(pdf, count)
    assert all("Anlage zum Schreiben vom 19.02.2025" in page_text(pdf, p) for p in range(2, count + 1))
    text = one_line(" ".join(page_text(pdf, p) for p in range(2, count + 1)))
    assert all(f"r-{i}" in text for i in range(9))          # every post has its column …
    assert text.count("= Gesamtkosten") == 3                 # … in tables of four posts (4 + 4 + 1 and the total)
    assert pages(out / "alle-abrechnungen-2024.pdf") == 11 * count
