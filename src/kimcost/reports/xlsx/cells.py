"""Cell names: column letters and A1 references."""

from __future__ import annotations


def column_letter(col: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """The A1-style name of a cell: ``cell_name(5, 3)`` is ``"C5"``."""
    return f"{column_letter(col)}{row}"


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def split_cell_name(name: str) -> tuple[int, int]:
    """``"C5"`` → (5, 3)."""
    letters = name.rstrip("0123456789")
    return int(name[len(letters):]), _column_number(letters)
