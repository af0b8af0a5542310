"""The README's walkthrough as a new district would do it (issue 12): kimcost built as a wheel,
installed into a virtual environment outside the checkout, then ``init`` → fill in →
``validate`` → ``settle`` → ``statements`` in a folder that has nothing of the repository,
so every tariff, rate and grant comes from the data shipped in the wheel, by name.

Slow (a wheel build and a pip install); the suite runs it, as CI does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

# What an officer in Kreis Steinfurt types over the placeholders of `kimcost init`
# (the region's three municipalities, the employer's letter details, one case manager and
# the advances received). Each pair replaces one line fragment of the written file.
FILL_IN = [
    ("stadt-a:                            # ERSETZEN: Kennung der Anstellungskörperschaft", "emsdetten:"),
    ("gemeinde-b:                         # ERSETZEN: Kennung", "saerbeck:"),
    ("gemeinde-c:                         # ERSETZEN: Kennung", "nordwalde:"),
    ("name: Stadt A ", "name: Stadt Emsdetten "),
    ("name: Gemeinde B ", "name: Gemeinde Saerbeck "),
    ("name: Gemeinde C ", "name: Gemeinde Nordwalde "),
    ("employer: stadt-a ", "employer: emsdetten "),
    ("members: [stadt-a, gemeinde-b, gemeinde-c]", "members: [emsdetten, saerbeck, nordwalde]"),
    ("2025: {gemeinde-b: 0, gemeinde-c: 0}", "2025: {saerbeck: 12000.00, nordwalde: 12000.00}"),
    ("2026: {gemeinde-b: 0, gemeinde-c: 0}", "2026: {saerbeck: 12000.00, nordwalde: 12000.00}"),
    ("    stadt-a:                          # ERSETZEN: die Kennung", "    emsdetten:   # "),
    ("contact: {name: , phone: , email: }", 'contact: {name: Petra Beispiel, phone: "02572 0000-0", email: kim@emsdetten.example}'),
    ("bank: {bank: , iban: , bic: }", "bank: {bank: Beispielbank Emsdetten, iban: DE93 9999 9999 0000 0000 01, bic: BEISDEX1XXX}"),
    ("signature: {name: , role: Kämmerei}", "signature: {name: Petra Beispiel, role: Kämmerei}"),
    ("{name: Case-Managerin 1, start: 2025-01-01,", "{name: Anna Beispiel, start: 2025-01-01,"),
]
ADDRESSES = [("Am Markt 1", "48282 Emsdetten"), ("Kirchplatz 1", "48369 Saerbeck"),
             ("Bispinghof 2", "48356 Nordwalde")]


def _fill_in(text: str) -> str:
    for old, new in FILL_IN:
        assert old in text, f"the file kimcost init writes no longer has {old!r}"
        text = text.replace(old, new)
    lines, addresses = [], iter(ADDRESSES)
    for line in text.splitlines(keepends=True):
        if "street: , city: }" in line:
            street, city = next(addresses)
            line = line.replace("street: , city: }", f'street: {street}, city: "{city}"}}')
        lines.append(line)
    return "".join(lines)


def _run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A virtual environment outside the checkout with kimcost from a freshly built wheel."""
    base = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", base / "dist", ROOT,
                 cwd=base, env=env)
    assert built.returncode == 0, built.stderr
    (wheel,) = (base / "dist").glob("kimcost-*.whl")
    with zipfile.ZipFile(wheel) as archive:  # the reference data and the init templates ship
        names = archive.namelist()
    assert any(n.startswith("kimcost/data/tariffs/") for n in names)
    assert "kimcost/data/templates/kreis.yaml" in names

    venv = base / "venv"
    assert _run(sys.executable, "-m", "venv", venv, cwd=base, env=env).returncode == 0
    installed = _run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=base, env=env)
    assert installed.returncode == 0, installed.stderr
    return venv / "bin" / "kimcost", env


def test_init_fill_in_validate_settle_and_write_letters_from_the_wheel(installed, tmp_path):
    kimcost, env = installed
    work = tmp_path / "kaemmerei"     # nothing of the repository in reach
    work.mkdir()
    env = {**env, "SOURCE_DATE_EPOCH": "1767225600"}   # 2026-01-01: the letters' date

    made = _run(kimcost, "init", "steinfurt", "--district", "Kreis Steinfurt", cwd=work, env=env)
    assert made.returncode == 0, made.stderr
    main = work / "steinfurt" / "kreis-steinfurt.yaml"
    assert "kimcost:tvoed-sue" in main.read_text(encoding="utf-8")

    # As written it validates and settles, but letters need what only the officer knows:
    # statements names each missing detail and writes nothing.
    (work / "briefe").mkdir()
    refused = _run(kimcost, "statements", "2025", "--config", main, "--out", "briefe", cwd=work, env=env)
    assert refused.returncode == 3, refused.stderr
    assert "kreis-steinfurt.yaml:" in refused.stderr and "iban" in refused.stderr
    assert list((work / "briefe").iterdir()) == []

    main.write_text(_fill_in(main.read_text(encoding="utf-8")), encoding="utf-8")
    checked = _run(kimcost, "validate", "--config", main, cwd=work, env=env)
    assert checked.returncode == 0, checked.stderr
    assert "Kreis Steinfurt" in checked.stdout

    settled = _run(kimcost, "settle", "2025", "--config", main, "--format", "json", cwd=work, env=env)
    assert settled.returncode == 0, settled.stderr
    doc = json.loads(settled.stdout)
    # Every file read is one of the configuration's own two or shipped data by name.
    assert {i["path"] for i in doc["inputs"]["files"] if not i["path"].startswith("kimcost:")} == {
        "kreis-steinfurt.yaml", "kvw.yaml"}
    (region,) = doc["regions"]
    balances = {m["id"]: m for m in region["members"]}
    # The key is equal parts: each of the three municipalities bears a third of the own share
    # (largest remainder, so the thirds add up to the cent), and the two that paid 12.000 €
    # in advances owe their third less 12.000 €.
    own_share = Decimal(region["own_share"])
    thirds = [Decimal(balances[m]["share"]) for m in ("emsdetten", "saerbeck", "nordwalde")]
    assert sum(thirds) == own_share and max(thirds) - min(thirds) <= Decimal("0.01")
    for member in ("saerbeck", "nordwalde"):
        assert Decimal(balances[member]["balance"]) == Decimal(balances[member]["share"]) - Decimal("12000.00")
    assert balances["emsdetten"]["is_employer"] is True

    written = _run(kimcost, "statements", "2025", "--config", main, "--out", "briefe", cwd=work, env=env)
    assert written.returncode == 0, written.stderr
    # One letter per paying member (the employer bears its own share) and one file to print.
    assert sorted(p.name for p in (work / "briefe").iterdir()) == [
        "alle-abrechnungen-2025.pdf", "nordwalde.pdf", "saerbeck.pdf"]
    for name in ("saerbeck.pdf", "nordwalde.pdf", "alle-abrechnungen-2025.pdf"):
        assert (work / "briefe" / name).read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):   # read as the recipient would (poppler; CI installs it)
        text = subprocess.run(["pdftotext", "-layout", str(work / "briefe" / "saerbeck.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "Gemeinde Saerbeck" in text and "48369 Saerbeck" in text
        assert "DE93 9999 9999 0000 0000 01" in text and "KIM-2025-saerbeck" in text


def _figures(stdout: str) -> dict:
    document = json.loads(stdout)
    document.pop("inputs")
    return document


def test_the_same_district_from_two_spreadsheets_settles_to_the_same_figures(installed, tmp_path):
    """"Fills in two spreadsheets": the holders and the advances of the walkthrough, entered in
    the templates `kimcost template` writes instead of in YAML, settle to the same figures."""
    import re

    import openpyxl

    kimcost, env = installed
    work = tmp_path / "kaemmerei"
    work.mkdir()
    assert _run(kimcost, "init", "steinfurt", "--district", "Kreis Steinfurt", cwd=work, env=env).returncode == 0
    main = work / "steinfurt" / "kreis-steinfurt.yaml"
    filled = _fill_in(main.read_text(encoding="utf-8"))
    main.write_text(filled, encoding="utf-8")
    from_yaml = _run(kimcost, "settle", "2025", "--config", main, "--format", "json", cwd=work, env=env)
    assert from_yaml.returncode == 0, from_yaml.stderr

    made = _run(kimcost, "template", "steinfurt", "--config", main, cwd=work, env=env)
    assert made.returncode == 0, made.stderr
    assumption = re.search(r'assumption: "([^"]*)"', filled)
    assert assumption is not None
    # The officer's rows, German-style text where a payroll export has text: below the
    # template's example row, which the reader skips.
    book = openpyxl.load_workbook(work / "steinfurt" / "stellen.xlsx")
    book["Stellen"].append(["region-1-1", "Anna Beispiel", "01.01.2025", None, "1,0", "S 12", 2, "01.01.2024",
                            assumption.group(1), None])
    book.save(work / "steinfurt" / "stellen.xlsx")
    book = openpyxl.load_workbook(work / "steinfurt" / "abschlaege.xlsx")
    for year in (2025, 2026):
        for member in ("saerbeck", "nordwalde"):
            book["Abschläge"].append(["region-1", year, member, "12.000,00", None])
    book.save(work / "steinfurt" / "abschlaege.xlsx")

    # …and out of the YAML, as the comment of `init` says.
    text = re.sub(r"    holders:\n(?:      #.*\n)*      - \{name: Anna Beispiel.*\n.*\}\n", "", filled)
    text = re.sub(r"    advances:\n      2025: .*\n      2026: .*\n", "", text)
    assert text.count("Anna Beispiel") == 0 and "12000.00" not in text
    main.write_text(text + "\ntables:\n  holders: {from: stellen.xlsx, sheet: Stellen}\n"
                    "  advances: {from: abschlaege.xlsx, sheet: Abschläge}\n", encoding="utf-8")

    from_tables = _run(kimcost, "settle", "2025", "--config", main, "--format", "json", cwd=work, env=env)
    assert from_tables.returncode == 0, from_tables.stderr
    assert _figures(from_tables.stdout) == _figures(from_yaml.stdout)
    files = {f["path"]: f["role"] for f in json.loads(from_tables.stdout)["inputs"]["files"]}
    assert files["stellen.xlsx"] == "table" and files["abschlaege.xlsx"] == "table"
