"""The hard rules, one function per family, added to the model in a fixed order.

Each function starts with the rule in one English sentence. The same rules are
verified, independently, by `scheduler.check`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.candidates import poolable, session_capacity
from scheduler.variables import Variables


def add_session_counts(v: Variables) -> None:
    """Each workshop runs between its min and max number of sessions, in one room each,
    and its own sessions never overlap."""
    by_workshop: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in v.starts:
        by_workshop[key[0]].append(key)
    for workshop in v.instance.workshops:
        if workshop.cancelled:
            continue  # It has no candidate sessions at all.
        starts = [v.start[k] for k in by_workshop[workshop.id]]
        v.model.add(sum(starts) >= workshop.min_sessions)
        v.model.add(sum(starts) <= workshop.max_sessions)
    for (w, r), start in v.starts.items():
        if len(start.rooms) > 1:
            v.model.add(sum(v.in_room[w, r, m] for m in start.rooms) == v.start[w, r])
    for keys in by_workshop.values():
        covering: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for key in keys:
            for t in v.starts[key].rounds:
                covering[t].append(v.start[key])
        for starts_in_round in covering.values():
            if len(starts_in_round) > 1:
                v.model.add_at_most_one(starts_in_round)


def add_workshop_pins(v: Variables) -> None:
    """A pinned session runs in its pinned round and/or room, each pin met by its own session."""
    for workshop in v.instance.workshops:
        if workshop.cancelled:
            continue
        w = workshop.id
        pinned_rounds = {pin.round for pin in workshop.pins if pin.round is not None}
        if len(pinned_rounds) < sum(1 for pin in workshop.pins if pin.round is not None):
            # Each pin needs its own session, and a workshop starts at most one session
            # per round: two pins on one round cannot both hold.
            v.model.add_bool_or([])
        room_only: dict[str, int] = defaultdict(int)
        for pin in workshop.pins:
            if pin.round is not None and pin.room is not None:
                v.model.add(v.in_room.get((w, pin.round, pin.room), 0) == 1)
            elif pin.round is not None:
                v.model.add(v.start.get((w, pin.round), 0) == 1)
            else:
                assert pin.room is not None
                room_only[pin.room] += 1
        # A session in a pinned round belongs to that round's pin, so room-only pins
        # need sessions in the room at other rounds.
        for room, count in room_only.items():
            free = [
                v.in_room[w, r, room]
                for (ws, r), start in v.starts.items()
                if ws == w and r not in pinned_rounds and room in start.rooms
            ]
            v.model.add(sum(free) >= count)


def add_room_conflicts(v: Variables) -> None:
    """A room holds at most one session per round."""
    in_room_at: dict[tuple[str, str], list[cp_model.IntVar]] = defaultdict(list)
    for (w, r, m), var in v.in_room.items():
        for t in v.starts[w, r].rounds:
            in_room_at[m, t].append(var)
    for vars_ in in_room_at.values():
        if len(vars_) > 1:
            v.model.add_at_most_one(vars_)


def add_speaker_conflicts(v: Variables) -> None:
    """A speaker is in at most one session per round."""
    speaking_at: dict[tuple[str, str], list[cp_model.IntVar]] = defaultdict(list)
    for (w, r), start in v.starts.items():
        for speaker in v.instance.workshop_by_id[w].speakers:
            for t in start.rounds:
                speaking_at[speaker, t].append(v.start[w, r])
    for vars_ in speaking_at.values():
        if len(vars_) > 1:
            v.model.add_at_most_one(vars_)


def add_registrant_rules(v: Variables) -> None:
    """A registrant attends at most one session per round, each workshop at most once,
    at most as many workshops as they want, and only sessions that are held in a room
    that meets their needs."""
    pool_by_registrant: dict[str, list[str]] = defaultdict(list)
    for p, t in v.pool:
        pool_by_registrant[p].append(t)
    for registrant_id, keys in v.seats_by_registrant().items():
        registrant = v.instance.registrant_by_id[registrant_id]
        by_round: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        by_workshop: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for key in keys:
            for t in v.seats[key].rounds:
                by_round[t].append(v.seat[key])
            by_workshop[key[1]].append(v.seat[key])
        for t in pool_by_registrant[registrant_id]:
            by_round[t].append(v.pool[registrant_id, t])
        for group in (*by_round.values(), *by_workshop.values()):
            if len(group) > 1:
                v.model.add_at_most_one(group)
        # Counted in rounds, the one-per-round rule already caps the seats.
        if registrant.wanted is not None and registrant.wanted < len(by_round):
            taken = [v.seat[k] for k in keys]
            taken += [v.pool[registrant_id, t] for t in pool_by_registrant[registrant_id]]
            v.model.add(sum(taken) <= registrant.wanted)
    for key, seat in v.seats.items():
        w, r = key[1], key[2]
        if len(seat.rooms) == len(v.starts[w, r].rooms):
            v.model.add_implication(v.seat[key], v.start[w, r])
        else:
            v.model.add(v.seat[key] <= sum(v.in_room[w, r, m] for m in seat.rooms))


def add_registrant_pins(v: Variables) -> None:
    """A pinned assignment holds: the registrant attends that workshop (in that round)."""
    by_registrant_workshop: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p, w, r in v.seats:
        by_registrant_workshop[p, w].append(r)
    for registrant in v.instance.registrants:
        for pin in registrant.pinned:
            rounds = by_registrant_workshop.get((registrant.id, pin.workshop), [])
            if pin.round is not None:
                rounds = [r for r in rounds if r == pin.round]
            v.model.add(sum(v.seat[registrant.id, pin.workshop, r] for r in rounds) == 1)


def add_session_sizes(v: Variables) -> None:
    """A session holds at most the workshop's maximum and the room's capacity, and a
    held session has at least the workshop's minimum size."""
    for (w, r), keys in v.seats_by_session().items():
        start = v.starts[w, r]
        size = sum(v.seat[k] for k in keys)
        capacity = sum(
            session_capacity(v.instance, w, m) * v.in_room[w, r, m] for m in start.rooms
        )
        if len(keys) > min(session_capacity(v.instance, w, m) for m in start.rooms):
            v.model.add(size <= capacity)
        minimum = v.instance.workshop_by_id[w].min_size
        if minimum > 0:
            v.model.add(size >= minimum * v.start[w, r])


def add_pool_capacity(v: Variables) -> None:
    """Unchosen seats drawn from a round's pool fit in the seats that poolable sessions
    of that round leave free."""
    if not v.pool:
        return
    pool_at: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for (_, t), var in v.pool.items():
        pool_at[t].append(var)
    seats_in = v.seats_by_session()
    for t, drawn in pool_at.items():
        capacity: list[cp_model.LinearExprT] = []
        taken: list[cp_model.IntVar] = []
        for (w, r), start in v.starts.items():
            if r != t or not poolable(v.instance.workshop_by_id[w]):
                continue
            capacity += [
                session_capacity(v.instance, w, m) * v.in_room[w, r, m] for m in start.rooms
            ]
            taken += [v.seat[k] for k in seats_in[w, r]]
        v.model.add(sum(drawn) + sum(taken) <= sum(capacity))


def add_plenary_rules(v: Variables) -> None:
    """A plenary room holds everyone present in its round, and its speakers are available."""
    for plenary in v.instance.plenaries:
        present = sum(
            1 for p in v.instance.registrants if plenary.round in v.instance.present_rounds(p)
        )
        too_small = present > v.instance.room_by_id[plenary.room].capacity
        speaker_away = any(
            plenary.round in v.instance.speaker_by_id[s].unavailable for s in plenary.speakers
        )
        if too_small or speaker_away:
            # Plenaries are fixed, so no plan can mend this: the model is infeasible.
            v.model.add_bool_or([])


HARD_RULES: list[Callable[[Variables], None]] = [
    add_session_counts,
    add_workshop_pins,
    add_room_conflicts,
    add_speaker_conflicts,
    add_registrant_rules,
    add_registrant_pins,
    add_session_sizes,
    add_pool_capacity,
    add_plenary_rules,
]


def add_hard_rules(v: Variables) -> None:
    for add_rule in HARD_RULES:
        add_rule(v)
