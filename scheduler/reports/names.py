"""First names and surnames, sorted the way Dutch door lists and phone books do.

"Jan van den Berg" sorts under B as "Berg, Jan van den": the particles (tussenvoegsels)
that follow the first name belong to the surname but not to its sort key. Particles are
recognised in any case ("Jan Van den Berg"). Prefixes such as "El" or "Ben" start a
surname and stay in its sort key ("El Amrani" sorts under E). Any other name sorts by
its last word.

Names are written in many ways, so before that:

- Runs of whitespace, tabs and line breaks count as one space.
- Titles at the start ("Dr.", "Mevr.", "prof.dr.ir.") are not part of the first name,
  and degrees at the end ("MSc", "Ph.D.", "Jr.") are not part of the surname; a name
  that is nothing else keeps them.
- A comma followed by a space means "Surname, First names": "Müller, Jan", and
  "van Dijk, Karel" sorts under D like "Karel van Dijk". Particles after the first names
  belong to the surname ("Berg, Jan van den"); nothing after the comma means a surname
  alone ("El Amrani,"). A comma inside a word ("Müller,Jan") does not count, and a part
  after a comma holding only degrees ("Anna Jansen, MSc") is dropped.
- A name that starts with a particle is a surname alone: "de Vries" sorts under V.
  So is a single word ("Madonna", "O'Neill").

"d'Ancona" is one word, not the particle "d'" and a surname, so it sorts under D
whether written "Hedy d'Ancona" or "d'Ancona, Hedy".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PARTICLES = frozenset({
    "van", "de", "der", "den", "het", "ter", "ten", "te", "in", "'t", "op", "aan", "uit",
    "von", "zu", "la", "le", "du", "da", "di", "del", "della", "dos", "das", "des", "d'",
})
SURNAME_STARTS = frozenset({"el", "al", "ben", "bin", "ibn", "abu", "abou", "ait", "mc", "mac"})
TITLES = frozenset({
    "dr", "drs", "mr", "ir", "ing", "prof", "mevr", "mw", "dhr", "mrs", "ms",
})
DEGREES = frozenset({"msc", "bsc", "phd", "mba", "llm", "jr", "sr"})

# Only a comma that ends a word separates surname from first names; one inside a word is
# more likely part of something else than a typist's missing space.
_NAME_COMMA = re.compile(r",(?= |$)")


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


def split_name(full: str, first: str | None = None) -> PersonName:
    """The first name, particles and surname of a name, by the module's rules; given
    `first`, the first names as registered, the name is split after them instead.

    A registration form with a first-name field knows what no rule can: "Maria José
    García López" is Maria José of the García López family, sorted under G.
    """
    known = _split_after_first_names(full, first) if first and first.strip() else None
    if known is not None:
        return known
    surname_words, *after_commas = [
        part.split() for part in _NAME_COMMA.split(" ".join(full.split()))
    ]
    first_parts = [words for words in after_commas if not _only_degrees(words)]
    if surname_words and first_parts:
        return _split_surname_first(surname_words, [w for words in first_parts for w in words])
    return _split_first_surname(surname_words or [w for words in after_commas for w in words])


def _split_after_first_names(full: str, first: str) -> PersonName | None:
    """`full` split after its leading `first` words (titles before them allowed), the
    rest being particles and surname; None when `full` does not start with `first` or
    has nothing after it (a record edited by hand since), so the rules decide."""
    words, first_words = full.split(), first.split()
    start = _count_titles(words) if words[:1] != first_words[:1] else 0
    end = start + len(first_words)
    if [w.casefold() for w in words[start:end]] != [w.casefold() for w in first_words]:
        return None
    rest = words[end:]
    while len(rest) > 1 and _is_degree(rest[-1]):
        rest = rest[:-1]
    rest = [*rest[:-1], rest[-1].rstrip(",")] if rest else rest
    if not rest or not rest[-1]:
        return None
    return _surname_with_particles(" ".join(words[start:end]), rest)


def _split_first_surname(words: list[str]) -> PersonName:
    """"Jan van den Berg": first names, then the surname with its particles."""
    words = _without_titles_and_degrees(words)
    if len(words) <= 1:
        return PersonName("", "", " ".join(words))
    for i in range(len(words) - 1):
        word = words[i].casefold()
        if i > 0 and word in SURNAME_STARTS:
            return PersonName(" ".join(words[:i]), "", " ".join(words[i:]))
        if word in PARTICLES:
            return _surname_with_particles(" ".join(words[:i]), words[i:])
    return PersonName(" ".join(words[:-1]), "", words[-1])


def _split_surname_first(surname_words: list[str], first_words: list[str]) -> PersonName:
    """"van Dijk, Karel" or "Berg, Jan van den": the surname before the comma."""
    surname_words = _without_titles_and_degrees(surname_words)
    first_words = first_words[_count_titles(first_words):]
    end = len(first_words)
    while end > 0 and first_words[end - 1].casefold() in PARTICLES:
        end -= 1
    name = _surname_with_particles(" ".join(first_words[:end]), surname_words)
    particles = " ".join([*first_words[end:], name.particles]).strip()
    return PersonName(name.first, particles, name.surname)


def _surname_with_particles(first: str, words: list[str]) -> PersonName:
    """Leading particles of `words` and the rest as surname; the last word is always surname."""
    end = 0
    while end < len(words) - 1 and words[end].casefold() in PARTICLES:
        end += 1
    return PersonName(first, " ".join(words[:end]), " ".join(words[end:]))


def _without_titles_and_degrees(words: list[str]) -> list[str]:
    """`words` less titles at the start and degrees at the end, keeping at least one word."""
    start = min(_count_titles(words), max(len(words) - 1, 0))
    end = len(words)
    while end - start > 1 and _is_degree(words[end - 1]):
        end -= 1
    return words[start:end]


def _count_titles(words: list[str]) -> int:
    count = 0
    while count < len(words) and _is_title(words[count]):
        count += 1
    return count


def _is_title(word: str) -> bool:
    # Dutch titles are stacked without spaces as often as with: "prof.dr.ir.".
    return all(piece in TITLES for piece in word.casefold().rstrip(".").split("."))


def _is_degree(word: str) -> bool:
    return word.casefold().replace(".", "") in DEGREES


def _only_degrees(words: list[str]) -> bool:
    return bool(words) and all(_is_degree(word) for word in words)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
