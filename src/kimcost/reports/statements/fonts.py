"""The letters' typeface: DejaVu Sans, shipped with kimcost (``fonts/``, licence beside it)
and embedded in every PDF (as a subset), so a letter looks the same on every machine and
needs no font of the system: umlauts, ß, € and the en dash included."""

from __future__ import annotations

from importlib import resources
from typing import Literal

REGULAR = "KimcostSans"
BOLD = "KimcostSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_registered = False


def register() -> None:
    """Register the two faces with reportlab once per process (reportlab keeps a global
    registry; the names are kimcost's own, so they never clash with a caller's fonts)."""
    global _registered
    if _registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = resources.files("kimcost.reports.statements") / "fonts"
    for name, file in _FILES.items():
        with resources.as_file(folder / file) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    faces: tuple[tuple[Literal[0, 1], Literal[0, 1], str], ...] = (
        (0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD))
    for bold, italic, face in faces:
        addMapping(REGULAR, bold, italic, face)
    _registered = True
