"""Loading a configuration for a run: read the include tree, apply the scenarios, validate."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path as FsPath
from typing import TYPE_CHECKING

from kimcost.configuration.errors import ConfigWarning
from kimcost.configuration.loader import display_name, read_config_tree, validate
from kimcost.configuration.planning import expand_planning
from kimcost.configuration.plausibility import warnings_of
from kimcost.loading.inputs import InputFile, relative_path
from kimcost.loading.loaded import LoadedConfig

if TYPE_CHECKING:
    from kimcost.scenarios.apply import AppliedScenario


def _check_keys(model, sources) -> None:
    """The allocation keys' needs (a weight per member, a population per member, a known key)."""
    from kimcost.configuration.errors import ConfigError, ConfigIssue
    from kimcost.engine.keys import key_problems

    problems = key_problems(model)
    if problems:
        raise ConfigError([ConfigIssue(sources.locate(p.path, key=p.at_key), p.path, p.message) for p in problems])


def load_config(path: str | FsPath, scenarios: Sequence[str] = ()) -> LoadedConfig:
    """``scenarios``: names under the configuration's ``scenarios:`` key or scenario files
    (relative to the working directory), applied in order to the merged data before it is
    validated, so a scenario can never yield an invalid configuration silently. Then the
    configuration's ``planning:`` adds its assumed entries for the years after the data
    (``configuration.planning``): no option or file is needed for them."""
    main = FsPath(path)
    tree = read_config_tree(main)
    data = tree.data
    inline = data.get("scenarios")
    inline_names = tuple(str(name) for name in inline) if isinstance(inline, dict) else ()
    applied: tuple[AppliedScenario, ...] = ()
    if scenarios or "scenarios" in data:
        # Imported only when needed (it builds its own models), which keeps plain runs fast.
        from kimcost.scenarios import apply_scenarios

        applied = apply_scenarios(data, tree.sources, tuple(scenarios), config_name=display_name(main),
                                  display=display_name)
    model = validate(data, tree.sources)
    _check_keys(model, tree.sources)
    # The planning assumptions after the scenarios, so a scenario can vary them
    # ("what if the pay rise is 5 %": set planning.pay_rise.tvoed-sue.percent).
    planned = expand_planning(model, tree.sources)
    found = tuple(warnings_of(model, tree.sources))
    # Issued as Python warnings too, so the command line shows them on every run, whichever
    # command loads (cli.errors.reported_errors); documents take them from LoadedConfig.
    for issue in found:
        warnings.warn(ConfigWarning(issue), stacklevel=2)
    folder = main.parent
    # A shipped file is named as it was included (kimcost:tvoed-sue), not by where the
    # package happens to be installed, so the manifest is the same on every machine.
    inputs = [InputFile(f.label or relative_path(f.path, folder), f.sha256,
                        "configuration" if i == 0 else "table" if f.table else "include")
              for i, f in enumerate(tree.files)]
    inputs += [InputFile(relative_path(s.file, folder), s.sha256, "scenario") for s in applied
               if s.file is not None and s.sha256 is not None]  # a file's scenario has its hash
    return LoadedConfig(
        config=planned.config,
        sources=tree.sources,
        main_file=main,
        files=tuple(f.path for f in tree.files) + tuple(s.file for s in applied if s.file is not None),
        inputs=tuple(inputs),
        scenarios=applied,
        inline_scenarios=inline_names,
        planned=planned if model.planning is not None else None,
        warnings=found,
        overrides=tree.overrides,
    )
