"""Configuration: read YAML safely, keep every value's file/line/column, validate with pydantic."""

from kimcost.configuration.errors import ConfigError, ConfigIssue, Location
from kimcost.configuration.loader import LoadedConfig, load_config

__all__ = ["ConfigError", "ConfigIssue", "Location", "LoadedConfig", "load_config"]
