"""``compare``: the base and each scenario side by side (pure differences in ``diff``;
terminal, JSON/CSV and workbook renderings beside it)."""
