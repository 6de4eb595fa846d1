"""The registrants of a fresh registration export, under the ids the published plan uses.

An import numbers registrants by their place in the export (`r-001`, `r-002`, ...). A
later export of the same registrations, with a withdrawn person's row deleted or the
rows sorted another way, numbers them differently, and a rerun reading ids would hand
one person's programme to another. So before a rerun, each registrant of the new export
takes the id of the published registrant with the same e-mail address and name, else
the same address, else (where one side has no address) the same name (see `PASSES`),
and people not in the published day get ids that the published plan never used.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from scheduler.model import Instance, Registrant


@dataclass
class Matching:
    """How the new export's registrants were matched, for the organiser to verify."""

    matched: int = 0
    new: list[str] = field(default_factory=list)
    """Ids given to registrants not in the published day."""
    gone: list[str] = field(default_factory=list)
    """Published registrants not in the new export (withdrawn, or their row deleted)."""
    by_name: int = 0
    """Of the matched, those with an address on one side only, matched by their name."""

    def lines(self) -> list[str]:
        lines = [f"registrants matched to the published plan by e-mail address (or name): "
                 f"{self.matched}; new: {len(self.new)}; no longer registered: "
                 f"{len(self.gone)}"]
        if self.by_name:
            lines.append(f"  {self.by_name} of them by name alone, their e-mail address "
                         "missing on one side: check that they are the same people")
        return lines


def _norm(text: str) -> str:
    """Text as people tell it apart: case and spacing set aside."""
    return " ".join(text.split()).casefold()


Key = Callable[[Registrant], str | None]
"""What identifies a registrant in one pass of the matching; None leaves them out of it."""


def _address_and_name(r: Registrant) -> str | None:
    return f"{_norm(r.email)}|{_norm(r.name)}" if _norm(r.email) else None


def _address(r: Registrant) -> str | None:
    return _norm(r.email) or None


def _name(r: Registrant) -> str | None:
    return _norm(r.name) or None


PASSES: tuple[tuple[Key, bool], ...] = (
    (_address_and_name, False), (_address, False), (_name, True))
"""The matching's passes, each over the registrants the passes before left unmatched,
and whether it matches by name alone. Address and name first: two people who share an
address (an office's, a family's) are told apart by their names. Then the address
alone (a name spelt otherwise). Then the name, where one side has no address (a blank
cell, or an export without the e-mail column): two different addresses are two people,
even under one name."""


def match_registrants(changed: Instance, published: Instance) -> tuple[Instance, Matching]:
    """`changed` with each registrant under their id in `published`; see the module.

    In each pass a key matches only when it is the only one of its kind among the
    unmatched on both sides: people who cannot be told apart are never guessed."""
    ids: dict[int, str] = {}
    matching = Matching()
    for key, by_name in PASSES:
        found = _match_unique(changed, published, ids, key, by_name)
        ids |= found
        matching.matched += len(found)
        matching.by_name += len(found) if by_name else 0
    fresh = _fresh_ids(published, {r.id for r in published.registrants})
    registrants = []
    for number, registrant in enumerate(changed.registrants):
        if number not in ids:
            ids[number] = next(fresh)
            matching.new.append(ids[number])
        registrants.append(registrant.model_copy(update={"id": ids[number]}))
    kept = set(ids.values())
    matching.gone = [r.id for r in published.registrants if r.id not in kept]
    matched = Instance.model_validate(
        changed.model_copy(update={"registrants": registrants}).model_dump())
    return matched, matching


def _match_unique(
    changed: Instance, published: Instance, ids: dict[int, str], key: Key, by_name: bool
) -> dict[int, str]:
    """Row number in `changed` -> published id, for the registrants not in `ids` whose
    `key` no one else has among the unmatched, on either side; `by_name`, only where
    one of the two has no address."""
    taken = set(ids.values())

    def unique(people: list[tuple[int, Registrant]]) -> dict[str, tuple[int, Registrant]]:
        keys = [(key(r), n, r) for n, r in people]
        counts = Counter(k for k, _, _ in keys)
        return {k: (n, r) for k, n, r in keys if k is not None and counts[k] == 1}

    now = unique([(n, r) for n, r in enumerate(changed.registrants) if n not in ids])
    then = unique([(n, r) for n, r in enumerate(published.registrants) if r.id not in taken])
    found = {}
    for k, (number, new) in now.items():
        if k not in then:
            continue
        old = then[k][1]
        if not (by_name and _norm(new.email) and _norm(old.email)):
            found[number] = old.id
    return found


def _fresh_ids(published: Instance, taken: set[str]) -> Iterator[str]:
    """Ids in the import's own form (`r-` and a zero-padded number), numbered on from
    the highest published one and never one the published day used."""
    digits = [m.group(1) for r in published.registrants
              if (m := re.fullmatch(r"r-(\d+)", r.id))]
    width = max((len(d) for d in digits), default=3)
    n = max((int(d) for d in digits), default=0)
    while True:
        n += 1
        candidate = f"r-{n:0{width}d}"
        if candidate not in taken:
            yield candidate


def ids_of_other_people(changed: Instance, published: Instance) -> list[str]:
    """Ids that name someone else in `changed` than in `published`: both the e-mail
    address and the name differ (an instance imported anew from a re-sorted export,
    say). A corrected address or a corrected name alone is the same person."""
    then = {r.id: r for r in published.registrants}
    return [r.id for r in changed.registrants
            if r.id in then and _differs(r.email, then[r.id].email)
            and _differs(r.name, then[r.id].name)]


def _differs(now: str, before: str) -> bool:
    """Both given, and different once case and spacing are set aside."""
    return bool(_norm(now)) and bool(_norm(before)) and _norm(now) != _norm(before)
