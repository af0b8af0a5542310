"""Walking the schema and the validated configuration by key path.

One place for what several layers need: error messages (which keys a mapping accepts),
scenarios (what type a path leads to) and reports (the value a path names).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any

from pydantic import BaseModel

from kimcost.configuration.errors import Path


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and optional/union wrappers down to the type a path goes into."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if is_model(a)]
            if len(models) == 1:
                annotation = models[0]
                continue
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation


def value_at(config: BaseModel, path: Path) -> Any:
    """The configuration value at ``path``: models by attribute, mappings by key, lists by index."""
    node: Any = config
    for part in path:
        if isinstance(node, BaseModel):
            node = getattr(node, str(part))
        elif isinstance(node, dict):
            node = node[part]
        elif isinstance(node, (list, tuple)) and not isinstance(part, dt.date):
            node = node[int(part)]
        else:
            raise KeyError(path)
    return node
