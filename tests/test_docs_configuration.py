"""docs/configuration.md names every key of the configuration: walk the pydantic models of
configuration/schema.py from Configuration down and fail on a field name missing there."""

from __future__ import annotations

import re
import typing
from pathlib import Path

from pydantic import BaseModel

from kimcost.configuration.schema import Configuration

DOC = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")


def _models(annotation) -> list[type[BaseModel]]:
    found = [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []
    for arg in typing.get_args(annotation):
        found += _models(arg)
    return found


def all_fields() -> dict[str, set[str]]:
    seen: dict[str, set[str]] = {}

    def walk(model: type[BaseModel]) -> None:
        if model.__name__ in seen:
            return
        # a key as the YAML writes it: its alias where it has one (TableSource's 'from')
        seen[model.__name__] = {field.alias or name for name, field in model.model_fields.items()}
        for field in model.model_fields.values():
            for inner in _models(field.annotation):
                walk(inner)

    walk(Configuration)
    return seen


def test_the_walk_reaches_the_nested_models():
    fields = all_fields()
    assert {"Holder", "PayRisePlan", "Signature", "WeightsKey", "CeilingSet"} <= set(fields)
    assert "step_since" in fields["Holder"]


def test_every_key_is_documented():
    documented = set(re.findall(r"`([a-z_]+)`", DOC))
    missing = sorted(f"{model}.{name}" for model, names in all_fields().items() for name in names
                     if name not in documented)
    assert missing == [], f"add these keys to docs/configuration.md: {missing}"


def test_the_file_keys_are_documented():
    for key in ("include", "include_roots", "scenarios"):
        assert f"`{key}`" in DOC
