"""Reports: terminal tables, JSON, CSV and the Excel workbook, all from a ``Settlement``."""
