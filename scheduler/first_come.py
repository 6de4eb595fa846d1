"""First come, first served ("vol is vol") with the sessions already placed.

Registrants are taken in registration order; each gets the best programme still open
to them (most wanted seats, then the lowest seat cost), and a later registrant can
never take a seat an earlier one wanted. Sessions that end under their minimum size
are cancelled, fewest registrants first, and the round starts again without them.

Plain Python, no solver: this is also the practice the optimiser is measured against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from scheduler.model import Instance, Registrant
from scheduler.solution import Assignment, SessionPlan, Solution

# A registrant's best programme is found by branch and bound over their rounds; this
# caps the nodes for one person, after which the best programme found so far is kept.
MAX_NODES_PER_REGISTRANT = 20_000


@dataclass(frozen=True)
class _Option:
    session: SessionPlan
    workshop: str
    rounds: frozenset[str]
    cost: int
    weight: int


def registration_order(instance: Instance) -> list[Registrant]:
    """Earliest registration first; registrants without a time last, in file order."""
    late = datetime.max

    def key(item: tuple[int, Registrant]) -> tuple[bool, datetime, int]:
        index, registrant = item
        stamp = registrant.registered_at
        if stamp is not None and stamp.tzinfo is not None:
            stamp = stamp.replace(tzinfo=None)
        return (stamp is None, stamp or late, index)

    return [r for _, r in sorted(enumerate(instance.registrants), key=key)]


def first_come_assign(instance: Instance, sessions: list[SessionPlan]) -> Solution:
    """Seat registrants in registration order on fixed sessions; cancel under-full ones."""
    open_sessions = list(sessions)
    while True:
        programme = _seat_in_order(instance, open_sessions)
        sizes = {s.id: 0 for s in open_sessions}
        for seats in programme.values():
            for s in seats:
                sizes[s.id] += 1
        cancel = _session_to_cancel(instance, open_sessions, sizes)
        if cancel is None:
            break
        open_sessions = [s for s in open_sessions if s.id != cancel]
    assignments = [
        Assignment(registrant=r.id, session=s.id)
        for r in instance.registrants
        for s in programme.get(r.id, [])
    ]
    return Solution(instance=instance.name, sessions=open_sessions, assignments=assignments)


def _session_to_cancel(
    instance: Instance, sessions: list[SessionPlan], sizes: dict[str, int]
) -> str | None:
    """The emptiest session under its minimum whose workshop can lose a session."""
    per_workshop: dict[str, int] = {}
    for s in sessions:
        per_workshop[s.workshop] = per_workshop.get(s.workshop, 0) + 1
    under = [
        s for s in sessions
        if sizes[s.id] < instance.workshop_by_id[s.workshop].min_size
        and per_workshop[s.workshop] > instance.workshop_by_id[s.workshop].min_sessions
    ]
    if not under:
        return None
    return min(under, key=lambda s: (sizes[s.id], s.id)).id


def _seat_in_order(
    instance: Instance, sessions: list[SessionPlan]
) -> dict[str, list[SessionPlan]]:
    free = {s.id: _capacity(instance, s) for s in sessions}
    programme: dict[str, list[SessionPlan]] = {}
    for registrant in registration_order(instance):
        options = [o for o in _options(instance, registrant, sessions) if free[o.session.id] > 0]
        chosen = _best_programme(instance, registrant, options)
        for option in chosen:
            free[option.session.id] -= 1
        programme[registrant.id] = [o.session for o in chosen]
    return programme


def _capacity(instance: Instance, session: SessionPlan) -> int:
    room = instance.room_by_id[session.room]
    workshop = instance.workshop_by_id[session.workshop]
    return min(room.capacity, workshop.max_size or room.capacity)


def _options(
    instance: Instance, registrant: Registrant, sessions: Iterable[SessionPlan]
) -> list[_Option]:
    """Sessions the registrant may attend, the best for them first."""
    free_rounds = set(instance.workshop_rounds(registrant))
    needs = set(registrant.needs)
    settings = instance.settings
    options = []
    for session in sessions:
        workshop = instance.workshop_by_id[session.workshop]
        start = session.rounds[0]
        if not free_rounds.issuperset(session.rounds):
            continue
        if workshop.audiences and not set(workshop.audiences) & set(registrant.audiences):
            continue
        if not needs <= set(instance.room_by_id[session.room].features):
            continue
        if registrant.per_round is not None and not registrant.per_round.get(start):
            continue
        rank = registrant.choice_rank(workshop.id, start)
        if rank is None and not settings.place_unchosen:
            continue
        options.append(
            _Option(session, workshop.id, frozenset(session.rounds), settings.seat_cost(rank),
                    instance.seat_weight(registrant, session.rounds))
        )
    # Best first by what a seat adds to the registrant's cost: its own cost less the
    # empty seats it fills. The branch and bound below relies on this order.
    empty_cost = instance.empty_seat_cost
    return sorted(
        options,
        key=lambda o: (o.cost - empty_cost * o.weight, o.session.rounds[0], o.session.id),
    )


def _best_programme(
    instance: Instance, registrant: Registrant, options: list[_Option]
) -> list[_Option]:
    """Most seats (up to what they want), then the lowest cost; pins always included."""
    wanted = instance.wanted_count(registrant)
    empty_cost = instance.empty_seat_cost
    required = _pinned_options(registrant, options)
    if required is None:
        return []
    best: list[_Option] = []
    best_cost = empty_cost * (wanted + 1)
    nodes = 0

    def cost_of(chosen: list[_Option]) -> int:
        return empty_cost * (wanted - sum(o.weight for o in chosen)) + sum(o.cost for o in chosen)

    def extend(chosen: list[_Option], rest: list[_Option]) -> None:
        nonlocal best, best_cost, nodes
        nodes += 1
        current = cost_of(chosen)
        if current < best_cost:
            best, best_cost = list(chosen), current
        if sum(o.weight for o in chosen) >= wanted or nodes > MAX_NODES_PER_REGISTRANT:
            return
        taken_rounds = frozenset().union(*(o.rounds for o in chosen))
        taken_workshops = {o.workshop for o in chosen}
        for i, option in enumerate(rest):
            if option.rounds & taken_rounds or option.workshop in taken_workshops:
                continue
            # Options are sorted by what they add to the cost, and each fills at least
            # one open slot: the best `slots` options left (conflicts ignored) bound what
            # this branch can reach, and the bound only grows for later options.
            slots = wanted - sum(o.weight for o in chosen)
            bound = current + sum(
                o.cost - empty_cost * o.weight for o in rest[i : i + slots]
            )
            if bound >= best_cost:
                return
            chosen.append(option)
            extend(chosen, rest[i + 1 :])
            chosen.pop()

    if sum(o.weight for o in required) >= wanted:
        return required
    extend(list(required), [o for o in options if o not in required])
    return best


def _pinned_options(registrant: Registrant, options: list[_Option]) -> list[_Option] | None:
    """One open session per pinned workshop, or None when a pin cannot be met."""
    required: list[_Option] = []
    for pin in registrant.pinned:
        matching = [
            o for o in options
            if o.workshop == pin.workshop
            and (pin.round is None or o.session.rounds[0] == pin.round)
            and not any(o.rounds & r.rounds for r in required)
        ]
        if not matching:
            return None
        required.append(matching[0])
    return required
