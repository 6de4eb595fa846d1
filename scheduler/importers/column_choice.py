"""Which column to read when several headers say the same thing.

Form tools put columns of their own before the form's questions. A Microsoft Forms
export starts with ``Start time``, ``Completion time``, ``Email`` (``anonymous`` on
every row of a form open to anyone) and ``Name`` (empty), and only then come the
form's own ``Naam`` and ``E-mailadres``. Taking the first column of each kind would
read nobody's address and merge everyone into one person, so the cells decide: the
address column with the most e-mail addresses, the time the form was sent in rather
than opened, and otherwise the column with the most cells filled in. On a tie the
first column wins.
"""

from __future__ import annotations

import re

from scheduler.importers.headers import Role
from scheduler.importers.tables import Table
from scheduler.importers.text import cell_text, fold

# Headers of the moment a form was sent in, and of the moment it was opened.
_SENT = re.compile(r"\b(?:completion|completed|submitted|submission|ingediend|verzonden"
                   r"|voltooid|afgerond)\b")
_OPENED = re.compile(r"\b(?:start time|start date|started|starttijd|begintijd|gestart)\b")


def is_address(text: str) -> bool:
    """Whether a cell can be an e-mail address: forms write `anonymous` or a name where
    the person gave none, and such a value would merge everyone who has it."""
    return "@" in text


def pick_column(table: Table, kind: str, indices: list[int]) -> int:
    """The column to read for `kind` out of the columns whose header says it."""
    return max(indices, key=lambda index: (_score(table, kind, index), -index))


def why_passed_over(table: Table, kind: str, chosen: int, index: int, mapped: bool) -> str:
    """What the report says of a column with the same kind as the one read; `mapped`
    when the mapping file named the column read."""
    taken = f"column '{table.headers[chosen]}' is the {Role(kind).describe()}"
    reason = ", as the mapping file says" if mapped else _reason(table, kind, chosen, index)
    return f"ignored ({taken}{reason})"


def _score(table: Table, kind: str, index: int) -> tuple[int, int]:
    if kind == "email":
        return _addresses(table, index), 0
    if kind == "timestamp":
        return _time_preference(table.headers[index]), _filled_in(table, index)
    return _filled_in(table, index), 0


def _reason(table: Table, kind: str, chosen: int, index: int) -> str:
    if kind == "email" and _addresses(table, chosen) != _addresses(table, index):
        return (f": {_addresses(table, chosen)} of its cells are e-mail addresses, "
                f"{_addresses(table, index)} of this one's")
    if kind == "timestamp":
        preferred = _time_preference(table.headers[chosen])
        if preferred > _time_preference(table.headers[index]):
            return (": it says when the form was sent in" if preferred == 2
                    else ": this one says when the form was opened, not sent in")
    if kind != "email" and _filled_in(table, chosen) != _filled_in(table, index):
        return (f": {_filled_in(table, chosen)} of its cells are filled in, "
                f"{_filled_in(table, index)} of this one's")
    return ""


def _time_preference(header: str) -> int:
    """2 for the time a form was sent in, 0 for the time it was opened, else 1."""
    folded = fold(header)
    if _SENT.search(folded):
        return 2
    return 0 if _OPENED.search(folded) else 1


def _addresses(table: Table, index: int) -> int:
    return sum(is_address(cell_text(row.get(index))) for row in table.rows)


def _filled_in(table: Table, index: int) -> int:
    return sum(bool(cell_text(row.get(index))) for row in table.rows)
