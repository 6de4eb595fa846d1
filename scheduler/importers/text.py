"""Text normalisation shared by the importers: headers, titles and cell values."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Cells that say "nothing chosen" in the forms organisers use.
NO_CHOICE = frozenset({
    "", "-", "--", "geen", "geen voorkeur", "geen keuze", "geen keus", "nvt", "n v t",
    "n a", "none", "no preference", "no choice", "nothing",
})


def fold(text: str) -> str:
    """Lower case, accents stripped, punctuation as spaces, single spaces.

    "Ondermijning: Weerbaar tegen  crimínele inmenging!" and
    "ondermijning weerbaar tegen criminele inmenging" fold to the same text.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.casefold()).split())


def slug(text: str) -> str:
    """An id made of a text: "Zaal IJssel (1e)" -> "zaal-ijssel-1e"."""
    return fold(text).replace(" ", "-")


def cell_text(value: Any) -> str:
    """A cell as trimmed text; numbers that are whole print without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def split_list(value: Any) -> list[str]:
    """A cell that lists several things, separated by ';', ',' or new lines."""
    parts = re.split(r"[;,\n]", cell_text(value) if not isinstance(value, str) else value)
    return [" ".join(p.split()) for p in parts if p.strip()]


def is_no_choice(text: str) -> bool:
    return fold(text) in NO_CHOICE


def quoted_list(items: list[str], limit: int = 0) -> str:
    """'a', 'b' and 'c' (the first `limit`, then "and N more"); "" for no items."""
    if not items:
        return ""
    shown = items[:limit] if limit else items
    parts = [f"'{i}'" for i in shown]
    more = len(items) - len(shown)
    if more:
        parts.append(f"{more} more")
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def rows_text(rows: list[int], limit: int = 0) -> str:
    """"row 4" or "rows 4, 9 and 12"; past `limit` rows, "rows 4, 9, ... and 40 more"."""
    unique = sorted(set(rows))
    if len(unique) == 1:
        return f"row {unique[0]}"
    numbers = [str(r) for r in unique]
    if limit and len(numbers) > limit:
        return "rows " + ", ".join(numbers[:limit]) + f" and {len(numbers) - limit} more"
    return "rows " + ", ".join(numbers[:-1]) + " and " + numbers[-1]
