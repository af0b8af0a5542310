"""The one interface every output goes through (pip-audit's ``_format`` package is the model).

A *report* is one subject's results — a settlement, a forecast, a comparison, an
explanation — together with the language and edition it is written in. Each subject offers
its outputs as *format classes*: adding a format means implementing one class and listing it
in the subject's ``formats``. There are three kinds, because they go to three places:

- ``TerminalFormat``: rich renderables for the terminal (never data for scripts);
- ``StreamFormat``: machine output (JSON, CSV) as UTF-8 bytes, for stdout or ``--output``;
- ``WorkbookFormat``: a kimcost workbook (reports/xlsx/model.py), saved reproducibly to ``--out``;
- ``DocumentsFormat``: a set of files for a folder (the PDF letters), written all or none.

Where the output goes (stdout, files, atomically, which targets are safe) is decided once,
in ``publish.py``; the format classes only produce content.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kimcost.reports.public import Privacy
    from kimcost.reports.xlsx.model import Book

S = TypeVar("S")


@dataclass(frozen=True)
class Edition:
    """How a report is written: language, the variant a format may offer
    (``--csv-positions`` selects the post lines of the settlement CSV), and whether it is the
    public edition (``--public``: no holder's name, grade or step; reports/public.py)."""

    lang: str = "de"
    variant: str | None = None
    public: bool = False


class Format(ABC, Generic[S]):
    """One way of writing one subject. ``name`` is the value of ``--format`` (or ``xlsx``)."""

    name: ClassVar[str]

    def __init__(self, subject: S, edition: Edition):
        self.subject = subject
        self.edition = edition

    @property
    def lang(self) -> str:
        return self.edition.lang

    @property
    def privacy(self) -> Privacy:
        """What this edition may show about post holders (reports/public.py)."""
        from kimcost.reports.public import Privacy

        return Privacy(self.edition.public, self.edition.lang)


class TerminalFormat(Format[S]):
    name = "table"

    @abstractmethod
    def renderables(self) -> Iterable[RenderableType]:
        """What the terminal shows, in order. Text from the configuration must be wrapped
        with ``console.safe`` (never markup, never a control sequence)."""


class StreamFormat(Format[S]):
    """Machine output: the bytes are exactly what the format defines (encoding, newlines)."""

    suffix: ClassVar[str]

    @abstractmethod
    def encode(self) -> bytes:
        ...


class WorkbookFormat(Format[S]):
    name = "xlsx"

    @abstractmethod
    def build(self, moment: dt.datetime) -> Book:
        """The whole workbook in memory, dated ``moment``; nothing is written to disk."""


@dataclass(frozen=True)
class Document:
    """One file of a ``DocumentsFormat``: its name in the target folder and its bytes."""

    name: str
    data: bytes
    kind: str = "document"           # what the stderr summary calls it (a label key suffix)


class DocumentsFormat(Format[S]):
    """Files for a folder, e.g. one PDF letter per member and one for printing them all."""

    name = "pdf"
    suffix: ClassVar[str] = ".pdf"

    @abstractmethod
    def documents(self, moment: dt.datetime) -> list[Document]:
        """Every file, dated ``moment``, in memory; the same inputs give the same bytes."""


class Report(Generic[S]):
    """A subject with the formats it offers; ``formats`` maps a format name to its class."""

    formats: ClassVar[dict[str, type[Format]]] = {}
    kind: ClassVar[str]

    def __init__(self, subject: S, edition: Edition = Edition()):
        self.subject = subject
        self.edition = edition

    def format(self, name: str) -> Format:
        try:
            cls = self.formats[name]
        except KeyError:
            raise LookupError(f"{self.kind} has no format {name!r}; known: {', '.join(self.formats)}") from None
        return cls(self.subject, self.edition)

    def offers(self, name: str) -> bool:
        return name in self.formats
