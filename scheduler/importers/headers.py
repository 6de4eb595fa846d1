"""What each column of a registration export means, guessed from its header.

Headers are folded (lower case, no accents or punctuation) and read for a few words in
Dutch and English: ``E-mailadres`` is the e-mail address, ``Keuze ronde 1`` and
``Workshop ronde II`` the choice for the first workshop round, ``2e keuze`` and
``Second choice`` the second choice of a ranked list, ``Ronde 1 - alternatief`` the
second choice for round 1. A mapping file overrides any guess (see `mapping.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scheduler.importers.text import fold

# One value per registrant; where several columns have a kind, `column_choice` picks one.
SINGLE_KINDS = (
    "name", "first_name", "infix", "last_name", "email", "organisation", "audience",
    "timestamp", "wanted", "present", "needs",
)
KINDS = (*SINGLE_KINDS, "choice", "ignore")

DESCRIPTIONS = {
    "name": "name",
    "first_name": "first name",
    "infix": "surname prefix (tussenvoegsel)",
    "last_name": "surname",
    "email": "e-mail address",
    "organisation": "organisation",
    "audience": "audience (role)",
    "timestamp": "registration time",
    "wanted": "number of workshops wanted",
    "present": "rounds present",
    "needs": "room needs",
    "ignore": "ignored",
}


@dataclass(frozen=True)
class Role:
    """What a column holds. For a choice: `rank` (1 = first choice) and, when the choice
    is for one round, `round`: a round number ("2"), id or label as written."""

    kind: str
    rank: int = 1
    round: str | None = None

    def describe(self, round_names: dict[str, str] | None = None) -> str:
        if self.kind != "choice":
            return DESCRIPTIONS[self.kind]
        what = f"{ordinal(self.rank)} choice"
        if self.round is None:
            return what
        name = (round_names or {}).get(self.round, self.round)
        return f"{what} for round '{name}'"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_ORDINAL_WORDS = {
    "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6,
    "zevende": 7, "achtste": 8, "negende": 9, "tiende": 10,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8,
          "ix": 9, "x": 10}
_NUMBER = r"(\d{1,2})(?:e|ste|de|st|nd|rd|th)?"
_ORDINAL = r"(?:\d{1,2}(?:e|ste|de|st|nd|rd|th)|" + "|".join(_ORDINAL_WORDS) + ")"
_ROUND_WORD = (r"(?:workshop ?)?(?:ronde|round|blok|block|tijdslot|timeslot|slot|sessie"
               r"|session|deel|part)")
_CHOICE_WORD = r"(?:keuze|keus|voorkeur|choice|preference|optie|option)"
_ALTERNATIVE = r"\b(?:alternatief|alternative|reserve|reservekeuze|backup|tweede keus)\b"


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    table = [
        ("email", r"\b(?:e ?mail\w*|mailadres|mail address|mail)\b"),
        ("timestamp", r"\b(?:tijdstempel|timestamp|tijdstip|datum|date|ingediend|ingevuld"
                      r"|submitted|submission|aangemeld op|ingeschreven op|registered"
                      r"|registratiedatum|inschrijfdatum|aanmelddatum|created|completion time"
                      r"|start time|time)\b"),
        ("wanted", r"\b(?:aantal|hoeveel|number of|how many)\b"),
        ("present", r"\b(?:aanwezig\w*|beschikbaar\w*|present|presence|attending|attendance"
                    r"|available|availability)\b"),
        ("needs", r"\b(?:toegankelijkheid|benodigdheden|voorzieningen|needs|accessibility"
                  r"|requirements)\b"),
        ("first_name", r"\b(?:voornaam|voornamen|roepnaam|first ?name|given name|forename)\b"),
        ("infix", r"\b(?:tussenvoegsels?|voorvoegsels?|infix)\b"),
        ("last_name", r"\b(?:achternaam|familienaam|surname|last ?name|family name)\b"),
        ("organisation", r"\b(?:organisatie|organisation|organization|gemeente|werkgever"
                         r"|employer|company|bedrijf|instantie|instelling|affiliation)\b"),
        ("audience", r"\b(?:functie|rol|doelgroep|role|job title|job|function|position"
                     r"|audience|target group|beroep)\b"),
        ("name", r"\b(?:naam|name|volledige naam|full name|deelnemer|participant)\b"),
    ]
    return [(kind, re.compile(pattern)) for kind, pattern in table]


_KIND_PATTERNS = _patterns()


def guess_role(header: str, round_labels: dict[str, str] | None = None) -> Role | None:
    """The role a header suggests, or None when it says nothing we use.

    `round_labels` maps folded round labels and ids to a round reference, so that a
    header naming a round ("Keuze ochtendblok") is read as that round's choice.
    """
    h = fold(header)
    if not h:
        return None
    choice = _choice_role(h, round_labels or {})
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(h):
            # "Aantal workshops" and "Aanwezig in ronde 2" are not choices, but
            # "Naam workshop ronde 1" and "Tijdslot 2" are.
            if kind in ("email", "wanted", "present", "needs") or choice is None:
                return Role(kind)
            if choice.round is not None or _has_rank(h) or kind == "timestamp":
                return choice
            return Role(kind)
    return choice


def _has_rank(h: str) -> bool:
    return bool(re.search(rf"\b{_ORDINAL}\s+{_CHOICE_WORD}\b", h)
                or re.search(rf"\b{_CHOICE_WORD}\s+{_NUMBER}\b", h)
                or re.search(_ALTERNATIVE, h))


def _choice_role(h: str, round_labels: dict[str, str]) -> Role | None:
    round_ref = _round_in(h, round_labels)
    rank = _rank_in(h)
    mentions_choice = bool(re.search(rf"\b(?:{_CHOICE_WORD}|workshops?|{_ROUND_WORD})\b", h)
                           or re.search(_ALTERNATIVE, h))
    if round_ref is None and rank is None and not mentions_choice:
        return None
    return Role("choice", rank=rank or 1, round=round_ref)


def _round_in(h: str, round_labels: dict[str, str]) -> str | None:
    # A round's own label or id, longest first, as whole words.
    for label in sorted(round_labels, key=len, reverse=True):
        if label and re.search(rf"(?:^| ){re.escape(label)}(?: |$)", h):
            return round_labels[label]
    found = re.search(rf"\b{_ROUND_WORD}\s*(\d{{1,2}}|{'|'.join(_ROMAN)})\b", h)
    if found:
        token = found.group(1)
        return str(_ROMAN[token]) if token in _ROMAN else str(int(token))
    found = re.search(rf"\b({_ORDINAL})\s+{_ROUND_WORD}\b", h)
    if found:
        return str(_ordinal_value(found.group(1)))
    return None


def _rank_in(h: str) -> int | None:
    found = re.search(rf"\b({_ORDINAL})\s+(?:{_CHOICE_WORD}|workshop)\b", h)
    if found:
        return _ordinal_value(found.group(1))
    found = re.search(rf"\b{_CHOICE_WORD}\s+(\d{{1,2}})\b", h)
    if found:
        return int(found.group(1))
    found = re.search(r"\bworkshop\s+(\d{1,2})\b", h)
    if found:
        return int(found.group(1))
    if re.search(_ALTERNATIVE, h):
        return 2
    return None


def _ordinal_value(token: str) -> int:
    if token in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[token]
    return int(re.match(r"\d+", token).group(0))  # type: ignore[union-attr]
