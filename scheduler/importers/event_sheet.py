"""The columns of an event's tables (rounds, rooms, workshops, plenaries, speakers):
which header holds which field, and a note on every column that is not read.

Headers are folded (case, accents and punctuation ignored) and compared with the names
below, as written or without a part in brackets ("Spreker(s)").
"""

from __future__ import annotations

import re
from typing import Any

from scheduler.errors import InputError
from scheduler.importers.tables import Table
from scheduler.importers.text import cell_text, fold, quoted_list

# Folded header -> field, per table.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "rounds": {
        "id": ("id", "code"),
        "label": ("naam", "ronde", "label", "name", "round", "omschrijving"),
        "day": ("datum", "date", "dag", "day"),
        "start": ("begin", "start", "van", "from", "aanvang", "begintijd", "starttijd",
                  "start time"),
        "end": ("eind", "einde", "end", "tot", "to", "eindtijd", "end time"),
    },
    "rooms": {
        "id": ("id", "code"),
        "name": ("naam", "zaal", "name", "room", "ruimte", "lokaal"),
        "capacity": ("capaciteit", "capacity", "plaatsen", "aantal plaatsen", "seats",
                     "max", "maximum"),
        "features": ("kenmerken", "features", "voorzieningen", "faciliteiten"),
        "unavailable": ("niet beschikbaar", "niet beschikbaar in", "unavailable", "bezet",
                        "afwezig", "not available"),
    },
    "workshops": {
        "id": ("id", "code"),
        "title": ("titel", "title", "workshop", "naam", "name"),
        "speakers": ("sprekers", "spreker", "speakers", "speaker", "begeleider",
                     "begeleiders", "workshopleider", "workshopleiders"),
        "max_size": ("max", "maximum", "max deelnemers", "max size", "max aantal",
                     "capaciteit", "capacity", "maximum aantal deelnemers",
                     "max aantal deelnemers", "maximaal aantal deelnemers",
                     "maximum deelnemers", "maximum aantal", "maximum size",
                     "max participants", "maximum participants"),
        "min_size": ("min", "minimum", "min deelnemers", "min size", "min aantal",
                     "minimum aantal deelnemers", "min aantal deelnemers",
                     "minimaal aantal deelnemers", "minimum deelnemers", "minimum aantal",
                     "minimum size", "min participants", "minimum participants"),
        "rounds": ("rondes", "ronde", "rounds", "round"),
        "sessions": ("sessies", "aantal sessies", "sessions", "keer", "times"),
        "duration": ("duur", "duration", "lengte"),
        "features": ("benodigd", "kenmerken", "features", "zaaleisen", "requires"),
        "audiences": ("doelgroep", "doelgroepen", "audience", "audiences"),
        "room": ("zaal", "room", "vaste zaal"),
        "cancelled": ("geannuleerd", "vervallen", "vervalt", "afgelast", "gaat niet door",
                      "cancelled", "canceled"),
    },
    "plenaries": {
        "id": ("id", "code"),
        "title": ("titel", "title", "naam", "name", "plenair", "plenary"),
        "round": ("ronde", "round"),
        "room": ("zaal", "room"),
        "speakers": ("sprekers", "spreker", "speakers", "speaker"),
    },
    "speakers": {
        "id": ("id", "code"),
        "name": ("naam", "name", "spreker", "speaker"),
        "unavailable": ("niet beschikbaar", "niet beschikbaar in", "unavailable", "afwezig",
                        "afwezig in", "afwezig in ronde", "afwezig in rondes", "niet aanwezig",
                        "not available", "absent"),
    },
}
REQUIRED_COLUMNS = {
    "rounds": ("day", "start", "end"),
    "rooms": ("capacity",),
    "workshops": ("title",),
    "plenaries": ("title", "round", "room"),
    "speakers": ("name",),
}


class Sheet:
    """One table with its columns resolved to fields."""

    def __init__(self, kind: str, table: Table) -> None:
        self.kind, self.table = kind, table
        self.columns: dict[str, int] = {}
        self.notes: list[str] = []
        unread: list[tuple[int, str | None]] = []
        for index, header in enumerate(table.headers):
            found = _field_of(kind, header)
            if found is None or found in self.columns:
                unread.append((index, found))
            else:
                self.columns[found] = index
        missing = [c for c in REQUIRED_COLUMNS[kind] if c not in self.columns]
        if missing:
            names = ", ".join(f"'{COLUMNS[kind][c][0]}'" for c in missing)
            raise InputError(table.path, f"no column {names} (columns: "
                             + ", ".join(f"'{h}'" for h in table.headers) + ")",
                             f"sheet '{table.sheet}'" if table.sheet else "")
        self.notes = [self._unread_note(index, field) for index, field in unread
                      if not self._blank(index)]

    def _unread_note(self, index: int, field: str | None) -> str:
        """Say so of a column left unread: a speaker or a maximum size under a header
        we do not know would otherwise be lost without a word."""
        sheet = f"sheet '{self.table.sheet}', " if self.table.sheet else ""
        column = f"{self.table.path}: {sheet}column '{self.table.headers[index]}'"
        if field is not None:
            first = self.table.headers[self.columns[field]]
            return f"{column} is not read (column '{first}' says the same)"
        unused = [COLUMNS[self.kind][f][0].capitalize() for f in COLUMNS[self.kind]
                  if f not in self.columns]
        hint = f" (headers read here and not yet used: {quoted_list(unused)})" if unused else ""
        return f"{column} is not read{hint}"

    def _blank(self, index: int) -> bool:
        """A column with neither a header nor a value: spreadsheet padding, not data."""
        return self.table.headers[index] == f"(column {index + 1})" and all(
            not cell_text(row.get(index)) for row in self.table.rows)

    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        return [(row.number, {name: row.get(i) for name, i in self.columns.items()})
                for row in self.table.rows]

    def error(self, row: int, field: str | None, message: str) -> InputError:
        return InputError(self.table.path, message, self.place(row, field))

    def place(self, row: int, field: str | None) -> str:
        """"sheet 'Zalen', row 4, column 'Capaciteit'", for errors and notes."""
        return self.table.place(row, self.columns.get(field) if field else None)

    def where(self, row: int, field: str | None) -> str:
        """The file and the place, as an error message starts."""
        return f"{self.table.path}: {self.place(row, field)}"


def _field_of(kind: str, header: str) -> str | None:
    """The field a header names, as written or without a part in brackets: "Spreker(s)"
    and "Niet beschikbaar (rondes)" are the speakers and the unavailable rounds."""
    for folded in (fold(header), fold(re.sub(r"\([^)]*\)", " ", header))):
        for name, aliases in COLUMNS[kind].items():
            if folded in aliases:
                return name
    return None
