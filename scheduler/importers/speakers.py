"""The speakers a workshops or plenaries sheet names, as speaker ids.

A name that is not on the speakers sheet becomes a new speaker, so that a small event
needs no speakers sheet at all. The price is that a misspelt name ("Claudia Hazelar"
for "Claudia Hazelaar") quietly makes a second person, and a real double booking of
the one speaker goes unseen; so a new name close to a known one leaves a note.
"""

from __future__ import annotations

import difflib

from scheduler.importers.text import fold, slug
from scheduler.model import Speaker

# How alike two folded names must be to be worth a question: one letter off in a
# first and last name scores about 0.95; different people rarely score above 0.8.
CLOSE_NAME = 0.85


class SpeakerResolver:
    """Speakers by id or name; a name not on the speakers sheet becomes a new speaker."""

    def __init__(self, speakers: list[Speaker], listed_in: str) -> None:
        """`listed_in` says where the known speakers come from ("the Sprekers sheet",
        "sprekers.csv"); empty when there is no speakers sheet."""
        self.known = {s.id: s.id for s in speakers} | {fold(s.name): s.id for s in speakers}
        self.names = {fold(s.name): s.name for s in speakers if fold(s.name)}
        self.listed_in = listed_in
        self.created: list[Speaker] = []
        self.notes: list[str] = []

    def resolve(self, text: str, where: str) -> str:
        """The id of the speaker `text` names; `where` ("file: sheet, row, column") is
        for the note on a name that looks misspelt."""
        found = self.known.get(text) or self.known.get(fold(text))
        if found is not None:
            return found
        self._note_if_close(text, where)
        found = "sp-" + slug(text)
        self.created.append(Speaker(id=found, name=text))
        self.known[fold(text)] = found
        self.names[fold(text)] = text
        return found

    def _note_if_close(self, text: str, where: str) -> None:
        close = difflib.get_close_matches(fold(text), list(self.names), n=1, cutoff=CLOSE_NAME)
        if not close:
            return
        taken = (f"is not on {self.listed_in}; taken as a new speaker" if self.listed_in
                 else "is taken as a new speaker")
        self.notes.append(f"{where}: '{text}' {taken} (did you mean '{self.names[close[0]]}'?)")
