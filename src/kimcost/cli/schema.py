"""``kimcost schema``: a JSON Schema of the configuration, for an editor that completes and
checks keys while the officer types (VS Code's YAML extension: ``# yaml-language-server:
$schema=kimcost.schema.json`` as the file's first line).

One schema serves every file of a configuration. A district's files are parts that the
loader merges (``include:``), and the mappings below merge key by key, so a part may leave
out what another file gives: the sections that merge carry no ``required`` list. Entries
that are replaced whole (a dated value, a holder, a post) keep theirs. ``kimcost validate``
checks the merged whole."""

from __future__ import annotations

import json
from typing import Any

import typer

from kimcost.cli.options import LANG, Lang

SCHEMA_ID = "https://kimcost.invalid/schema/configuration.json"

# Models whose mapping merges over files (README "Überschreiben"): no key is required per file.
MERGED_SECTIONS = ("District", "Municipality", "Party", "Region", "Tariff", "Allowance", "OneOffPayment",
                   "SocialInsurance", "GrantProgramme", "CostRates", "Letters", "LetterSender", "Planning")


def _file_keys(scenarios: dict[str, Any]) -> dict[str, Any]:
    """The keys the loader reads before the schema: includes and the inline scenarios."""
    paths = {"type": "array", "items": {"type": "string", "minLength": 1}}
    return {
        "include": {**paths, "description": "Files to read as well, relative to this file, or shipped data by "
                                             "name: kimcost:tvoed-sue, kimcost:tvoed-vka, kimcost:one-off-payments, "
                                             "kimcost:social-insurance, kimcost:kim-nrw"},
        "include_roots": {**paths, "description": "Folders outside the main file's folder that include: may reach "
                                                   "(main file only)"},
        "scenarios": {"type": "object", "additionalProperties": scenarios,
                      "description": "Named scenarios: description, title and changes (kimcost compare -s NAME)"},
    }


def configuration_schema() -> dict[str, Any]:
    from pydantic import TypeAdapter

    from kimcost.configuration.schema import Configuration
    from kimcost.scenarios.model import Change, InlineScenarioHeader

    schema = Configuration.model_json_schema(mode="validation")
    defs = schema.setdefault("$defs", {})
    scenario = InlineScenarioHeader.model_json_schema(mode="validation", ref_template="#/$defs/{model}")
    change = TypeAdapter(Change).json_schema(mode="validation", ref_template="#/$defs/{model}")
    defs.update(scenario.pop("$defs", {}))
    defs.update(change.pop("$defs", {}))
    scenario["properties"]["changes"]["items"] = change
    defs["InlineScenario"] = scenario
    schema["properties"].update(_file_keys({"$ref": "#/$defs/InlineScenario"}))
    schema.pop("required", None)
    for name in MERGED_SECTIONS:
        defs[name].pop("required", None)
    # An address written as one line is still read (PostalAddress._one_line), which pydantic's
    # schema of the model cannot show.
    address = defs.pop("PostalAddress")
    defs["PostalAddress"] = {"anyOf": [address, {"type": "string", "minLength": 1,
                                                 "description": "An address on one line (a note; letters need street and city)"}]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema(lang: Lang = LANG) -> None:
    """Print a JSON Schema of the configuration (with descriptions), for an editor that completes
    and checks keys: save it (kimcost schema > kimcost.schema.json) and put
    '# yaml-language-server: $schema=kimcost.schema.json' on the first line of each file."""
    # --lang for every command alike; the schema's descriptions are for editors and stay English
    typer.echo(json.dumps(configuration_schema(), ensure_ascii=False, indent=2))
