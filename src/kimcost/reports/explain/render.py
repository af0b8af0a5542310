"""Render an ``explain`` tree: a rich ``Tree`` for the terminal, a JSON document for audit files.

JSON node: ``{"label", "value", "source", "key", "children"}``. ``value`` is a string:
money of computed figures with two decimals ("9569.89"), exact shares with six, and every
leaf's value exactly as the configuration holds it ("3909.61", "9.3", "2023-01-01");
``source`` is ``"file:line"`` for leaves (null for a schema default and for inner nodes);
``key`` the configuration key path of a leaf.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from rich.text import Text
from rich.tree import Tree

from kimcost.configuration.errors import format_path
from kimcost.loading import LoadedConfig
from kimcost.reports.console import visible
from kimcost.reports.envelope import envelope
from kimcost.reports.explain.tree import Node
from kimcost.reports.numbers import date, money, number, percent, plain, ungrouped

SIX_PLACES = Decimal("0.000001")


def shown(node: Node, lang: str) -> str:
    """The value as a reader sees it (German by default: ``3.909,61 €``)."""
    v = node.value
    if v is None:
        return ""
    if node.words is not None:
        return node.words
    if node.kind == "money":
        return money(v, lang)
    if node.kind == "exact":
        text = number(v, lang, 4)
        return f"{text} €" if lang == "de" else f"€{text}"
    if node.kind == "share":
        return number(v, lang, 4)
    if node.kind == "percent":
        return percent(v, lang)
    if node.kind == "date" and isinstance(v, dt.date):
        return date(v, lang)
    if node.kind == "decimal" and isinstance(v, Decimal):
        return ungrouped(v, lang)
    return str(v)


def machine_value(node: Node) -> str | None:
    """The value for scripts. A leaf's value is written as the configuration holds it, so it
    can be found on the cited line; computed money has two decimals."""
    v = node.value
    if v is None:
        return None
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        if node.is_leaf:
            return str(v)
        if node.kind == "money":
            return plain(v)
        if node.kind in ("exact", "share"):
            return str(v.quantize(SIX_PLACES))
    return str(v)


def source_text(node: Node) -> str | None:
    # file:line, or file:Sheet!D7 for a value read from a spreadsheet (configuration/tables)
    return node.source.short() if node.source else None


def node_dict(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"label": node.label, "value": machine_value(node), "source": source_text(node)}
    if node.path is not None:
        out["key"] = format_path(node.path)
    out["children"] = [node_dict(c) for c in node.children]
    return out


def explain_document(tree: Node, loaded: LoadedConfig, year: int, subject: dict[str, str]) -> dict[str, Any]:
    return envelope("explanation", loaded, {"year": year, "subject": subject, "tree": node_dict(tree)})


def _line(node: Node, lang: str) -> Text:
    text = Text(visible(node.label))
    value = shown(node, lang)
    if value:
        text.append(": ")
        text.append(visible(value), style="bold" if node.kind in ("money", "exact") else "")
    where = source_text(node)
    if where:
        text.append(visible(f"  ← {where}"), style="dim cyan")
    return text


def rich_tree(node: Node, lang: str = "de", depth: int | None = None) -> Tree:
    """The tree for the terminal; below ``depth`` levels only a count of hidden nodes is shown."""
    tree = Tree(_line(node, lang))
    _grow(tree, node, lang, depth, 1)
    return tree


def _grow(tree: Tree, node: Node, lang: str, depth: int | None, level: int) -> None:
    if depth is not None and level > depth and node.children:
        hidden = sum(1 for _ in node.walk()) - 1
        tree.add(Text(f"… {hidden}", style="dim"))
        return
    for child in node.children:
        branch = tree.add(_line(child, lang))
        _grow(branch, child, lang, depth, level + 1)
