"""Sorting people by surname, the way Dutch door lists and phone books do.

"Jan van den Berg" sorts under B as "Berg, Jan van den": the lower-case particles
(tussenvoegsels) that follow the first name belong to the surname but not to its sort
key. Particles are recognised in any case ("Jan Van den Berg"). Prefixes such as "El"
or "Ben" start a surname and stay in its sort key ("El Amrani" sorts under E). Any
other name sorts by its last word.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

PARTICLES = frozenset({
    "van", "de", "der", "den", "het", "ter", "ten", "te", "in", "'t", "op", "aan", "uit",
    "von", "zu", "la", "le", "du", "da", "di", "del", "della", "dos", "das", "des", "d'",
})
SURNAME_STARTS = frozenset({"el", "al", "ben", "bin", "ibn", "abu", "abou", "ait", "mc", "mac"})


@dataclass(frozen=True)
class PersonName:
    first: str
    particles: str
    surname: str

    @property
    def sort_key(self) -> tuple[str, str]:
        return (_plain(self.surname), _plain(self.first))

    @property
    def listed(self) -> str:
        """"Berg, van den" for a door list's surname column."""
        if not self.surname:
            return self.first
        return f"{self.surname}, {self.particles}" if self.particles else self.surname


def split_name(full: str) -> PersonName:
    words = full.split()
    if len(words) <= 1:
        return PersonName("", "", full.strip())
    for i in range(1, len(words) - 1):
        word = words[i].casefold()
        if word in SURNAME_STARTS:
            return PersonName(" ".join(words[:i]), "", " ".join(words[i:]))
        if word in PARTICLES:
            j = i
            while j < len(words) - 1 and words[j].casefold() in PARTICLES:
                j += 1
            return PersonName(" ".join(words[:i]), " ".join(words[i:j]), " ".join(words[j:]))
    return PersonName(" ".join(words[:-1]), "", words[-1])


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
