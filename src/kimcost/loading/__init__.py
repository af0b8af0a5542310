"""Loading: the step above configuration and scenarios. ``load_config`` reads the YAML
(with its includes), applies the chosen scenarios and validates the result, giving a typed
``LoadedConfig`` that also lists every file that entered the figures."""

from kimcost.configuration.loader import display_name
from kimcost.loading.inputs import InputFile
from kimcost.loading.loaded import LoadedConfig
from kimcost.loading.pipeline import load_config

__all__ = ["InputFile", "LoadedConfig", "display_name", "load_config"]
