"""The changes that happen to a published plan, applied to an instance.

Used to test and benchmark reruns: each function takes the instance (and where it
matters the published plan) and returns the changed instance. Deterministic for a seed.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from scheduler.model import Instance
from scheduler.solution import Solution

Scenario = Callable[[Instance, Solution, int], Instance]


def _revalidate(instance: Instance, **changes: object) -> Instance:
    """Apply field changes and validate the whole instance again."""
    return Instance.model_validate(instance.model_copy(update=changes).model_dump())


def _most_attended_session(solution: Solution) -> str:
    sizes = Counter(a.session for a in solution.assignments)
    return min(sizes, key=lambda s: (-sizes[s], s))


def cancel_most_popular(instance: Instance, solution: Solution, seed: int = 0) -> Instance:
    """The workshop with the fullest session is cancelled."""
    session = _most_attended_session(solution)
    workshop = next(s.workshop for s in solution.sessions if s.id == session)
    return _revalidate(instance, workshops=[
        w.model_copy(update={"cancelled": True}) if w.id == workshop else w
        for w in instance.workshops
    ])


def speaker_unavailable(instance: Instance, solution: Solution, seed: int = 0) -> Instance:
    """A speaker of the fullest session with a speaker drops out of that session's round.

    Their workshops may now be cancelled (no minimum number of sessions): when no other
    round is open to them, that is what an organiser would do.
    """
    sizes = Counter(a.session for a in solution.assignments)
    by_size = sorted(solution.sessions, key=lambda s: (-sizes[s.id], s.id))
    for session in by_size:
        speakers = instance.workshop_by_id[session.workshop].speakers
        if speakers:
            speaker, away = speakers[0], session.rounds[0]
            return _revalidate(
                instance,
                speakers=[
                    s.model_copy(update={"unavailable": sorted({*s.unavailable, away})})
                    if s.id == speaker else s
                    for s in instance.speakers
                ],
                workshops=[
                    w.model_copy(update={"min_sessions": 0}) if speaker in w.speakers else w
                    for w in instance.workshops
                ],
            )
    return instance


def late_registrants(
    instance: Instance, solution: Solution, seed: int = 0, share: float = 0.05
) -> Instance:
    """A share of extra registrants, each wanting what a random earlier one wanted."""
    rng = random.Random(seed)
    count = max(1, round(len(instance.registrants) * share))
    latest = max((r.registered_at for r in instance.registrants if r.registered_at),
                 default=None)
    extra = []
    for n in range(1, count + 1):
        model = rng.choice(instance.registrants)
        extra.append(model.model_copy(update={
            "id": f"late-{n:04d}",
            "name": f"Late registrant {n}",
            "email": f"late-{n:04d}@example.org",
            "pinned": [],
            "registered_at": latest + timedelta(hours=n) if latest else None,
        }))
    return _revalidate(instance, registrants=[*instance.registrants, *extra])


def withdrawals(
    instance: Instance, solution: Solution, seed: int = 0, share: float = 0.05
) -> Instance:
    """A share of registrants cancel."""
    rng = random.Random(seed)
    count = max(1, round(len(instance.registrants) * share))
    gone = set(rng.sample([r.id for r in instance.registrants], count))
    return _revalidate(
        instance, registrants=[r for r in instance.registrants if r.id not in gone]
    )


def room_lost(instance: Instance, solution: Solution, seed: int = 0) -> Instance:
    """The room holding the most sessions (no plenary in it) becomes unavailable."""
    plenary_rooms = {p.room for p in instance.plenaries}
    counts = Counter(s.room for s in solution.sessions if s.room not in plenary_rooms)
    if not counts:
        return instance
    room = min(counts, key=lambda m: (-counts[m], m))
    return _revalidate(
        instance,
        rooms=[
            r.model_copy(update={"unavailable": list(instance.round_order)})
            if r.id == room else r
            for r in instance.rooms
        ],
        workshops=[
            w.model_copy(update={"pins": [
                p.model_copy(update={"room": None}) if p.room == room else p
                for p in w.pins
                if not (p.room == room and p.round is None)
            ]})
            for w in instance.workshops
        ],
    )


def room_smaller(instance: Instance, solution: Solution, seed: int = 0) -> Instance:
    """The largest room holding sessions (no plenary in it) loses half its seats."""
    plenary_rooms = {p.room for p in instance.plenaries}
    used = {s.room for s in solution.sessions} - plenary_rooms
    if not used:
        return instance
    room = min(used, key=lambda m: (-instance.room_by_id[m].capacity, m))
    return _revalidate(instance, rooms=[
        r.model_copy(update={"capacity": max(1, r.capacity // 2)}) if r.id == room else r
        for r in instance.rooms
    ])


SCENARIOS: dict[str, Scenario] = {
    "cancel-most-popular": cancel_most_popular,
    "speaker-unavailable": speaker_unavailable,
    "late-registrants": late_registrants,
    "withdrawals": withdrawals,
    "room-lost": room_lost,
    "room-smaller": room_smaller,
}
