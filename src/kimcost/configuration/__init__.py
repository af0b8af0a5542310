"""Configuration: read YAML safely, keep every value's file/line/column, validate with pydantic.

A run loads its configuration through ``kimcost.loading.load_config``, which also applies
scenarios; this package imports nothing from the layers above it.
"""

from kimcost.configuration.errors import ConfigError, ConfigIssue, Location

__all__ = ["ConfigError", "ConfigIssue", "Location"]
