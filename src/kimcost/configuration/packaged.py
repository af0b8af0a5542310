"""The reference data shipped with kimcost, and how a configuration names it.

A configuration includes a shipped file by name: ``include: [kimcost:tvoed-sue]``. The
files live in the package (``kimcost/data/…``), so an installed kimcost has them without a
repository checkout. Messages and the inputs manifest name them ``kimcost:NAME``; their
SHA-256 stands beside the name as for any other file (``kimcost data`` prints them with
the path of the file on disk, so a fingerprint can be checked with ``sha256sum``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path as FsPath

PREFIX = "kimcost:"


@dataclass(frozen=True)
class Packaged:
    name: str          # as included: 'tvoed-sue'
    file: str          # below kimcost/data/
    title: str         # what it holds, in German (kimcost data)
    title_en: str


# In the order a configuration usually includes them.
CATALOGUE: tuple[Packaged, ...] = (
    Packaged("tvoed-sue", "tariffs/tvoed-sue.yaml",
             "TVöD VKA Sozial- und Erziehungsdienst: Tabellen, Stufenlaufzeiten, JSZ, SuE-Zulage",
             "TVöD VKA social and educational services: tables, step durations, JSZ, SuE allowance"),
    Packaged("tvoed-vka", "tariffs/tvoed-vka.yaml",
             "TVöD VKA Allgemeine Tabelle (Anlage A): Tabellen, Stufenlaufzeiten, JSZ",
             "TVöD VKA general table (Anlage A): tables, step durations, JSZ"),
    Packaged("one-off-payments", "tariffs/one-off-payments.yaml",
             "Einmalzahlungen (Inflationsausgleichsgeld 2023/2024)",
             "one-off payments (inflation compensation 2023/2024)"),
    Packaged("social-insurance", "contributions/social-insurance.yaml",
             "Arbeitgeberanteile Sozialversicherung und Beitragsbemessungsgrenzen",
             "employer social-insurance rates and contribution ceilings"),
    Packaged("kim-nrw", "grants/kim-nrw.yaml",
             "Landesförderung KIM NRW (Baustein Case-Management)",
             "state grant KIM NRW (case management)"),
)

_BY_NAME = {entry.name: entry for entry in CATALOGUE}


def names() -> tuple[str, ...]:
    return tuple(entry.name for entry in CATALOGUE)


def is_packaged(text: str) -> bool:
    return text.startswith(PREFIX)


def lookup(name: str) -> Packaged | None:
    """The catalogue entry of ``name`` (without the ``kimcost:`` prefix), or None."""
    return _BY_NAME.get(name)


def path_of(entry: Packaged) -> FsPath:
    """The shipped file on disk. kimcost is installed as files (a wheel or a checkout), never
    zipped, so the resource is a real path: the loader reads, hashes and cites it as any file."""
    return FsPath(str(resources.files("kimcost").joinpath("data", *entry.file.split("/"))))


def label(name: str) -> str:
    """How messages and the manifest name a shipped file: ``kimcost:tvoed-sue``."""
    return PREFIX + name
