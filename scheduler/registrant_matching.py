"""The registrants of a fresh registration export, under the ids the published plan uses.

An import numbers registrants by their place in the export (`r-001`, `r-002`, ...). A
later export of the same registrations, with a withdrawn person's row deleted or the
rows sorted another way, numbers them differently, and a rerun reading ids would hand
one person's programme to another. So before a rerun, each registrant of the new export
takes the id of the published registrant with the same e-mail address (or, where one
side has no address, the same name, when no one else has it), and people not in the
published day get ids that the published plan never used.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
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

    def lines(self) -> list[str]:
        return [f"registrants matched to the published plan by e-mail address (or name): "
                f"{self.matched}; new: {len(self.new)}; no longer registered: "
                f"{len(self.gone)}"]


def _norm(text: str) -> str:
    """Text as people tell it apart: case and spacing set aside."""
    return " ".join(text.split()).casefold()


def _key(registrant: Registrant) -> str:
    """Who a registrant is across exports: the e-mail address, else the name."""
    email = _norm(registrant.email)
    return f"email:{email}" if email else f"name:{_norm(registrant.name)}"


def match_registrants(changed: Instance, published: Instance) -> tuple[Instance, Matching]:
    """`changed` with each registrant under their id in `published`; see the module."""
    published_ids: dict[str, str] = {}
    ambiguous: set[str] = set()
    for registrant in published.registrants:
        key = _key(registrant)
        if key in published_ids:
            ambiguous.add(key)  # Two published people without an address share a name.
        published_ids[key] = registrant.id
    ids: dict[int, str] = {}
    kept: set[str] = set()
    for number, registrant in enumerate(changed.registrants):
        key = _key(registrant)
        old_id = published_ids.get(key) if key not in ambiguous else None
        if old_id is not None and old_id not in kept:
            kept.add(old_id)
            ids[number] = old_id
    by_name = _match_by_name_without_address(changed, published, ids, kept)
    matching = Matching(matched=len(ids) + len(by_name))
    ids |= by_name
    fresh = _fresh_ids(published, {r.id for r in published.registrants})
    registrants = []
    for number, registrant in enumerate(changed.registrants):
        if number not in ids:
            ids[number] = next(fresh)
            matching.new.append(ids[number])
        registrants.append(registrant.model_copy(update={"id": ids[number]}))
    kept |= set(by_name.values())
    matching.gone = [r.id for r in published.registrants if r.id not in kept]
    matched = Instance.model_validate(
        changed.model_copy(update={"registrants": registrants}).model_dump())
    return matched, matching


def _match_by_name_without_address(
    changed: Instance, published: Instance, ids: dict[int, str], kept: set[str]
) -> dict[int, str]:
    """Row number in `changed` -> published id, for registrants left unmatched whose
    address is missing on one side (a blank cell, or an export without the e-mail
    column) and whose name is the only one of its kind among the unmatched on both
    sides. Two different addresses are two people, even under one name."""
    def unique_by_name(people: list[tuple[int, Registrant]]) -> dict[str, tuple[int, Registrant]]:
        counts = Counter(_norm(r.name) for _, r in people)
        return {_norm(r.name): (n, r) for n, r in people
                if _norm(r.name) and counts[_norm(r.name)] == 1}

    new = unique_by_name([(n, r) for n, r in enumerate(changed.registrants) if n not in ids])
    old = unique_by_name([(n, r) for n, r in enumerate(published.registrants)
                          if r.id not in kept])
    matched = {}
    for name, (number, now) in new.items():
        then = old.get(name, (0, None))[1]
        if then is not None and not (_norm(now.email) and _norm(then.email)):
            matched[number] = then.id
    return matched


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
