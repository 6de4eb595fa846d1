"""A copy of an instance that can be shared: people's names, e-mail addresses and
organisations replaced by pseudonyms.

The same value gets the same pseudonym throughout the file (two registrations with one
e-mail address still share one), so the copy poses the same problem as the original.
Pseudonyms come from a keyed hash (HMAC-SHA256) of the value: the same seed gives the
same pseudonyms, also across files (a day before and after a change); without the seed
nobody can test a guessed name against them. Ids are kept, since plans refer to them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Sequence

from scheduler.model import Instance, Registrant, Speaker

PSEUDONYM_DOMAIN = "pseudonym.invalid"
"""`.invalid` is reserved (RFC 2606): a pseudonymous address can never reach anyone."""

_CODE_LENGTH = 8
"""Base-32 characters, 40 bits: two people in 200,000 share a code about once in fifty
files; the copy then lengthens the later one's code."""


class Pseudonyms:
    """Value -> pseudonym, per kind of value, consistent within one run."""

    def __init__(self, seed: str) -> None:
        self._key = seed.encode("utf-8")
        self._given: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()

    def name(self, value: str) -> str:
        return self._pseudonym("person", _normal_name(value), "Person ", "")

    def email(self, value: str) -> str:
        return self._pseudonym("email", value.strip().lower(), "", f"@{PSEUDONYM_DOMAIN}")

    def organisation(self, value: str) -> str:
        return self._pseudonym("organisation", _normal_name(value), "Organisation ", "")

    def _pseudonym(self, kind: str, value: str, prefix: str, suffix: str) -> str:
        if not value:
            return ""
        known = self._given.get((kind, value))
        if known is not None:
            return known
        digest = hmac.new(self._key, f"{kind}\0{value}".encode(), hashlib.sha256).digest()
        code = base64.b32encode(digest).decode("ascii").lower()
        length = _CODE_LENGTH
        while f"{kind}:{code[:length]}" in self._taken:
            length += 1
        self._taken.add(f"{kind}:{code[:length]}")
        pseudonym = f"{prefix}{code[:length]}{suffix}"
        self._given[(kind, value)] = pseudonym
        return pseudonym


def pseudonymize(instance: Instance, seed: str) -> Instance:
    """The instance with registrants' names, e-mail addresses and organisations, and
    speakers' names, replaced; everything else, ids included, as it was."""
    pseudonyms = Pseudonyms(seed)
    registrants = [
        r.model_copy(update={
            "name": pseudonyms.name(r.name),
            # A pseudonym has no first name to keep apart.
            "first_name": None,
            "email": pseudonyms.email(r.email),
            "organisation": pseudonyms.organisation(r.organisation),
        })
        for r in instance.registrants
    ]
    speakers = [s.model_copy(update={"name": pseudonyms.name(s.name)})
                for s in instance.speakers]
    return instance.model_copy(update={"registrants": registrants, "speakers": speakers})


def ids_that_look_personal(instance: Instance) -> list[str]:
    """Where a registrant's or speaker's id holds an e-mail address or a person's name
    ("registrants[3]"); ids are kept as they are, so these must be replaced by hand
    before sharing. Positions, not the ids: those are the personal data."""
    people_lists: list[tuple[str, Sequence[Registrant | Speaker]]] = [
        ("registrants", instance.registrants), ("speakers", instance.speakers)]
    names = {_normal_name(p.name) for _, people in people_lists for p in people if p.name}
    emails = {r.email.strip().lower() for r in instance.registrants if r.email}
    found = []
    for field, people in people_lists:
        for n, person in enumerate(people):
            key = person.id.strip().lower()
            if "@" in key or key in emails or _normal_name(person.id) in names:
                found.append(f"{field}[{n}]")
    return found


def _normal_name(value: str) -> str:
    """The same name however it was typed: case and runs of spaces do not count."""
    return re.sub(r"\s+", " ", value).strip().casefold()
