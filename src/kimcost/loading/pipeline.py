"""Loading a configuration for a run: read the include tree, apply the scenarios, validate."""

from __future__ import annotations

import warnings
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Sequence

from kimcost.collector import collector_paused
from kimcost.configuration.errors import ConfigWarning
from kimcost.configuration.loader import display_name, read_config_tree, validate
from kimcost.configuration.plausibility import warnings_of
from kimcost.loading.inputs import InputFile, relative_path
from kimcost.loading.loaded import LoadedConfig

if TYPE_CHECKING:
    from kimcost.scenarios.apply import AppliedScenario


def load_config(path: str | FsPath, scenarios: Sequence[str] = ()) -> LoadedConfig:
    """``scenarios``: names under the configuration's ``scenarios:`` key or scenario files
    (relative to the working directory), applied in order to the merged data before it is
    validated, so a scenario can never yield an invalid configuration silently."""
    main = FsPath(path)
    with collector_paused():  # validation builds many small objects without cycles
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
        found = tuple(warnings_of(model, tree.sources))
    # Issued as Python warnings too, so the command line shows them on every run, whichever
    # command loads (cli.errors.reported_errors); documents take them from LoadedConfig.
    for issue in found:
        warnings.warn(ConfigWarning(issue), stacklevel=2)
    folder = main.parent
    inputs = [InputFile(relative_path(f.path, folder), f.sha256, "configuration" if i == 0 else "include")
              for i, f in enumerate(tree.files)]
    inputs += [InputFile(relative_path(s.file, folder), s.sha256, "scenario") for s in applied if s.file is not None]
    return LoadedConfig(
        config=model,
        sources=tree.sources,
        main_file=main,
        files=tuple(f.path for f in tree.files) + tuple(s.file for s in applied if s.file is not None),
        inputs=tuple(inputs),
        scenarios=applied,
        inline_scenarios=inline_names,
        warnings=found,
    )
