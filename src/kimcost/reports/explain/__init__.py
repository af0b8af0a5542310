"""``explain`` as a report: the tree from a share down to each month's pay (``build.py``),
every leaf citing its file:line, on the terminal (a tree) or as JSON for audit files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kimcost.loading import LoadedConfig
from kimcost.reports import envelope
from kimcost.reports.explain.build import UnknownSubject, explain_member, explain_position, explain_region
from kimcost.reports.explain.tree import Node
from kimcost.reports.formats import Report, StreamFormat, TerminalFormat

if TYPE_CHECKING:
    from rich.console import RenderableType

__all__ = ["ExplanationReport", "ExplanationSubject", "UnknownSubject", "explain_member", "explain_position",
           "explain_region"]


@dataclass(frozen=True)
class ExplanationSubject:
    tree: Node
    loaded: LoadedConfig
    year: int
    subject: dict[str, str]        # {"member": "billerbeck"}
    depth: int | None = None       # the terminal shows this many levels


class ExplanationTable(TerminalFormat[ExplanationSubject]):
    def renderables(self) -> Iterable[RenderableType]:
        from kimcost.reports.explain.render import rich_tree

        return [rich_tree(self.subject.tree, self.lang, self.subject.depth)]


class ExplanationJson(StreamFormat[ExplanationSubject]):
    name = "json"
    suffix = ".json"

    def encode(self) -> bytes:
        from kimcost.reports.explain.render import explain_document

        s = self.subject
        return envelope.encode(explain_document(s.tree, s.loaded, s.year, s.subject))


class ExplanationReport(Report[ExplanationSubject]):
    kind = "explanation"
    formats = {f.name: f for f in (ExplanationTable, ExplanationJson)}
