"""The cost engine: pure functions over plain data (docs/rules.md, rules 1–13).

No I/O, no printing, no typer, no openpyxl. ``settle`` is the entry point.
"""

from kimcost.engine.errors import MissingData
from kimcost.engine.settlement import settle

__all__ = ["MissingData", "settle"]
